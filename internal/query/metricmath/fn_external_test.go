package metricmath

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// fakeSearch records its calls and returns two series.
type fakeSearch struct {
	calls []string
	err   error
	out   []Series
}

func (f *fakeSearch) run(query, stat string, period int) ([]Series, error) {
	f.calls = append(f.calls, fmt.Sprintf("%s|%s|%d", query, stat, period))
	return f.out, f.err
}

func TestSearch(t *testing.T) {
	fs := &fakeSearch{out: []Series{ser("i-1", 1, 2), ser("i-2", 3, na)}}
	env := Env{Search: fs.run}
	runCases(t, env, testOpts(2), 2, []evalCase{
		{expr: `SEARCH('{AWS/EC2,InstanceId} MetricName="CPUUtilization"', 'Average', 300)`, array: true, want: [][]float64{{1, 2}, {3, na}}, labels: []string{"i-1", "i-2"}},
		{expr: `SUM(SEARCH(' {AWS/Lambda, FunctionName} MetricName="Errors" ', 'Sum'))`, want: one(4, 2)},
		{expr: `SEARCH('cpu', "p99", 60 * 5) / 2`, array: true, want: [][]float64{{0.5, 1}, {1.5, na}}},
	})
	want := []string{
		`{AWS/EC2,InstanceId} MetricName="CPUUtilization"|Average|300`,
		` {AWS/Lambda, FunctionName} MetricName="Errors" |Sum|60`,
		`cpu|p99|300`,
	}
	if strings.Join(fs.calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(fs.calls, "\n"), strings.Join(want, "\n"))
	}
	// An array of one is still an array when another expression names it.
	res, err := evalString(t, "SEARCH('x', 'Sum')", Env{Search: (&fakeSearch{out: []Series{ser("only", 5, 6)}}).run}, testOpts(2))
	if err != nil || !res.Array {
		t.Fatalf("SEARCH of one series: %+v, %v", res, err)
	}
	res.ID = "e1"
	runCases(t, Env{Results: []Result{res}}, Options{ID: "e2", Period: step, Start: t0, End: t0 + 2*step}, 2, []evalCase{
		{expr: "SUM(e1)", want: one(5, 6)},
	})
}

func TestSearchErrors(t *testing.T) {
	limit := model.Errorf(model.ErrLimitExceeded, "too many series")
	tests := []struct {
		expr string
		env  Env
		opts Options
		kind error
		msg  string
	}{
		{"SEARCH('x', 'Sum')", Env{}, testOpts(1), model.ErrInvalidParameter, "SEARCH cannot be used here"},
		{"SEARCH('x', 'Sum', 0)", Env{Search: (&fakeSearch{}).run}, testOpts(1), model.ErrInvalidParameter, "the period of SEARCH must be a whole number of seconds, not 0"},
		{"SEARCH('x', 'Sum', 1.5)", Env{Search: (&fakeSearch{}).run}, testOpts(1), model.ErrInvalidParameter, "not 1.5"},
		{"SEARCH('x', 'Sum', 1e12)", Env{Search: (&fakeSearch{}).run}, testOpts(1), model.ErrInvalidParameter, "not 1e+12"},
		{"SEARCH('x', '')", Env{Search: (&fakeSearch{}).run}, testOpts(1), model.ErrInvalidParameter, "the statistic of SEARCH is empty"},
		{"SEARCH('x', 'Sum')", Env{Search: (&fakeSearch{}).run}, Options{ID: "e1"}, model.ErrInvalidParameter, "SEARCH needs a period"},
		{"SEARCH('x', 'Sum')", Env{Search: (&fakeSearch{err: limit}).run}, testOpts(1), model.ErrLimitExceeded, "cannot run SEARCH('x', 'Sum'): too many series"},
		{"SEARCH('x', 'Sum')", Env{Search: (&fakeSearch{out: []Series{{Timestamps: []int64{1}}}}).run}, testOpts(1), model.ErrInternal, "cannot read the results of SEARCH"},
	}
	for _, tt := range tests {
		_, err := evalString(t, tt.expr, tt.env, tt.opts)
		if err == nil || !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: error %v, want %v containing %q", tt.expr, err, tt.kind, tt.msg)
		}
	}
}

// shiftBand is a fake anomaly model: the band is the series shifted by
// the number of standard deviations.
func shiftBand(s Series, n float64) (lower, upper Series, err error) {
	lower = mapSeries(s, func(_ int64, v float64) float64 { return v - n })
	upper = mapSeries(s, func(_ int64, v float64) float64 { return v + n })
	lower.Label, upper.Label = "", ""
	return lower, upper, nil
}

func TestAnomalyDetectionBand(t *testing.T) {
	env := Env{Results: []Result{metric("m1", 10, na, 30)}, Band: shiftBand}
	runCases(t, env, testOpts(3), 3, []evalCase{
		{expr: "ANOMALY_DETECTION_BAND(m1)", array: true, want: [][]float64{{12, na, 32}, {8, na, 28}}, labels: []string{"m1 label (upper band)", "m1 label (lower band)"}},
		{expr: "LAST(ANOMALY_DETECTION_BAND(m1, 3))", want: one(7, na, 27)},
		{expr: "FIRST(ANOMALY_DETECTION_BAND(m1 * 2, 0.5))", want: one(20.5, na, 60.5)},
		{expr: "m1 > FIRST(ANOMALY_DETECTION_BAND(m1))", want: one(0, na, 0)},
	})
	named := Env{Results: env.Results, Band: func(s Series, n float64) (Series, Series, error) {
		l, u, _ := shiftBand(s, n)
		l.Label, u.Label = "low", "high"
		return l, u, nil
	}}
	runCases(t, named, testOpts(3), 3, []evalCase{
		{expr: "ANOMALY_DETECTION_BAND(m1)", array: true, want: [][]float64{{12, na, 32}, {8, na, 28}}, labels: []string{"high", "low"}},
	})
	failing := Env{Results: env.Results, Band: func(Series, float64) (Series, Series, error) {
		return Series{}, Series{}, model.Errorf(model.ErrNotFound, "no model for m1")
	}}
	broken := Env{Results: env.Results, Band: func(Series, float64) (Series, Series, error) {
		return Series{Timestamps: []int64{1}}, Series{}, nil
	}}
	tests := []struct {
		expr string
		env  Env
		kind error
		msg  string
	}{
		{"ANOMALY_DETECTION_BAND(m1)", Env{Results: env.Results}, model.ErrInvalidParameter, "ANOMALY_DETECTION_BAND needs an anomaly detection model"},
		{"ANOMALY_DETECTION_BAND(METRICS())", env, model.ErrInvalidParameter, "expects a single time series, not an array"},
		{"ANOMALY_DETECTION_BAND(m1, 0)", env, model.ErrInvalidParameter, "must be a number above 0, not 0"},
		{"ANOMALY_DETECTION_BAND(m1, m1)", env, model.ErrInvalidParameter, "must be a number above 0, not a time series"},
		{"ANOMALY_DETECTION_BAND(m1)", failing, model.ErrNotFound, "cannot compute ANOMALY_DETECTION_BAND(m1): no model for m1"},
		{"ANOMALY_DETECTION_BAND(m1)", broken, model.ErrInternal, "cannot read the anomaly detection band"},
	}
	for _, tt := range tests {
		_, err := evalString(t, tt.expr, tt.env, testOpts(3))
		if err == nil || !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: error %v, want %v containing %q", tt.expr, err, tt.kind, tt.msg)
		}
	}
}
