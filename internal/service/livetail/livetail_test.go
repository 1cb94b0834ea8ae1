package livetail

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"unsafe"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/filterpattern"
)

type fakeGroups map[string]bool // account/name

func (g fakeGroups) GetLogGroup(_ context.Context, accountID, name string) (model.LogGroup, error) {
	if !g[accountID+"/"+name] {
		return model.LogGroup{}, model.Errorf(model.ErrNotFound, "no group")
	}
	return model.LogGroup{AccountID: accountID, Name: name}, nil
}

var groups = fakeGroups{"111111111111/app": true, "111111111111/db": true, "222222222222/app": true}

func batch(account, group, stream string, seq uint64, msgs ...string) (model.LogGroup, model.LogStream, []model.StoredEvent) {
	events := make([]model.StoredEvent, len(msgs))
	for i, m := range msgs {
		events[i] = model.StoredEvent{StreamID: 7, Timestamp: 1000 + int64(i), IngestionTime: 2000, Seq: seq + uint64(i), Message: m}
	}
	return model.LogGroup{AccountID: account, Name: group}, model.LogStream{Name: stream}, events
}

func put(h *Hub, account, group, stream string, seq uint64, msgs ...string) {
	g, st, events := batch(account, group, stream, seq, msgs...)
	h.ObserveIngest(context.Background(), g, st, events)
}

func messages(events []Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.LogGroupName + "/" + e.LogStreamName + ":" + e.Message
	}
	return out
}

func TestSubscribe(t *testing.T) {
	ctx := context.Background()
	h := NewHub(groups, 0)
	for _, tc := range []struct {
		name    string
		account string
		groups  []string
		pattern string
		kind    error
	}{
		{"no group", "111111111111", nil, "", model.ErrInvalidParameter},
		{"unknown group", "111111111111", []string{"app", "nope"}, "", model.ErrNotFound},
		{"another account's group", "222222222222", []string{"db"}, "", model.ErrNotFound},
		{"bad pattern", "111111111111", []string{"app"}, `{ $.a = `, model.ErrInvalidParameter},
		{"too many groups", "111111111111", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}, "", model.ErrInvalidParameter},
	} {
		_, err := h.Subscribe(ctx, tc.account, tc.groups, tc.pattern)
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s: error = %v, want %v", tc.name, err, tc.kind)
		}
	}
	var pe *filterpattern.ParseError
	if _, err := h.Subscribe(ctx, "111111111111", []string{"app"}, `{ $.a = `); !errors.As(err, &pe) {
		t.Fatalf("bad pattern error %T is not a *filterpattern.ParseError", err)
	}
	if n := h.Subscribers(); n != 0 {
		t.Fatalf("failed subscriptions left %d subscribers", n)
	}
}

func TestFanOut(t *testing.T) {
	ctx := context.Background()
	h := NewHub(groups, 0)
	all, err := h.Subscribe(ctx, "111111111111", []string{"app", "db", "app"}, "")
	if err != nil {
		t.Fatal(err)
	}
	errorsOnly, err := h.Subscribe(ctx, "111111111111", []string{"app"}, "ERROR")
	if err != nil {
		t.Fatal(err)
	}
	other, err := h.Subscribe(ctx, "222222222222", []string{"app"}, "")
	if err != nil {
		t.Fatal(err)
	}
	put(h, "111111111111", "app", "s1", 1, "INFO one", "ERROR two")
	put(h, "111111111111", "db", "s2", 3, "ERROR three")
	put(h, "111111111111", "cache", "s3", 4, "ERROR elsewhere")

	select {
	case <-all.Ready():
	default:
		t.Fatal("no signal after a matching batch")
	}
	got, dropped := all.Next()
	if fmt.Sprint(messages(got)) != "[app/s1:INFO one app/s1:ERROR two db/s2:ERROR three]" || dropped != 0 {
		t.Fatalf("all = %v (dropped %d)", messages(got), dropped)
	}
	if got[1].EventID == "" || got[1].Timestamp != 1001 || got[1].IngestionTime != 2000 || got[0].EventID == got[1].EventID {
		t.Fatalf("event fields: %+v", got[:2])
	}
	// Each event once: a second Next has nothing.
	if again, _ := all.Next(); len(again) != 0 {
		t.Fatalf("events delivered twice: %v", messages(again))
	}
	if got, _ := errorsOnly.Next(); fmt.Sprint(messages(got)) != "[app/s1:ERROR two]" {
		t.Fatalf("filtered = %v", messages(got))
	}
	if got, _ := other.Next(); len(got) != 0 {
		t.Fatalf("another account's subscription saw %v", messages(got))
	}
	select {
	case <-other.Ready():
		t.Fatal("a subscription with nothing to read was signalled")
	default:
	}

	all.Close()
	all.Close()
	put(h, "111111111111", "app", "s1", 9, "after close")
	if got, _ := all.Next(); len(got) != 0 {
		t.Fatalf("closed subscription got %v", messages(got))
	}
	errorsOnly.Close()
	other.Close()
	if n := h.Subscribers(); n != 0 || len(h.subs) != 0 {
		t.Fatalf("%d subscribers, %d keys left after Close", n, len(h.subs))
	}
}

func TestSlowReaderDrops(t *testing.T) {
	ctx := context.Background()
	h := NewHub(groups, 3)
	s, err := h.Subscribe(ctx, "111111111111", []string{"app"}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put(h, "111111111111", "app", "s", 1, "a", "b")
	put(h, "111111111111", "app", "s", 3, "c", "d", "e")
	got, dropped := s.Next()
	if fmt.Sprint(messages(got)) != "[app/s:a app/s:b app/s:c]" || dropped != 2 {
		t.Fatalf("got %v, dropped %d; want a b c and 2 dropped", messages(got), dropped)
	}
	put(h, "111111111111", "app", "s", 6, "f")
	if got, dropped := s.Next(); fmt.Sprint(messages(got)) != "[app/s:f]" || dropped != 0 {
		t.Fatalf("after draining: %v, %d", messages(got), dropped)
	}
}

// TestQueuedMessagesAreCopies reuses a batch's memory after ObserveIngest,
// as the protocol layer does with a request's: the queued events keep
// their text.
func TestQueuedMessagesAreCopies(t *testing.T) {
	h := NewHub(groups, 0)
	s, err := h.Subscribe(context.Background(), "111111111111", []string{"app"}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mem := []byte("first message")
	g, st, events := batch("111111111111", "app", "s", 1, unsafe.String(&mem[0], len(mem)))
	h.ObserveIngest(context.Background(), g, st, events)
	copy(mem, "reused memory")
	if got, _ := s.Next(); fmt.Sprint(messages(got)) != "[app/s:first message]" {
		t.Fatalf("queued %v after the batch's memory was reused", messages(got))
	}
}

func BenchmarkObserveIngest(b *testing.B) {
	ctx := context.Background()
	h := NewHub(groups, 1<<30)
	for range 8 {
		s, err := h.Subscribe(ctx, "111111111111", []string{"app"}, "ERROR")
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
	}
	msgs := make([]string, 100)
	for i := range msgs {
		msgs[i] = fmt.Sprintf("INFO request %d served", i)
		if i%10 == 0 {
			msgs[i] = fmt.Sprintf("ERROR request %d failed", i)
		}
	}
	g, st, events := batch("111111111111", "app", "s", 1, msgs...)
	b.ReportAllocs()
	for b.Loop() {
		h.ObserveIngest(ctx, g, st, events)
	}
}
