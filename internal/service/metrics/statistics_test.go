package metrics

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// putValues stores (minute offset, value) pairs of one metric, relative to
// base, with unit.
func putValues(t *testing.T, svc *Service, ns, name string, dd []model.Dimension, unit string, base int64, pts ...[2]float64) {
	t.Helper()
	var data []Datum
	for _, p := range pts {
		data = append(data, Datum{Stamped: true, MetricDatum: model.MetricDatum{
			MetricName: name, Dimensions: dd, Unit: unit, Value: ptr(p[1]), Timestamp: base + int64(p[0]*60_000),
		}})
	}
	if err := svc.PutMetricData(context.Background(), testAccount, PutMetricDataInput{Namespace: ns, MetricData: data}); err != nil {
		t.Fatalf("PutMetricData: %v", err)
	}
}

func TestGetMetricStatistics(t *testing.T) {
	svc := newTestService(newFakeStore())
	base := nowMs() - 3600_000
	host := dims("Host", "web-1")
	// Two values in each of three minutes, in Milliseconds; one value in
	// Seconds in the second minute; another host's data is not selected.
	putValues(t, svc, "App", "Latency", host, "Milliseconds", base, [2]float64{0, 10}, [2]float64{0.5, 20}, [2]float64{1, 5}, [2]float64{1.2, 7}, [2]float64{2, 100}, [2]float64{2.9, 1})
	putValues(t, svc, "App", "Latency", host, "Seconds", base, [2]float64{1, 0.25})
	putValues(t, svc, "App", "Latency", dims("Host", "web-2"), "Milliseconds", base, [2]float64{0, 1000})

	in := GetMetricStatisticsInput{
		Namespace: "App", MetricName: "Latency", Dimensions: host,
		StartTime: base + 30_000, EndTime: base + 3*60_000, Period: 60,
		Statistics: []string{"SampleCount", "Average", "Sum", "Minimum", "Maximum"},
	}
	out, err := svc.GetMetricStatistics(context.Background(), testAccount, in)
	if err != nil {
		t.Fatalf("GetMetricStatistics: %v", err)
	}
	dp := func(minute int64, unit string, n, sum, lo, hi float64) Datapoint {
		return Datapoint{Timestamp: base + minute*60_000, Unit: unit, SampleCount: ptr(n), Sum: ptr(sum), Average: ptr(sum / n), Minimum: ptr(lo), Maximum: ptr(hi)}
	}
	want := GetMetricStatisticsOutput{Label: "Latency", Datapoints: []Datapoint{
		// The start rounds down to the minute, so minute 0 is in.
		dp(0, "Milliseconds", 2, 30, 10, 20),
		dp(1, "Milliseconds", 2, 12, 5, 7),
		dp(1, "Seconds", 1, 0.25, 0.25, 0.25),
		dp(2, "Milliseconds", 2, 101, 1, 100),
	}}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got  %+v\nwant %+v", out, want)
	}

	// A unit selects its data only.
	in.Unit = "Seconds"
	in.Statistics = []string{"Sum"}
	out, err = svc.GetMetricStatistics(context.Background(), testAccount, in)
	if err != nil || len(out.Datapoints) != 1 || *out.Datapoints[0].Sum != 0.25 || out.Datapoints[0].Average != nil {
		t.Fatalf("with unit: %+v, %v", out, err)
	}

	// Extended statistics come in a map; a percentile over negative
	// values is left out.
	putValues(t, svc, "App", "Delta", nil, "", base, [2]float64{0, -1}, [2]float64{1, 3})
	out, err = svc.GetMetricStatistics(context.Background(), testAccount, GetMetricStatisticsInput{
		Namespace: "App", MetricName: "Delta", StartTime: base, EndTime: base + 2*60_000, Period: 60,
		ExtendedStatistics: []string{"p99", "p50"},
	})
	if err != nil {
		t.Fatalf("extended: %v", err)
	}
	wantExt := []Datapoint{
		{Timestamp: base, Unit: "None"},
		{Timestamp: base + 60_000, Unit: "None", ExtendedStatistics: map[string]float64{"p99": 3, "p50": 3}},
	}
	if !reflect.DeepEqual(out.Datapoints, wantExt) {
		t.Fatalf("extended: got %+v, want %+v", out.Datapoints, wantExt)
	}

	// No data: an empty list, not nil.
	out, err = svc.GetMetricStatistics(context.Background(), testAccount, GetMetricStatisticsInput{
		Namespace: "App", MetricName: "Nothing", StartTime: base, EndTime: base + 60_000, Period: 60, Statistics: []string{"Sum"},
	})
	if err != nil || out.Datapoints == nil || len(out.Datapoints) != 0 || out.Label != "Nothing" {
		t.Fatalf("no data: %+v, %v", out, err)
	}
}

