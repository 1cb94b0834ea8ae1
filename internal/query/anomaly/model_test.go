package anomaly

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// noise is a deterministic pseudo-random number in [-1, 1).
func noise(i int) float64 {
	x := uint32(i)*2654435761 + 12345
	x ^= x >> 13
	x *= 0x5bd1e995
	x ^= x >> 15
	return float64(x%20000)/10000 - 1
}

// seasonal is a metric with a daily cycle, quieter weekends and noise.
func seasonal(ts time.Time, i int) float64 {
	hour := float64(ts.Hour()) + float64(ts.Minute())/60
	v := 100 + 50*math.Sin(2*math.Pi*hour/24)
	if wd := ts.Weekday(); wd == time.Saturday || wd == time.Sunday {
		v -= 60
	}
	return v + 3*noise(i)
}

// history returns n datapoints every period from start.
func history(start time.Time, period time.Duration, n int, f func(time.Time, int) float64) ([]time.Time, []float64) {
	ts := make([]time.Time, n)
	vs := make([]float64, n)
	for i := range ts {
		ts[i] = start.Add(time.Duration(i) * period)
		vs[i] = f(ts[i], i)
	}
	return ts, vs
}

var start = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) // a Sunday

func TestSpikeOutsideBand(t *testing.T) {
	ts, vs := history(start, 5*time.Minute, 3*7*288, seasonal)
	spike := 2*7*288 + 3*288 + 150 // Wednesday of the third week, 12:30
	vs[spike] += 200
	m, err := Train(ts, vs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lower, upper := Band(m, ts, 3)
	for i := range ts {
		inside := vs[i] >= lower[i] && vs[i] <= upper[i]
		if i == spike && inside {
			t.Errorf("spike %v at %v is inside [%v, %v]", vs[i], ts[i], lower[i], upper[i])
		}
		if i != spike && !inside {
			t.Errorf("%v at %v is outside [%v, %v]", vs[i], ts[i], lower[i], upper[i])
		}
	}
}

func TestBandWidthScalesWithStddevs(t *testing.T) {
	ts, vs := history(start, 5*time.Minute, 3*7*288, seasonal)
	m, err := Train(ts, vs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := ts[1000:1010]
	l1, u1 := Band(m, at, 1)
	l2, u2 := Band(m, at, 2)
	l3, u3 := Band(m, at, 3)
	for i := range at {
		w1, w2, w3 := u1[i]-l1[i], u2[i]-l2[i], u3[i]-l3[i]
		if w1 <= 0 || math.Abs(w2-2*w1) > 1e-9 || math.Abs(w3-3*w1) > 1e-9 {
			t.Errorf("widths at 1, 2, 3 deviations: %v %v %v", w1, w2, w3)
		}
		if mid1, mid3 := (l1[i]+u1[i])/2, (l3[i]+u3[i])/2; math.Abs(mid1-mid3) > 1e-9 {
			t.Errorf("band centre moves with width: %v vs %v", mid1, mid3)
		}
	}
}

func TestWeeklySeasonality(t *testing.T) {
	ts, vs := history(start, 5*time.Minute, 3*7*288, seasonal)
	m, err := Train(ts, vs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A weekday level on a Saturday is anomalous; on a Monday it is not.
	saturday := time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC)
	monday := time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC)
	lower, upper := Band(m, []time.Time{saturday, monday}, 3)
	weekday := 100.0
	if weekday <= upper[0] {
		t.Errorf("weekday level %v within the Saturday band [%v, %v]", weekday, lower[0], upper[0])
	}
	if weekday < lower[1] || weekday > upper[1] {
		t.Errorf("weekday level %v outside the Monday band [%v, %v]", weekday, lower[1], upper[1])
	}
}

func TestFallbackToCoarserGroups(t *testing.T) {
	// One day of history: no hour of day has two days yet, so the band is
	// centred on the same value at every hour.
	ts, vs := history(start.Add(24*time.Hour), 5*time.Minute, 288, seasonal)
	m, err := Train(ts, vs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := []time.Time{start.Add(30 * time.Hour), start.Add(42 * time.Hour)}
	lower, upper := Band(m, at, 2)
	if lower[0]+upper[0] != lower[1]+upper[1] {
		t.Errorf("one day of history: centres differ: %v %v", lower, upper)
	}
	// Three weekdays: hour of day applies, hour of week not yet.
	ts, vs = history(start.Add(24*time.Hour), 5*time.Minute, 3*288, seasonal)
	if m, err = Train(ts, vs, Options{}); err != nil {
		t.Fatal(err)
	}
	lower, upper = Band(m, at, 2)
	if upper[0] <= 140 || lower[1] >= 60 {
		t.Errorf("three days: 06:00 band [%v, %v] and 18:00 band [%v, %v] miss the daily cycle", lower[0], upper[0], lower[1], upper[1])
	}
	// Saturday has no hour-of-week data: it falls back to the weekday
	// hour of day, so a weekday value fits.
	sat := []time.Time{time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)}
	lower, upper = Band(m, sat, 3)
	if 100 < lower[0] || 100 > upper[0] {
		t.Errorf("Saturday from hour of day: [%v, %v]", lower[0], upper[0])
	}
}

func TestExcludedRanges(t *testing.T) {
	// Two weeks of an outage at zero, then a normal week.
	ts, vs := history(start, 5*time.Minute, 3*7*288, func(ts time.Time, i int) float64 {
		if i < 2*7*288 {
			return 0
		}
		return seasonal(ts, i)
	})
	outage := TimeRange{Start: start, End: start.Add(14 * 24 * time.Hour)}
	at := []time.Time{time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)}
	normal := seasonal(at[0], 0)

	m, err := Train(ts, vs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lower, upper := Band(m, at, 3)
	if normal >= lower[0] && normal <= upper[0] {
		t.Errorf("with the outage trained in, %v is inside [%v, %v]", normal, lower[0], upper[0])
	}
	m, err = Train(ts, vs, Options{Excluded: []TimeRange{outage}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Samples() != 7*288 {
		t.Errorf("Samples = %d, want %d", m.Samples(), 7*288)
	}
	lower, upper = Band(m, at, 3)
	if normal < lower[0] || normal > upper[0] {
		t.Errorf("with the outage excluded, %v is outside [%v, %v]", normal, lower[0], upper[0])
	}
}

func TestTimezone(t *testing.T) {
	// A metric busy from 09:00 to 17:00 in UTC+9.
	tokyo := time.FixedZone("JST", 9*3600)
	busy := func(ts time.Time, i int) float64 {
		if h := ts.In(tokyo).Hour(); h >= 9 && h < 17 {
			return 100 + noise(i)
		}
		return 10 + noise(i)
	}
	ts, vs := history(start, 10*time.Minute, 14*144, busy)
	m, err := Train(ts, vs, Options{Location: tokyo})
	if err != nil {
		t.Fatal(err)
	}
	at := []time.Time{time.Date(2026, 3, 16, 3, 0, 0, 0, time.UTC), time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC)}
	lower, upper := Band(m, at, 3)
	if 100 < lower[0] || 100 > upper[0] || 10 < lower[1] || 10 > upper[1] {
		t.Errorf("bands at 12:00 and 21:00 JST: [%v, %v] [%v, %v]", lower[0], upper[0], lower[1], upper[1])
	}
}

func TestConstantMetricHasAnOpenBand(t *testing.T) {
	ts, vs := history(start, time.Hour, 24*21, func(time.Time, int) float64 { return 50 })
	m, err := Train(ts, vs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lower, upper := Band(m, ts[:1], 2)
	if !(lower[0] < 50 && upper[0] > 50) {
		t.Errorf("constant 50: band [%v, %v]", lower[0], upper[0])
	}
}

func TestUntrainedAndInvalid(t *testing.T) {
	m, err := Train(nil, nil, Options{})
	if err != nil || m.Samples() != 0 {
		t.Fatalf("empty history: %v, %d samples", err, m.Samples())
	}
	lower, upper := Band(m, []time.Time{start}, 2)
	if !math.IsNaN(lower[0]) || !math.IsNaN(upper[0]) {
		t.Errorf("untrained band = %v %v", lower, upper)
	}
	lower, _ = Band(nil, []time.Time{start}, 2)
	if !math.IsNaN(lower[0]) {
		t.Errorf("nil model band = %v", lower)
	}
	m, err = Train([]time.Time{start, start}, []float64{math.NaN(), math.Inf(1)}, Options{})
	if err != nil || m.Samples() != 0 {
		t.Errorf("non-finite values: %v, %d samples", err, m.Samples())
	}
	_, err = Train([]time.Time{start}, nil, Options{})
	if !errors.Is(err, model.ErrInvalidParameter) {
		t.Errorf("length mismatch: %v", err)
	}
}

func BenchmarkTrain(b *testing.B) {
	ts, vs := history(start, 5*time.Minute, 14*288, seasonal)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Train(ts, vs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
