package metricstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// queryCase is one query shape of TestQueryMatchesModel.
type queryCase struct {
	start, span, period int64 // seconds
}

func (c queryCase) String() string {
	return fmt.Sprintf("start=%d span=%d period=%d", c.start, c.span, c.period)
}

var modelStats = []string{
	"SampleCount", "Sum", "Average", "Minimum", "Maximum",
	"p0", "p10", "p50", "p90", "p99.9", "p100",
	"IQM", "tm90", "TM(10%:90%)", "wm90", "WM(5%:95%)", "TC(10%:)", "ts50", "TS(:90%)",
}

// loadRandom adds random points to s and m: several series, units, point
// kinds, resolutions, out-of-order times, over three days from t0.
func loadRandom(t *testing.T, s *Store, m *refModel, seed uint64) (last int64) {
	return loadRandomN(t, s, m, seed, 2500)
}

// loadRandomN is loadRandom with n points per series.
func loadRandomN(t *testing.T, s *Store, m *refModel, seed uint64, n int) (last int64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	keys := []SeriesKey{
		testKey("Latency", "Service", "api", "Region", "eu"),
		testKey("Latency", "Region", "us", "Service", "api"),
		testKey("Errors", "Service", "api"),
		testKey("Depth"),
		{AccountID: "000000000042", Namespace: "Other", MetricName: "Latency", Dimensions: []Dimension{{Name: "Service", Value: "api"}}},
	}
	var batch []Point
	flush := func() {
		add(t, s, batch...)
		m.add(t, batch...)
		batch = batch[:0]
	}
	for i, k := range keys {
		ts := int64(t0)
		for range n {
			switch r := rng.IntN(100); {
			case r < 3:
				ts -= rng.Int64N(6 * 3600) // late data
			case r < 60:
				ts += rng.Int64N(90)
			default:
				ts += rng.Int64N(300)
			}
			ts = max(ts, t0)
			unit := UnitMilliseconds
			if i == 2 && rng.IntN(3) == 0 {
				unit = UnitCount
			}
			batch = append(batch, randomPoint(rng, k, ts, unit, i == 3, i == 3))
			last = max(last, ts)
			if len(batch) >= 1+rng.IntN(200) {
				flush()
			}
		}
	}
	flush()
	return last
}

func queryCases() []queryCase {
	hour := int64(t0/3600+1) * 3600
	five := int64(t0/300+1) * 300
	day := int64(3 * 86400)
	return []queryCase{
		{t0, 2 * 3600, 1},
		{t0 + 7, 3 * 3600, 10},
		{t0 + 3600, 4 * 3600, 30},
		{t0, day, 60},
		{t0 + 60, day, 120},
		{t0, day, 300},
		{five, day, 300},
		{five, day, 900},
		{hour, day, 3600},
		{t0, day, 3600},
		{hour, day, 7200},
		{hour, day, 86400},
		{hour + 1800, 6 * 3600, 60},
	}
}

func checkModel(t *testing.T, s *Store, m *refModel, stats []Statistic, cases []queryCase, what string) {
	t.Helper()
	for _, c := range cases {
		for _, sel := range []struct {
			name string
			key  *SeriesKey
			f    Filter
		}{
			{"all", nil, Filter{AccountID: testAccount}},
			{"latency", nil, Filter{AccountID: testAccount, Namespace: "App", MetricName: "Latency", Dimensions: []DimensionFilter{{Name: "Service", Value: "api"}}}},
			{"key", &m.keys[2], Filter{}},
			{"other account", nil, Filter{AccountID: "000000000042"}},
		} {
			q := Query{Key: sel.key, Filter: sel.f, Start: c.start * 1000, End: (c.start + c.span) * 1000, Period: c.period, Statistics: stats, Concurrency: 2}
			label := fmt.Sprintf("%s: %s %s", what, sel.name, c)
			compareResults(t, label, stats, query(t, s, q), m.query(t, q))
		}
	}
}

// TestQueryMatchesModel checks every statistic, over raw points, heads and
// every rollup tier, against brute force: before and after compaction, and
// after a checkpoint and a reopen.
func TestQueryMatchesModel(t *testing.T) {
	fsys := vfs.NewMem()
	s := openStore(t, fsys, "m")
	m := newRefModel()
	last := loadRandom(t, s, m, 1)
	stats := mustStat(t, modelStats...)
	checkModel(t, s, m, stats, queryCases(), "fresh")

	// Seal every head; raw chunks older than last-1h go, so only check
	// the rollup tiers from here on.
	st, err := s.Compact(context.Background(), (last+chunkSpan)*1000)
	if err != nil {
		t.Fatal(err)
	}
	if st.Sealed == 0 || st.RollupsMerged == 0 {
		t.Fatalf("compaction did nothing: %+v", st)
	}
	var tiered []queryCase
	for _, c := range queryCases() {
		if c.period >= 60 {
			tiered = append(tiered, c)
		}
	}
	checkModel(t, s, m, stats, tiered, "compacted")

	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	s = openStore(t, fsys, "m")
	defer closeStore(t, s)
	checkModel(t, s, m, stats, tiered, "reopened")
}

