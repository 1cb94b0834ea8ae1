package metricmath

import (
	"fmt"
	"testing"
)

// benchEnv holds n metric series of points one-minute points each.
func benchEnv(n, points int) Env {
	env := Env{Results: make([]Result, n)}
	for i := range env.Results {
		s := Series{Label: fmt.Sprintf("series %d", i), Timestamps: make([]int64, points), Values: make([]float64, points)}
		for j := range points {
			s.Timestamps[j] = t0 + int64(j)*step
			s.Values[j] = float64((i*31 + j*17) % 1000)
		}
		env.Results[i] = Result{ID: fmt.Sprintf("m%d", i), Metric: true, Period: step, Series: []Series{s}}
	}
	return env
}

var benchSink Result

func benchmarkEval(b *testing.B, src string, n, points int) {
	env := benchEnv(n, points)
	e, err := Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	opts := testOpts(points)
	b.ReportAllocs()
	b.SetBytes(int64(n * points * 16))
	for b.Loop() {
		benchSink, err = Eval(e, env, opts)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSumMetrics is a day of one-minute points from 500 metrics.
func BenchmarkSumMetrics(b *testing.B) { benchmarkEval(b, "SUM(METRICS())", 500, 1440) }

func BenchmarkAvgOfFilledMetrics(b *testing.B) {
	benchmarkEval(b, "AVG(FILL(METRICS(), 0))", 500, 1440)
}

func BenchmarkArithmetic(b *testing.B) {
	benchmarkEval(b, "(m0 + m1) / m2 * 100", 3, 1440)
}

func BenchmarkParse(b *testing.B) {
	src := `IF(FIRST(SORT(SEARCH('{AWS/EC2,InstanceId} MetricName="CPUUtilization"', 'Average', 300), AVG, DESC)) > 100, 1, 0) + FILL(m1, LINEAR)`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

var matchSink bool

func BenchmarkSearchMatches(b *testing.B) {
	q, err := ParseSearch(`{AWS/EC2,InstanceId} MetricName="CPUUtilization" OR (network packets AND NOT i-0abc)`)
	if err != nil {
		b.Fatal(err)
	}
	dims := map[string]string{"InstanceId": "i-0123456789abcdef0"}
	b.ReportAllocs()
	for b.Loop() {
		matchSink = q.Matches("AWS/EC2", "NetworkPacketsIn", dims)
	}
}
