// Package accounts manages accounts and their access keys: creation,
// listing, disabling, and the first-start bootstrap that makes a fresh
// server usable.
package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// Service implements account and key administration.
type Service struct {
	store Store
	now   func() time.Time
}

// New returns a Service over store.
func New(store Store) *Service { return &Service{store: store, now: time.Now} }

// CreateAccount creates an account. An empty id picks a random unused
// 12-digit id.
func (s *Service) CreateAccount(ctx context.Context, id, name string) (model.Account, error) {
	if id != "" && !model.ValidAccountID(id) {
		return model.Account{}, model.Errorf(model.ErrInvalidParameter, "account id %q is not 12 digits", id)
	}
	for range 10 {
		a := model.Account{ID: id, Name: name, CreatedAt: s.now().UTC()}
		if a.ID == "" {
			a.ID = randomDigits(12)
		}
		err := s.store.CreateAccount(ctx, a)
		if err == nil {
			return a, nil
		}
		if id != "" || !errors.Is(err, model.ErrAlreadyExists) {
			return model.Account{}, err
		}
	}
	return model.Account{}, fmt.Errorf("cannot find an unused account id")
}

// ListAccounts lists every account.
func (s *Service) ListAccounts(ctx context.Context) ([]model.Account, error) {
	return s.store.ListAccounts(ctx)
}

// CreateKey creates a new access key in an existing account.
func (s *Service) CreateKey(ctx context.Context, accountID string, admin bool) (model.AccessKey, error) {
	if _, err := s.store.GetAccount(ctx, accountID); err != nil {
		return model.AccessKey{}, err
	}
	k := model.AccessKey{ID: newKeyID(), Secret: newSecret(), AccountID: accountID, Admin: admin, CreatedAt: s.now().UTC()}
	if err := s.store.PutKey(ctx, k); err != nil {
		return model.AccessKey{}, err
	}
	return k, nil
}

// ListKeys lists the keys of an account ("" = every account).
func (s *Service) ListKeys(ctx context.Context, accountID string) ([]model.AccessKey, error) {
	return s.store.ListKeys(ctx, accountID)
}

// SetKeyDisabled disables or re-enables a key. When accountID is not empty
// the key must belong to it.
func (s *Service) SetKeyDisabled(ctx context.Context, accountID, keyID string, disabled bool) error {
	k, err := s.store.GetKey(ctx, keyID)
	if err != nil {
		return err
	}
	if accountID != "" && k.AccountID != accountID {
		return model.Errorf(model.ErrNotFound, "access key %s does not exist in account %s", keyID, accountID)
	}
	return s.store.SetKeyDisabled(ctx, keyID, disabled)
}

// Lookup resolves an access key for signature verification.
func (s *Service) Lookup(ctx context.Context, keyID string) (string, model.Principal, error) {
	k, err := s.store.GetKey(ctx, keyID)
	if errors.Is(err, model.ErrNotFound) {
		return "", model.Principal{}, model.Errorf(model.ErrUnrecognizedKey, "The security token included in the request is invalid.")
	}
	if err != nil {
		return "", model.Principal{}, err
	}
	if k.Disabled {
		return "", model.Principal{}, model.Errorf(model.ErrDisabledKey, "The security token included in the request is invalid.")
	}
	return k.Secret, model.Principal{AccountID: k.AccountID, AccessKeyID: k.ID, Admin: k.Admin}, nil
}

// BootstrapKey is a key given by the environment at start.
type BootstrapKey struct {
	AccountID, AccessKeyID, Secret string
}

// Bootstrap makes a server usable on first start. It ensures the key from
// the environment (when given) as an administrator key of its account, and
// when no key exists at all it creates one and returns it so the caller can
// show it once. created is nil when nothing new needs showing.
func (s *Service) Bootstrap(ctx context.Context, env *BootstrapKey) (created *model.AccessKey, err error) {
	if env != nil {
		if env.AccountID == "" {
			env.AccountID = model.DefaultAccountID
		}
		if err := s.ensureAccount(ctx, env.AccountID); err != nil {
			return nil, err
		}
		k := model.AccessKey{ID: env.AccessKeyID, Secret: env.Secret, AccountID: env.AccountID, Admin: true, CreatedAt: s.now().UTC()}
		if err := s.store.PutKey(ctx, k); err != nil {
			return nil, fmt.Errorf("cannot ensure access key from the environment: %w", err)
		}
		return nil, nil
	}
	n, err := s.store.CountKeys(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	if err := s.ensureAccount(ctx, model.DefaultAccountID); err != nil {
		return nil, err
	}
	k, err := s.CreateKey(ctx, model.DefaultAccountID, true)
	if err != nil {
		return nil, err
	}
	return &k, nil
}

func (s *Service) ensureAccount(ctx context.Context, id string) error {
	if !model.ValidAccountID(id) {
		return model.Errorf(model.ErrInvalidParameter, "account id %q is not 12 digits", id)
	}
	_, err := s.store.GetAccount(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		err = s.store.CreateAccount(ctx, model.Account{ID: id, Name: "default", CreatedAt: s.now().UTC()})
		if errors.Is(err, model.ErrAlreadyExists) {
			return nil
		}
	}
	return err
}

const (
	keyAlphabet    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// newKeyID returns an id shaped like AWS's long-term keys (AKIA + 16).
func newKeyID() string { return "AKIA" + randomFrom(keyAlphabet, 16) }

func newSecret() string { return randomFrom(secretAlphabet, 40) }

func randomDigits(n int) string { return randomFrom("0123456789", n) }

func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("BUG: crypto/rand failed: " + err.Error())
		}
		b[i] = alphabet[v.Int64()]
	}
	return string(b)
}