// TestQueryValueBounds checks the statistics with value bounds on data kept
// away from the bounds, where a sketch bin cannot straddle them.
func TestQueryValueBounds(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	m := newRefModel()
	rng := rand.New(rand.NewPCG(3, 3))
	k := testKey("Sizes")
	var pts []Point
	for i := range 2000 {
		v := []float64{50, 120, 400, 900, 5000}[rng.IntN(5)] * (1 + rng.Float64()*0.1)
		pts = append(pts, Point{Key: k, Timestamp: (t0 + int64(i)*7) * 1000, Value: v, StorageResolution: 1})
	}
	add(t, s, pts...)
	m.add(t, pts...)
	stats := mustStat(t, "TM(100:1000)", "TC(100:1000)", "TS(:1000)", "PR(:300)", "PR(300:)", "WM(100:1000)", "TM(200:300)")
	for _, period := range []int64{10, 60, 3600} {
		q := Query{Key: &k, Start: t0 * 1000, End: (t0 + 14000) * 1000, Period: period, Statistics: stats}
		compareResults(t, fmt.Sprintf("period %d", period), stats, query(t, s, q), m.query(t, q))
	}
}

// TestQueryRetention checks that a query with Now leaves out aged data by
// its resolution, and that Compact drops it.
func TestQueryRetention(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	k := testKey("Old")
	now := int64(t0 + 500*86400)
	ages := []int64{3600, 2 * 86400, 20 * 86400, 100 * 86400, 500 * 86400}
	for _, age := range ages {
		add(t, s, Point{Key: k, Timestamp: (now - age) * 1000, Value: 1})
	}
	sum := mustStat(t, "SampleCount")
	count := func(period, start int64, withNow bool) float64 {
		q := Query{Key: &k, Start: start * 1000, End: now * 1000, Period: period, Statistics: sum}
		if withNow {
			q.Now = now * 1000
		}
		total := 0.0
		for _, r := range query(t, s, q) {
			for _, v := range r.Values[0] {
				total += v
			}
		}
		return total
	}
	// Start aligned to an hour so that each period can use its tier.
	start := (now - 600*86400) / 3600 * 3600
	for _, c := range []struct {
		period  int64
		withNow bool
		want    float64
	}{
		{60, false, 5},  // nothing aged out without Now
		{60, true, 2},   // 60-second data is kept 15 days
		{300, true, 3},  // 5-minute data 63 days
		{3600, true, 4}, // 1-hour data 455 days
	} {
		if got := count(c.period, start, c.withNow); got != c.want {
			t.Errorf("period %d, Now %v: %v points, want %v", c.period, c.withNow, got, c.want)
		}
	}
	// Raw points are kept 3 hours: only the one an hour old.
	if got := count(30, now-4*3600, true); got != 1 {
		t.Errorf("raw points with Now: %v, want 1", got)
	}
	st, err := s.Compact(context.Background(), now*1000)
	if err != nil {
		t.Fatal(err)
	}
	if st.RollupsDropped == 0 || st.RawDropped == 0 {
		t.Fatalf("Compact dropped nothing: %+v", st)
	}
	for _, c := range []struct {
		period int64
		want   float64
	}{{60, 2}, {300, 3}, {3600, 4}} {
		if got := count(c.period, start, false); got != c.want {
			t.Errorf("after Compact: period %d counts %v points, want %v", c.period, got, c.want)
		}
	}
	if got := count(30, now-4*3600, false); got != 1 {
		t.Errorf("raw points after Compact: %v, want 1", got)
	}
}

// TestQueryTierChoice checks which resolution a period and start read.
func TestQueryTierChoice(t *testing.T) {
	hour := int64(t0/3600+1) * 3600
	for _, c := range []struct {
		start, period int64
		tier          int
	}{
		{hour, 1, -1},
		{hour, 30, -1},
		{hour, 60, 0},
		{hour, 120, 0},
		{hour, 300, 1},
		{hour, 600, 1},
		{hour, 3600, 2},
		{hour, 86400, 2},
		{hour + 60, 3600, 0},
		{hour + 300, 3600, 1},
		{hour + 30, 60, -1},
	} {
		p, err := newPlan(&Query{Start: c.start * 1000, End: (c.start + 86400) * 1000, Period: c.period, Statistics: mustStat(t, "Sum")})
		if err != nil {
			t.Fatal(err)
		}
		if p.tier != c.tier {
			t.Errorf("start %d period %d: tier %d, want %d", c.start, c.period, p.tier, c.tier)
		}
	}
}

