package anomalydetectors

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

const acct = "111111111111"

var now = time.Date(2026, 3, 18, 12, 2, 0, 0, time.UTC) // a Wednesday

func noise(i int64) float64 {
	x := uint32(i)*2654435761 + 12345
	x ^= x >> 13
	x *= 0x5bd1e995
	x ^= x >> 15
	return float64(x%20000)/10000 - 1
}

// seasonal has a daily cycle, quieter weekends and noise.
func seasonal(ms int64) (float64, bool) {
	ts := time.UnixMilli(ms).UTC()
	hour := float64(ts.Hour()) + float64(ts.Minute())/60
	v := 100 + 50*math.Sin(2*math.Pi*hour/24)
	if wd := ts.Weekday(); wd == time.Saturday || wd == time.Sunday {
		v -= 40
	}
	return v + 2*noise(ms/1000), true
}

func newService(r *fakeReader) (*Service, *memStore) {
	st := newMemStore()
	return New(st, r, Options{Now: func() time.Time { return now }}), st
}

func single(ns, name, stat string, dims ...model.Dimension) Identity {
	return Identity{Single: &SingleMetric{Namespace: ns, MetricName: name, Stat: stat, Dimensions: dims}}
}

func TestPutValidation(t *testing.T) {
	s, _ := newService(&fakeReader{value: seasonal})
	ctx := context.Background()
	yes, no := true, false
	mathQueries := []metrics.MetricDataQuery{
		{ID: "m1", ReturnData: &no, MetricStat: &metrics.MetricStat{Metric: metrics.Metric{Namespace: "A", MetricName: "B"}, Period: 60, Stat: "Sum"}},
		{ID: "e1", Expression: "m1 * 2", ReturnData: &yes},
	}
	for _, tc := range []struct {
		name string
		in   PutInput
		want error
	}{
		{"nothing", PutInput{}, model.ErrMissingParameter},
		{"no namespace", PutInput{Identity: single("", "B", "Sum")}, model.ErrMissingParameter},
		{"no stat", PutInput{Identity: single("A", "B", "")}, model.ErrMissingParameter},
		{"bad stat", PutInput{Identity: single("A", "B", "Median")}, model.ErrInvalidParameter},
		{"long name", PutInput{Identity: single("A", string(make([]byte, 256)), "Sum")}, model.ErrInvalidParameter},
		{"empty dimension value", PutInput{Identity: single("A", "B", "Sum", model.Dimension{Name: "H"})}, model.ErrMissingParameter},
		{"repeated dimension", PutInput{Identity: single("A", "B", "Sum", model.Dimension{Name: "H", Value: "1"}, model.Dimension{Name: "H", Value: "2"})}, model.ErrInvalidParameter},
		{"other account", PutInput{Identity: Identity{Single: &SingleMetric{AccountID: "222222222222", Namespace: "A", MetricName: "B", Stat: "Sum"}}}, model.ErrInvalidParameter},
		{"legacy and new", PutInput{Identity: Identity{Namespace: "A", Single: &SingleMetric{Namespace: "A", MetricName: "B", Stat: "Sum"}}}, model.ErrInvalidParameterCombination},
		{"single and math", PutInput{Identity: Identity{Single: &SingleMetric{}, MetricMath: &MetricMath{}}}, model.ErrInvalidParameterCombination},
		{"math without queries", PutInput{Identity: Identity{MetricMath: &MetricMath{}}}, model.ErrMissingParameter},
		{"math with two results", PutInput{Identity: Identity{MetricMath: &MetricMath{Queries: []metrics.MetricDataQuery{mathQueries[1], {ID: "e2", Expression: "e1"}}}}}, model.ErrInvalidParameter},
		{"math on a band", PutInput{Identity: Identity{MetricMath: &MetricMath{Queries: []metrics.MetricDataQuery{{ID: "e1", Expression: "ANOMALY_DETECTION_BAND(m1)"}}}}}, model.ErrInvalidParameter},
		{"unknown zone", PutInput{Identity: single("A", "B", "Sum"), Configuration: &Configuration{MetricTimezone: "Mars/Olympus"}}, model.ErrInvalidParameter},
		{"range without end", PutInput{Identity: single("A", "B", "Sum"), Configuration: &Configuration{ExcludedTimeRanges: []TimeRange{{Start: 1}}}}, model.ErrMissingParameter},
		{"reversed range", PutInput{Identity: single("A", "B", "Sum"), Configuration: &Configuration{ExcludedTimeRanges: []TimeRange{{Start: 2, End: 1}}}}, model.ErrInvalidParameter},
		{"too many ranges", PutInput{Identity: single("A", "B", "Sum"), Configuration: &Configuration{ExcludedTimeRanges: make([]TimeRange, 11)}}, model.ErrInvalidParameter},
		{"legacy", PutInput{Identity: Identity{Namespace: "A", MetricName: "B", Stat: "p99"}}, nil},
		{"single", PutInput{Identity: single("A", "B", "TM(10%:90%)"), Configuration: &Configuration{MetricTimezone: "Asia/Tokyo", ExcludedTimeRanges: []TimeRange{{Start: 1, End: 2}}}}, nil},
		{"math", PutInput{Identity: Identity{MetricMath: &MetricMath{Queries: mathQueries}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.PutAnomalyDetector(ctx, acct, tc.in)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			// Refinements of an invalid parameter are not reported as the
			// plain kind, and vice versa.
			if tc.want == model.ErrInvalidParameter && (errors.Is(err, model.ErrMissingParameter) || errors.Is(err, model.ErrInvalidParameterCombination)) {
				t.Fatalf("err = %v, want a plain invalid value", err)
			}
		})
	}
}

func TestPutDescribeDelete(t *testing.T) {
	s, _ := newService(&fakeReader{value: seasonal})
	ctx := context.Background()
	h1, h2 := model.Dimension{Name: "Host", Value: "1"}, model.Dimension{Name: "Az", Value: "a"}
	puts := []PutInput{
		{Identity: single("App", "CPU", "Average", h1, h2)},
		{Identity: single("App", "CPU", "Average", h2, h1), Configuration: &Configuration{MetricTimezone: "Europe/Paris"}}, // the same detector
		{Identity: single("App", "CPU", "p99", h1)},
		{Identity: single("App", "Mem", "Average")},
		{Identity: Identity{Namespace: "Other", MetricName: "CPU", Stat: "Sum"}},
		{Identity: Identity{MetricMath: &MetricMath{Queries: []metrics.MetricDataQuery{{ID: "e1", Expression: "TIME_SERIES(1)", Period: 300}}}}},
	}
	for _, p := range puts {
		if err := s.PutAnomalyDetector(ctx, acct, p); err != nil {
			t.Fatal(err)
		}
	}
	describe := func(in DescribeInput) []string {
		t.Helper()
		var names []string
		for {
			out, err := s.DescribeAnomalyDetectors(ctx, acct, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range out.Detectors {
				if d.Single != nil {
					names = append(names, d.Single.Namespace+"/"+d.Single.MetricName+"/"+d.Single.Stat)
				} else {
					names = append(names, "math")
				}
			}
			if out.NextToken == "" {
				return names
			}
			in.NextToken = out.NextToken
		}
	}
	for _, tc := range []struct {
		name string
		in   DescribeInput
		want string
	}{
		{"all single", DescribeInput{}, "[App/CPU/Average App/CPU/p99 App/Mem/Average Other/CPU/Sum]"},
		{"pages of one", DescribeInput{MaxResults: 1}, "[App/CPU/Average App/CPU/p99 App/Mem/Average Other/CPU/Sum]"},
		{"namespace", DescribeInput{Namespace: "App"}, "[App/CPU/Average App/CPU/p99 App/Mem/Average]"},
		{"metric name", DescribeInput{MetricName: "CPU", MaxResults: 2}, "[App/CPU/Average App/CPU/p99 Other/CPU/Sum]"},
		{"dimensions", DescribeInput{Dimensions: []model.Dimension{h2}}, "[App/CPU/Average]"},
		{"math", DescribeInput{Types: []string{model.AnomalyDetectorMetricMath}}, "[math]"},
		{"both types", DescribeInput{Types: []string{model.AnomalyDetectorMetricMath, model.AnomalyDetectorSingleMetric}, Namespace: "Other"}, "[Other/CPU/Sum]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := describe(tc.in); fmtList(got) != tc.want {
				t.Fatalf("got %v, want %s", got, tc.want)
			}
		})
	}
	out, err := s.DescribeAnomalyDetectors(ctx, acct, DescribeInput{Dimensions: []model.Dimension{h2}})
	if err != nil || len(out.Detectors) != 1 || out.Detectors[0].Configuration == nil || out.Detectors[0].Configuration.MetricTimezone != "Europe/Paris" {
		t.Fatalf("replaced configuration: %+v %v", out, err)
	}
	for _, tc := range []struct {
		in   DescribeInput
		want error
	}{
		{DescribeInput{MaxResults: 101}, model.ErrInvalidParameter},
		{DescribeInput{MaxResults: -1}, model.ErrInvalidParameter},
		{DescribeInput{Types: []string{"BOTH"}}, model.ErrInvalidParameter},
		{DescribeInput{Types: []string{"SINGLE_METRIC", "METRIC_MATH", "SINGLE_METRIC"}}, model.ErrInvalidParameter},
		{DescribeInput{NextToken: "!!"}, model.ErrInvalidNextToken},
	} {
		if _, err := s.DescribeAnomalyDetectors(ctx, acct, tc.in); !errors.Is(err, tc.want) {
			t.Errorf("describe %+v: %v, want %v", tc.in, err, tc.want)
		}
	}

	if err := s.DeleteAnomalyDetector(ctx, acct, single("App", "CPU", "Average", h2, h1)); err != nil {
		t.Fatalf("delete with dimensions in another order: %v", err)
	}
	if err := s.DeleteAnomalyDetector(ctx, acct, single("App", "CPU", "Average", h1, h2)); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if err := s.DeleteAnomalyDetector(ctx, acct, Identity{}); !errors.Is(err, model.ErrMissingParameter) {
		t.Fatalf("delete of nothing: %v", err)
	}
	if got := describe(DescribeInput{}); fmtList(got) != "[App/CPU/p99 App/Mem/Average Other/CPU/Sum]" {
		t.Fatalf("after delete: %v", got)
	}
}

