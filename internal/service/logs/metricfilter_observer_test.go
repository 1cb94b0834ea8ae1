package logs

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/model"
)

const acct = "111111111111"

func num(v float64) *float64 { return &v }

// events builds stored events at timestamps 1000, 2000, … .
func events(msgs ...string) []model.StoredEvent {
	out := make([]model.StoredEvent, len(msgs))
	for i, m := range msgs {
		out[i] = model.StoredEvent{Timestamp: int64(i+1) * 1000, Seq: uint64(i + 1), Message: m}
	}
	return out
}

// counterValue reads one counter of an observer by name.
func counterValue(t *testing.T, cs []prometheus.Collector, name string) float64 {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(cs...)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

func wantDatums(t *testing.T, got, want []model.MetricDatum) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("datums =\n%s\nwant\n%s", dumpDatums(got), dumpDatums(want))
	}
}

func dumpDatums(ds []model.MetricDatum) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %s %s/%s %v t=%d", d.AccountID, d.Namespace, d.MetricName, d.Dimensions, d.Timestamp)
		if d.Value != nil {
			fmt.Fprintf(&b, " value=%g", *d.Value)
		}
		fmt.Fprintf(&b, " values=%v counts=%v unit=%q res=%d\n", d.Values, d.Counts, d.Unit, d.StorageResolution)
	}
	return b.String()
}

// observerFixture is a group with the given filters and an observer over
// them.
func observerFixture(t *testing.T, filters ...model.MetricFilter) (*MetricFilterObserver, *fakeSink, model.LogGroup) {
	t.Helper()
	cat := newFakeCatalog()
	g := cat.addGroup(acct, "/app/api")
	for _, f := range filters {
		f.GroupID = g.ID
		if _, err := compileMetricFilter(f); err != nil {
			t.Fatalf("filter %s: %v", f.Name, err)
		}
		if err := cat.PutMetricFilter(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	sink := &fakeSink{}
	return NewMetricFilterObserver(cat, sink, ObserverOptions{}), sink, g
}

func filter(name, pattern string, t model.MetricTransformation) model.MetricFilter {
	return model.MetricFilter{Name: name, Pattern: pattern, Transformations: []model.MetricTransformation{t}}
}

// TestStructuredApplicationLogs is the motivating case: JSON application
// logs with the interesting values under "extra", one filter counting
// security events and one publishing request durations.
func TestStructuredApplicationLogs(t *testing.T) {
	o, sink, g := observerFixture(t,
		filter("security-events", `{ $.extra.log_type = "Security" }`,
			model.MetricTransformation{MetricName: "SecurityEvents", MetricNamespace: "MyApp", MetricValue: "1", Unit: "Count"}),
		filter("request-duration", `{ $.extra.duration_ms = * }`,
			model.MetricTransformation{MetricName: "RequestDuration", MetricNamespace: "MyApp", MetricValue: "$.extra.duration_ms", Unit: "Milliseconds"}),
	)
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events(
		`{"level":"INFO","message":"login succeeded","extra":{"log_type":"Security","duration_ms":12}}`,
		`{"level":"INFO","message":"GET /orders","extra":{"log_type":"Access","duration_ms":40.5}}`,
		`{"level":"WARN","message":"bad password","extra":{"log_type":"Security","duration_ms":"n/a"}}`,
		`plain text, not JSON`,
		`{"level":"INFO","message":"no extra here"}`,
	))
	sec := func(ts int64) model.MetricDatum {
		return model.MetricDatum{AccountID: acct, Namespace: "MyApp", MetricName: "SecurityEvents", Timestamp: ts, Value: num(1), Unit: "Count", StorageResolution: 60}
	}
	dur := func(ts int64, v float64) model.MetricDatum {
		return model.MetricDatum{AccountID: acct, Namespace: "MyApp", MetricName: "RequestDuration", Timestamp: ts, Value: num(v), Unit: "Milliseconds", StorageResolution: 60}
	}
	// Filters run in name order; the third event's duration is not a
	// number, so it publishes no duration.
	wantDatums(t, sink.take(), []model.MetricDatum{dur(1000, 12), dur(2000, 40.5), sec(1000), sec(3000)})
	if got := counterValue(t, o.Collectors(), "openwatch_metric_filter_datapoints_total"); got != 4 {
		t.Errorf("datapoints_total = %v, want 4", got)
	}
	if got := counterValue(t, o.Collectors(), "openwatch_metric_filter_skipped_events_total"); got != 1 {
		t.Errorf("skipped_events_total = %v, want 1", got)
	}
}

func TestSpaceDelimitedValuesAndDimensions(t *testing.T) {
	o, sink, g := observerFixture(t,
		filter("4xx-bytes", `[ip, user, username, timestamp, request, status_code = 4*, bytes]`,
			model.MetricTransformation{MetricName: "BytesTransferred", MetricNamespace: "Web", MetricValue: "$bytes", Unit: "Bytes",
				Dimensions: map[string]string{"StatusCode": "$status_code", "Client": "$ip"}}),
	)
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events(
		`127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534`,
		`10.0.0.2 - - [10/Oct/2000:13:25:16 -0700] "GET /gone HTTP/1.0" 410 -`,
		`10.0.0.3 - - [10/Oct/2000:13:25:17 -0700] "GET / HTTP/1.0" 200 99`,
		`10.0.0.4 - - [10/Oct/2000:13:25:18 -0700] "GET /x HTTP/1.0" 403 2e3`,
	))
	d := func(ts int64, ip, code string, v float64) model.MetricDatum {
		return model.MetricDatum{AccountID: acct, Namespace: "Web", MetricName: "BytesTransferred",
			Dimensions: []model.Dimension{{Name: "Client", Value: ip}, {Name: "StatusCode", Value: code}},
			Timestamp:  ts, Value: num(v), Unit: "Bytes", StorageResolution: 60}
	}
	wantDatums(t, sink.take(), []model.MetricDatum{d(1000, "127.0.0.1", "404", 1534), d(4000, "10.0.0.4", "403", 2000)})
}