func TestQueryInvalid(t *testing.T) {
	// An end far in the future is fine.
	{
		s := openStore(t, vfs.NewMem(), "m")
		k := testKey("X")
		add(t, s, Point{Key: k, Timestamp: t0 * 1000, Value: 1})
		rs := query(t, s, Query{Key: &k, Start: t0 * 1000, End: math.MaxInt64, Period: 86400 * 7, Statistics: mustStat(t, "Sum")})
		if len(rs) != 1 || rs[0].Values[0][0] != 1 {
			t.Fatalf("far end: %+v", rs)
		}
		closeStore(t, s)
	}
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	k := testKey("X")
	sum := mustStat(t, "Sum")
	for _, c := range []struct {
		name string
		q    Query
	}{
		{"period 7", Query{Key: &k, Start: 0, End: 60000, Period: 7, Statistics: sum}},
		{"period 90", Query{Key: &k, Start: 0, End: 60000, Period: 90, Statistics: sum}},
		{"period 0", Query{Key: &k, Start: 0, End: 60000, Period: 0, Statistics: sum}},
		{"fractional start", Query{Key: &k, Start: 1500, End: 60000, Period: 60, Statistics: sum}},
		{"empty range", Query{Key: &k, Start: 60000, End: 60000, Period: 60, Statistics: sum}},
		{"no statistic", Query{Key: &k, Start: 0, End: 60000, Period: 60}},
		{"too many periods", Query{Key: &k, Start: 0, End: 86400 * 100 * 1000, Period: 1, Statistics: sum}},
		{"start past 2106", Query{Key: &k, Start: 1 << 60, End: 1<<60 + 60000, Period: 60, Statistics: sum}},
		{"bad unit", Query{Key: &k, Start: 0, End: 60000, Period: 60, Statistics: sum, Unit: numUnits}},
		{"bad key", Query{Key: &SeriesKey{AccountID: testAccount}, Start: 0, End: 60000, Period: 60, Statistics: sum}},
		{"bad account", Query{Filter: Filter{AccountID: "x"}, Start: 0, End: 60000, Period: 60, Statistics: sum}},
		{"recently active without now", Query{Filter: Filter{AccountID: testAccount, RecentlyActive: true}, Start: 0, End: 60000, Period: 60, Statistics: sum}},
	} {
		if _, err := s.Query(context.Background(), c.q); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("%s: err = %v, want ErrInvalidParameter", c.name, err)
		}
	}
}

// TestQueryUnits checks that each unit is aggregated apart and that the
// unit filter selects one.
func TestQueryUnits(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	k := testKey("Mixed")
	add(t, s,
		Point{Key: k, Timestamp: t0 * 1000, Value: 1, Unit: UnitBytes},
		Point{Key: k, Timestamp: t0 * 1000, Value: 10, Unit: UnitKilobytes},
		Point{Key: k, Timestamp: t0 * 1000, Value: 3, Unit: UnitBytes},
		Point{Key: k, Timestamp: t0 * 1000, Value: 7},
	)
	stats := mustStat(t, "Sum")
	rs := query(t, s, Query{Key: &k, Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 60, Statistics: stats})
	got := map[Unit]float64{}
	for _, r := range rs {
		got[r.Unit] = r.Values[0][0]
	}
	want := map[Unit]float64{UnitNone: 7, UnitBytes: 4, UnitKilobytes: 10}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(rs) != 3 || rs[0].Unit != UnitNone || rs[1].Unit != UnitBytes {
		t.Fatalf("sums by unit %v (order %v), want %v", got, summary(rs), want)
	}
	rs = query(t, s, Query{Key: &k, Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 60, Statistics: stats, Unit: UnitKilobytes})
	if len(rs) != 1 || rs[0].Values[0][0] != 10 {
		t.Fatalf("unit filter: %+v", rs)
	}
}

// TestQueryPercentileUnavailable checks the CloudWatch rule that percentiles
// need non-negative values and statistic sets with known samples.
func TestQueryPercentileUnavailable(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	k := testKey("P")
	add(t, s,
		Point{Key: k, Timestamp: t0 * 1000, Value: 5},
		Point{Key: k, Timestamp: t0 * 1000, Stats: &StatisticSet{SampleCount: 4, Sum: 8, Minimum: 2, Maximum: 2}},
		Point{Key: k, Timestamp: (t0 + 60) * 1000, Value: 5},
		Point{Key: k, Timestamp: (t0 + 60) * 1000, Stats: &StatisticSet{SampleCount: 4, Sum: 10, Minimum: 1, Maximum: 4}},
		Point{Key: k, Timestamp: (t0 + 120) * 1000, Value: -1},
		Point{Key: k, Timestamp: (t0 + 120) * 1000, Value: 3},
	)
	rs := query(t, s, Query{Key: &k, Start: t0 * 1000, End: (t0 + 180) * 1000, Period: 60, Statistics: mustStat(t, "p100", "SampleCount")})
	if len(rs) != 1 || len(rs[0].Timestamps) != 3 {
		t.Fatalf("results %+v", rs)
	}
	p := rs[0].Values[0]
	if p[0] != 5 || !math.IsNaN(p[1]) || !math.IsNaN(p[2]) {
		t.Fatalf("p100 = %v, want [5 NaN NaN]", p)
	}
	if c := rs[0].Values[1]; c[0] != 5 || c[1] != 5 || c[2] != 2 {
		t.Fatalf("SampleCount = %v", c)
	}
}
