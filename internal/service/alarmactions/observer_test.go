package alarmactions

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/topics"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const acct = "111111111111"

type published struct {
	caller topics.Caller
	in     topics.PublishInput
}

type fakePublisher struct {
	mu   sync.Mutex
	sent []published
	err  map[string]error
}

func (p *fakePublisher) Publish(_ context.Context, c topics.Caller, in topics.PublishInput) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.err[in.TopicArn]; err != nil {
		return "", err
	}
	p.sent = append(p.sent, published{c, in})
	return "msg-1", nil
}

type fakeHistory struct{ items []model.AlarmHistoryItem }

func (h *fakeHistory) AddAlarmHistory(_ context.Context, it model.AlarmHistoryItem) error {
	h.items = append(h.items, it)
	return nil
}

type fakeAlarms map[string]model.Alarm

func (f fakeAlarms) ListAlarms(_ context.Context, _ string, q model.AlarmQuery) ([]model.Alarm, error) {
	var out []model.Alarm
	for _, n := range q.Names {
		if a, ok := f[n]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

type fakeLogs struct {
	filters []model.MetricFilter
	events  map[string][]LogEvent // group -> events
	asked   [][2]int64
}

func (f *fakeLogs) MetricFilters(_ context.Context, _ string, ns, name string) ([]model.MetricFilter, error) {
	var out []model.MetricFilter
	for _, mf := range f.filters {
		if mf.Transformations[0].MetricNamespace == ns && mf.Transformations[0].MetricName == name {
			out = append(out, mf)
		}
	}
	return out, nil
}

func (f *fakeLogs) MatchingEvents(_ context.Context, _ string, group, _ string, start, end int64, limit int) ([]LogEvent, bool, error) {
	f.asked = append(f.asked, [2]int64{start, end})
	evs := f.events[group]
	if len(evs) > limit {
		return evs[:limit], true, nil
	}
	return evs, false, nil
}

func metricAlarm(t *testing.T, d alarms.Definition, state string) model.Alarm {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return model.Alarm{AccountID: acct, Name: d.AlarmName, Type: alarms.TypeMetric, Definition: string(b), State: state,
		StateReason: "Threshold Crossed: 1 out of the last 1 datapoints [3.0 (02/01/26 03:00:00)] was greater than the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).",
		StateReasonData: `{"version":"1.0","queryDate":"2026-01-02T03:01:10.000+0000","startDate":"2026-01-02T03:00:00.000+0000","statistic":"Sum","period":60,"recentDatapoints":[3.0],"threshold":1.0,` +
			`"evaluatedDatapoints":[{"timestamp":"2026-01-02T03:00:00.000+0000","sampleCount":3.0,"value":3.0}]}`,
		StateUpdated: time.Date(2026, 1, 2, 3, 1, 10, 0, time.UTC).UnixMilli(), ConfigUpdated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(),
		ActionsEnabled: true}
}

func change(a model.Alarm, prev string) model.AlarmStateChange {
	return model.AlarmStateChange{Alarm: a, ARN: "arn:aws:cloudwatch:us-east-1:" + acct + ":alarm:" + a.Name, Region: "us-east-1",
		PreviousState: prev, Time: time.UnixMilli(a.StateUpdated)}
}

func threshold(v float64) *float64 { return &v }

const topicARN = "arn:aws:sns:us-east-1:111111111111:ops"

func errorsDefinition() alarms.Definition {
	return alarms.Definition{AlarmName: "app-errors", AlarmDescription: "Errors in the app log", ActionsEnabled: true,
		AlarmActions: []string{topicARN, "arn:aws:automate:us-east-1:ec2:stop"}, OKActions: []string{topicARN},
		Namespace: "App", MetricName: "Errors", Statistic: "Sum", Period: 60, EvaluationPeriods: 1,
		Threshold: threshold(1), ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching"}
}

func TestAlarmNotificationWithEvidence(t *testing.T) {
	pub, hist := &fakePublisher{}, &fakeHistory{}
	logs := &fakeLogs{
		filters: []model.MetricFilter{{GroupName: "/app/api", Name: "errors", Pattern: `ERROR -healthcheck`,
			Transformations: []model.MetricTransformation{{MetricNamespace: "App", MetricName: "Errors", MetricValue: "1"}}}},
		events: map[string][]LogEvent{"/app/api": {
			{StreamName: "web-1", Timestamp: time.Date(2026, 1, 2, 3, 0, 5, 0, time.UTC).UnixMilli(), Message: "ERROR db timeout"},
			{StreamName: "web-2", Timestamp: time.Date(2026, 1, 2, 3, 0, 7, 0, time.UTC).UnixMilli(), Message: "ERROR db timeout again"},
			{StreamName: "web-1", Timestamp: time.Date(2026, 1, 2, 3, 0, 9, 0, time.UTC).UnixMilli(), Message: "ERROR third"},
		}},
	}
	o := New(pub, hist, fakeAlarms{}, logs, Options{MaxEvidenceEvents: 2})
	o.AlarmStateChanged(context.Background(), change(metricAlarm(t, errorsDefinition(), "ALARM"), "OK"))

	if len(pub.sent) != 1 {
		t.Fatalf("published: %+v", pub.sent)
	}
	p := pub.sent[0]
	if p.in.TopicArn != topicARN || p.in.Subject != `ALARM: "app-errors" in US East (N. Virginia)` || p.caller.AccountID != acct || p.caller.Region != "us-east-1" {
		t.Fatalf("publish: %+v", p)
	}
	// The window is the breaching period: 03:00:00 to 03:00:59.999.
	if len(logs.asked) != 1 || logs.asked[0] != [2]int64{time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC).UnixMilli(), time.Date(2026, 1, 2, 3, 1, 0, 0, time.UTC).UnixMilli() - 1} {
		t.Fatalf("asked windows: %v", logs.asked)
	}
	// Indenting keeps the members in the order they were written.
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(p.in.Message), "", "  "); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	golden := filepath.Join("testdata", "alarm_message.golden")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(got)+"\n" {
		t.Fatalf("message differs from %s:\n%s", golden, got)
	}

	// One history item per action: the topic succeeded, the other failed.
	if len(hist.items) != 2 {
		t.Fatalf("history: %+v", hist.items)
	}
	ok, failed := hist.items[0], hist.items[1]
	if ok.Type != alarms.HistoryAction || ok.Summary != "Successfully executed action "+topicARN || !strings.Contains(ok.Data, `"publishedMessage"`) ||
		!strings.Contains(ok.Data, `"actionState":"Succeeded"`) || !strings.Contains(ok.Data, "db timeout") {
		t.Fatalf("success item: %+v", ok)
	}
	if !strings.HasPrefix(failed.Summary, "Failed to execute action arn:aws:automate:") || !strings.Contains(failed.Data, `"actionState":"Failed"`) {
		t.Fatalf("failure item: %+v", failed)
	}
}

func TestAlarmActionsSelection(t *testing.T) {
	def := errorsDefinition()
	def.AlarmActions = []string{topicARN}
	tests := []struct {
		name      string
		state     string
		enabled   bool
		pubErr    error
		published int
		summary   string // of the one history item; "" means none
	}{
		{"ok actions", "OK", true, nil, 1, "Successfully executed action " + topicARN},
		{"no insufficient-data actions", "INSUFFICIENT_DATA", true, nil, 0, ""},
		{"actions disabled", "ALARM", false, nil, 0, ""},
		{"missing topic", "ALARM", true, model.Errorf(model.ErrNotFound, "Topic does not exist"), 0,
			"Failed to execute action " + topicARN + `. Received error: "Topic does not exist"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, hist := &fakePublisher{err: map[string]error{}}, &fakeHistory{}
			if tt.pubErr != nil {
				pub.err[topicARN] = tt.pubErr
			}
			a := metricAlarm(t, def, tt.state)
			a.ActionsEnabled = tt.enabled
			New(pub, hist, fakeAlarms{}, &fakeLogs{}, Options{}).AlarmStateChanged(context.Background(), change(a, "ALARM"))
			if len(pub.sent) != tt.published {
				t.Fatalf("published %d, want %d", len(pub.sent), tt.published)
			}
			if tt.summary == "" {
				if len(hist.items) != 0 {
					t.Fatalf("history: %+v", hist.items)
				}
				return
			}
			if len(hist.items) != 1 || hist.items[0].Summary != tt.summary {
				t.Fatalf("history: %+v", hist.items)
			}
			// No evidence without metric filters.
			if tt.published == 1 && strings.Contains(pub.sent[0].in.Message, `"Evidence"`) {
				t.Fatalf("evidence without metric filters: %s", pub.sent[0].in.Message)
			}
		})
	}
}

func TestCompositeSuppressor(t *testing.T) {
	d := alarms.CompositeDefinition{AlarmName: "svc", AlarmRule: `ALARM("a")`, ActionsEnabled: true, AlarmActions: []string{topicARN},
		ActionsSuppressor: "maintenance", ActionsSuppressorWaitPeriod: 60, ActionsSuppressorExtensionPeriod: 60}
	b, _ := json.Marshal(d)
	a := model.Alarm{AccountID: acct, Name: "svc", Type: alarms.TypeComposite, Definition: string(b), State: "ALARM", ActionsEnabled: true, StateUpdated: 5}
	for _, st := range []string{"ALARM", "OK"} {
		t.Run("suppressor "+st, func(t *testing.T) {
			pub, hist := &fakePublisher{}, &fakeHistory{}
			New(pub, hist, fakeAlarms{"maintenance": {Name: "maintenance", State: st}}, nil, Options{}).
				AlarmStateChanged(context.Background(), change(a, "OK"))
			if suppressed := st == "ALARM"; suppressed != (len(pub.sent) == 0) {
				t.Fatalf("published %d with the suppressor in %s", len(pub.sent), st)
			}
			if len(hist.items) != 1 {
				t.Fatalf("history: %+v", hist.items)
			}
			if st == "OK" && !strings.Contains(pub.sent[0].in.Message, `"AlarmRule":"ALARM(\"a\")"`) {
				t.Fatalf("composite message: %s", pub.sent[0].in.Message)
			}
		})
	}
}

func TestSubject(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct{ state, name, region, want string }{
		{"ALARM", "cpu", "US East (N. Virginia)", `ALARM: "cpu" in US East (N. Virginia)`},
		{"OK", "caf\u00e9", "EU (Ireland)", `OK: "caf?" in EU (Ireland)`},
		{"INSUFFICIENT_DATA", long, "US East (N. Virginia)", `INSUFFICIENT_DATA: "` + strings.Repeat("x", 99-len(`INSUFFICIENT_DATA: "`)-len(`" in US East (N. Virginia)`)-3) + `..." in US East (N. Virginia)`},
	}
	for _, tt := range tests {
		got := subject(tt.state, tt.name, tt.region)
		if got != tt.want || len(got) > 99 {
			t.Errorf("subject(%q) = %q (%d), want %q", tt.name, got, len(got), tt.want)
		}
	}
}

func TestBreachWindowFallback(t *testing.T) {
	d := errorsDefinition()
	d.EvaluationPeriods = 3
	at := time.UnixMilli(1_000_000_000)
	start, end := breachWindow(&d, "not json", at)
	if end != at.UnixMilli() || start != end-3*60_000 {
		t.Fatalf("window = %d..%d", start, end)
	}
}

func TestInsightsQueryFallback(t *testing.T) {
	q := insightsQuery([]model.MetricFilter{{GroupName: "/a", Pattern: "[ip, status = 500]"}, {GroupName: "/b", Pattern: "ERROR"}}, 1500, 2500)
	if q.Note == "" || strings.Contains(q.QueryString, "filter") || q.StartTime != 1 || q.EndTime != 3 || len(q.LogGroupNames) != 2 {
		t.Fatalf("query: %+v", q)
	}
	q = insightsQuery([]model.MetricFilter{{GroupName: "/a", Pattern: "ERROR"}, {GroupName: "/b", Pattern: "WARN"}}, 0, 0)
	if q.Note != "" || !strings.Contains(q.QueryString, `| filter (@message like "ERROR") or (@message like "WARN")`) {
		t.Fatalf("query: %+v", q)
	}
}
