package consoleauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// ErrUnauthenticated is the kind of every sign-in and session failure: a
// wrong secret, an unknown or disabled key, an unknown user, an unknown,
// expired or revoked session. Its messages never say which.
var ErrUnauthenticated = errors.New("not signed in")

func errSignIn() error {
	return model.Errorf(ErrUnauthenticated, "The access key, user name or password is not valid.")
}

func errNoSession() error {
	return model.Errorf(ErrUnauthenticated, "The session does not exist or has expired; sign in again.")
}

// extendEvery bounds how often using a session writes its new expiry.
const extendEvery = 5 * time.Minute

// secretLen is the length of a session id or share token as newSecret
// writes it.
const secretLen = 43

// Session is a signed-in browser.
type Session struct {
	// ID is the cookie value; only SignIn returns it.
	ID string
	// Key tells sessions apart without revealing ID (for per-session
	// limits and logs).
	Key string
	// Principal is who the session acts as.
	Principal model.Principal
	// Name is what the session signed in with: the access key id or the
	// console user's name.
	Name string
	// UserName is set for sessions of console users.
	UserName string
	// CSRFToken must accompany every request that changes something.
	CSRFToken string
	ExpiresAt time.Time
}

// CheckCSRF reports whether token is the session's CSRF token, in time
// independent of where they differ.
func (s Session) CheckCSRF(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.CSRFToken)) == 1
}

// SignInWithKey opens a session acting as the access key's principal.
func (s *Service) SignInWithKey(ctx context.Context, keyID, secret string) (Session, error) {
	if keyID == "" || secret == "" || len(keyID) > 128 || len(secret) > 128 {
		return Session{}, errSignIn()
	}
	want, p, err := s.lookup(ctx, keyID)
	switch {
	case errors.Is(err, model.ErrUnrecognizedKey), errors.Is(err, model.ErrDisabledKey):
		return Session{}, errSignIn()
	case err != nil:
		return Session{}, err
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(want)) != 1 {
		return Session{}, errSignIn()
	}
	return s.open(ctx, model.ConsoleSession{AccountID: p.AccountID, AccessKeyID: p.AccessKeyID}, p, keyID, "")
}

// SignInWithPassword opens a session for a console user.
func (s *Service) SignInWithPassword(ctx context.Context, name, password string) (Session, error) {
	if name == "" || password == "" || len(name) > 64 || len(password) > MaxPasswordBytes {
		return Session{}, errSignIn()
	}
	u, err := s.store.GetConsoleUser(ctx, name)
	hash := u.PasswordHash
	switch {
	case errors.Is(err, model.ErrNotFound):
		hash = s.dummyHash()
	case err != nil:
		return Session{}, err
	}
	var ok bool
	var verr error
	if err := s.withPasswordCheck(ctx, func() { ok, verr = verifyPassword(hash, password) }); err != nil {
		return Session{}, err
	}
	if verr != nil {
		s.log.Error("stored console password hash is unreadable", "user", name, "err", verr)
		return Session{}, errSignIn()
	}
	if !ok || u.Name == "" {
		return Session{}, errSignIn()
	}
	p := model.Principal{AccountID: u.AccountID, Admin: true}
	return s.open(ctx, model.ConsoleSession{AccountID: u.AccountID, UserName: u.Name}, p, u.Name, u.Name)
}

func (s *Service) open(ctx context.Context, rec model.ConsoleSession, p model.Principal, name, user string) (Session, error) {
	now := s.now().UTC()
	// Sign-ins are rare next to requests: a good moment to forget
	// sessions nobody will present again.
	if n, err := s.store.DeleteExpiredConsoleSessions(ctx, now); err != nil {
		s.log.Warn("cannot remove expired console sessions", "err", err)
	} else if n > 0 {
		s.log.Debug("removed expired console sessions", "count", n)
	}
	id := newSecret()
	rec.IDHash = digest("session", id)
	rec.CreatedAt = now
	rec.ExpiresAt = now.Add(min(s.idle, s.life))
	if err := s.store.PutConsoleSession(ctx, rec); err != nil {
		return Session{}, err
	}
	return Session{ID: id, Key: rec.IDHash[:16], Principal: p, Name: name, UserName: user,
		CSRFToken: digest("csrf", id), ExpiresAt: rec.ExpiresAt}, nil
}

// Resolve returns the live session whose cookie value is id, checking
// again that its key is enabled or its user exists, and moves its expiry
// forward.
func (s *Service) Resolve(ctx context.Context, id string) (Session, error) {
	if len(id) != secretLen {
		return Session{}, errNoSession()
	}
	idHash := digest("session", id)
	rec, err := s.store.GetConsoleSession(ctx, idHash)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return Session{}, errNoSession()
	case err != nil:
		return Session{}, err
	}
	now := s.now().UTC()
	if !now.Before(rec.ExpiresAt) {
		return Session{}, s.drop(ctx, idHash)
	}
	sess := Session{Key: idHash[:16], CSRFToken: digest("csrf", id), ExpiresAt: rec.ExpiresAt}
	switch {
	case rec.AccessKeyID != "":
		_, p, err := s.lookup(ctx, rec.AccessKeyID)
		switch {
		case errors.Is(err, model.ErrUnrecognizedKey), errors.Is(err, model.ErrDisabledKey):
			return Session{}, s.drop(ctx, idHash)
		case err != nil:
			return Session{}, err
		}
		if p.AccountID != rec.AccountID {
			return Session{}, s.drop(ctx, idHash)
		}
		sess.Principal, sess.Name = p, rec.AccessKeyID
	case rec.UserName != "":
		u, err := s.store.GetConsoleUser(ctx, rec.UserName)
		switch {
		case errors.Is(err, model.ErrNotFound):
			return Session{}, s.drop(ctx, idHash)
		case err != nil:
			return Session{}, err
		}
		if u.AccountID != rec.AccountID {
			return Session{}, s.drop(ctx, idHash)
		}
		sess.Principal = model.Principal{AccountID: u.AccountID, Admin: true}
		sess.Name, sess.UserName = u.Name, u.Name
	default:
		return Session{}, s.drop(ctx, idHash)
	}
	next := now.Add(s.idle)
	if limit := rec.CreatedAt.Add(s.life); limit.Before(next) {
		next = limit
	}
	if next.Sub(rec.ExpiresAt) >= extendEvery {
		if err := s.store.ExtendConsoleSession(ctx, idHash, next); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return Session{}, errNoSession()
			}
			return Session{}, err
		}
		sess.ExpiresAt = next
	}
	return sess, nil
}

// drop forgets a session that can no longer be used and returns the error
// its holder sees.
func (s *Service) drop(ctx context.Context, idHash string) error {
	if err := s.store.DeleteConsoleSession(ctx, idHash); err != nil {
		s.log.Warn("cannot remove a dead console session", "err", err)
	}
	return errNoSession()
}

// SignOut ends the session whose cookie value is id.
func (s *Service) SignOut(ctx context.Context, id string) error {
	if len(id) != secretLen {
		return nil
	}
	return s.store.DeleteConsoleSession(ctx, digest("session", id))
}