// TestDimensionsAreCopies reuses the batch's memory after ObserveIngest, as
// the protocol layer does with a request's: the datums the sink keeps hold
// their dimension values still.
func TestDimensionsAreCopies(t *testing.T) {
	o, sink, g := observerFixture(t,
		filter("4xx-bytes", `[ip, user, username, timestamp, request, status_code = 4*, bytes]`,
			model.MetricTransformation{MetricName: "BytesTransferred", MetricNamespace: "Web", MetricValue: "$bytes",
				Dimensions: map[string]string{"Client": "$ip"}}),
		filter("latency", `{ $.latency > 0 }`,
			model.MetricTransformation{MetricName: "Latency", MetricNamespace: "Svc", MetricValue: "$.latency",
				Dimensions: map[string]string{"Env": "$.env"}}),
	)
	msgs := []string{`127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534`, `{"latency":5,"env":"prod"}`}
	var mem [][]byte
	batch := events(msgs...)
	for i, m := range msgs {
		mem = append(mem, []byte(m))
		batch[i].Message = unsafe.String(&mem[i][0], len(m))
	}
	o.ObserveIngest(context.Background(), g, model.LogStream{}, batch)
	for _, b := range mem {
		copy(b, strings.Repeat("#", len(b)))
	}
	var dims []string
	for _, d := range sink.take() {
		for _, dim := range d.Dimensions {
			dims = append(dims, dim.Value)
		}
	}
	slices.Sort(dims)
	if !slices.Equal(dims, []string{"127.0.0.1", "prod"}) {
		t.Fatalf("dimension values %q after the batch's memory was reused", dims)
	}
}

func TestJSONDimensions(t *testing.T) {
	o, sink, g := observerFixture(t,
		filter("latency", `{ $.latency > 0 }`,
			model.MetricTransformation{MetricName: "Latency", MetricNamespace: "Svc", MetricValue: "$.latency",
				Dimensions: map[string]string{"Env": "$.env", "Op": "$.op.name"}}),
	)
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events(
		`{"latency":5,"env":"prod","op":{"name":"get"}}`,
		`{"latency":7,"env":"prod"}`,
		`{"latency":9,"env":"dev","op":{"name":true}}`,
		`{"latency":3,"env":{"nested":1},"op":{"name":"put"}}`,
	))
	wantDatums(t, sink.take(), []model.MetricDatum{
		{AccountID: acct, Namespace: "Svc", MetricName: "Latency", Dimensions: []model.Dimension{{Name: "Env", Value: "prod"}, {Name: "Op", Value: "get"}}, Timestamp: 1000, Value: num(5), StorageResolution: 60},
		{AccountID: acct, Namespace: "Svc", MetricName: "Latency", Dimensions: []model.Dimension{{Name: "Env", Value: "dev"}, {Name: "Op", Value: "true"}}, Timestamp: 3000, Value: num(9), StorageResolution: 60},
	})
}

