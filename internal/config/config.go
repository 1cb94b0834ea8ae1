// Package config holds the server configuration: defaults, environment and
// validation. It imports nothing else of OpenWatch but model.
package config

import (
	"fmt"
	"net"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// Defaults of `openwatch serve`.
const (
	DefaultAddr    = "127.0.0.1:4590"
	DefaultDataDir = "./openwatch-data"
)

// Config is everything `openwatch serve` needs.
type Config struct {
	// Addr is the host:port every service listens on.
	Addr string
	// DataDir holds the catalog, the write-ahead log and the parts.
	DataDir string
	// Bootstrap is the access key given by OPENWATCH_ACCESS_KEY_ID and
	// OPENWATCH_SECRET_ACCESS_KEY, ensured as an administrator key at start.
	Bootstrap *BootstrapKey
	// ShutdownTimeout bounds how long SIGTERM waits for in-flight requests.
	ShutdownTimeout time.Duration
	// MaxRequestBytes caps a request body (after decompression).
	MaxRequestBytes int64
}

// BootstrapKey is an access key from the environment.
type BootstrapKey struct {
	AccountID, AccessKeyID, Secret string
}

// Default returns the embedded default configuration.
func Default() Config {
	return Config{
		Addr:            DefaultAddr,
		DataDir:         DefaultDataDir,
		ShutdownTimeout: 30 * time.Second,
		MaxRequestBytes: 8 << 20,
	}
}

// FromEnv fills the fields that come from the environment.
func (c *Config) FromEnv(getenv func(string) string) {
	id, secret := getenv("OPENWATCH_ACCESS_KEY_ID"), getenv("OPENWATCH_SECRET_ACCESS_KEY")
	if id != "" || secret != "" {
		c.Bootstrap = &BootstrapKey{AccountID: getenv("OPENWATCH_ACCOUNT_ID"), AccessKeyID: id, Secret: secret}
		if c.Bootstrap.AccountID == "" {
			c.Bootstrap.AccountID = model.DefaultAccountID
		}
	}
}

// Validate reports the first problem with c.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("invalid --addr %q: %w", c.Addr, err)
	}
	if c.DataDir == "" {
		return fmt.Errorf("--data-dir must not be empty")
	}
	if b := c.Bootstrap; b != nil {
		if b.AccessKeyID == "" || b.Secret == "" {
			return fmt.Errorf("OPENWATCH_ACCESS_KEY_ID and OPENWATCH_SECRET_ACCESS_KEY must be set together")
		}
		if len(b.AccessKeyID) < 16 || len(b.AccessKeyID) > 128 {
			return fmt.Errorf("OPENWATCH_ACCESS_KEY_ID must be 16 to 128 characters")
		}
		if !model.ValidAccountID(b.AccountID) {
			return fmt.Errorf("OPENWATCH_ACCOUNT_ID %q is not a 12-digit account id", b.AccountID)
		}
	}
	if c.ShutdownTimeout <= 0 {
		return fmt.Errorf("shutdown timeout must be positive")
	}
	return nil
}
