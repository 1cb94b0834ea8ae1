package metricstore

import (
	"errors"
	"math"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestParseStatistic(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		in   string
		want Statistic
	}{
		{"SampleCount", Statistic{Kind: StatSampleCount}},
		{"Sum", Statistic{Kind: StatSum}},
		{"Average", Statistic{Kind: StatAverage}},
		{"Minimum", Statistic{Kind: StatMinimum}},
		{"Maximum", Statistic{Kind: StatMaximum}},
		{"p99", Statistic{Kind: StatPercentile, P: 99}},
		{"p99.9", Statistic{Kind: StatPercentile, P: 99.9}},
		{"p0", Statistic{Kind: StatPercentile, P: 0}},
		{"p100", Statistic{Kind: StatPercentile, P: 100}},
		{"IQM", Statistic{Kind: StatTrimmedMean, Lo: 25, Hi: 75, Percent: true}},
		{"tm90", Statistic{Kind: StatTrimmedMean, Lo: 0, Hi: 90, Percent: true}},
		{"wm99.5", Statistic{Kind: StatWinsorizedMean, Lo: 0, Hi: 99.5, Percent: true}},
		{"tc50", Statistic{Kind: StatTrimmedCount, Lo: 0, Hi: 50, Percent: true}},
		{"ts10", Statistic{Kind: StatTrimmedSum, Lo: 0, Hi: 10, Percent: true}},
		{"TM(10%:90%)", Statistic{Kind: StatTrimmedMean, Lo: 10, Hi: 90, Percent: true}},
		{"TM(10%:)", Statistic{Kind: StatTrimmedMean, Lo: 10, Hi: 100, Percent: true}},
		{"TS(:95%)", Statistic{Kind: StatTrimmedSum, Lo: 0, Hi: 95, Percent: true}},
		{"TC(0.005:0.030)", Statistic{Kind: StatTrimmedCount, Lo: 0.005, Hi: 0.03}},
		{"TM(150:1000)", Statistic{Kind: StatTrimmedMean, Lo: 150, Hi: 1000}},
		{"WM(:1000)", Statistic{Kind: StatWinsorizedMean, Lo: -inf, Hi: 1000}},
		{"PR(:300)", Statistic{Kind: StatPercentileRank, Lo: -inf, Hi: 300}},
		{"PR(100:2000)", Statistic{Kind: StatPercentileRank, Lo: 100, Hi: 2000}},
		{"PR(-5:)", Statistic{Kind: StatPercentileRank, Lo: -5, Hi: inf}},
	} {
		got, err := ParseStatistic(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		c.want.name = c.in
		if got != c.want {
			t.Errorf("%q: %+v, want %+v", c.in, got, c.want)
		}
		if got.String() != c.in {
			t.Errorf("%q prints as %q", c.in, got.String())
		}
	}
	for _, in := range []string{
		"", "sum", "average", "p", "p101", "p-1", "p9x", "p99.", "p.9", "p1e2", "P99",
		"tm", "tm101", "TM", "TM()", "TM(:)", "TM(10%)", "TM(10%:90)", "TM(90%:10%)", "TM(a:b)",
		"PR(10%:20%)", "pr50", "XX(1:2)", "TM(1:2", "TM(Inf:)", "TM(0x10:)", "TM(NaN:1)", "tm(10%:90%)", "iqm",
	} {
		if _, err := ParseStatistic(in); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("%q: err = %v, want ErrInvalidParameter", in, err)
		}
	}
	if s := (Statistic{}).String(); s != "SampleCount" {
		t.Errorf("zero Statistic prints as %q", s)
	}
}

// FuzzParseStatistic: no panic, and what parses prints as its input and
// parses again to the same statistic.
func FuzzParseStatistic(f *testing.F) {
	for _, s := range []string{"p99.9", "TM(10%:90%)", "PR(:300)", "wm90", "IQM", "Sum"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		st, err := ParseStatistic(in)
		if err != nil {
			return
		}
		again, err := ParseStatistic(st.String())
		if err != nil || again != st {
			t.Fatalf("%q: reparse of %q gives %+v, %v", in, st.String(), again, err)
		}
		if st.Lo > st.Hi || st.P < 0 || st.P > 100 {
			t.Fatalf("%q: bad bounds %+v", in, st)
		}
	})
}