// TestGetMetricStatisticsBruteForce compares every simple statistic and a
// percentile with a computation over the raw samples.
func TestGetMetricStatisticsBruteForce(t *testing.T) {
	svc := newTestService(newFakeStore())
	rng := rand.New(rand.NewPCG(7, 9))
	base := nowMs() - 6*3600_000
	type sample struct {
		t int64
		v float64
	}
	var all []sample
	var data []Datum
	for range 600 {
		s := sample{t: base + rng.Int64N(6*3600_000), v: float64(rng.IntN(10_000)) / 100}
		all = append(all, s)
		data = append(data, Datum{Stamped: true, MetricDatum: model.MetricDatum{MetricName: "Random", Value: ptr(s.v), Timestamp: s.t, StorageResolution: 1}})
	}
	if err := svc.PutMetricData(context.Background(), testAccount, PutMetricDataInput{Namespace: "Brute", MetricData: data}); err != nil {
		t.Fatal(err)
	}
	for _, period := range []int64{60, 300, 3600} {
		out, err := svc.GetMetricStatistics(context.Background(), testAccount, GetMetricStatisticsInput{
			Namespace: "Brute", MetricName: "Random", StartTime: base, EndTime: base + 6*3600_000, Period: period,
			Statistics: []string{"SampleCount", "Sum", "Minimum", "Maximum", "Average"},
		})
		if err != nil {
			t.Fatal(err)
		}
		var total float64
		for _, dp := range out.Datapoints {
			var n, sum float64
			lo, hi := 1e300, -1e300
			for _, s := range all {
				start := s.t / 1000 * 1000
				if start >= dp.Timestamp && start < dp.Timestamp+period*1000 {
					n++
					sum += s.v
					lo, hi = min(lo, s.v), max(hi, s.v)
				}
			}
			if *dp.SampleCount != n || !near(*dp.Sum, sum) || *dp.Minimum != lo || *dp.Maximum != hi || !near(*dp.Average, sum/n) {
				t.Fatalf("period %d at %d: %+v, want n=%v sum=%v min=%v max=%v", period, dp.Timestamp, dp, n, sum, lo, hi)
			}
			total += n
		}
		if total != float64(len(all)) {
			t.Fatalf("period %d: datapoints hold %v samples, want %d", period, total, len(all))
		}
	}
}

func near(a, b float64) bool { return a == b || (a-b)*(a-b) < 1e-18*(a*a+b*b) }

