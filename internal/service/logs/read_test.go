package logs

import (
	"context"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// streamCatalog adds the stream names FilterLogEvents needs to the fake
// catalog.
type streamCatalog struct {
	*fakeCatalog
}

func (c streamCatalog) StreamNames(_ context.Context, groupID int64) (map[int64]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[int64]string{}
	for name, s := range c.streams[groupID] {
		out[s.ID] = name
	}
	return out, nil
}

// readStore serves Read from events and records the specs it gets.
type readStore struct {
	fakeStore
	events []model.StoredEvent
	specs  []model.ReadSpec
}

func (s *readStore) Read(_ context.Context, spec model.ReadSpec, fn func(*model.StoredEvent) bool) error {
	s.specs = append(s.specs, spec)
	for i := range s.events {
		if spec.Match == nil || spec.Match(s.events[i].Message) {
			if !fn(&s.events[i]) {
				return nil
			}
		}
	}
	return nil
}

// TestFilterLogEventsPassesTerms checks that a filter pattern's required
// terms reach the store, which skips blocks and events with them.
func TestFilterLogEventsPassesTerms(t *testing.T) {
	cat := newFakeCatalog()
	g := cat.addGroup(acct, "/app/api")
	stream := cat.streams[g.ID]["s"].ID
	st := &readStore{events: []model.StoredEvent{
		{StreamID: stream, Timestamp: 1, Seq: 1, Message: `{"user":"alice","trace":"5f0c2a"}`},
		{StreamID: stream, Timestamp: 2, Seq: 2, Message: `{"user":"bob","trace":"77aa01"}`},
	}}
	svc := New(streamCatalog{cat}, st, Options{})
	c := Caller{AccountID: acct, Region: "us-east-1"}
	tests := []struct {
		pattern string
		terms   []string
		found   int
	}{
		{`"5f0c2a"`, []string{"5f0c2a"}, 1},
		{`alice 5f0c2a`, []string{"alice", "5f0c2a"}, 1},
		{`?alice ?bob`, nil, 2},
		{``, nil, 2},
	}
	for _, tc := range tests {
		st.specs = nil
		out, err := svc.FilterLogEvents(context.Background(), c, FilterLogEventsInput{GroupName: g.Name, Pattern: &tc.pattern})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.specs) != 1 || !slices.Equal(st.specs[0].Terms, tc.terms) || len(out.Events) != tc.found {
			t.Errorf("pattern %q: %d reads, terms %q, %d events; want terms %q, %d events", tc.pattern, len(st.specs), st.specs[0].Terms, len(out.Events), tc.terms, tc.found)
		}
	}
}