func TestDefaultValue(t *testing.T) {
	o, sink, g := observerFixture(t,
		filter("errors", `{ $.level = "ERROR" }`,
			model.MetricTransformation{MetricName: "Errors", MetricNamespace: "App", MetricValue: "1", DefaultValue: num(0)}),
		filter("warnings", `WARN`,
			model.MetricTransformation{MetricName: "Warnings", MetricNamespace: "App", MetricValue: "1"}),
	)
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events(
		`{"level":"ERROR","message":"disk full"}`,
		`{"level":"INFO","message":"ok"}`,
		`WARN plain text`,
	))
	d := func(name string, ts int64, v float64) model.MetricDatum {
		return model.MetricDatum{AccountID: acct, Namespace: "App", MetricName: name, Timestamp: ts, Value: num(v), StorageResolution: 60}
	}
	// Every event counts for Errors (1 or the default 0); Warnings has no
	// default, so only the matching event publishes.
	wantDatums(t, sink.take(), []model.MetricDatum{d("Errors", 1000, 1), d("Errors", 2000, 0), d("Errors", 3000, 0), d("Warnings", 3000, 1)})
}

func TestObserverChunksLargeBatches(t *testing.T) {
	o, sink, g := observerFixture(t, filter("all", "", model.MetricTransformation{MetricName: "Events", MetricNamespace: "App", MetricValue: "1"}))
	msgs := make([]string, 2*maxSinkBatch+1)
	for i := range msgs {
		msgs[i] = "x"
	}
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events(msgs...))
	if got := len(sink.take()); got != len(msgs) || sink.calls != 3 {
		t.Fatalf("sink got %d datums in %d calls, want %d in 3", got, sink.calls, len(msgs))
	}
}

func TestObserverSinkFailureIsCounted(t *testing.T) {
	o, sink, g := observerFixture(t, filter("all", "", model.MetricTransformation{MetricName: "Events", MetricNamespace: "App", MetricValue: "1"}))
	sink.err = errors.New("metric store is down")
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events("a", "b"))
	if got := counterValue(t, o.Collectors(), "openwatch_metric_filter_write_errors_total"); got != 2 {
		t.Fatalf("write_errors_total = %v, want 2", got)
	}
}

// TestObserverIsolatesRefusedDatums: the metric store refuses a whole
// call for one bad datum, so the observer retries datum by datum and only
// the bad one is lost.
func TestObserverIsolatesRefusedDatums(t *testing.T) {
	o, sink, g := observerFixture(t, filter("by-user", `[user, action]`,
		model.MetricTransformation{MetricName: "Actions", MetricNamespace: "App", MetricValue: "1", Dimensions: map[string]string{"User": "$user"}}))
	sink.refuse = func(d model.MetricDatum) bool { return d.Dimensions[0].Value == "zoë" }
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events("ann login", "zoë login", "bob logout"))
	d := func(ts int64, user string) model.MetricDatum {
		return model.MetricDatum{AccountID: acct, Namespace: "App", MetricName: "Actions", Dimensions: []model.Dimension{{Name: "User", Value: user}},
			Timestamp: ts, Value: num(1), StorageResolution: 60}
	}
	wantDatums(t, sink.take(), []model.MetricDatum{d(1000, "ann"), d(3000, "bob")})
	if got := counterValue(t, o.Collectors(), "openwatch_metric_filter_write_errors_total"); got != 1 {
		t.Fatalf("write_errors_total = %v, want 1", got)
	}
}

