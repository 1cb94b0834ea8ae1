package console

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/livetail"
)

// waitTimeout is generous: a loaded two-core machine may stall goroutines
// for seconds.
const waitTimeout = 20 * time.Second

type sseEvent struct{ name, data string }

// stream is an open live tail read as EventSource would.
type stream struct {
	resp   *http.Response
	events chan sseEvent
	cancel context.CancelFunc
}

func (c *client) tail(t *testing.T, groups []string, pattern string) *stream {
	t.Helper()
	q := url.Values{"group": groups}
	if pattern != "" {
		q.Set("filterPattern", pattern)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", c.f.srv.URL+"/console/api/tail?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &stream{resp: resp, events: make(chan sseEvent, 100), cancel: cancel}
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
	})
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					s.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return s
}

// next returns the next event, failing after waitTimeout.
func (s *stream) next(t *testing.T) (sseEvent, bool) {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		return ev, ok
	case <-time.After(waitTimeout):
		t.Fatal("no event within the deadline")
		return sseEvent{}, false
	}
}

func ingest(h *livetail.Hub, account, group string, msgs ...string) {
	events := make([]model.StoredEvent, len(msgs))
	for i, m := range msgs {
		events[i] = model.StoredEvent{StreamID: 1, Timestamp: int64(1000 + i), IngestionTime: 2000, Seq: uint64(i + 1), Message: m}
	}
	h.ObserveIngest(context.Background(), model.LogGroup{AccountID: account, Name: group}, model.LogStream{Name: "s"}, events)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within %v", what, waitTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTail(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signInKey(keyA, secretA)
	s := c.tail(t, []string{"app", "db"}, "ERROR")
	if s.resp.StatusCode != http.StatusOK || s.resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("tail answer %d %q", s.resp.StatusCode, s.resp.Header.Get("Content-Type"))
	}
	// The subscription exists once the stream is open.
	waitFor(t, "subscription", func() bool { return f.hub.Subscribers() == 1 })
	ingest(f.hub, acctA, "app", "INFO fine", "ERROR broken")
	ingest(f.hub, acctB, "app", "ERROR in another account")
	ingest(f.hub, acctA, "db", "ERROR db down")
	var got []livetail.Event
	for len(got) < 2 {
		ev, ok := s.next(t)
		if !ok {
			t.Fatal("stream ended")
		}
		if ev.name != "log" {
			t.Fatalf("event %+v, want log", ev)
		}
		var e livetail.Event
		if err := json.Unmarshal([]byte(ev.data), &e); err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if got[0].Message != "ERROR broken" || got[0].LogGroupName != "app" || got[0].LogStreamName != "s" || got[0].EventID == "" ||
		got[0].Timestamp != 1001 || got[0].IngestionTime != 2000 || got[1].Message != "ERROR db down" {
		t.Fatalf("events %+v", got)
	}

	// Closing the connection ends the stream's goroutine and subscription.
	s.cancel()
	waitFor(t, "unsubscribe after disconnect", func() bool {
		f.h.mu.Lock()
		defer f.h.mu.Unlock()
		return f.hub.Subscribers() == 0 && f.h.total == 0
	})
}

func TestTailErrors(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signInKey(keyA, secretA)
	for _, tc := range []struct {
		name    string
		groups  []string
		pattern string
		want    string
	}{
		{"bad pattern", []string{"app"}, `{ $.level = `, "invalid filter pattern"},
		{"unknown group", []string{"nope"}, "", "does not exist"},
		{"another account's group", []string{"billing"}, "", "does not exist"},
		{"no group", nil, "", "at least one log group"},
	} {
		s := c.tail(t, tc.groups, tc.pattern)
		ev, ok := s.next(t)
		if !ok || ev.name != "error" || !strings.Contains(ev.data, tc.want) {
			t.Errorf("%s: event %+v, want an error containing %q", tc.name, ev, tc.want)
			continue
		}
		var body map[string]string
		if json.Unmarshal([]byte(ev.data), &body) != nil || body["message"] == "" {
			t.Errorf("%s: error data %q", tc.name, ev.data)
		}
		if _, ok := s.next(t); ok {
			t.Errorf("%s: the stream goes on after its error", tc.name)
		}
	}
	anon := f.client(t)
	if resp, _ := anon.do("GET", "/console/api/tail?group=app", "", "", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("tail without a session: %d", resp.StatusCode)
	}
}

func TestTailLimits(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signInKey(keyA, secretA)
	var open []*stream
	for range DefaultTailsPerSession {
		s := c.tail(t, []string{"app"}, "")
		if s.resp.StatusCode != http.StatusOK {
			t.Fatalf("tail %d: %d", len(open), s.resp.StatusCode)
		}
		open = append(open, s)
	}
	waitFor(t, "all tails subscribed", func() bool { return f.hub.Subscribers() == DefaultTailsPerSession })
	if s := c.tail(t, []string{"app"}, ""); s.resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("tail beyond the limit: %d", s.resp.StatusCode)
	}
	// Another session has its own allowance.
	other := f.client(t)
	other.signInKey(keyA, secretA)
	if s := other.tail(t, []string{"app"}, ""); s.resp.StatusCode != http.StatusOK {
		t.Fatalf("other session's tail: %d", s.resp.StatusCode)
	}
	// A draining server ends every stream with an error event.
	done := make(chan struct{})
	go func() {
		f.h.Shutdown()
		close(done)
	}()
	for _, s := range open {
		if ev, ok := s.next(t); !ok || ev.name != "error" || !strings.Contains(ev.data, "shutting down") {
			t.Fatalf("event at shutdown %+v", ev)
		}
	}
	select {
	case <-done:
	case <-time.After(waitTimeout):
		t.Fatal("Shutdown did not return")
	}
}
