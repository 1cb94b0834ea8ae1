// Package topics holds the SNS-compatible topic use cases: topics,
// subscriptions of http, https and email endpoints with SNS's confirmation
// handshake, and Publish, which fans a message out to the confirmed
// subscriptions through the delivery outbox. Topics and subscriptions are
// kept in the catalog through the Store port; delivery is the Sender's.
package topics

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/delivery"
)

// Store is the part of the catalog the service uses. Missing topics and
// subscriptions are model.ErrNotFound; a second topic of one name is
// model.ErrAlreadyExists.
type Store interface {
	CreateTopic(ctx context.Context, t model.Topic) error
	GetTopic(ctx context.Context, accountID, name string) (model.Topic, error)
	ListTopics(ctx context.Context, accountID, after string, limit int) ([]model.Topic, error)
	UpdateTopic(ctx context.Context, t model.Topic) error
	DeleteTopic(ctx context.Context, accountID, name string) error
	PutSubscription(ctx context.Context, s model.Subscription) error
	GetSubscription(ctx context.Context, arn string) (model.Subscription, error)
	ListSubscriptions(ctx context.Context, accountID, topic, after string, limit int) ([]model.Subscription, error)
	UpdateSubscription(ctx context.Context, s model.Subscription) error
	DeleteSubscription(ctx context.Context, arn string) error
}

// Sender takes deliveries over; when Enqueue returns nil the delivery is
// durable and will be attempted. delivery.Deliverer implements it.
type Sender interface {
	Enqueue(ctx context.Context, d delivery.Delivery) error
}

// Options configure a Service.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// PublicURL is the base URL endpoints reach this server at, for
	// SubscribeURL and UnsubscribeURL. "" means the URL the Subscribe
	// request came in on.
	PublicURL string
	// EmailEnabled says whether an SMTP server is configured; without one
	// email subscriptions are refused.
	EmailEnabled bool
	// Signer signs HTTP/HTTPS messages; nil leaves the signature members
	// out.
	Signer Signer
}

// Service runs the topic use cases. It is safe for concurrent use.
type Service struct {
	store  Store
	sender Sender
	opts   Options
}

// New returns a Service over store that delivers through sender.
func New(store Store, sender Sender, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.PublicURL = strings.TrimSuffix(opts.PublicURL, "/")
	return &Service{store: store, sender: sender, opts: opts}
}

// Caller is who asks: the account, the region the request was signed for
// and the base URL the request came in on (scheme://host).
type Caller struct {
	AccountID, Region string
	BaseURL           string
	// Unsigned marks a request that carries no signature: only following
	// a SubscribeURL or UnsubscribeURL is allowed without one.
	Unsigned bool
}

func (c Caller) region() string {
	if c.Region == "" {
		return "us-east-1"
	}
	return c.Region
}

// TopicARN is the ARN of the caller's topic name.
func (c Caller) TopicARN(name string) string {
	return "arn:aws:sns:" + c.region() + ":" + c.AccountID + ":" + name
}

// Tag is a resource tag.
type Tag struct {
	Key, Value string
}

func invalid(format string, args ...any) error {
	return model.Errorf(model.ErrInvalidParameter, format, args...)
}

// authorization is SNS's AuthorizationError, for acting on another
// account's resources.
func authorization(format string, args ...any) error {
	return model.Errorf(model.ErrAccessDenied, format, args...)
}

// ParseTopicARN splits arn:aws:sns:<region>:<account>:<name>.
func ParseTopicARN(arn string) (region, accountID, name string, ok bool) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "sns" || !model.ValidAccountID(parts[4]) || parts[5] == "" {
		return "", "", "", false
	}
	return parts[3], parts[4], parts[5], true
}

// topicOf resolves a topic ARN of the caller's account; param names the
// request member for the error.
func (s *Service) topicOf(ctx context.Context, c Caller, arn, param string) (model.Topic, error) {
	if arn == "" {
		return model.Topic{}, invalid("Invalid parameter: %s", param)
	}
	_, acct, name, ok := ParseTopicARN(arn)
	if !ok || !validTopicName(name) {
		return model.Topic{}, invalid("Invalid parameter: %s", param)
	}
	if acct != c.AccountID {
		return model.Topic{}, authorization("User: %s is not authorized to access this topic.", c.AccountID)
	}
	return s.store.GetTopic(ctx, acct, name)
}

// newToken returns a confirmation token: 32 random bytes in hex.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("cannot generate a token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// newID returns a random UUID (version 4), the form of SNS message and
// subscription ids.
func newID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("cannot generate an id: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// encodeMap is the stored form of a string map.
func encodeMap(m map[string]string) (string, error) {
	if m == nil {
		m = map[string]string{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("cannot encode attributes: %w", err)
	}
	return string(b), nil
}

func decodeMap(s, what string) (map[string]string, error) {
	m := map[string]string{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("%s is unreadable: %w", what, errors.Join(model.ErrCorruption, err))
	}
	return m, nil
}

// pageSize is how many entries SNS lists return per page.
const pageSize = 100

func encodeToken(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

func decodeToken(tok string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) == 0 {
		return "", invalid("Invalid parameter: NextToken")
	}
	return string(b), nil
}

// signatureVersion is the topic's SignatureVersion attribute, "1" by
// default.
func signatureVersion(t model.Topic) (string, error) {
	attrs, err := decodeMap(t.Attributes, "topic attributes")
	if err != nil {
		return "", err
	}
	if v := attrs["SignatureVersion"]; v != "" {
		return v, nil
	}
	return "1", nil
}
