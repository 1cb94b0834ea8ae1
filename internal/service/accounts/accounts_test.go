package accounts

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// memStore is an in-memory Store for tests.
type memStore struct {
	mu       sync.Mutex
	accounts map[string]model.Account
	keys     []model.AccessKey
}

func newMemStore() *memStore { return &memStore{accounts: map[string]model.Account{}} }

func (m *memStore) CreateAccount(_ context.Context, a model.Account) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.accounts[a.ID]; ok {
		return model.Errorf(model.ErrAlreadyExists, "account exists")
	}
	m.accounts[a.ID] = a
	return nil
}

func (m *memStore) GetAccount(_ context.Context, id string) (model.Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return a, model.Errorf(model.ErrNotFound, "no account")
	}
	return a, nil
}

func (m *memStore) ListAccounts(context.Context) ([]model.Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []model.Account
	for _, a := range m.accounts {
		out = append(out, a)
	}
	return out, nil
}

func (m *memStore) PutKey(_ context.Context, k model.AccessKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, old := range m.keys {
		if old.ID == k.ID {
			if old.AccountID != k.AccountID {
				return model.Errorf(model.ErrAlreadyExists, "key belongs to another account")
			}
			m.keys[i].Secret, m.keys[i].Admin, m.keys[i].Disabled = k.Secret, k.Admin, k.Disabled
			return nil
		}
	}
	m.keys = append(m.keys, k)
	return nil
}

func (m *memStore) GetKey(_ context.Context, id string) (model.AccessKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range m.keys {
		if k.ID == id {
			return k, nil
		}
	}
	return model.AccessKey{}, model.Errorf(model.ErrNotFound, "no key")
}

func (m *memStore) ListKeys(_ context.Context, account string) ([]model.AccessKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []model.AccessKey
	for _, k := range m.keys {
		if account == "" || k.AccountID == account {
			out = append(out, k)
		}
	}
	return out, nil
}

func (m *memStore) SetKeyDisabled(_ context.Context, id string, disabled bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.keys {
		if m.keys[i].ID == id {
			m.keys[i].Disabled = disabled
			return nil
		}
	}
	return model.Errorf(model.ErrNotFound, "no key")
}

func (m *memStore) CountKeys(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.keys), nil
}

var _ Store = (*memStore)(nil)

func TestBootstrapCreatesFirstKeyOnce(t *testing.T) {
	ctx := context.Background()
	s := New(newMemStore())
	k, err := s.Bootstrap(ctx, nil)
	if err != nil || k == nil {
		t.Fatalf("first bootstrap: %v %v", k, err)
	}
	if k.AccountID != model.DefaultAccountID || !k.Admin {
		t.Fatalf("bootstrap key %+v", k)
	}
	if !regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`).MatchString(k.ID) || len(k.Secret) != 40 {
		t.Fatalf("key shape: %q / %d-char secret", k.ID, len(k.Secret))
	}
	again, err := s.Bootstrap(ctx, nil)
	if err != nil || again != nil {
		t.Fatalf("second bootstrap must create nothing: %v %v", again, err)
	}
	secret, p, err := s.Lookup(ctx, k.ID)
	if err != nil || secret != k.Secret || p.AccountID != model.DefaultAccountID || !p.Admin {
		t.Fatalf("lookup: %q %+v %v", secret, p, err)
	}
}

func TestBootstrapFromEnvironment(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	s := New(st)
	env := &BootstrapKey{AccountID: "123456789012", AccessKeyID: "AKIAENVENVENVENV0001", Secret: "one"}
	if k, err := s.Bootstrap(ctx, env); err != nil || k != nil {
		t.Fatalf("env bootstrap: %v %v", k, err)
	}
	// A restart with a rotated secret updates the key in place.
	env.Secret = "two"
	if _, err := s.Bootstrap(ctx, env); err != nil {
		t.Fatal(err)
	}
	secret, p, err := s.Lookup(ctx, env.AccessKeyID)
	if err != nil || secret != "two" || p.AccountID != "123456789012" || !p.Admin {
		t.Fatalf("lookup: %q %+v %v", secret, p, err)
	}
	if n, _ := st.CountKeys(ctx); n != 1 {
		t.Fatalf("%d keys, want 1", n)
	}
	if _, err := s.Bootstrap(ctx, &BootstrapKey{AccountID: "12", AccessKeyID: "AKIAENVENVENVENV0002", Secret: "x"}); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("bad account id: %v", err)
	}
}

func TestKeysAndAccounts(t *testing.T) {
	ctx := context.Background()
	s := New(newMemStore())
	a, err := s.CreateAccount(ctx, "", "team")
	if err != nil || !model.ValidAccountID(a.ID) {
		t.Fatalf("create account: %+v %v", a, err)
	}
	if _, err := s.CreateAccount(ctx, a.ID, "dup"); !errors.Is(err, model.ErrAlreadyExists) {
		t.Fatalf("duplicate account: %v", err)
	}
	if _, err := s.CreateAccount(ctx, "abc", ""); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("bad id: %v", err)
	}
	if _, err := s.CreateKey(ctx, "999999999999", false); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("key for missing account: %v", err)
	}
	k, err := s.CreateKey(ctx, a.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetKeyDisabled(ctx, "000000000001", k.ID, true); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("disable through another account: %v", err)
	}
	if err := s.SetKeyDisabled(ctx, a.ID, k.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Lookup(ctx, k.ID); !errors.Is(err, model.ErrDisabledKey) {
		t.Fatalf("disabled key lookup: %v", err)
	}
	if _, _, err := s.Lookup(ctx, "AKIANOPE"); !errors.Is(err, model.ErrUnrecognizedKey) {
		t.Fatalf("unknown key lookup: %v", err)
	}
}
