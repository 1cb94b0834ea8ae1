package insights

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/exec"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

const acct = "111111111111"

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func fixture() (*fakeCatalog, *fakeStore) {
	cat := &fakeCatalog{
		groups: []model.LogGroup{
			{ID: 1, AccountID: acct, Name: "/app/api"},
			{ID: 2, AccountID: acct, Name: "/app/worker"},
			{ID: 3, AccountID: acct, Name: "/other"},
			{ID: 4, AccountID: "222222222222", Name: "/app/secret"},
		},
		streams: map[int64]map[int64]string{1: {10: "api-1"}, 2: {20: "w-1"}, 3: {30: "o"}, 4: {40: "s"}},
	}
	st := &fakeStore{events: map[int64][]model.StoredEvent{}}
	add := func(g, s int64, off time.Duration, msg string) {
		ts := t0.Add(off).UnixMilli()
		st.events[g] = append(st.events[g], model.StoredEvent{StreamID: s, Timestamp: ts, IngestionTime: ts + 5, Seq: uint64(len(st.events[g]) + 1), Message: msg})
	}
	add(1, 10, 0, `{"level":"ERROR","message":"db down","extra":{"log_type":"Security"}}`)
	add(1, 10, time.Minute, `{"level":"INFO","message":"ok","extra":{"log_type":"App"}}`)
	add(2, 20, 2*time.Minute, `{"level":"ERROR","message":"timeout","extra":{"log_type":"Security"}}`)
	add(3, 30, 3*time.Minute, `{"level":"ERROR","message":"elsewhere"}`)
	add(4, 40, 4*time.Minute, `{"level":"ERROR","message":"other account"}`)
	return cat, st
}

func newTestService(cat *fakeCatalog, st *fakeStore) *Service {
	return newTestServiceN(cat, st, 2)
}

// newTestServiceN scans with n workers: with one, the engine pulls batches
// from the scan; with more, the scan pushes them to the workers.
func newTestServiceN(cat *fakeCatalog, st *fakeStore, n int) *Service {
	return New(cat, st, Options{Now: func() time.Time { return t0.Add(time.Hour) }, Concurrency: n})
}

func wait(t *testing.T, s *Service, id string) Results {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		r, err := s.GetQueryResults(context.Background(), Caller{AccountID: acct}, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != StatusRunning && r.Status != StatusScheduled {
			return r
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("query never finished")
	return Results{}
}

func column(rows [][]exec.ResultField, name string) []string {
	var out []string
	for _, r := range rows {
		for _, f := range r {
			if f.Field == name {
				out = append(out, f.Value)
			}
		}
	}
	return out
}

func TestStartQueryAndResults(t *testing.T) {
	for _, workers := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) { testStartQueryAndResults(t, workers) })
	}
}

func testStartQueryAndResults(t *testing.T, workers int) {
	cat, st := fixture()
	s := newTestServiceN(cat, st, workers)
	defer s.Close()
	c := Caller{AccountID: acct}
	start, end := t0.Add(-time.Minute).Unix(), t0.Add(10*time.Minute).Unix()
	cases := []struct {
		name  string
		in    StartQueryInput
		field string
		want  string
	}{
		{"named groups", StartQueryInput{QueryString: `fields @timestamp, message | filter extra.log_type = "Security" | sort @timestamp desc`, GroupNames: []string{"/app/api", "/app/worker"}}, "message", "[timeout db down]"},
		{"identifiers", StartQueryInput{QueryString: `filter level = "ERROR" | stats count(*) as n`, GroupIdentifiers: []string{"arn:aws:logs:us-east-1:" + acct + ":log-group:/app/api:*"}}, "n", "[1]"},
		{"source prefix", StartQueryInput{QueryString: `SOURCE logGroups(namePrefix: ["/app"]) | filter level = "ERROR" | stats count(*) as n`}, "n", "[2]"},
		{"star prefix", StartQueryInput{QueryString: `stats count(*) as n by @log | sort @log`, GroupNames: []string{"/app*"}}, "@log", "[" + acct + ":/app/api " + acct + ":/app/worker]"},
		{"log stream names", StartQueryInput{QueryString: `fields @logStream | sort @timestamp`, GroupNames: []string{"/app/api", "/other"}}, "@logStream", "[api-1 api-1 o]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Start, tc.in.End = start, end
			id, err := s.StartQuery(context.Background(), c, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			r := wait(t, s, id)
			if r.Status != StatusComplete {
				t.Fatalf("status %s: %s", r.Status, r.Error)
			}
			if got := fmt.Sprint(column(r.Rows, tc.field)); got != tc.want {
				t.Fatalf("%s = %s, want %s", tc.field, got, tc.want)
			}
			if r.Stats.RecordsScanned == 0 || r.Stats.BytesScanned == 0 {
				t.Fatalf("statistics not filled: %+v", r.Stats)
			}
		})
	}
}

