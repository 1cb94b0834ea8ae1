package sdk

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// wireSpy records the framing of each request the client sends.
type wireSpy struct {
	mu   sync.Mutex
	seen []http.Header
	next http.RoundTripper
}

func (s *wireSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.seen = append(s.seen, r.Header.Clone())
	s.mu.Unlock()
	return s.next.RoundTrip(r)
}

func (s *wireSpy) last() http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[len(s.seen)-1]
}

// metricsClient is an unchanged aws-sdk-go-v2 CloudWatch client pointed at
// the server, with a spy on its requests.
func metricsClient(url string) (*cloudwatch.Client, *wireSpy) {
	spy := &wireSpy{next: http.DefaultTransport}
	return cloudwatch.New(cloudwatch.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(testKeyID, testSecret, ""),
		HTTPClient:       &http.Client{Transport: spy},
		RetryMaxAttempts: 1,
	}), spy
}

func dim(name, value string) types.Dimension {
	return types.Dimension{Name: aws.String(name), Value: aws.String(value)}
}

// putValues puts one value a minute (value f(i) at base + i minutes).
func putValues(t *testing.T, c *cloudwatch.Client, ns, name string, dims []types.Dimension, base time.Time, n int, f func(i int) float64) {
	t.Helper()
	in := &cloudwatch.PutMetricDataInput{Namespace: aws.String(ns)}
	for i := range n {
		in.MetricData = append(in.MetricData, types.MetricDatum{
			MetricName: aws.String(name), Dimensions: dims, Timestamp: aws.Time(base.Add(time.Duration(i) * time.Minute)),
			Value: aws.Float64(f(i)), Unit: types.StandardUnitCount,
		})
	}
	if _, err := c.PutMetricData(context.Background(), in); err != nil {
		t.Fatalf("PutMetricData %s: %v", name, err)
	}
}

// points turns a result into (minutes after base, value) pairs.
func points(base time.Time, r types.MetricDataResult) [][2]float64 {
	var out [][2]float64
	for i, ts := range r.Timestamps {
		out = append(out, [2]float64{ts.Sub(base).Minutes(), r.Values[i]})
	}
	return out
}