// TestMetricFiltersThroughService drives the observer through the
// Service: metric filters apply from the next batch after Put, stop after
// Delete, and a failing metric store never fails PutLogEvents.
func TestMetricFiltersThroughService(t *testing.T) {
	ctx := context.Background()
	cat := newFakeCatalog()
	g := cat.addGroup(acct, "/app/api")
	sink := &fakeSink{}
	now := time.UnixMilli(10_000_000)
	clock := func() time.Time { return now }
	mfo := NewMetricFilterObserver(cat, sink, ObserverOptions{Now: clock})
	emo := NewEMFObserver(sink, ObserverOptions{})
	svc := New(cat, &fakeStore{}, Options{Now: clock, Observers: []IngestObserver{mfo, emo}})
	c := Caller{AccountID: acct, Region: "us-east-1"}
	put := func(msgs ...string) {
		t.Helper()
		in := PutLogEventsInput{Group: g.Name, Stream: "s"}
		for _, m := range msgs {
			in.Events = append(in.Events, model.LogEvent{Timestamp: now.UnixMilli(), Message: m})
		}
		if _, err := svc.PutLogEvents(ctx, c, in); err != nil {
			t.Fatalf("PutLogEvents: %v", err)
		}
	}

	put("ERROR one")
	put("ERROR two")
	if got := sink.take(); len(got) != 0 || cat.lists != 1 {
		t.Fatalf("without filters: %d datums, %d catalog reads (want 0, 1: the empty set is cached)", len(got), cat.lists)
	}
	pattern := "ERROR"
	err := svc.PutMetricFilter(ctx, c, PutMetricFilterInput{GroupName: g.Name, FilterName: "errors", FilterPattern: &pattern,
		Transformations: []model.MetricTransformation{{MetricName: "Errors", MetricNamespace: "App", MetricValue: "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	put("ERROR three", "INFO four")
	wantDatums(t, sink.take(), []model.MetricDatum{{AccountID: acct, Namespace: "App", MetricName: "Errors", Timestamp: now.UnixMilli(), Value: num(1), StorageResolution: 60}})

	// EMF logs publish alongside the filters.
	put(`{"_aws":{"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[[]],"Metrics":[{"Name":"Orders"}]}]},"Orders":2}`)
	wantDatums(t, sink.take(), []model.MetricDatum{{AccountID: acct, Namespace: "Shop", MetricName: "Orders", Timestamp: now.UnixMilli(), Value: num(2), StorageResolution: 60}})

	reads := cat.lists
	now = now.Add(metricFilterCacheTTL + time.Second)
	put("INFO five")
	if cat.lists != reads+1 {
		t.Fatalf("catalog reads after the cache TTL = %d, want %d", cat.lists, reads+1)
	}

	sink.err = errors.New("metric store is down")
	put("ERROR six")
	sink.err = nil

	if err := svc.DeleteMetricFilter(ctx, c, g.Name, "errors"); err != nil {
		t.Fatal(err)
	}
	put("ERROR seven")
	if got := sink.take(); len(got) != 0 {
		t.Fatalf("deleted filter still publishes: %s", dumpDatums(got))
	}
	if got := counterValue(t, mfo.Collectors(), "openwatch_metric_filter_write_errors_total"); got != 1 {
		t.Fatalf("write_errors_total = %v, want 1", got)
	}
}

func TestObserverConcurrentWithChanges(t *testing.T) {
	ctx := context.Background()
	cat := newFakeCatalog()
	g := cat.addGroup(acct, "/app/api")
	sink := &fakeSink{}
	o := NewMetricFilterObserver(cat, sink, ObserverOptions{})
	svc := New(cat, &fakeStore{}, Options{Observers: []IngestObserver{o}})
	c := Caller{AccountID: acct}
	pattern := ""
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				if w == 0 {
					name := fmt.Sprintf("f%d", i%3)
					if err := svc.PutMetricFilter(ctx, c, PutMetricFilterInput{GroupName: g.Name, FilterName: name, FilterPattern: &pattern,
						Transformations: []model.MetricTransformation{{MetricName: name, MetricNamespace: "App", MetricValue: "1"}}}); err != nil {
						t.Error(err)
					}
					continue
				}
				o.ObserveIngest(ctx, g, model.LogStream{}, events("x"))
			}
		})
	}
	wg.Wait()
	// Once the writers are done, every filter applies.
	sink.take()
	o.ObserveIngest(ctx, g, model.LogStream{}, events("x"))
	if got := len(sink.take()); got != 3 {
		t.Fatalf("after concurrent changes %d filters apply, want 3", got)
	}
}