func TestStartQueryErrors(t *testing.T) {
	cat, st := fixture()
	s := newTestService(cat, st)
	defer s.Close()
	c := Caller{AccountID: acct}
	lim := int32(0)
	cases := []struct {
		name string
		in   StartQueryInput
		kind error
	}{
		{"malformed", StartQueryInput{QueryString: "fields | |", GroupNames: []string{"/app/api"}}, model.ErrMalformedQuery},
		{"no groups", StartQueryInput{QueryString: "fields @message"}, model.ErrInvalidParameter},
		{"both", StartQueryInput{QueryString: "fields @message", GroupNames: []string{"/app/api"}, GroupIdentifiers: []string{"/app/api"}}, model.ErrInvalidParameter},
		{"missing group", StartQueryInput{QueryString: "fields @message", GroupNames: []string{"/nope"}}, model.ErrNotFound},
		{"other account by ARN", StartQueryInput{QueryString: "fields @message", GroupIdentifiers: []string{"arn:aws:logs:us-east-1:222222222222:log-group:/app/secret"}}, model.ErrNotFound},
		{"other account by name", StartQueryInput{QueryString: "fields @message", GroupNames: []string{"/app/secret"}}, model.ErrNotFound},
		{"end before start", StartQueryInput{QueryString: "fields @message", GroupNames: []string{"/app/api"}, Start: 10, End: 5}, model.ErrInvalidParameter},
		{"bad limit", StartQueryInput{QueryString: "fields @message", GroupNames: []string{"/app/api"}, Limit: &lim}, model.ErrInvalidParameter},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.StartQuery(context.Background(), c, tc.in)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want kind %v", err, tc.kind)
			}
		})
	}
}

func TestConcurrencyLimitAndStop(t *testing.T) {
	cat, st := fixture()
	st.block = make(chan struct{})
	s := New(cat, st, Options{MaxConcurrentPerAccount: 2})
	defer s.Close()
	c := Caller{AccountID: acct}
	in := StartQueryInput{QueryString: "fields @message", GroupNames: []string{"/app/api"}, End: t0.Unix() + 3600}
	id1, err := s.StartQuery(context.Background(), c, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartQuery(context.Background(), c, in); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartQuery(context.Background(), c, in); !errors.Is(err, model.ErrLimitExceeded) {
		t.Fatalf("third concurrent query: %v", err)
	}
	// Another account has its own budget.
	cat.groups = append(cat.groups, model.LogGroup{ID: 9, AccountID: "333333333333", Name: "x"})
	if _, err := s.StartQuery(context.Background(), Caller{AccountID: "333333333333"}, StartQueryInput{QueryString: "fields @message", GroupNames: []string{"x"}}); err != nil {
		t.Fatalf("other account: %v", err)
	}
	if err := s.StopQuery(context.Background(), c, id1); err != nil {
		t.Fatal(err)
	}
	r := wait(t, s, id1)
	if r.Status != StatusCancelled {
		t.Fatalf("stopped query status %s", r.Status)
	}
	if err := s.StopQuery(context.Background(), c, id1); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("stopping a finished query: %v", err)
	}
	// A slot is free again.
	if _, err := s.StartQuery(context.Background(), c, in); err != nil {
		t.Fatalf("after stop: %v", err)
	}
	if _, err := s.GetQueryResults(context.Background(), Caller{AccountID: "333333333333"}, id1, 0); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("another account reading a query: %v", err)
	}
	qs, _, err := s.DescribeQueries(context.Background(), c, "", StatusCancelled, 0, "")
	if err != nil || len(qs) != 1 || qs[0].ID != id1 {
		t.Fatalf("describe cancelled: %+v %v", qs, err)
	}
	close(st.block)
}

func TestGetLogRecord(t *testing.T) {
	cat, st := fixture()
	s := newTestService(cat, st)
	defer s.Close()
	c := Caller{AccountID: acct}
	id, err := s.StartQuery(context.Background(), c, StartQueryInput{QueryString: `filter message = "db down" | fields @message`, GroupNames: []string{"/app/api"}, End: t0.Unix() + 3600})
	if err != nil {
		t.Fatal(err)
	}
	r := wait(t, s, id)
	ptrs := column(r.Rows, "@ptr")
	if len(ptrs) != 1 {
		t.Fatalf("rows: %+v", r.Rows)
	}
	rec, err := s.GetLogRecord(context.Background(), c, ptrs[0])
	if err != nil {
		t.Fatal(err)
	}
	if rec["message"] != "db down" || rec["@logStream"] != "api-1" || rec["extra.log_type"] != "Security" {
		t.Fatalf("record: %v", rec)
	}
	if _, err := s.GetLogRecord(context.Background(), Caller{AccountID: "222222222222"}, ptrs[0]); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("another account's pointer: %v", err)
	}
	if _, err := s.GetLogRecord(context.Background(), c, "garbage!"); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("bad pointer: %v", err)
	}
}

