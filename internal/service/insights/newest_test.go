package insights

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

func TestPlanNewest(t *testing.T) {
	tests := []struct {
		query string
		limit int
		ok    bool
		desc  bool
		n     int
	}{
		{`fields @timestamp, extra.user_email, message | filter extra.log_type = "Security" | sort @timestamp desc | limit 100`, 10000, true, true, 100},
		{`fields @timestamp, @message | limit 20`, 10000, true, true, 20},
		{`filter level = "ERROR"`, 500, true, true, 500},
		{`filter level = "ERROR" | sort @timestamp asc | limit 5`, 10000, true, false, 5},
		{`filter level = "ERROR" | sort @timestamp | limit 5`, 10000, true, false, 5},
		{`fields @timestamp | limit 50000`, 1000, true, true, 1000},
		{`sort @timestamp desc | limit 3`, 10000, true, true, 3},
		{`fields a.b | filter a.b = "x" | limit 5`, 10000, false, false, 0}, // a filter reads a picked nested field
		{`fields a as b | filter b = "x" | limit 5`, 10000, false, false, 0},
		{`fields strlen(a) as n | limit 5`, 10000, false, false, 0},
		{`filter a = 1 | sort b desc | limit 5`, 10000, false, false, 0},
		{`filter a = 1 | sort @timestamp desc, b | limit 5`, 10000, false, false, 0},
		{`filter a = 1 | limit 5 | sort @timestamp`, 10000, false, false, 0},
		{`parse @message "* *" as a, b | limit 5`, 10000, false, false, 0},
		{`stats count(*) by bin(5m)`, 10000, false, false, 0},
		{`filter a = 1 | dedup a`, 10000, false, false, 0},
	}
	for _, tc := range tests {
		p, ok := planNewest(mustParse(t, tc.query), tc.limit)
		if ok != tc.ok {
			t.Errorf("%s: planned %v, want %v", tc.query, ok, tc.ok)
			continue
		}
		if ok && (p.desc != tc.desc || p.n != tc.n) {
			t.Errorf("%s: desc %v, n %d; want %v, %d", tc.query, p.desc, p.n, tc.desc, tc.n)
		}
	}
}

// TestNewestMatchesOneStep runs queries planNewest plans in two steps and
// in one over the same events, many of them in a few busy minutes and with
// equal timestamps at the cut, and requires the same rows and statistics.
func TestNewestMatchesOneStep(t *testing.T) {
	cat, st := fixture()
	base := t0.Add(-3 * time.Hour)
	for i := range 600 {
		// A quiet spell, then bursts: several events per millisecond at
		// the end so that a cut falls among equal timestamps.
		off := time.Duration(i) * 17 * time.Second
		if i >= 500 {
			off = 500*17*time.Second + time.Duration((i-500)/4)*time.Millisecond
		}
		kind := []string{"Security", "App", "Audit"}[i%3]
		msg := fmt.Sprintf(`{"level":"%s","message":"event %d","extra":{"log_type":"%s","user_email":"u%d@example.com"}}`,
			[]string{"INFO", "ERROR"}[i%7/6], i, kind, i%11)
		if i%13 == 0 {
			msg = fmt.Sprintf("plain line %d Security", i)
		}
		ts := base.Add(off).UnixMilli()
		st.events[1] = append(st.events[1], model.StoredEvent{StreamID: 10 + int64(i%2), Timestamp: ts, IngestionTime: ts + 3, Seq: uint64(1000 + i), Message: msg})
	}
	cat.streams[1][11] = "api-2"
	s := newTestService(cat, st)
	defer s.Close()
	groups := []model.LogGroup{cat.groups[0]}
	start, end := base.Add(-time.Minute).UnixMilli(), t0.UnixMilli()
	queries := []struct {
		q     string
		limit int
	}{
		{`fields @timestamp, extra.user_email, message | filter extra.log_type = "Security" | sort @timestamp desc | limit 10`, 10000},
		{`fields @timestamp, @message, @logStream | limit 7`, 10000},
		{`filter level = "ERROR" | sort @timestamp asc | limit 12`, 10000},
		{`filter @message like "Security" | fields @timestamp, @message`, 25},
		{`filter extra.log_type = "Nothing" | fields @timestamp | limit 5`, 10000},
		{`filter extra.log_type = "Audit" | limit 1000`, 10000},
	}
	for _, tc := range queries {
		parsed := mustParse(t, tc.q)
		if _, ok := planNewest(parsed, tc.limit); !ok {
			t.Fatalf("%s: not planned in two steps", tc.q)
		}
		q := &query{id: "q", account: acct}
		two, err := s.execute(context.Background(), q, parsed, groups, start, end, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		sgs, err := s.scanGroups(context.Background(), q, groups)
		if err != nil {
			t.Fatal(err)
		}
		q1 := &query{id: "q1", account: acct}
		one, err := s.executeOnce(context.Background(), q1, parsed, sgs, start, end, tc.limit, &q1.scanned, &q1.bytes, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(two.Fields, two.Rows), fmt.Sprint(one.Fields, one.Rows); got != want {
			t.Errorf("%s:\ntwo steps %s\none step  %s", tc.q, got, want)
		}
		if two.Stats != one.Stats || q.scanned.Load() != q1.scanned.Load() {
			t.Errorf("%s: statistics %+v (scanned %d), want %+v (scanned %d)", tc.q, two.Stats, q.scanned.Load(), one.Stats, q1.scanned.Load())
		}
		if len(one.Rows) == 0 && tc.q != queries[4].q {
			t.Errorf("%s: no rows; the test proves nothing", tc.q)
		}
	}
}

// TestNewestAfterEventsGoAway deletes the newest events between the two
// steps: the narrowed range no longer holds the rows, and the query falls
// back to reading the whole range.
func TestNewestAfterEventsGoAway(t *testing.T) {
	cat, st := fixture()
	base := t0.Add(-2 * time.Hour)
	for i := range 100 {
		stream := int64(10)
		if i >= 90 {
			stream = 11 // the newest ten, in a stream about to go
		}
		ts := base.Add(time.Duration(i) * time.Minute).UnixMilli()
		st.events[1] = append(st.events[1], model.StoredEvent{StreamID: stream, Timestamp: ts, IngestionTime: ts, Seq: uint64(1 + i), Message: fmt.Sprintf(`{"n":%d}`, i)})
	}
	cat.streams[1][11] = "api-2"
	s := newTestService(cat, st)
	defer s.Close()
	deleted := false
	st.afterScan = func() {
		if !deleted {
			deleted = true
			st.events[1] = slices.DeleteFunc(st.events[1], func(e model.StoredEvent) bool { return e.StreamID == 11 })
		}
	}
	q := &query{id: "q", account: acct}
	// The range ends before the fixture's own events of the group.
	res, err := s.execute(context.Background(), q, mustParse(t, `fields @timestamp, n | sort @timestamp desc | limit 5`), []model.LogGroup{cat.groups[0]},
		base.Add(-time.Minute).UnixMilli(), t0.Add(-time.Second).UnixMilli(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range res.Rows {
		for _, f := range row {
			if f.Field == "n" {
				got = append(got, f.Value)
			}
		}
	}
	if fmt.Sprint(got) != "[89 88 87 86 85]" {
		t.Fatalf("rows %v, want the five newest events left", got)
	}
}
