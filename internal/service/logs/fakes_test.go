package logs

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// fakeCatalog keeps groups, streams and metric filters in memory. It
// implements the parts of Catalog the metric filter tests use; the
// embedded interface is nil, so any other call fails the test loudly.
type fakeCatalog struct {
	Catalog

	mu      sync.Mutex
	nextID  int64
	groups  map[string]model.LogGroup // by account + "/" + name
	streams map[int64]map[string]model.LogStream
	filters map[int64]map[string]model.MetricFilter
	// lists counts ListMetricFilters calls, to observe caching.
	lists int
}

func newFakeCatalog() *fakeCatalog {
	return &fakeCatalog{
		groups:  map[string]model.LogGroup{},
		streams: map[int64]map[string]model.LogStream{},
		filters: map[int64]map[string]model.MetricFilter{},
	}
}

// addGroup creates a group with one stream "s".
func (f *fakeCatalog) addGroup(account, name string) model.LogGroup {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	g := model.LogGroup{ID: f.nextID, AccountID: account, Name: name}
	f.groups[account+"/"+name] = g
	f.nextID++
	f.streams[g.ID] = map[string]model.LogStream{"s": {ID: f.nextID, GroupID: g.ID, Name: "s"}}
	return g
}

func (f *fakeCatalog) GetLogGroup(_ context.Context, account, name string) (model.LogGroup, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.groups[account+"/"+name]
	if !ok {
		return model.LogGroup{}, errGroupNotFound()
	}
	g.MetricFilterCount = int32(len(f.filters[g.ID]))
	return g, nil
}

func (f *fakeCatalog) DeleteLogGroup(_ context.Context, account, name string) (model.LogGroup, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.groups[account+"/"+name]
	if !ok {
		return model.LogGroup{}, errGroupNotFound()
	}
	delete(f.groups, account+"/"+name)
	delete(f.filters, g.ID)
	return g, nil
}

func (f *fakeCatalog) GetLogStream(_ context.Context, groupID int64, name string) (model.LogStream, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.streams[groupID][name]
	if !ok {
		return model.LogStream{}, errStreamNotFound()
	}
	return st, nil
}

func (f *fakeCatalog) RecordIngest(context.Context, int64, int64, int64, int64, int64, int64) error {
	return nil
}

func (f *fakeCatalog) PutMetricFilter(_ context.Context, mf model.MetricFilter) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	byName := f.filters[mf.GroupID]
	if byName == nil {
		byName = map[string]model.MetricFilter{}
		f.filters[mf.GroupID] = byName
	}
	if _, ok := byName[mf.Name]; !ok && len(byName) >= 100 {
		return model.Errorf(model.ErrLimitExceeded, "A log group can have at most 100 metric filters.")
	}
	byName[mf.Name] = mf
	return nil
}

func (f *fakeCatalog) DeleteMetricFilter(_ context.Context, groupID int64, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.filters[groupID][name]; !ok {
		return model.Errorf(model.ErrNotFound, "The specified metric filter does not exist.")
	}
	delete(f.filters[groupID], name)
	return nil
}

func (f *fakeCatalog) ListMetricFilters(_ context.Context, account string, q model.MetricFilterQuery) ([]model.MetricFilter, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	var out []model.MetricFilter
	for _, g := range f.groups {
		if g.AccountID != account || (q.GroupID != 0 && g.ID != q.GroupID) {
			continue
		}
		for _, mf := range f.filters[g.ID] {
			t := mf.Transformations[0]
			switch {
			case !strings.HasPrefix(mf.Name, q.NamePrefix),
				q.MetricName != "" && t.MetricName != q.MetricName,
				q.MetricNamespace != "" && t.MetricNamespace != q.MetricNamespace,
				q.HasAfter && (mf.Name < q.AfterName || (mf.Name == q.AfterName && g.Name <= q.AfterGroup)):
				continue
			}
			mf.GroupName = g.Name
			out = append(out, mf)
		}
	}
	slices.SortFunc(out, func(a, b model.MetricFilter) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.GroupName, b.GroupName))
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// fakeStore acknowledges appends and numbers the events.
type fakeStore struct {
	LogStore

	mu  sync.Mutex
	seq uint64
}

func (s *fakeStore) Append(_ context.Context, _, streamID int64, ingestion int64, events []model.LogEvent) ([]model.StoredEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]model.StoredEvent, len(events))
	for i, e := range events {
		s.seq++
		out[i] = model.StoredEvent{StreamID: streamID, Timestamp: e.Timestamp, IngestionTime: ingestion, Seq: s.seq, Message: e.Message}
	}
	return out, nil
}

func (s *fakeStore) DeleteGroup(context.Context, int64) error { return nil }

// fakeSink records what it is given, or fails with err. Like the metrics
// service it is all or nothing: when refuse says no to a datum, it stores
// none of the call's datums.
type fakeSink struct {
	mu     sync.Mutex
	err    error
	refuse func(model.MetricDatum) bool
	calls  int
	got    []model.MetricDatum
}

func (s *fakeSink) Put(_ context.Context, account string, data []model.MetricDatum) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.err != nil {
		return s.err
	}
	for _, d := range data {
		if s.refuse != nil && s.refuse(d) {
			return model.Errorf(model.ErrInvalidParameter, "The value for parameter MetricData.member.1 is invalid.")
		}
	}
	for _, d := range data {
		if d.AccountID != account {
			return errors.New("datum of another account")
		}
		d.Dimensions = slices.Clone(d.Dimensions)
		s.got = append(s.got, d)
	}
	return nil
}

// take returns and forgets what the sink received.
func (s *fakeSink) take() []model.MetricDatum {
	s.mu.Lock()
	defer s.mu.Unlock()
	got := s.got
	s.got = nil
	return got
}