func TestGetMetricStatisticsValidation(t *testing.T) {
	now := nowMs()
	valid := func() GetMetricStatisticsInput {
		return GetMetricStatisticsInput{Namespace: "App", MetricName: "M", StartTime: now - 3600_000, EndTime: now, Period: 60, Statistics: []string{"Sum"}}
	}
	tests := []struct {
		name   string
		mutate func(in *GetMetricStatisticsInput)
		kind   error
		msg    string
	}{
		{"no namespace", func(in *GetMetricStatisticsInput) { in.Namespace = "" }, model.ErrMissingParameter, "The parameter Namespace is required."},
		{"no metric name", func(in *GetMetricStatisticsInput) { in.MetricName = "" }, model.ErrMissingParameter, "The parameter MetricName is required."},
		{"no start", func(in *GetMetricStatisticsInput) { in.StartTime = 0 }, model.ErrMissingParameter, "The parameter StartTime is required."},
		{"no period", func(in *GetMetricStatisticsInput) { in.Period = 0 }, model.ErrMissingParameter, "The parameter Period is required."},
		{"start after end", func(in *GetMetricStatisticsInput) { in.StartTime = in.EndTime }, model.ErrInvalidParameter, "The parameter StartTime must be less than the parameter EndTime."},
		{"period 45", func(in *GetMetricStatisticsInput) { in.Period = 45 }, model.ErrInvalidParameter, "The parameter Period must be 1, 5, 10, 20, 30 or a multiple of 60, not 45."},
		{"period 90", func(in *GetMetricStatisticsInput) { in.Period = 90 }, model.ErrInvalidParameter, "not 90"},
		{"too many datapoints", func(in *GetMetricStatisticsInput) { in.Period = 1 }, model.ErrInvalidParameterCombination,
			"You have requested up to 3,600 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range."},
		{"both statistics", func(in *GetMetricStatisticsInput) { in.ExtendedStatistics = []string{"p99"} }, model.ErrInvalidParameterCombination,
			"The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both."},
		{"no statistics", func(in *GetMetricStatisticsInput) { in.Statistics = nil }, model.ErrMissingParameter, "One of the parameters Statistics and ExtendedStatistics must be specified."},
		{"six statistics", func(in *GetMetricStatisticsInput) {
			in.Statistics = []string{"Sum", "Sum", "Sum", "Sum", "Sum", "Sum"}
		}, model.ErrInvalidParameter, "The collection Statistics must not have a size greater than 5."},
		{"unknown statistic", func(in *GetMetricStatisticsInput) { in.Statistics = []string{"Sum", "Median"} }, model.ErrInvalidParameter,
			"The parameter Statistics.member.2 must be a value in the set [ SampleCount, Average, Sum, Minimum, Maximum ]."},
		{"percentile as statistic", func(in *GetMetricStatisticsInput) { in.Statistics = []string{"p99"} }, model.ErrInvalidParameter, "Statistics.member.1 must be a value in the set"},
		{"bad percentile", func(in *GetMetricStatisticsInput) {
			in.Statistics, in.ExtendedStatistics = nil, []string{"p101"}
		}, model.ErrInvalidParameter, "The value p101 for parameter ExtendedStatistics.member.1 is not a valid extended statistic."},
		{"simple as extended", func(in *GetMetricStatisticsInput) {
			in.Statistics, in.ExtendedStatistics = nil, []string{"Sum"}
		}, model.ErrInvalidParameter, "ExtendedStatistics.member.1 is not a valid extended statistic"},
		{"eleven extended", func(in *GetMetricStatisticsInput) {
			in.Statistics = nil
			for range 11 {
				in.ExtendedStatistics = append(in.ExtendedStatistics, "p50")
			}
		}, model.ErrInvalidParameter, "ExtendedStatistics must not have a size greater than 10"},
		{"bad unit", func(in *GetMetricStatisticsInput) { in.Unit = "Kilograms" }, model.ErrInvalidParameter, "for parameter Unit is not a valid unit"},
		{"31 dimensions", func(in *GetMetricStatisticsInput) {
			for i := range 31 {
				in.Dimensions = append(in.Dimensions, model.Dimension{Name: string(rune('a'+i%26)) + string(rune('a'+i/26)), Value: "v"})
			}
		}, model.ErrInvalidParameter, "The collection Dimensions must not have a size greater than 30."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := newFakeStore()
			in := valid()
			tc.mutate(&in)
			_, err := newTestService(store).GetMetricStatistics(context.Background(), testAccount, in)
			wantErr(t, tc.name, err, tc.kind, tc.msg)
			if !kindIs(err, tc.kind) {
				t.Fatalf("kind of %v is not exactly %v", err, tc.kind)
			}
			if store.queries != 0 {
				t.Fatalf("an invalid request reached the store")
			}
		})
	}
	// 1,440 datapoints exactly is fine.
	in := valid()
	in.StartTime, in.EndTime = now-1440*60_000, now
	if _, err := newTestService(newFakeStore()).GetMetricStatistics(context.Background(), testAccount, in); err != nil {
		t.Fatalf("1,440 datapoints: %v", err)
	}
}

func TestAlignStart(t *testing.T) {
	now := nowMs()
	tests := []struct {
		start, period, want int64
	}{
		{now - 3600_000 + 34_567, 60, now - 3600_000},
		{now - 3600_000 + 34_567, 3600, now - 3600_000},
		{now - 3600_000 + 34_567, 10, now - 3600_000 + 30_000},
		{now - 3600_000 + 34_567, 1, now - 3600_000 + 34_000},
		{now - 16*dayMs + 7*60_000 + 5, 60, now - 16*dayMs + 5*60_000},
		{now - 64*dayMs + 59*60_000, 300, now - 64*dayMs},
	}
	for _, tc := range tests {
		if got := alignStart(tc.start, now, tc.period); got != tc.want {
			t.Errorf("alignStart(now%+d, %d) = now%+d, want now%+d", tc.start-now, tc.period, got-now, tc.want-now)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{1: "1", 999: "999", 1000: "1,000", 43260: "43,260", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
