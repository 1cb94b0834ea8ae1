// Package config holds the server configuration: defaults, environment and
// validation. It imports nothing else of OpenWatch but model.
package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// Defaults of `openwatch serve`.
const (
	DefaultAddr    = "127.0.0.1:4590"
	DefaultDataDir = "./openwatch-data"
	// DefaultMemoryLimitMB keeps a server under sustained ingest within
	// 1 GiB of resident memory: the store's memtables, flushes and merges
	// hold a few hundred MiB, which the default GOGC would let the heap
	// double.
	DefaultMemoryLimitMB = 896
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
	// SMTP is the mail server of email subscriptions; without an Addr
	// email subscriptions are refused.
	SMTP SMTP
	// PublicURL is the base URL webhook and email recipients reach this
	// server at, for the links notifications carry; "" means the URL the
	// Subscribe request came in on.
	PublicURL string
	// Delivery tunes the retries of webhook and email deliveries.
	Delivery Delivery
	// DebugAddr, when set, is a second listener serving Go's runtime
	// profiles (/debug/pprof/); it has no authentication, so it belongs on
	// loopback.
	DebugAddr string
	// MemoryLimitMB is the soft limit of the Go runtime's memory, in MiB:
	// near it the garbage collector works harder rather than let the
	// heap double (see runtime/debug.SetMemoryLimit). 0 leaves the
	// runtime's own setting, as does a GOMEMLIMIT in the environment.
	MemoryLimitMB int64
	// AlarmEvidenceEvents bounds the matching log events an alarm
	// notification carries; 0 means the default (10).
	AlarmEvidenceEvents int
}

// SMTP is an SMTP server from OPENWATCH_SMTP_ADDR, OPENWATCH_SMTP_FROM,
// OPENWATCH_SMTP_USERNAME and OPENWATCH_SMTP_PASSWORD.
type SMTP struct {
	Addr, From, Username, Password string
}

// Delivery tunes outbound deliveries; zero values mean the defaults.
type Delivery struct {
	// MaxAttempts is how many attempts a delivery gets before it is
	// dead-lettered.
	MaxAttempts int
	// MinBackoff, doubled after each failure up to MaxBackoff, is the wait
	// between attempts.
	MinBackoff, MaxBackoff time.Duration
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
		MemoryLimitMB:   DefaultMemoryLimitMB,
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
	if smtp := (SMTP{Addr: getenv("OPENWATCH_SMTP_ADDR"), From: getenv("OPENWATCH_SMTP_FROM"),
		Username: getenv("OPENWATCH_SMTP_USERNAME"), Password: getenv("OPENWATCH_SMTP_PASSWORD")}); smtp != (SMTP{}) {
		c.SMTP = smtp
	}
	if a := getenv("OPENWATCH_DEBUG_ADDR"); a != "" && c.DebugAddr == "" {
		c.DebugAddr = a
	}
	if u := getenv("OPENWATCH_PUBLIC_URL"); u != "" {
		c.PublicURL = u
	}
}

// Validate reports the first problem with c.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("invalid --addr %q: %w", c.Addr, err)
	}
	if c.DebugAddr != "" {
		if _, _, err := net.SplitHostPort(c.DebugAddr); err != nil {
			return fmt.Errorf("invalid --debug-addr %q: %w", c.DebugAddr, err)
		}
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
	if err := c.SMTP.validate(); err != nil {
		return err
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("OPENWATCH_PUBLIC_URL %q is not an http(s) URL", c.PublicURL)
		}
	}
	if c.MemoryLimitMB < 0 {
		return fmt.Errorf("--memory-limit-mb must not be negative")
	}
	if c.Delivery.MaxAttempts < 0 || c.Delivery.MinBackoff < 0 || c.Delivery.MaxBackoff < 0 || c.AlarmEvidenceEvents < 0 {
		return fmt.Errorf("delivery and evidence settings must not be negative")
	}
	return nil
}

// validate checks that a configured server has a sender.
func (s SMTP) validate() error {
	if s.Addr == "" {
		if s.From != "" || s.Username != "" || s.Password != "" {
			return fmt.Errorf("OPENWATCH_SMTP_ADDR must be set with the other OPENWATCH_SMTP_ settings")
		}
		return nil
	}
	if _, _, err := net.SplitHostPort(s.Addr); err != nil {
		return fmt.Errorf("invalid OPENWATCH_SMTP_ADDR %q: %w", s.Addr, err)
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		return fmt.Errorf("OPENWATCH_SMTP_FROM %q must be an email address: %w", s.From, err)
	}
	if (s.Username == "") != (s.Password == "") {
		return fmt.Errorf("OPENWATCH_SMTP_USERNAME and OPENWATCH_SMTP_PASSWORD must be set together")
	}
	return nil
}