func fmtList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}

func TestState(t *testing.T) {
	ctx := context.Background()
	since := func(d time.Duration) func(ms int64) (float64, bool) {
		return func(ms int64) (float64, bool) {
			if ms < now.Add(-d).UnixMilli() {
				return 0, false
			}
			return seasonal(ms)
		}
	}
	for _, tc := range []struct {
		history time.Duration
		want    string
	}{
		{0, StatePendingTraining},
		{6 * time.Hour, StatePendingTraining},
		{3 * 24 * time.Hour, StateTrained},
	} {
		s, _ := newService(&fakeReader{value: since(tc.history)})
		if err := s.PutAnomalyDetector(ctx, acct, PutInput{Identity: single("A", "B", "Average")}); err != nil {
			t.Fatal(err)
		}
		out, err := s.DescribeAnomalyDetectors(ctx, acct, DescribeInput{})
		if err != nil || len(out.Detectors) != 1 || out.Detectors[0].State != tc.want {
			t.Errorf("%v of history: %+v %v, want %s", tc.history, out.Detectors, err, tc.want)
		}
	}
}

// bandOf asks for the band of metric A/B's average at period 300 at
// the given times.
func bandOf(t *testing.T, s *Service, stddevs float64, at ...time.Time) (lower, upper []float64) {
	t.Helper()
	ts := make([]int64, len(at))
	for i, a := range at {
		ts[i] = a.UnixMilli()
	}
	lower, upper, err := s.Band(context.Background(), metrics.BandInput{
		AccountID: acct, MetricStat: &metrics.MetricStat{Metric: metrics.Metric{Namespace: "A", MetricName: "B"}, Period: 300, Stat: "Average"},
		Period: 300, Timestamps: ts, Stddevs: stddevs, End: now.UnixMilli(), Now: now.UnixMilli(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return lower, upper
}

func TestBand(t *testing.T) {
	r := &fakeReader{value: seasonal, pageSize: 1000}
	s, st := newService(r)
	var at []time.Time
	for ts := now.Add(-3 * 24 * time.Hour).Truncate(5 * time.Minute); ts.Before(now); ts = ts.Add(5 * time.Minute) {
		at = append(at, ts)
	}
	lower, upper := bandOf(t, s, 3, at...)
	for i, ts := range at {
		v, _ := seasonal(ts.UnixMilli())
		if v < lower[i] || v > upper[i] {
			t.Errorf("%v at %v is outside [%v, %v]", v, ts, lower[i], upper[i])
		}
		if spike := v + 100; spike <= upper[i] {
			t.Errorf("spike %v at %v is inside [%v, %v]", spike, ts, lower[i], upper[i])
		}
	}
	// The band created the detector, and the model is reused.
	if _, err := st.GetAnomalyDetector(context.Background(), acct, (&Detector{Single: &SingleMetric{Namespace: "A", MetricName: "B", Stat: "Average"}}).key()); err != nil {
		t.Fatalf("implicit detector: %v", err)
	}
	calls := r.calls
	l2, u2 := bandOf(t, s, 2, at[0])
	if r.calls != calls {
		t.Errorf("a second band read the history again (%d calls, then %d)", calls, r.calls)
	}
	if w3, w2 := upper[0]-lower[0], u2[0]-l2[0]; math.Abs(w3-1.5*w2) > 1e-9 {
		t.Errorf("widths at 2 and 3 deviations: %v %v", w2, w3)
	}
	// A new configuration trains a new model.
	if err := s.PutAnomalyDetector(context.Background(), acct, PutInput{Identity: single("A", "B", "Average"),
		Configuration: &Configuration{ExcludedTimeRanges: []TimeRange{{Start: now.Add(-30 * 24 * time.Hour).UnixMilli(), End: now.UnixMilli()}}}}); err != nil {
		t.Fatal(err)
	}
	lower, _ = bandOf(t, s, 2, at[0])
	if r.calls == calls || !math.IsNaN(lower[0]) {
		t.Errorf("with all history excluded: %d calls, band %v", r.calls-calls, lower)
	}
}

func TestBandWithoutHistoryOrReader(t *testing.T) {
	s, _ := newService(&fakeReader{value: func(int64) (float64, bool) { return 0, false }})
	if lower, upper := bandOf(t, s, 2, now); !math.IsNaN(lower[0]) || !math.IsNaN(upper[0]) {
		t.Errorf("band without history: %v %v", lower, upper)
	}
	failing := &fakeReader{value: seasonal, err: model.Unavailable(errors.New("disk on fire"))}
	s, _ = newService(failing)
	_, _, err := s.Band(context.Background(), metrics.BandInput{AccountID: acct, Period: 60, Timestamps: []int64{0}, Stddevs: 2,
		MetricStat: &metrics.MetricStat{Metric: metrics.Metric{Namespace: "A", MetricName: "B"}, Period: 60, Stat: "Sum"}, End: 1, Now: now.UnixMilli()})
	if !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("failing reader: %v", err)
	}
	// A failure is not cached.
	failing.mu.Lock()
	failing.err = nil
	failing.mu.Unlock()
	if _, _, err := s.Band(context.Background(), metrics.BandInput{AccountID: acct, Period: 60, Timestamps: []int64{0}, Stddevs: 2,
		MetricStat: &metrics.MetricStat{Metric: metrics.Metric{Namespace: "A", MetricName: "B"}, Period: 60, Stat: "Sum"}, End: 1, Now: now.UnixMilli()}); err != nil {
		t.Fatalf("after the reader recovered: %v", err)
	}
}

func BenchmarkBandCached(b *testing.B) {
	s, _ := newService(&fakeReader{value: seasonal})
	ts := []int64{now.Add(-time.Hour).UnixMilli()}
	in := metrics.BandInput{AccountID: acct, MetricStat: &metrics.MetricStat{Metric: metrics.Metric{Namespace: "A", MetricName: "B"}, Period: 300, Stat: "Average"},
		Period: 300, Timestamps: ts, Stddevs: 2, End: now.UnixMilli(), Now: now.UnixMilli()}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.Band(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTrainTwoWeeks(b *testing.B) {
	r := &fakeReader{value: seasonal}
	s, _ := newService(r)
	d := &Detector{Single: &SingleMetric{Namespace: "A", MetricName: "B", Stat: "Average"}}
	b.ReportAllocs()
	end := now.UnixMilli()
	for b.Loop() {
		end += s.models.refresh.Milliseconds() // a new model every time
		if _, err := s.trained(context.Background(), acct, d, "", 300, end); err != nil {
			b.Fatal(err)
		}
	}
}

func TestConcurrentBandsTrainOnce(t *testing.T) {
	r := &fakeReader{value: seasonal}
	s, _ := newService(r)
	// The detector exists, so the only reads are training.
	if err := s.PutAnomalyDetector(context.Background(), acct, PutInput{Identity: single("A", "B", "Average")}); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error)
	in := metrics.BandInput{AccountID: acct, MetricStat: &metrics.MetricStat{Metric: metrics.Metric{Namespace: "A", MetricName: "B"}, Period: 300, Stat: "Average"},
		Period: 300, Timestamps: []int64{now.Add(-time.Hour).UnixMilli()}, Stddevs: 2, End: now.UnixMilli(), Now: now.UnixMilli()}
	for range 8 {
		go func() {
			_, _, err := s.Band(context.Background(), in)
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if r.calls != 1 {
		t.Errorf("8 concurrent bands read the history %d times, want once", r.calls)
	}
}
