// Package consoleauth holds the web console's use cases: console users
// with passwords, browser sessions opened with an access key or a user's
// password, and revocable read-only share links to dashboards. It never
// stores a secret it hands out (session cookies and share tokens are kept
// as SHA-256 digests, passwords as argon2id hashes) and knows nothing of
// HTTP.
//
// Who a session acts as: a session opened with an access key acts as that
// key's principal, exactly as a SigV4 request signed with it would; a
// session opened by a console user acts in the user's account with
// administrator rights, like an administrator key of that account. Both
// are checked again on every request, so disabling the key or deleting
// the user ends its sessions at once.
package consoleauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"
)

// Defaults of Options.
const (
	// DefaultIdleTimeout ends a session unused this long.
	DefaultIdleTimeout = 12 * time.Hour
	// DefaultMaxLifetime ends any session this long after sign-in.
	DefaultMaxLifetime = 7 * 24 * time.Hour
	// passwordChecks bounds the argon2id computations running at once, so
	// a burst of sign-ins cannot take the machine's memory.
	passwordChecks = 2
)

// Options configures New.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// IdleTimeout and MaxLifetime bound sessions; zero means the defaults.
	IdleTimeout, MaxLifetime time.Duration
	// Hash are the argon2id costs of new passwords; zero means
	// DefaultHashParams.
	Hash   HashParams
	Logger *slog.Logger
}

// Service implements the console's users, sessions and shares.
type Service struct {
	store  Store
	lookup KeyLookup
	now    func() time.Time
	idle   time.Duration
	life   time.Duration
	hash   HashParams
	log    *slog.Logger
	checks chan struct{}
	// dummyHash is verified against when a user does not exist, so a
	// failed sign-in takes as long whether or not the name is taken. It
	// is made on first need: hashing costs as much as a sign-in, which
	// start-up and `openwatch users` need not pay.
	dummyHash func() string
}

// New returns a Service over store; lookup resolves access keys.
func New(store Store, lookup KeyLookup, opts Options) *Service {
	s := &Service{store: store, lookup: lookup, now: opts.Now, idle: opts.IdleTimeout, life: opts.MaxLifetime,
		hash: opts.Hash, log: opts.Logger, checks: make(chan struct{}, passwordChecks)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.idle <= 0 {
		s.idle = DefaultIdleTimeout
	}
	if s.life <= 0 {
		s.life = DefaultMaxLifetime
	}
	if s.hash == (HashParams{}) {
		s.hash = DefaultHashParams
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.dummyHash = sync.OnceValue(func() string { return hashPassword("no such user", s.hash) })
	return s
}

// newSecret returns 256 random bits, base64url without padding: the form
// of session ids and share tokens.
func newSecret() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("BUG: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// digest is how secrets are stored and looked up. The purpose keeps the
// digests of one secret for different uses apart.
func digest(purpose, secret string) string {
	h := sha256.Sum256([]byte(purpose + "\x00" + secret))
	return hex.EncodeToString(h[:])
}

// withPasswordCheck runs fn while holding one of the password-check slots.
func (s *Service) withPasswordCheck(ctx context.Context, fn func()) error {
	select {
	case s.checks <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	defer func() { <-s.checks }()
	fn()
	return nil
}
