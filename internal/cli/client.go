// Package cli holds the client-side commands of the openwatch binary
// (query, tail). They talk to a server only over its public AWS API, with
// the same SDK users have, so they work against any OpenWatch endpoint.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// ClientFlags are the connection flags every client command takes.
type ClientFlags struct {
	Endpoint string
	Region   string
	DataDir  string
}

// Register adds the flags to fs.
func (c *ClientFlags) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Endpoint, "endpoint", envOr("OPENWATCH_ENDPOINT", "http://127.0.0.1:4590"), "OpenWatch endpoint URL")
	fs.StringVar(&c.Region, "region", envOr("AWS_REGION", "us-east-1"), "region to sign requests for")
	fs.StringVar(&c.DataDir, "data-dir", "./openwatch-data", "data directory whose credentials file is used when no AWS credentials are configured")
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// Logs returns a CloudWatch Logs client for the endpoint. Credentials come
// from the usual AWS chain (environment, shared files); when that has none,
// the credentials file a fresh server wrote in its data directory is used.
func (c *ClientFlags) Logs(ctx context.Context) (*cloudwatchlogs.Client, error) {
	opts := []func(*config.LoadOptions) error{config.WithRegion(c.Region)}
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_SHARED_CREDENTIALS_FILE") == "" && os.Getenv("AWS_PROFILE") == "" {
		if p := filepath.Join(c.DataDir, "credentials"); fileExists(p) {
			opts = append(opts, config.WithSharedCredentialsFiles([]string{p}))
		}
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot load AWS configuration: %w", err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return nil, errors.New("no credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_SHARED_CREDENTIALS_FILE, or --data-dir of a server that created its first key")
	}
	return cloudwatchlogs.NewFromConfig(cfg, func(o *cloudwatchlogs.Options) {
		o.BaseEndpoint = aws.String(c.Endpoint)
		o.HTTPClient = NewHTTPClient()
	}), nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
