package metricstore

import (
	"context"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

const testAccount = "123456789012"

// t0 is a minute-aligned time, in seconds, most tests start at.
const t0 = 1_700_000_040

func openStore(t testing.TB, fsys vfs.FS, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), fsys, dir, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func closeStore(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func testKey(metric string, dims ...string) SeriesKey {
	k := SeriesKey{AccountID: testAccount, Namespace: "App", MetricName: metric}
	for i := 0; i+1 < len(dims); i += 2 {
		k.Dimensions = append(k.Dimensions, Dimension{Name: dims[i], Value: dims[i+1]})
	}
	return k
}

func mustStat(t testing.TB, names ...string) []Statistic {
	t.Helper()
	var out []Statistic
	for _, n := range names {
		st, err := ParseStatistic(n)
		if err != nil {
			t.Fatalf("ParseStatistic(%q): %v", n, err)
		}
		out = append(out, st)
	}
	return out
}

func add(t testing.TB, s *Store, pts ...Point) {
	t.Helper()
	if err := s.Add(context.Background(), pts); err != nil {
		t.Fatalf("Add: %v", err)
	}
}

func query(t testing.TB, s *Store, q Query) []SeriesResult {
	t.Helper()
	rs, err := s.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	return rs
}

// toEntry validates a point's datum and returns it as an entry.
func toEntry(p *Point) (entry, error) {
	var e entry
	err := p.fillEntry(&e)
	return e, err
}
