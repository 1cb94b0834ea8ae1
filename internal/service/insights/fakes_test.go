package insights

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// fakeStore holds events of groups in memory and serves Scan and Read.
type fakeStore struct {
	mu     sync.Mutex
	events map[int64][]model.StoredEvent // by group
	// block, when set, makes Scan wait for it to close.
	block chan struct{}
	// hold, when set, lets the first batch through and makes every later
	// one wait for it to close.
	hold    chan struct{}
	batches int
	// afterScan, when set, runs after each Scan, with the store locked.
	afterScan func()
}

// ScanWorkers hands the batches, one per group, to the workers in turn.
func (f *fakeStore) ScanWorkers(ctx context.Context, spec model.ScanSpec, concurrency int, fn func(int, *model.Batch) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if f.block != nil {
		select {
		case <-f.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.afterScan != nil {
		defer f.afterScan()
	}
	for _, g := range spec.GroupIDs {
		b := &model.Batch{GroupID: g}
		for _, e := range f.events[g] {
			if e.Timestamp < spec.Start || (spec.End != 0 && e.Timestamp >= spec.End) {
				continue
			}
			// Like the log store, leave out the events lacking a term, and
			// say so.
			if !containsTerms(e.Message, spec.Terms) {
				if spec.Skipped != nil {
					spec.Skipped(1, int64(len(e.Message)))
				}
				continue
			}
			b.Timestamps = append(b.Timestamps, e.Timestamp)
			b.StreamIDs = append(b.StreamIDs, e.StreamID)
			b.Seqs = append(b.Seqs, e.Seq)
			b.IngestionTimes = append(b.IngestionTimes, e.IngestionTime)
			b.Messages = append(b.Messages, e.Message)
		}
		if f.hold != nil && f.batches > 0 {
			f.mu.Unlock()
			select {
			case <-f.hold:
			case <-ctx.Done():
				f.mu.Lock()
				return ctx.Err()
			}
			f.mu.Lock()
		}
		f.batches++
		if err := fn(f.batches%max(concurrency, 1), b); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) Read(_ context.Context, spec model.ReadSpec, fn func(*model.StoredEvent) bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.events[spec.GroupID] {
		if len(spec.StreamIDs) > 0 && !slices.Contains(spec.StreamIDs, e.StreamID) {
			continue
		}
		if e.Timestamp < spec.Start || (spec.End != 0 && e.Timestamp >= spec.End) {
			continue
		}
		if spec.After != nil && !spec.After.Less(e.CursorOf()) {
			continue
		}
		if !fn(&e) {
			return nil
		}
	}
	return nil
}

// fakeCatalog is an in-memory Catalog.
type fakeCatalog struct {
	mu      sync.Mutex
	groups  []model.LogGroup
	streams map[int64]map[int64]string
	defs    []model.QueryDefinition
}

func (f *fakeCatalog) GetLogGroup(_ context.Context, account, name string) (model.LogGroup, error) {
	for _, g := range f.groups {
		if g.AccountID == account && g.Name == name {
			return g, nil
		}
	}
	return model.LogGroup{}, model.Errorf(model.ErrNotFound, "The specified log group does not exist.")
}

func (f *fakeCatalog) ListLogGroups(_ context.Context, account string, q model.GroupQuery) ([]model.LogGroup, error) {
	var out []model.LogGroup
	for _, g := range f.groups {
		if g.AccountID == account && strings.HasPrefix(g.Name, q.Prefix) && g.Name > q.After {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b model.LogGroup) int { return strings.Compare(a.Name, b.Name) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (f *fakeCatalog) StreamNames(_ context.Context, group int64) (map[int64]string, error) {
	return f.streams[group], nil
}

func (f *fakeCatalog) PutQueryDefinition(_ context.Context, d model.QueryDefinition, create bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, old := range f.defs {
		if old.AccountID == d.AccountID && old.ID == d.ID {
			if create {
				return model.Errorf(model.ErrAlreadyExists, "exists")
			}
			f.defs[i] = d
			return nil
		}
	}
	if !create {
		return model.Errorf(model.ErrNotFound, "The specified query definition does not exist.")
	}
	f.defs = append(f.defs, d)
	return nil
}

func (f *fakeCatalog) ListQueryDefinitions(_ context.Context, account, prefix, afterName, afterID string, limit int) ([]model.QueryDefinition, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.QueryDefinition
	for _, d := range f.defs {
		if d.AccountID != account || !strings.HasPrefix(d.Name, prefix) {
			continue
		}
		if afterID != "" && (d.Name < afterName || (d.Name == afterName && d.ID <= afterID)) {
			continue
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b model.QueryDefinition) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *fakeCatalog) DeleteQueryDefinition(_ context.Context, account, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, d := range f.defs {
		if d.AccountID == account && d.ID == id {
			f.defs = slices.Delete(f.defs, i, i+1)
			return nil
		}
	}
	return model.Errorf(model.ErrNotFound, "The specified query definition does not exist.")
}

func containsTerms(msg string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(msg, t) {
			return false
		}
	}
	return true
}