func TestMetricsSDK(t *testing.T) {
	s := startServer(t, t.TempDir())
	c, spy := metricsClient(s.URL)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Minute)
	base := now.Add(-30 * time.Minute)

	// The client speaks RPC v2 CBOR.
	putValues(t, c, "App", "Requests", []types.Dimension{dim("Host", "web-1")}, base, 10, func(i int) float64 { return float64(100 + 10*i) })
	if h := spy.last(); h.Get("Smithy-Protocol") != "rpc-v2-cbor" || h.Get("Content-Type") != "application/cbor" {
		t.Fatalf("the client did not send RPC v2 CBOR: %v", h)
	}
	putValues(t, c, "App", "Requests", []types.Dimension{dim("Host", "web-2")}, base, 10, func(int) float64 { return 50 })
	putValues(t, c, "App", "Errors", []types.Dimension{dim("Host", "web-1")}, base, 10, func(i int) float64 { return float64(i % 3) })

	// A distribution (Values with Counts), a statistic set and
	// high-resolution points.
	var values, counts []float64
	var raw []float64
	for v := 1; v <= 100; v++ {
		values = append(values, float64(v))
		counts = append(counts, float64(1+v%2))
		for range 1 + v%2 {
			raw = append(raw, float64(v))
		}
	}
	_, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{
		{MetricName: aws.String("Latency"), Timestamp: aws.Time(base), Values: values, Counts: counts, Unit: types.StandardUnitMilliseconds},
		{MetricName: aws.String("Payload"), Timestamp: aws.Time(base), Unit: types.StandardUnitBytes,
			StatisticValues: &types.StatisticSet{SampleCount: aws.Float64(4), Sum: aws.Float64(1000), Minimum: aws.Float64(100), Maximum: aws.Float64(400)}},
	}})
	if err != nil {
		t.Fatalf("PutMetricData distribution: %v", err)
	}
	hr := &cloudwatch.PutMetricDataInput{Namespace: aws.String("App")}
	for sec := range 30 {
		hr.MetricData = append(hr.MetricData, types.MetricDatum{MetricName: aws.String("Tick"), Timestamp: aws.Time(base.Add(time.Duration(sec) * time.Second)),
			Value: aws.Float64(float64(sec)), StorageResolution: aws.Int32(1)})
	}
	if _, err := c.PutMetricData(ctx, hr); err != nil {
		t.Fatalf("PutMetricData high resolution: %v", err)
	}

	// 1000 metrics in one call: the client compresses the body.
	bulk := &cloudwatch.PutMetricDataInput{Namespace: aws.String("Bulk")}
	for i := range 1000 {
		bulk.MetricData = append(bulk.MetricData, types.MetricDatum{MetricName: aws.String(fmt.Sprintf("m%04d", i)),
			Dimensions: []types.Dimension{dim("Shard", fmt.Sprint(i%7))}, Value: aws.Float64(float64(i))})
	}
	if _, err := c.PutMetricData(ctx, bulk); err != nil {
		t.Fatalf("bulk PutMetricData: %v", err)
	}
	if spy.last().Get("Content-Encoding") != "gzip" {
		t.Fatalf("a large PutMetricData went uncompressed: %v", spy.last())
	}

	t.Run("GetMetricStatistics", func(t *testing.T) {
		out, err := c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: aws.String("App"), MetricName: aws.String("Latency"), StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Minute)),
			Period: aws.Int32(60), Statistics: []types.Statistic{types.StatisticSampleCount, types.StatisticSum, types.StatisticAverage, types.StatisticMinimum, types.StatisticMaximum},
		})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, v := range raw {
			sum += v
		}
		if aws.ToString(out.Label) != "Latency" || len(out.Datapoints) != 1 {
			t.Fatalf("got %+v", out)
		}
		dp := out.Datapoints[0]
		if *dp.SampleCount != float64(len(raw)) || *dp.Sum != sum || *dp.Average != sum/float64(len(raw)) || *dp.Minimum != 1 || *dp.Maximum != 100 ||
			dp.Unit != types.StandardUnitMilliseconds || !dp.Timestamp.Equal(base) {
			t.Fatalf("datapoint %+v", dp)
		}
		out, err = c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: aws.String("App"), MetricName: aws.String("Latency"), StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Minute)),
			Period: aws.Int32(60), ExtendedStatistics: []string{"p99", "p50", "p99.9"},
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Float64s(raw)
		for _, p := range []struct {
			name string
			q    float64
		}{{"p99", 99}, {"p50", 50}, {"p99.9", 99.9}} {
			want := raw[int(math.Ceil(p.q/100*float64(len(raw))))-1]
			got, ok := out.Datapoints[0].ExtendedStatistics[p.name]
			if !ok || math.Abs(got-want) > 0.0101*want {
				t.Fatalf("%s = %v (%v), want %v within 1%%", p.name, got, ok, want)
			}
		}
		// A statistic set.
		out, err = c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: aws.String("App"), MetricName: aws.String("Payload"), StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Minute)),
			Period: aws.Int32(300), Statistics: []types.Statistic{types.StatisticAverage, types.StatisticMaximum}, Unit: types.StandardUnitBytes,
		})
		if err != nil || len(out.Datapoints) != 1 || *out.Datapoints[0].Average != 250 || *out.Datapoints[0].Maximum != 400 || out.Datapoints[0].Sum != nil {
			t.Fatalf("statistic set: %+v %v", out, err)
		}
		// High resolution at 10 seconds.
		out, err = c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
			Namespace: aws.String("App"), MetricName: aws.String("Tick"), StartTime: aws.Time(base), EndTime: aws.Time(base.Add(30 * time.Second)),
			Period: aws.Int32(10), Statistics: []types.Statistic{types.StatisticSum, types.StatisticSampleCount},
		})
		if err != nil || len(out.Datapoints) != 3 {
			t.Fatalf("high resolution: %+v %v", out, err)
		}
		for i, dp := range out.Datapoints {
			first := float64(10 * i)
			if !dp.Timestamp.Equal(base.Add(time.Duration(10*i)*time.Second)) || *dp.SampleCount != 10 || *dp.Sum != 10*first+45 {
				t.Fatalf("high resolution datapoint %d: %+v", i, dp)
			}
		}
	})

	t.Run("GetMetricData", func(t *testing.T) {
		stat := func(name, host, st string) *types.MetricStat {
			return &types.MetricStat{Metric: &types.Metric{Namespace: aws.String("App"), MetricName: aws.String(name), Dimensions: []types.Dimension{dim("Host", host)}},
				Period: aws.Int32(60), Stat: aws.String(st)}
		}
		out, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(base), EndTime: aws.Time(base.Add(10 * time.Minute)), ScanBy: types.ScanByTimestampAscending,
			MetricDataQueries: []types.MetricDataQuery{
				{Id: aws.String("m1"), MetricStat: stat("Errors", "web-1", "Sum"), ReturnData: aws.Bool(false)},
				{Id: aws.String("m2"), MetricStat: stat("Requests", "web-1", "Sum"), Label: aws.String("web-1 requests")},
				{Id: aws.String("e1"), Expression: aws.String("m1/m2*100"), Label: aws.String("Error %")},
				{Id: aws.String("e2"), Expression: aws.String("SUM(METRICS())")},
				{Id: aws.String("e3"), Expression: aws.String("RATE(m2)")},
				{Id: aws.String("e4"), Expression: aws.String("FILL(m1, 0)"), Period: aws.Int32(60)},
				{Id: aws.String("e5"), Expression: aws.String(`SEARCH('{App,Host} MetricName="Requests"', 'Sum', 60)`)},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][][2]float64{}
		var labels []string
		for _, r := range out.MetricDataResults {
			if r.StatusCode != types.StatusCodeComplete {
				t.Fatalf("%s: status %s", aws.ToString(r.Id), r.StatusCode)
			}
			key := aws.ToString(r.Id) + "/" + aws.ToString(r.Label)
			labels = append(labels, key)
			got[key] = points(base, r)
		}
		wantLabels := []string{"m2/web-1 requests", "e1/Error %", "e2/e2", "e3/e3", "e4/e4", "e5/web-1", "e5/web-2"}
		if !reflect.DeepEqual(labels, wantLabels) {
			t.Fatalf("results %v, want %v", labels, wantLabels)
		}
		for i := range 10 {
			req, errs := float64(100+10*i), float64(i%3)
			check := func(key string, want float64) {
				t.Helper()
				p := got[key]
				if len(p) <= i || p[i][0] != float64(i) || math.Abs(p[i][1]-want) > 1e-9 {
					t.Fatalf("%s at minute %d: %v, want %v", key, i, p, want)
				}
			}
			check("m2/web-1 requests", req)
			check("e1/Error %", errs/req*100)
			check("e2/e2", req+errs)
			check("e4/e4", errs)
			check("e5/web-1", req)
			check("e5/web-2", 50)
			if i > 0 {
				// RATE starts at the second point.
				if p := got["e3/e3"][i-1]; p[0] != float64(i) || math.Abs(p[1]-10.0/60) > 1e-12 {
					t.Fatalf("RATE at minute %d: %v", i, p)
				}
			}
		}

		// Pages of 7 datapoints, merged by id, equal the whole answer,
		// newest first by default.
		in := &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(base), EndTime: aws.Time(base.Add(10 * time.Minute)), MaxDatapoints: aws.Int32(7),
			MetricDataQueries: []types.MetricDataQuery{
				{Id: aws.String("a"), MetricStat: stat("Requests", "web-1", "Sum")},
				{Id: aws.String("b"), MetricStat: stat("Requests", "web-2", "Average")},
			},
		}
		merged := map[string][]time.Time{}
		pages := 0
		for p := cloudwatch.NewGetMetricDataPaginator(c, in); p.HasMorePages(); {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, r := range page.MetricDataResults {
				merged[aws.ToString(r.Id)] = append(merged[aws.ToString(r.Id)], r.Timestamps...)
			}
		}
		if pages != 3 || len(merged["a"]) != 10 || len(merged["b"]) != 10 {
			t.Fatalf("%d pages: %v", pages, merged)
		}
		for id, ts := range merged {
			if !slices.IsSortedFunc(ts, func(x, y time.Time) int { return y.Compare(x) }) || !ts[0].Equal(base.Add(9*time.Minute)) {
				t.Fatalf("%s: timestamps %v are not newest first", id, ts)
			}
		}
	})

	t.Run("ListMetrics", func(t *testing.T) {
		list := func(in *cloudwatch.ListMetricsInput) []string {
			t.Helper()
			var out []string
			for p := cloudwatch.NewListMetricsPaginator(c, in); p.HasMorePages(); {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range page.Metrics {
					var ds []string
					for _, d := range m.Dimensions {
						ds = append(ds, aws.ToString(d.Name)+"="+aws.ToString(d.Value))
					}
					out = append(out, aws.ToString(m.Namespace)+"/"+aws.ToString(m.MetricName)+"{"+strings.Join(ds, ",")+"}")
				}
			}
			sort.Strings(out)
			return out
		}
		if got, want := list(&cloudwatch.ListMetricsInput{Namespace: aws.String("App")}),
			[]string{"App/Errors{Host=web-1}", "App/Latency{}", "App/Payload{}", "App/Requests{Host=web-1}", "App/Requests{Host=web-2}", "App/Tick{}"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("namespace App: %v, want %v", got, want)
		}
		if got := list(&cloudwatch.ListMetricsInput{MetricName: aws.String("Requests"), Dimensions: []types.DimensionFilter{{Name: aws.String("Host"), Value: aws.String("web-2")}}}); !reflect.DeepEqual(got, []string{"App/Requests{Host=web-2}"}) {
			t.Fatalf("name=value filter: %v", got)
		}
		if got := list(&cloudwatch.ListMetricsInput{Dimensions: []types.DimensionFilter{{Name: aws.String("Host")}}, RecentlyActive: types.RecentlyActivePt3h}); len(got) != 3 {
			t.Fatalf("name-only filter: %v", got)
		}
		// 1000 metrics come in pages of 500.
		first, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Namespace: aws.String("Bulk")})
		if err != nil {
			t.Fatalf("first page: %v", err)
		}
		if len(first.Metrics) != 500 || first.NextToken == nil || len(first.OwningAccounts) != 0 {
			t.Fatalf("first page: %d metrics, token %v", len(first.Metrics), first.NextToken)
		}
		if got := list(&cloudwatch.ListMetricsInput{Namespace: aws.String("Bulk")}); len(got) != 1000 {
			t.Fatalf("Bulk: %d metrics", len(got))
		}
		if got := list(&cloudwatch.ListMetricsInput{Namespace: aws.String("Bulk"), Dimensions: []types.DimensionFilter{{Name: aws.String("Shard"), Value: aws.String("3")}}}); len(got) != 143 {
			t.Fatalf("Bulk shard 3: %d metrics", len(got))
		}
	})

	t.Run("errors", func(t *testing.T) {
		var ipv *types.InvalidParameterValueException
		var combo *types.InvalidParameterCombinationException
		var missing *types.MissingRequiredParameterException
		var badToken *types.InvalidNextToken
		one := []types.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1)}}

		_, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/EC2"), MetricData: one})
		if !errors.As(err, &ipv) || ipv.ErrorCode() != "InvalidParameterValue" || !strings.Contains(ipv.ErrorMessage(), "Namespace") {
			t.Fatalf("AWS/ namespace: %T %v", err, err)
		}
		var dims []types.Dimension
		for i := range 31 {
			dims = append(dims, dim(fmt.Sprint("d", i), "v"))
		}
		_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1), Dimensions: dims}}})
		if !errors.As(err, &ipv) || ipv.ErrorMessage() != "The collection MetricData.member.1.Dimensions must not have a size greater than 30." {
			t.Fatalf("31 dimensions: %T %v", err, err)
		}
		_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1),
			StatisticValues: &types.StatisticSet{SampleCount: aws.Float64(1), Sum: aws.Float64(1), Minimum: aws.Float64(1), Maximum: aws.Float64(1)}}}})
		if !errors.As(err, &combo) || combo.ErrorCode() != "InvalidParameterCombination" {
			t.Fatalf("Value with StatisticValues: %T %v", err, err)
		}
		_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(math.NaN())}}})
		if !errors.As(err, &ipv) || !strings.Contains(ipv.ErrorMessage(), "NaN") {
			t.Fatalf("NaN: %T %v", err, err)
		}
		_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1), Timestamp: aws.Time(now.Add(-15 * 24 * time.Hour))}}})
		if !errors.As(err, &ipv) || !strings.Contains(ipv.ErrorMessage(), "within the past two weeks") {
			t.Fatalf("old timestamp: %T %v", err, err)
		}

		stats := func(period int32, start time.Time) *cloudwatch.GetMetricStatisticsInput {
			return &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("App"), MetricName: aws.String("Requests"),
				StartTime: aws.Time(start), EndTime: aws.Time(now), Period: aws.Int32(period), Statistics: []types.Statistic{types.StatisticSum}}
		}
		_, err = c.GetMetricStatistics(ctx, stats(45, base))
		if !errors.As(err, &ipv) || !strings.Contains(ipv.ErrorMessage(), "Period") {
			t.Fatalf("period 45: %T %v", err, err)
		}
		_, err = c.GetMetricStatistics(ctx, stats(1, base))
		if !errors.As(err, &combo) || !strings.Contains(combo.ErrorMessage(), "You have requested up to 1,800 datapoints, which exceeds the limit of 1,440.") {
			t.Fatalf("too many datapoints: %T %v", err, err)
		}
		noStats := stats(60, base)
		noStats.Statistics = nil
		_, err = c.GetMetricStatistics(ctx, noStats)
		if !errors.As(err, &missing) || missing.ErrorCode() != "MissingParameter" {
			t.Fatalf("no statistics: %T %v", err, err)
		}

		gmd := func(q types.MetricDataQuery, token *string) error {
			_, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base), EndTime: aws.Time(now), NextToken: token,
				MetricDataQueries: []types.MetricDataQuery{
					{Id: aws.String("m1"), MetricStat: &types.MetricStat{Metric: &types.Metric{Namespace: aws.String("App"), MetricName: aws.String("Requests")}, Period: aws.Int32(60), Stat: aws.String("Sum")}},
					q,
				}})
			return err
		}
		err = gmd(types.MetricDataQuery{Id: aws.String("e1"), Expression: aws.String("m1 * (2 +")}, nil)
		if !errors.As(err, &ipv) || !strings.HasPrefix(ipv.ErrorMessage(), "Error in expression e1: Syntax error") {
			t.Fatalf("malformed expression: %T %v", err, err)
		}
		err = gmd(types.MetricDataQuery{Id: aws.String("e1"), Expression: aws.String("NOPE(m1)")}, nil)
		if !errors.As(err, &ipv) || !strings.Contains(ipv.ErrorMessage(), "Unrecognized function: NOPE") {
			t.Fatalf("unknown function: %T %v", err, err)
		}
		err = gmd(types.MetricDataQuery{Id: aws.String("e1"), Expression: aws.String("m1 + m7")}, nil)
		wantCode(t, err, "ValidationError")
		err = gmd(types.MetricDataQuery{Id: aws.String("E1"), Expression: aws.String("m1")}, nil)
		wantCode(t, err, "ValidationError")
		err = gmd(types.MetricDataQuery{Id: aws.String("e1"), Expression: aws.String("m1")}, aws.String("not-a-token"))
		if !errors.As(err, &badToken) {
			t.Fatalf("bad token: %T %v", err, err)
		}
		_, err = c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{NextToken: aws.String("???")})
		if !errors.As(err, &ipv) {
			t.Fatalf("bad ListMetrics token: %T %v", err, err)
		}
	})
}

// TestMetricsSurviveRestart checks that acknowledged datapoints are read
// back after the server stops and starts again on the same data.
func TestMetricsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	c, _ := metricsClient(s.URL)
	now := time.Now().UTC().Truncate(time.Minute)
	putValues(t, c, "Durable", "Count", nil, now.Add(-10*time.Minute), 10, func(i int) float64 { return float64(i) })
	s.Stop()

	s = startServer(t, dir)
	c, _ = metricsClient(s.URL)
	out, err := c.GetMetricStatistics(context.Background(), &cloudwatch.GetMetricStatisticsInput{
		Namespace: aws.String("Durable"), MetricName: aws.String("Count"), StartTime: aws.Time(now.Add(-10 * time.Minute)), EndTime: aws.Time(now),
		Period: aws.Int32(600), Statistics: []types.Statistic{types.StatisticSum, types.StatisticSampleCount},
	})
	if err != nil || len(out.Datapoints) != 1 || *out.Datapoints[0].Sum != 45 || *out.Datapoints[0].SampleCount != 10 {
		t.Fatalf("after restart: %+v %v", out, err)
	}
}