func TestQueryDefinitions(t *testing.T) {
	cat, st := fixture()
	s := newTestService(cat, st)
	defer s.Close()
	c := Caller{AccountID: acct}
	ctx := context.Background()
	var ids []string
	for _, n := range []string{"b", "a", "c"} {
		id, err := s.PutQueryDefinition(ctx, c, PutQueryDefinitionInput{Name: n, QueryString: "fields @message", LogGroupNames: []string{"/app/api"}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := s.PutQueryDefinition(ctx, c, PutQueryDefinitionInput{Name: "", QueryString: "x"}); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("empty name: %v", err)
	}
	if _, err := s.PutQueryDefinition(ctx, c, PutQueryDefinitionInput{ID: "missing", Name: "x", QueryString: "x"}); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("update of a missing id: %v", err)
	}
	page, next, err := s.DescribeQueryDefinitions(ctx, c, "", 2, "")
	if err != nil || len(page) != 2 || page[0].Name != "a" || page[1].Name != "b" || next == "" {
		t.Fatalf("first page: %+v %q %v", page, next, err)
	}
	page, next, err = s.DescribeQueryDefinitions(ctx, c, "", 2, next)
	if err != nil || len(page) != 1 || page[0].Name != "c" || next != "" {
		t.Fatalf("second page: %+v %q %v", page, next, err)
	}
	if err := s.DeleteQueryDefinition(ctx, c, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteQueryDefinition(ctx, c, ids[0]); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}

// TestScannedCountsSkippedEvents checks that the events a store leaves out
// for the pushed-down filters still count as scanned.
func TestScannedCountsSkippedEvents(t *testing.T) {
	cat, st := fixture()
	s := newTestService(cat, st)
	defer s.Close()
	c := Caller{AccountID: acct}
	id, err := s.StartQuery(context.Background(), c, StartQueryInput{QueryString: `filter @message like "db down" | stats count(*) as n`,
		GroupNames: []string{"/app/api", "/app/worker"}, Start: t0.Add(-time.Minute).Unix(), End: t0.Add(10 * time.Minute).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	r := wait(t, s, id)
	var bytes int64
	for _, g := range []int64{1, 2} {
		for _, e := range st.events[g] {
			bytes += int64(len(e.Message))
		}
	}
	if fmt.Sprint(column(r.Rows, "n")) != "[1]" || r.Stats.RecordsScanned != 3 || r.Stats.RecordsMatched != 1 || r.Stats.BytesScanned != bytes {
		t.Fatalf("rows %v, statistics %+v; want 3 scanned, 1 matched, %d bytes", r.Rows, r.Stats, bytes)
	}
}

func TestPlanScan(t *testing.T) {
	tests := []struct {
		query    string
		columns  string
		exact    bool
		filter   bool
		terms    string
		tokens   string
		messages bool
	}{
		{`stats count(*) by bin(5m)`, "[]", false, false, "[]", "[]", false},
		{`fields @timestamp, extra.user_email, message | filter extra.log_type = "Security" | sort @timestamp desc`,
			"[extra.log_type extra.user_email message]", true, true, "[]", "[Security]", false},
		// The store's terms decide the like: no filter is left.
		{`filter @message like "HTTP/1.1" | parse @message "* *" as a, b | stats count(*) by a`, "[@message]", false, false, "[HTTP/1.1]", "[]", true},
		{`filter @message like "HTTP/1.1" and @message like /GET|PUT/ | stats count(*)`, "[@message]", false, true, "[HTTP/1.1]", "[]", true},
		{`fields @message, @ingestionTime`, "[@message @ingestionTime]", false, false, "[]", "[]", true},
		{`stats avg(d), pct(d, 99) by svc`, "[d svc]", true, false, "[]", "[]", false},
	}
	for _, tc := range tests {
		p := planScan(mustParse(t, tc.query))
		got := fmt.Sprintf("%v %v %v %v %v %v", p.spec.Columns, p.spec.Exact, p.spec.Filter != nil, p.spec.Terms, p.spec.Tokens, p.messages)
		want := fmt.Sprintf("%v %v %v %v %v %v", tc.columns, tc.exact, tc.filter, tc.terms, tc.tokens, tc.messages)
		if got != want {
			t.Errorf("%s: plan %s, want %s", tc.query, got, want)
		}
	}
}

func mustParse(t *testing.T, q string) *syntax.Query {
	t.Helper()
	parsed, err := syntax.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	return parsed
}

// startHeldQuery starts stats count(*) as n over two groups on a store
// that lets the first batch through and holds the others until st.hold is
// closed.
func startHeldQuery(t *testing.T) (*Service, *fakeStore, Caller, string) {
	t.Helper()
	cat, st := fixture()
	st.hold = make(chan struct{})
	s := newTestService(cat, st)
	t.Cleanup(s.Close)
	c := Caller{AccountID: acct}
	id, err := s.StartQuery(context.Background(), c, StartQueryInput{
		QueryString: "stats count(*) as n",
		GroupNames:  []string{"/app/api", "/app/worker"},
		Start:       t0.Add(-time.Minute).Unix(), End: t0.Add(10 * time.Minute).Unix(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, st, c, id
}

func TestPartialResultsWhileRunning(t *testing.T) {
	s, st, c, id := startHeldQuery(t)
	var err error
	var partial Results
	for deadline := time.Now().Add(10 * time.Second); len(partial.Rows) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no partial rows while the query ran")
		}
		if partial, err = s.GetQueryResults(context.Background(), c, id, 0); err != nil {
			t.Fatal(err)
		}
		if partial.Status != StatusRunning && partial.Status != StatusScheduled {
			t.Fatalf("query ended (%s) while its scan was held", partial.Status)
		}
	}
	close(st.hold)
	final := wait(t, s, id)
	if final.Status != StatusComplete {
		t.Fatalf("status %s: %s", final.Status, final.Error)
	}
	got, _ := strconv.Atoi(column(partial.Rows, "n")[0])
	total, _ := strconv.Atoi(column(final.Rows, "n")[0])
	if got < 1 || got >= total {
		t.Errorf("partial count %d, final %d: want a count of the first group's events only", got, total)
	}
	if partial.Stats.RecordsScanned < int64(got) || partial.Stats.RecordsScanned >= final.Stats.RecordsScanned {
		t.Errorf("partial statistics %+v, final %+v", partial.Stats, final.Stats)
	}
}

func TestGetQueryResultsWaitsForTheEnd(t *testing.T) {
	s, st, c, id := startHeldQuery(t)
	var err error
	// While the scan is held, a wait ends with the duration.
	began := time.Now()
	r, err := s.GetQueryResults(context.Background(), c, id, 30*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusRunning && r.Status != StatusScheduled {
		t.Fatalf("status %s while the scan was held", r.Status)
	}
	if d := time.Since(began); d < 30*time.Millisecond {
		t.Fatalf("answered after %v, before the 30ms wait passed", d)
	}
	// A cancelled caller is answered at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r, err = s.GetQueryResults(ctx, c, id, time.Hour); err != nil || (r.Status != StatusRunning && r.Status != StatusScheduled) {
		t.Fatalf("cancelled wait: %s, %v", r.Status, err)
	}
	// Once released, a long wait returns the complete result as soon as
	// the query ends, not when the wait runs out.
	time.AfterFunc(20*time.Millisecond, func() { close(st.hold) })
	r, err = s.GetQueryResults(context.Background(), c, id, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusComplete || len(r.Rows) != 1 {
		t.Fatalf("after the wait: %s %v", r.Status, r.Rows)
	}
}

func TestAggregatesOnly(t *testing.T) {
	tests := []struct {
		query string
		want  bool
	}{
		{`stats count(*) by bin(5m)`, true},
		{`filter level = "ERROR" | fields a | stats avg(d) by svc | sort svc`, true},
		{`parse @message "* *" as a, b | stats count(*) by a`, true},
		{`stats count(*) by @logStream`, false},
		{`fields @ptr as p | stats count(*) by p`, false},
		{`fields @timestamp, @message`, false},
		{`filter level = "ERROR" | sort @timestamp desc | limit 5 | stats count(*)`, false},
		{`limit 10 | stats count(*)`, false},
	}
	for _, tc := range tests {
		if got := aggregatesOnly(mustParse(t, tc.query)); got != tc.want {
			t.Errorf("%s: aggregatesOnly = %v, want %v", tc.query, got, tc.want)
		}
	}
}

func TestEndWaitsAnswersHeldCalls(t *testing.T) {
	s, st, c, id := startHeldQuery(t)
	defer close(st.hold)
	time.AfterFunc(20*time.Millisecond, s.EndWaits)
	began := time.Now()
	r, err := s.GetQueryResults(context.Background(), c, id, time.Hour)
	if err != nil || (r.Status != StatusRunning && r.Status != StatusScheduled) {
		t.Fatalf("held call: %s, %v", r.Status, err)
	}
	if d := time.Since(began); d > 10*time.Second {
		t.Fatalf("a held call answered after %v, not when the server drains", d)
	}
	// Later calls do not wait either.
	if _, err := s.GetQueryResults(context.Background(), c, id, time.Hour); err != nil {
		t.Fatal(err)
	}
}