func TestEMFObserver(t *testing.T) {
	sink := &fakeSink{}
	o := NewEMFObserver(sink, ObserverOptions{})
	g := model.LogGroup{ID: 1, AccountID: acct, Name: "/aws/lambda/checkout"}
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events(
		`{"_aws":{"Timestamp":1574109732004,"CloudWatchMetrics":[{"Namespace":"Checkout","Dimensions":[["Service"],["Service","Region"]],
			"Metrics":[{"Name":"Latency","Unit":"Milliseconds","StorageResolution":1},{"Name":"Orders","Unit":"Count"}]}]},
			"Service":"cart","Region":"eu-west-1","Latency":[12,15.5],"Orders":3,"requestId":"r-1"}`,
		`{"_aws":{"CloudWatchMetrics":[{"Namespace":"Checkout","Dimensions":[["Missing"]],"Metrics":[{"Name":"Orders"}]}]},"Orders":1}`,
		`{"level":"INFO","message":"not EMF"}`,
		`plain text`,
	))
	svc := []model.Dimension{{Name: "Service", Value: "cart"}}
	both := []model.Dimension{{Name: "Service", Value: "cart"}, {Name: "Region", Value: "eu-west-1"}}
	wantDatums(t, sink.take(), []model.MetricDatum{
		{AccountID: acct, Namespace: "Checkout", MetricName: "Latency", Dimensions: svc, Timestamp: 1574109732004, Values: []float64{12, 15.5}, Unit: "Milliseconds", StorageResolution: 1},
		{AccountID: acct, Namespace: "Checkout", MetricName: "Orders", Dimensions: svc, Timestamp: 1574109732004, Value: num(3), Unit: "Count", StorageResolution: 60},
		{AccountID: acct, Namespace: "Checkout", MetricName: "Latency", Dimensions: both, Timestamp: 1574109732004, Values: []float64{12, 15.5}, Unit: "Milliseconds", StorageResolution: 1},
		{AccountID: acct, Namespace: "Checkout", MetricName: "Orders", Dimensions: both, Timestamp: 1574109732004, Value: num(3), Unit: "Count", StorageResolution: 60},
	})
	if got := counterValue(t, o.Collectors(), "openwatch_emf_invalid_documents_total"); got != 1 {
		t.Errorf("invalid_documents_total = %v, want 1", got)
	}
	if got := counterValue(t, o.Collectors(), "openwatch_emf_datapoints_total"); got != 4 {
		t.Errorf("datapoints_total = %v, want 4", got)
	}
	sink.err = errors.New("down")
	o.ObserveIngest(context.Background(), g, model.LogStream{}, events(`{"_aws":{"CloudWatchMetrics":[{"Namespace":"N","Metrics":[{"Name":"m"}]}]},"m":1}`))
	if got := counterValue(t, o.Collectors(), "openwatch_emf_write_errors_total"); got != 1 {
		t.Errorf("write_errors_total = %v, want 1", got)
	}
}

func BenchmarkMetricFilterObserver(b *testing.B) {
	cat := newFakeCatalog()
	g := cat.addGroup(acct, "/app/api")
	for i, f := range []model.MetricFilter{
		filter("security", `{ $.extra.log_type = "Security" }`, model.MetricTransformation{MetricName: "Security", MetricNamespace: "App", MetricValue: "1"}),
		filter("duration", `{ $.extra.duration_ms = * }`, model.MetricTransformation{MetricName: "Duration", MetricNamespace: "App", MetricValue: "$.extra.duration_ms"}),
	} {
		f.GroupID = g.ID
		f.CreationTime = int64(i)
		if err := cat.PutMetricFilter(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
	o := NewMetricFilterObserver(cat, discardSink{}, ObserverOptions{})
	msgs := make([]string, 1000)
	for i := range msgs {
		kind := "Access"
		if i%10 == 0 {
			kind = "Security"
		}
		msgs[i] = fmt.Sprintf(`{"level":"INFO","message":"request %d served","extra":{"log_type":%q,"duration_ms":%d}}`, i, kind, i%250)
	}
	evs := events(msgs...)
	b.ReportAllocs()
	for b.Loop() {
		o.ObserveIngest(context.Background(), g, model.LogStream{}, evs)
	}
}

type discardSink struct{}

func (discardSink) Put(context.Context, string, []model.MetricDatum) error { return nil }
