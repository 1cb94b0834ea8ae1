package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

var caller = Caller{AccountID: "111111111111", Region: "eu-west-1"}

func newTestService(t *testing.T, opts Options) (*Service, *memStore, *recorder) {
	t.Helper()
	store, rec := newMemStore(), &recorder{}
	if opts.Logs == nil {
		opts.Logs = rec
	}
	opts.Topics, opts.Deliverer = rec, rec
	s := New(store, opts)
	t.Cleanup(func() { s.Close(context.Background()) })
	return s, store, rec
}

func wantKind(t *testing.T, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v, want kind %v", err, kind)
	}
}

func TestEventBuses(t *testing.T) {
	s, _, _ := newTestService(t, Options{})
	ctx := context.Background()
	for _, name := range []string{"orders", "audit", "zeta"} {
		arn, err := s.CreateEventBus(ctx, caller, CreateEventBusInput{Name: name})
		if err != nil || arn != "arn:aws:events:eu-west-1:111111111111:event-bus/"+name {
			t.Fatalf("create %s: %s %v", name, arn, err)
		}
	}
	_, err := s.CreateEventBus(ctx, caller, CreateEventBusInput{Name: "orders"})
	wantKind(t, err, model.ErrAlreadyExists)
	_, err = s.CreateEventBus(ctx, caller, CreateEventBusInput{Name: "default"})
	wantKind(t, err, model.ErrAlreadyExists)
	_, err = s.CreateEventBus(ctx, caller, CreateEventBusInput{Name: "bad name"})
	wantKind(t, err, model.ErrValidation)
	wantKind(t, s.DeleteEventBus(ctx, caller, "default"), model.ErrValidation)
	_, err = s.DescribeEventBus(ctx, caller, "nope")
	wantKind(t, err, model.ErrNotFound)
	if v, err := s.DescribeEventBus(ctx, caller, "arn:aws:events:eu-west-1:111111111111:event-bus/orders"); err != nil || v.Name != "orders" {
		t.Fatalf("describe by ARN: %+v %v", v, err)
	}

	// The default bus takes its place in name order, across pages.
	var names []string
	token := ""
	for i := 0; ; i++ {
		page, next, err := s.ListEventBuses(ctx, caller, ListEventBusesInput{Limit: 2, NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range page {
			names = append(names, b.Name)
		}
		if next == "" || i > 5 {
			break
		}
		token = next
	}
	if fmt.Sprint(names) != "[audit default orders zeta]" {
		t.Fatalf("buses: %v", names)
	}
	if page, _, _ := s.ListEventBuses(ctx, caller, ListEventBusesInput{NamePrefix: "o"}); len(page) != 1 || page[0].Name != "orders" {
		t.Fatalf("prefix o: %+v", page)
	}
	if err := s.DeleteEventBus(ctx, caller, "orders"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.ListRules(ctx, caller, ListRulesInput{EventBusName: "orders"})
	wantKind(t, err, model.ErrNotFound)
}

func TestPutRuleValidation(t *testing.T) {
	s, _, _ := newTestService(t, Options{})
	ctx := context.Background()
	if _, err := s.CreateEventBus(ctx, caller, CreateEventBusInput{Name: "custom"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   PutRuleInput
		kind error
	}{
		{"neither pattern nor schedule", PutRuleInput{Name: "r"}, model.ErrValidation},
		{"bad pattern", PutRuleInput{Name: "r", EventPattern: `{"source":"not-an-array"}`}, model.ErrInvalidParameter},
		{"pattern not JSON", PutRuleInput{Name: "r", EventPattern: `{`}, model.ErrInvalidParameter},
		{"bad schedule", PutRuleInput{Name: "r", ScheduleExpression: "rate(0 minutes)"}, model.ErrValidation},
		{"schedule on a custom bus", PutRuleInput{Name: "r", ScheduleExpression: "rate(5 minutes)", EventBusName: "custom"}, model.ErrValidation},
		{"unknown bus", PutRuleInput{Name: "r", EventPattern: `{"source":["a"]}`, EventBusName: "nope"}, model.ErrNotFound},
		{"bad name", PutRuleInput{Name: "a/b", EventPattern: `{"source":["a"]}`}, model.ErrValidation},
		{"long name", PutRuleInput{Name: strings.Repeat("a", 65), EventPattern: `{"source":["a"]}`}, model.ErrValidation},
		{"bad state", PutRuleInput{Name: "r", EventPattern: `{"source":["a"]}`, State: "ON"}, model.ErrValidation},
		{"long pattern", PutRuleInput{Name: "r", EventPattern: `{"source":["` + strings.Repeat("a", 4096) + `"]}`}, model.ErrValidation},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.PutRule(ctx, caller, tc.in)
			wantKind(t, err, tc.kind)
		})
	}
	arn, err := s.PutRule(ctx, caller, PutRuleInput{Name: "r", EventPattern: `{"source":["a"]}`, EventBusName: "custom", Description: "d"})
	if err != nil || arn != "arn:aws:events:eu-west-1:111111111111:rule/custom/r" {
		t.Fatalf("custom bus rule: %s %v", arn, err)
	}
	v, err := s.DescribeRule(ctx, caller, "r", "custom")
	if err != nil || v.State != StateEnabled || v.Description != "d" || v.EventBusName != "custom" || v.ARN != arn {
		t.Fatalf("describe: %+v %v", v, err)
	}
	// A put replaces the whole rule.
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "r", EventPattern: `{"source":["b"]}`, EventBusName: "custom", State: StateDisabled}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.DescribeRule(ctx, caller, "r", "custom"); v.Description != "" || v.State != StateDisabled || v.EventPattern != `{"source":["b"]}` {
		t.Fatalf("replaced rule: %+v", v)
	}
	_, err = s.DescribeRule(ctx, caller, "nope", "")
	wantKind(t, err, model.ErrNotFound)
	wantKind(t, s.SetRuleState(ctx, caller, "nope", "", true), model.ErrNotFound)
}

func TestTestEventPattern(t *testing.T) {
	s, _, _ := newTestService(t, Options{})
	event := `{"id":"1","account":"111111111111","source":"shop","time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"Order","detail":{"total":30,"ip":"10.0.0.7"}}`
	tests := []struct {
		pattern string
		want    bool
		kind    error
	}{
		{`{"detail":{"total":[{"numeric":[">",20]}]}}`, true, nil},
		{`{"detail":{"total":[{"numeric":[">",40]}]}}`, false, nil},
		{`{"detail":{"ip":[{"cidr":"10.0.0.0/24"}]}}`, true, nil},
		{`{"source":[{"prefix":"sh"}],"detail-type":[{"anything-but":"Refund"}]}`, true, nil},
		{`{"detail":{"total":[{"bogus":1}]}}`, false, model.ErrInvalidParameter},
	}
	for _, tc := range tests {
		got, err := s.TestEventPattern(context.Background(), tc.pattern, event)
		if tc.kind != nil {
			wantKind(t, err, tc.kind)
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %v %v, want %v", tc.pattern, got, err, tc.want)
		}
	}
	_, err := s.TestEventPattern(context.Background(), `{"source":["a"]}`, `{"source":"a"}`)
	wantKind(t, err, model.ErrValidation)
}

func TestPutEventsDeliversMatchingEvents(t *testing.T) {
	s, _, rec := newTestService(t, Options{})
	ctx := context.Background()
	if _, err := s.CreateEventBus(ctx, caller, CreateEventBusInput{Name: "orders"}); err != nil {
		t.Fatal(err)
	}
	pattern := `{"source":[{"prefix":"com.shop"}],"detail-type":[{"equals-ignore-case":"order placed"}],
		"detail":{"total":[{"numeric":[">=",100]}],"country":[{"anything-but":["XX"]}],"coupon":[{"exists":false}],
		"$or":[{"email":[{"suffix":"@example.com"}]},{"ip":[{"cidr":"10.0.0.0/8"}]}]}}`
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "big-orders", EventBusName: "orders", EventPattern: pattern}); err != nil {
		t.Fatal(err)
	}
	failedTargets, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "big-orders", EventBusName: "orders", Targets: []Target{
		{ID: "log", ARN: "arn:aws:logs:eu-west-1:111111111111:log-group:/events/orders"},
		{ID: "topic", ARN: "arn:aws:sns:eu-west-1:111111111111:ops", InputPath: "$.detail.total"},
	}})
	if err != nil || len(failedTargets) != 0 {
		t.Fatalf("PutTargets: %v %v", failedTargets, err)
	}
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	entry := func(detail string) PutEventsEntry {
		return PutEventsEntry{Time: at, Source: "com.shop.web", DetailType: "Order Placed", Detail: detail, EventBusName: "orders", Resources: []string{"arn:x"}}
	}
	results, nFailed, err := s.PutEvents(ctx, caller, []PutEventsEntry{
		entry(`{"total":150,"country":"FR","email":"a@example.com"}`), // matches
		entry(`{"total":50,"country":"FR","email":"a@example.com"}`),  // total too low
		entry(`{"total":150,"country":"XX","ip":"10.1.2.3"}`),         // excluded country
		entry(`{"total":150,"country":"DE","coupon":"X1","ip":"10.1.2.3"}`),
		entry(`{"total":200,"country":"DE","ip":"10.1.2.3"}`), // matches through $or
		{Source: "com.shop", DetailType: "x", Detail: `[1]`, EventBusName: "orders"},
		{Source: "", DetailType: "x", Detail: `{}`},
		{Source: "aws.ec2", DetailType: "x", Detail: `{}`},
		{Source: "a", DetailType: "x", Detail: `{}`, EventBusName: "missing"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range results {
		if r.ErrorCode == "" && r.EventID == "" {
			t.Fatalf("result with neither id nor error: %+v", r)
		}
		codes = append(codes, r.ErrorCode)
	}
	if nFailed != 4 || fmt.Sprint(codes) != "[     MalformedDetail InvalidArgument NotAuthorizedForSourceException ResourceNotFoundException]" {
		t.Fatalf("results: %d %q", nFailed, codes)
	}
	waitFor(t, "two log events", func() bool { return rec.logCount() >= 2 })
	var published []string
	waitFor(t, "two topic messages", func() bool { _, published, _ = rec.snapshot(); return len(published) >= 2 })
	time.Sleep(50 * time.Millisecond) // nothing else may arrive
	logs, published, _ := rec.snapshot()
	if len(logs) != 2 || len(published) != 2 {
		t.Fatalf("deliveries: %d logs, %d topic messages", len(logs), len(published))
	}
	ids := map[string]bool{results[0].EventID: true, results[4].EventID: true}
	for _, w := range logs {
		var env map[string]any
		if err := json.Unmarshal([]byte(w.message), &env); err != nil {
			t.Fatalf("log message is not JSON: %s", w.message)
		}
		if w.group != "/events/orders" || w.account != caller.AccountID || !ids[w.stream] || env["id"] != w.stream ||
			w.timestamp != at.UnixMilli() || env["time"] != "2024-05-01T12:00:00Z" || env["detail-type"] != "Order Placed" ||
			env["version"] != "0" || env["region"] != "eu-west-1" || env["account"] != caller.AccountID {
			t.Fatalf("log event: %+v %v", w, env)
		}
	}
	if !strings.HasPrefix(w0(logs).message, `{"version":"0","id":`) {
		t.Fatalf("envelope field order: %s", w0(logs).message)
	}
	for _, p := range published {
		if p != "arn:aws:sns:eu-west-1:111111111111:ops 150" && p != "arn:aws:sns:eu-west-1:111111111111:ops 200" {
			t.Fatalf("topic message: %q", p)
		}
	}
}

func w0(ws []written) written { return ws[0] }

func TestPutEventsLimits(t *testing.T) {
	s, _, _ := newTestService(t, Options{})
	ctx := context.Background()
	e := PutEventsEntry{Source: "a", DetailType: "b", Detail: "{}"}
	_, _, err := s.PutEvents(ctx, caller, nil)
	wantKind(t, err, model.ErrValidation)
	_, _, err = s.PutEvents(ctx, caller, make([]PutEventsEntry, 11))
	wantKind(t, err, model.ErrValidation)
	big := e
	big.Detail = `{"a":"` + strings.Repeat("x", 256*1024) + `"}`
	_, _, err = s.PutEvents(ctx, caller, []PutEventsEntry{big})
	wantKind(t, err, model.ErrValidation)
	long := e
	long.DetailType = strings.Repeat("d", 129)
	res, n, err := s.PutEvents(ctx, caller, []PutEventsEntry{long, e})
	if err != nil || n != 1 || res[0].ErrorCode != "InvalidArgument" || res[1].EventID == "" {
		t.Fatalf("long detail type: %+v %d %v", res, n, err)
	}
}

// blockingLogs holds every write until released.
type blockingLogs struct {
	release chan struct{}
	mu      sync.Mutex
	n       int
}

func (b *blockingLogs) WriteLogEvent(ctx context.Context, _, _, _, _ string, _ int64, _ string) error {
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
	select {
	case <-b.release:
	case <-ctx.Done():
	}
	return nil
}

func (b *blockingLogs) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func TestPutEventsNeverBlocks(t *testing.T) {
	bl := &blockingLogs{release: make(chan struct{})}
	s, _, _ := newTestService(t, Options{Logs: bl, QueueSize: 1, Workers: 1})
	defer close(bl.release)
	ctx := context.Background()
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "all", EventPattern: `{"source":["a"]}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "all", Targets: []Target{{ID: "l", ARN: "arn:aws:logs:eu-west-1:111111111111:log-group:g"}}}); err != nil {
		t.Fatal(err)
	}
	e := PutEventsEntry{Source: "a", DetailType: "b", Detail: "{}"}
	if _, n, _ := s.PutEvents(ctx, caller, []PutEventsEntry{e}); n != 0 {
		t.Fatal("first event refused")
	}
	waitFor(t, "the worker to block in delivery", func() bool { return bl.count() == 1 })
	// One event fills the queue; the next is refused at once.
	res, n, err := s.PutEvents(ctx, caller, []PutEventsEntry{e, e})
	if err != nil || n != 1 || res[1].ErrorCode != "ThrottlingException" {
		t.Fatalf("full queue: %+v %d %v", res, n, err)
	}
}

func TestTargetsLimitsAndRuleDeletion(t *testing.T) {
	s, _, _ := newTestService(t, Options{})
	ctx := context.Background()
	_, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "nope", Targets: []Target{{ID: "a", ARN: "arn:aws:sns:eu-west-1:111111111111:t"}}})
	wantKind(t, err, model.ErrNotFound)
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "r", EventPattern: `{"source":["a"]}`}); err != nil {
		t.Fatal(err)
	}
	var five []Target
	for i := range 5 {
		five = append(five, Target{ID: fmt.Sprintf("t%d", i), ARN: fmt.Sprintf("arn:aws:sns:eu-west-1:111111111111:t%d", i%2)})
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "r", Targets: five}); err != nil {
		t.Fatal(err)
	}
	_, err = s.PutTargets(ctx, caller, PutTargetsInput{Rule: "r", Targets: []Target{{ID: "t5", ARN: "arn:aws:sns:eu-west-1:111111111111:x"}}})
	wantKind(t, err, model.ErrLimitExceeded)
	bad := []struct {
		name string
		t    Target
	}{
		{"no id", Target{ARN: "arn:aws:sns:r:a:t"}},
		{"bad arn", Target{ID: "x", ARN: "not-an-arn"}},
		{"two inputs", Target{ID: "x", ARN: "arn:aws:sns:r:a:t", Input: `{}`, InputPath: "$"}},
		{"input not JSON", Target{ID: "x", ARN: "arn:aws:sns:r:a:t", Input: `{`}},
		{"bad input path", Target{ID: "x", ARN: "arn:aws:sns:r:a:t", InputPath: "detail"}},
		{"reserved transformer name", Target{ID: "x", ARN: "arn:aws:sns:r:a:t", InputTransformer: &InputTransformer{InputPathsMap: map[string]string{"aws.x": "$"}, InputTemplate: "<aws.x>"}}},
	}
	for _, tc := range bad {
		_, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "r", Targets: []Target{tc.t}})
		if !errors.Is(err, model.ErrValidation) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	ts, next, err := s.ListTargetsByRule(ctx, caller, ListTargetsByRuleInput{Rule: "r", Limit: 3})
	if err != nil || len(ts) != 3 || next == "" {
		t.Fatalf("first page of targets: %v %q %v", ts, next, err)
	}
	rest, next, err := s.ListTargetsByRule(ctx, caller, ListTargetsByRuleInput{Rule: "r", Limit: 3, NextToken: next})
	if err != nil || len(rest) != 2 || next != "" || rest[0].ID != "t3" {
		t.Fatalf("second page of targets: %v %q %v", rest, next, err)
	}
	names, _, err := s.ListRuleNamesByTarget(ctx, caller, ListRuleNamesByTargetInput{TargetARN: "arn:aws:sns:eu-west-1:111111111111:t1"})
	if err != nil || fmt.Sprint(names) != "[r]" {
		t.Fatalf("rules by target: %v %v", names, err)
	}
	wantKind(t, s.DeleteRule(ctx, caller, "r", "", false), model.ErrValidation)
	if _, err := s.RemoveTargets(ctx, caller, RemoveTargetsInput{Rule: "r", IDs: []string{"t0", "t1", "t2", "t3", "t4"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRule(ctx, caller, "r", "", false); err != nil {
		t.Fatal(err)
	}
	_, err = s.DescribeRule(ctx, caller, "r", "")
	wantKind(t, err, model.ErrNotFound)
}

func TestInputTransformation(t *testing.T) {
	s, _, rec := newTestService(t, Options{})
	ctx := context.Background()
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "r", EventPattern: `{"source":["app"]}`}); err != nil {
		t.Fatal(err)
	}
	group := func(name string) string { return "arn:aws:logs:eu-west-1:111111111111:log-group:" + name + ":*" }
	targets := []Target{
		{ID: "constant", ARN: group("constant"), Input: `{"fixed":true}`},
		{ID: "path", ARN: group("path"), InputPath: "$.detail.user"},
		{ID: "json", ARN: group("json"), InputTransformer: &InputTransformer{
			InputPathsMap: map[string]string{"name": "$.detail.user.name", "n": "$.detail.n", "none": "$.detail.missing"},
			InputTemplate: `{"who":"<name> \"q\"","count":<n>,"rule":"<aws.events.rule-name>","absent":<none>,"inner":"x<none>y"}`}},
		{ID: "text", ARN: group("text"), InputTransformer: &InputTransformer{
			InputPathsMap: map[string]string{"name": "$.detail.user.name"}, InputTemplate: `"<name> logged in"`}},
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "r", Targets: targets}); err != nil {
		t.Fatal(err)
	}
	if _, n, err := s.PutEvents(ctx, caller, []PutEventsEntry{{Source: "app", DetailType: "login", Detail: `{"user":{"role":"<admin>","name":"Ann \"A\""},"n":3}`}}); err != nil || n != 0 {
		t.Fatalf("PutEvents: %d %v", n, err)
	}
	waitFor(t, "four deliveries", func() bool { return rec.logCount() == 4 })
	logs, _, _ := rec.snapshot()
	got := map[string]string{}
	for _, w := range logs {
		got[w.group] = w.message
	}
	want := map[string]string{
		"constant": `{"fixed":true}`,
		"path":     `{"role":"<admin>","name":"Ann \"A\""}`, // the event's own key order and text
		"json":     `{"who":"Ann \"A\" \"q\"","count":3,"rule":"r","absent":null,"inner":"xy"}`,
		"text":     `"Ann \"A\" logged in"`,
	}
	for g, w := range want {
		if got[g] != w {
			t.Errorf("%s: %s, want %s", g, got[g], w)
		}
	}
	if !json.Valid([]byte(got["json"])) {
		t.Errorf("transformed JSON is not valid: %s", got["json"])
	}
}

func TestDisabledRulesAndFailedDeliveries(t *testing.T) {
	// One worker handles events in order, so a delivery to the marker
	// rule's group shows that every earlier event was dispatched.
	s, _, rec := newTestService(t, Options{Workers: 1})
	ctx := context.Background()
	rules := []PutRuleInput{
		{Name: "r", EventPattern: `{"source":["app"]}`, State: StateDisabled},
		{Name: "marker", EventPattern: `{"source":["marker"]}`},
	}
	for _, r := range rules {
		if _, err := s.PutRule(ctx, caller, r); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: r.Name, Targets: []Target{{ID: "g", ARN: "arn:aws:logs:eu-west-1:111111111111:log-group:" + r.Name}}}); err != nil {
			t.Fatal(err)
		}
	}
	markers := 0
	putAndSync := func() {
		t.Helper()
		markers++
		if _, n, err := s.PutEvents(ctx, caller, []PutEventsEntry{{Source: "app", DetailType: "x", Detail: `{}`}, {Source: "marker", DetailType: "x", Detail: `{}`}}); err != nil || n != 0 {
			t.Fatalf("PutEvents: %d %v", n, err)
		}
		waitFor(t, "the marker event", func() bool { return markerCount(rec) >= markers })
	}
	putAndSync()
	if got := groupCount(rec, "r"); got != 0 || matches(s) != 1 {
		t.Fatalf("the disabled rule matched: %d deliveries, %v matches", got, matches(s))
	}
	if err := s.SetRuleState(ctx, caller, "r", "", true); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	rec.failLogs = true
	rec.mu.Unlock()
	if _, n, err := s.PutEvents(ctx, caller, []PutEventsEntry{{Source: "app", DetailType: "x", Detail: `{}`}}); err != nil || n != 0 {
		t.Fatalf("PutEvents: %d %v", n, err)
	}
	waitFor(t, "a failed delivery to be counted", func() bool { return deliveries(s, "log_group", "failed") == 1 })
	rec.mu.Lock()
	rec.failLogs = false
	rec.mu.Unlock()
	putAndSync()
	if got := groupCount(rec, "r"); got != 1 {
		t.Fatalf("enabled rule: %d deliveries", got)
	}
}

func groupCount(r *recorder, group string) int {
	logs, _, _ := r.snapshot()
	n := 0
	for _, w := range logs {
		if w.group == group {
			n++
		}
	}
	return n
}

func markerCount(r *recorder) int { return groupCount(r, "marker") }

func TestSchedulerFiresDueRules(t *testing.T) {
	// One worker keeps deliveries in the order they were fired.
	s, store, rec := newTestService(t, Options{Workers: 1})
	ctx := context.Background()
	created := time.Date(2024, 1, 1, 10, 0, 30, 0, time.UTC)
	clock := created
	s.now = func() time.Time { return clock }
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "every-minute", ScheduleExpression: "rate(1 minute)"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "daily", ScheduleExpression: "cron(0 12 * * ? *)"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "every-minute", Targets: []Target{{ID: "g", ARN: "arn:aws:logs:eu-west-1:111111111111:log-group:ticks"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "daily", Targets: []Target{{ID: "g", ARN: "arn:aws:logs:eu-west-1:111111111111:log-group:daily"}}}); err != nil {
		t.Fatal(err)
	}
	sch := NewScheduler(s, SchedulerOptions{Now: func() time.Time { return clock }})
	run := func(at time.Time) int {
		t.Helper()
		clock = at
		n, err := sch.RunDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		at   time.Duration // after creation
		want int
	}{
		{0, 0},                               // first sight: planned only
		{59 * time.Second, 0},                // not yet
		{60 * time.Second, 1},                // 10:01:30
		{61 * time.Second, 0},                // same minute
		{2*time.Minute + time.Second, 1},     // 10:02:30
		{10 * time.Minute, 1},                // missed runs fire once
		{10*time.Minute + 30*time.Second, 0}, // next is 10:11:30
		{11 * time.Minute, 1},
		{2 * time.Hour, 2}, // 12:00 for the cron rule, plus the rate
	}
	total := 0
	for _, st := range steps {
		if got := run(created.Add(st.at)); got != st.want {
			t.Fatalf("at +%v: fired %d, want %d", st.at, got, st.want)
		}
		total += st.want
	}
	waitFor(t, "scheduled deliveries", func() bool { return rec.logCount() == total })
	logs, _, _ := rec.snapshot()
	var env struct {
		Source     string          `json:"source"`
		DetailType string          `json:"detail-type"`
		Time       string          `json:"time"`
		Resources  []string        `json:"resources"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal([]byte(logs[0].message), &env); err != nil {
		t.Fatal(err)
	}
	if env.Source != "aws.events" || env.DetailType != "Scheduled Event" || env.Time != "2024-01-01T10:01:30Z" ||
		fmt.Sprint(env.Resources) != "[arn:aws:events:us-east-1:111111111111:rule/every-minute]" || string(env.Detail) != "{}" {
		t.Fatalf("scheduled event: %s", logs[0].message)
	}
	// A disabled rule keeps its schedule but fires nothing.
	if err := store.SetEventRuleState(ctx, caller.AccountID, DefaultBus, "every-minute", StateDisabled); err != nil {
		t.Fatal(err)
	}
	if got := run(created.Add(3 * time.Hour)); got != 0 {
		t.Fatalf("disabled rule fired %d", got)
	}
}

func TestSchedulerStartStop(t *testing.T) {
	s, _, _ := newTestService(t, Options{})
	sch := NewScheduler(s, SchedulerOptions{Tick: time.Millisecond})
	sch.Start()
	time.Sleep(10 * time.Millisecond)
	sch.Stop()
	sch.Stop()
}

func TestAPIDestinationDelivery(t *testing.T) {
	s, _, rec := newTestService(t, Options{})
	ctx := context.Background()
	_, err := s.CreateConnection(ctx, caller, CreateConnectionInput{Name: "c", AuthorizationType: AuthAPIKey})
	wantKind(t, err, model.ErrValidation)
	conn, err := s.CreateConnection(ctx, caller, CreateConnectionInput{Name: "c", AuthorizationType: AuthAPIKey, Auth: &ConnectionAuth{
		APIKeyAuthParameters: &APIKeyAuth{APIKeyName: "X-Api-Key", APIKeyValue: "secret"},
		InvocationHTTPParameters: &InvocationHTTP{QueryStringParameters: []ConnectionParameter{{Key: "src", Value: "ow"}},
			BodyParameters: []ConnectionParameter{{Key: "env", Value: "prod", IsValueSecret: true}}},
	}})
	if err != nil || conn.State != ConnectionAuthorized || !strings.HasPrefix(conn.ARN, "arn:aws:events:eu-west-1:111111111111:connection/c/") {
		t.Fatalf("connection: %+v %v", conn, err)
	}
	desc, err := s.DescribeConnection(ctx, caller, "c")
	if err != nil || desc.ARN != conn.ARN || desc.Auth.APIKeyAuthParameters.APIKeyValue != "" || desc.Auth.InvocationHTTPParameters.BodyParameters[0].Value != "" {
		t.Fatalf("describe must hide secrets: %+v %v", desc, err)
	}
	_, err = s.CreateAPIDestination(ctx, caller, CreateAPIDestinationInput{Name: "d", ConnectionARN: "arn:aws:events:eu-west-1:111111111111:connection/missing/x", InvocationEndpoint: "https://h/x", HTTPMethod: "POST"})
	wantKind(t, err, model.ErrNotFound)
	_, err = s.CreateAPIDestination(ctx, caller, CreateAPIDestinationInput{Name: "d", ConnectionARN: conn.ARN, InvocationEndpoint: "ftp://h/x", HTTPMethod: "POST"})
	wantKind(t, err, model.ErrValidation)
	dest, err := s.CreateAPIDestination(ctx, caller, CreateAPIDestinationInput{Name: "d", ConnectionARN: conn.ARN, InvocationEndpoint: "http://127.0.0.1:9/hooks/*", HTTPMethod: "PUT"})
	if err != nil || dest.State != DestinationActive {
		t.Fatalf("destination: %+v %v", dest, err)
	}
	if l, _, _ := s.ListAPIDestinations(ctx, caller, ListAPIDestinationsInput{ConnectionARN: conn.ARN}); len(l) != 1 || l[0].ARN != dest.ARN {
		t.Fatalf("destinations of the connection: %+v", l)
	}
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "r", EventPattern: `{"source":["app"]}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "r", Targets: []Target{{ID: "hook", ARN: dest.ARN, InputPath: "$.detail",
		HTTPParameters: &HTTPParameters{PathParameterValues: []string{"a b"}, HeaderParameters: map[string]string{"X-Team": "core"}}}}}); err != nil {
		t.Fatal(err)
	}
	if _, n, err := s.PutEvents(ctx, caller, []PutEventsEntry{{Source: "app", DetailType: "x", Detail: `{"k":1}`}}); err != nil || n != 0 {
		t.Fatalf("PutEvents: %d %v", n, err)
	}
	var ds []Delivery
	waitFor(t, "a delivery", func() bool { _, _, ds = rec.snapshot(); return len(ds) == 1 })
	d := ds[0]
	if d.URL != "http://127.0.0.1:9/hooks/a%20b?src=ow" || d.Method != "PUT" || d.Headers["X-Api-Key"] != "secret" || d.Headers["X-Team"] != "core" ||
		string(d.Body) != `{"env":"prod","k":1}` || d.AccountID != caller.AccountID || d.Source != "arn:aws:events:us-east-1:111111111111:rule/r" {
		t.Fatalf("delivery: %+v %s", d, d.Body)
	}
	if err := s.DeleteAPIDestination(ctx, caller, "d"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.DeleteAPIDestination(ctx, caller, "d"), model.ErrNotFound)
	if v, err := s.DeleteConnection(ctx, caller, "c"); err != nil || v.State != ConnectionDeleting {
		t.Fatalf("delete connection: %+v %v", v, err)
	}
	basic := authHeaders(AuthBasic, ConnectionAuth{BasicAuthParameters: &BasicAuth{Username: "u", Password: "p"}})
	if basic["Authorization"] != "Basic dTpw" {
		t.Fatalf("basic auth header: %v", basic)
	}
}

func TestPublishGoesToTheDefaultBus(t *testing.T) {
	s, _, rec := newTestService(t, Options{Region: "ap-south-1"})
	ctx := context.Background()
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "alarms", EventPattern: `{"source":["aws.cloudwatch"],"detail-type":["CloudWatch Alarm State Change"]}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "alarms", Targets: []Target{{ID: "g", ARN: "arn:aws:logs:ap-south-1:111111111111:log-group:alarms"}}}); err != nil {
		t.Fatal(err)
	}
	s.Publish(PublishedEvent{AccountID: "222222222222", Source: "aws.cloudwatch", DetailType: "CloudWatch Alarm State Change", Detail: json.RawMessage(`{}`)})
	s.Publish(PublishedEvent{AccountID: caller.AccountID, Source: "aws.cloudwatch", DetailType: "CloudWatch Alarm State Change",
		Resources: []string{"arn:aws:cloudwatch:ap-south-1:111111111111:alarm:a"}, Detail: json.RawMessage(`{"alarmName":"a"}`)})
	waitFor(t, "the alarm event", func() bool { return rec.logCount() == 1 })
	logs, _, _ := rec.snapshot()
	if !strings.Contains(logs[0].message, `"region":"ap-south-1","resources":["arn:aws:cloudwatch:ap-south-1:111111111111:alarm:a"],"detail":{"alarmName":"a"}}`) {
		t.Fatalf("alarm event: %s", logs[0].message)
	}
}

func TestCloseDeliversQueuedEvents(t *testing.T) {
	store, rec := newMemStore(), &recorder{}
	s := New(store, Options{Logs: rec, Workers: 1})
	ctx := context.Background()
	if _, err := s.PutRule(ctx, caller, PutRuleInput{Name: "r", EventPattern: `{"source":["app"]}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutTargets(ctx, caller, PutTargetsInput{Rule: "r", Targets: []Target{{ID: "g", ARN: "arn:aws:logs:eu-west-1:111111111111:log-group:g"}}}); err != nil {
		t.Fatal(err)
	}
	var entries []PutEventsEntry
	for range 10 {
		entries = append(entries, PutEventsEntry{Source: "app", DetailType: "x", Detail: `{}`})
	}
	if _, n, _ := s.PutEvents(ctx, caller, entries); n != 0 {
		t.Fatal("entries refused")
	}
	s.Close(ctx)
	if rec.logCount() != 10 {
		t.Fatalf("delivered %d of 10 before Close returned", rec.logCount())
	}
	if res, n, _ := s.PutEvents(ctx, caller, entries[:1]); n != 1 || res[0].ErrorCode != "ThrottlingException" {
		t.Fatalf("after Close: %+v", res)
	}
}
