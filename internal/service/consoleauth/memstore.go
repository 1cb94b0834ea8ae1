package consoleauth

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// MemStore is an in-memory Store with the contract's semantics, for tests
// of this package and of its callers. Accounts and dashboards exist once
// added with AddAccount and AddDashboard.
type MemStore struct {
	mu         sync.Mutex
	accounts   map[string]bool
	users      map[string]model.ConsoleUser
	sessions   map[string]model.ConsoleSession
	shares     map[string]model.DashboardShare
	dashboards map[string]bool // account/name
	// extends counts ExtendConsoleSession calls.
	extends int
}

// NewMemStore returns an empty MemStore with the given accounts.
func NewMemStore(accounts ...string) *MemStore {
	f := &MemStore{accounts: map[string]bool{}, users: map[string]model.ConsoleUser{},
		sessions: map[string]model.ConsoleSession{}, shares: map[string]model.DashboardShare{}, dashboards: map[string]bool{}}
	for _, a := range accounts {
		f.accounts[a] = true
	}
	return f
}

// AddAccount makes an account known.
func (f *MemStore) AddAccount(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.accounts[id] = true
}

// AddDashboard makes a dashboard known.
func (f *MemStore) AddDashboard(accountID, name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dashboards[accountID+"/"+name] = true
}

func notFound() error { return model.Errorf(model.ErrNotFound, "not found") }

func (f *MemStore) CreateConsoleUser(_ context.Context, u model.ConsoleUser) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.accounts[u.AccountID] {
		return notFound()
	}
	if _, ok := f.users[u.Name]; ok {
		return model.Errorf(model.ErrAlreadyExists, "exists")
	}
	f.users[u.Name] = u
	return nil
}

func (f *MemStore) GetConsoleUser(_ context.Context, name string) (model.ConsoleUser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[name]
	if !ok {
		return u, notFound()
	}
	return u, nil
}

func (f *MemStore) ListConsoleUsers(_ context.Context, accountID string) ([]model.ConsoleUser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.ConsoleUser
	for _, u := range f.users {
		if accountID == "" || u.AccountID == accountID {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (f *MemStore) dropUserSessions(name string) {
	for k, s := range f.sessions {
		if s.UserName == name {
			delete(f.sessions, k)
		}
	}
}

func (f *MemStore) SetConsoleUserPassword(_ context.Context, name, hash string, changed time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[name]
	if !ok {
		return notFound()
	}
	u.PasswordHash, u.PasswordChangedAt = hash, changed
	f.users[name] = u
	f.dropUserSessions(name)
	return nil
}

func (f *MemStore) DeleteConsoleUser(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.users[name]; !ok {
		return notFound()
	}
	delete(f.users, name)
	f.dropUserSessions(name)
	return nil
}

func (f *MemStore) PutConsoleSession(_ context.Context, s model.ConsoleSession) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sessions[s.IDHash] = s
	return nil
}

func (f *MemStore) GetConsoleSession(_ context.Context, idHash string) (model.ConsoleSession, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[idHash]
	if !ok {
		return s, notFound()
	}
	return s, nil
}

func (f *MemStore) ExtendConsoleSession(_ context.Context, idHash string, expires time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[idHash]
	if !ok {
		return notFound()
	}
	s.ExpiresAt = expires
	f.sessions[idHash] = s
	f.extends++
	return nil
}

func (f *MemStore) DeleteConsoleSession(_ context.Context, idHash string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.sessions, idHash)
	return nil
}

func (f *MemStore) DeleteExpiredConsoleSessions(_ context.Context, before time.Time) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var n int64
	for k, s := range f.sessions {
		if s.ExpiresAt.Before(before) {
			delete(f.sessions, k)
			n++
		}
	}
	return n, nil
}

func (f *MemStore) PutDashboardShare(_ context.Context, s model.DashboardShare) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shares[s.TokenHash] = s
	return nil
}

func (f *MemStore) GetDashboardShare(_ context.Context, tokenHash string) (model.DashboardShare, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.shares[tokenHash]
	if !ok {
		return s, notFound()
	}
	return s, nil
}

func (f *MemStore) ListDashboardShares(_ context.Context, accountID string) ([]model.DashboardShare, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.DashboardShare
	for _, s := range f.shares {
		if s.AccountID == accountID {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].TokenHash < out[j].TokenHash })
	return out, nil
}

func (f *MemStore) DeleteDashboardShare(_ context.Context, accountID, tokenHash string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.shares[tokenHash]
	if !ok || s.AccountID != accountID {
		return notFound()
	}
	delete(f.shares, tokenHash)
	return nil
}

func (f *MemStore) GetDashboard(_ context.Context, accountID, name string) (model.Dashboard, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.dashboards[accountID+"/"+name] {
		return model.Dashboard{}, notFound()
	}
	return model.Dashboard{AccountID: accountID, Name: name}, nil
}

var _ Store = (*MemStore)(nil)
