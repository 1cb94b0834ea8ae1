package dashboards

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// memStore is an in-memory Store.
type memStore struct {
	mu   sync.Mutex
	byID map[string]model.Dashboard // account/name → dashboard
}

func newMemStore() *memStore { return &memStore{byID: map[string]model.Dashboard{}} }

func (s *memStore) PutDashboard(_ context.Context, d model.Dashboard) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d.Size = int64(len(d.Body))
	s.byID[d.AccountID+"/"+d.Name] = d
	return nil
}

func (s *memStore) GetDashboard(_ context.Context, accountID, name string) (model.Dashboard, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.byID[accountID+"/"+name]
	if !ok {
		return model.Dashboard{}, model.Errorf(model.ErrNotFound, "Dashboard %s does not exist", name)
	}
	return d, nil
}

func (s *memStore) ListDashboards(_ context.Context, accountID, prefix, after string, limit int) ([]model.Dashboard, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []model.Dashboard
	for _, d := range s.byID {
		if d.AccountID == accountID && strings.HasPrefix(d.Name, prefix) && d.Name > after {
			d.Body = ""
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b model.Dashboard) int { return strings.Compare(a.Name, b.Name) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *memStore) DeleteDashboards(_ context.Context, accountID string, names []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		if _, ok := s.byID[accountID+"/"+n]; !ok {
			return model.Errorf(model.ErrNotFound, "The specified dashboard does not exist. [%s]", n)
		}
	}
	for _, n := range names {
		delete(s.byID, accountID+"/"+n)
	}
	return nil
}
