package metricstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

func keyString(k SeriesKey) string {
	s := k.Namespace + "/" + k.MetricName
	for _, d := range k.Dimensions {
		s += fmt.Sprintf(" %s=%s", d.Name, d.Value)
	}
	return s
}

func listAll(t *testing.T, s *Store, q ListQuery) []string {
	t.Helper()
	var out []string
	for {
		keys, next, err := s.ListMetrics(context.Background(), q)
		if err != nil {
			t.Fatalf("ListMetrics: %v", err)
		}
		if q.Limit > 0 && len(keys) > q.Limit {
			t.Fatalf("page of %d keys, limit %d", len(keys), q.Limit)
		}
		for _, k := range keys {
			out = append(out, keyString(k))
		}
		if next == "" {
			return out
		}
		if len(keys) == 0 {
			t.Fatal("empty page with a next token")
		}
		q.NextToken = next
	}
}

func TestListMetrics(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	now := int64(t0 + 30*86400)
	put := func(k SeriesKey, age int64) {
		add(t, s, Point{Key: k, Timestamp: (now - age) * 1000, Value: 1})
	}
	put(testKey("CPU", "Host", "a"), 60)
	put(testKey("CPU", "Host", "b", "Zone", "z1"), 5*3600)
	put(testKey("CPU", "Zone", "z1"), 60)
	put(testKey("Mem", "Host", "a"), 20*86400) // older than two weeks
	put(SeriesKey{AccountID: testAccount, Namespace: "Other", MetricName: "CPU", Dimensions: []Dimension{{Name: "Host", Value: "a"}}}, 60)
	put(SeriesKey{AccountID: "000000000001", Namespace: "App", MetricName: "CPU", Dimensions: []Dimension{{Name: "Host", Value: "a"}}}, 60)

	for _, c := range []struct {
		name string
		q    ListQuery
		want []string
	}{
		{"account", ListQuery{Filter: Filter{AccountID: testAccount}}, []string{"App/CPU Host=a", "App/CPU Host=b Zone=z1", "App/CPU Zone=z1", "App/Mem Host=a", "Other/CPU Host=a"}},
		{"two weeks", ListQuery{Filter: Filter{AccountID: testAccount}, Now: now * 1000}, []string{"App/CPU Host=a", "App/CPU Host=b Zone=z1", "App/CPU Zone=z1", "Other/CPU Host=a"}},
		{"recently active", ListQuery{Filter: Filter{AccountID: testAccount, RecentlyActive: true}, Now: now * 1000}, []string{"App/CPU Host=a", "App/CPU Zone=z1", "Other/CPU Host=a"}},
		{"namespace", ListQuery{Filter: Filter{AccountID: testAccount, Namespace: "App"}}, []string{"App/CPU Host=a", "App/CPU Host=b Zone=z1", "App/CPU Zone=z1", "App/Mem Host=a"}},
		{"metric", ListQuery{Filter: Filter{AccountID: testAccount, MetricName: "CPU"}}, []string{"App/CPU Host=a", "App/CPU Host=b Zone=z1", "App/CPU Zone=z1", "Other/CPU Host=a"}},
		{"namespace and metric", ListQuery{Filter: Filter{AccountID: testAccount, Namespace: "App", MetricName: "Mem"}}, []string{"App/Mem Host=a"}},
		{"dimension name", ListQuery{Filter: Filter{AccountID: testAccount, Dimensions: []DimensionFilter{{Name: "Zone"}}}}, []string{"App/CPU Host=b Zone=z1", "App/CPU Zone=z1"}},
		{"dimension value", ListQuery{Filter: Filter{AccountID: testAccount, Dimensions: []DimensionFilter{{Name: "Host", Value: "a"}}}}, []string{"App/CPU Host=a", "App/Mem Host=a", "Other/CPU Host=a"}},
		{"two dimensions", ListQuery{Filter: Filter{AccountID: testAccount, Dimensions: []DimensionFilter{{Name: "Zone", Value: "z1"}, {Name: "Host"}}}}, []string{"App/CPU Host=b Zone=z1"}},
		{"unknown value", ListQuery{Filter: Filter{AccountID: testAccount, Dimensions: []DimensionFilter{{Name: "Host", Value: "zz"}}}}, nil},
		{"unknown namespace", ListQuery{Filter: Filter{AccountID: testAccount, Namespace: "Nope"}}, nil},
		{"other account", ListQuery{Filter: Filter{AccountID: "000000000001"}}, []string{"App/CPU Host=a"}},
		{"empty account", ListQuery{Filter: Filter{AccountID: "000000000002"}}, nil},
		{"paged", ListQuery{Filter: Filter{AccountID: testAccount}, Limit: 2}, []string{"App/CPU Host=a", "App/CPU Host=b Zone=z1", "App/CPU Zone=z1", "App/Mem Host=a", "Other/CPU Host=a"}},
		{"paged with filter", ListQuery{Filter: Filter{AccountID: testAccount, MetricName: "CPU"}, Limit: 1}, []string{"App/CPU Host=a", "App/CPU Host=b Zone=z1", "App/CPU Zone=z1", "Other/CPU Host=a"}},
	} {
		if got := listAll(t, s, c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, got, c.want)
		}
	}

	for _, c := range []struct {
		name string
		q    ListQuery
	}{
		{"bad account", ListQuery{Filter: Filter{AccountID: "abc"}}},
		{"bad token", ListQuery{Filter: Filter{AccountID: testAccount}, NextToken: "!!"}},
		{"recently active without now", ListQuery{Filter: Filter{AccountID: testAccount, RecentlyActive: true}}},
		{"empty dimension name", ListQuery{Filter: Filter{AccountID: testAccount, Dimensions: []DimensionFilter{{Value: "x"}}}}},
	} {
		if _, _, err := s.ListMetrics(context.Background(), c.q); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("%s: err = %v, want ErrInvalidParameter", c.name, err)
		}
	}
}

// TestListMetricsManySeries pages through thousands of series sharing a
// dimension name, with unique values, and checks that the order is stable
// across pages and new series.
func TestListMetricsManySeries(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	var pts []Point
	var want []string
	for i := range 3000 {
		k := testKey("Req", "Instance", fmt.Sprintf("i-%05d", i))
		pts = append(pts, Point{Key: k, Timestamp: t0 * 1000, Value: 1})
		want = append(want, keyString(k))
	}
	add(t, s, pts...)
	q := ListQuery{Filter: Filter{AccountID: testAccount, Dimensions: []DimensionFilter{{Name: "Instance"}}}}
	if got := listAll(t, s, q); !slices.Equal(got, want) {
		t.Fatalf("listed %d series, want %d", len(got), len(want))
	}
	keys, next, err := s.ListMetrics(context.Background(), q)
	if err != nil || len(keys) != maxListResults || next == "" {
		t.Fatalf("first page: %d keys, next %q, %v", len(keys), next, err)
	}
	add(t, s, Point{Key: testKey("Req", "Instance", "new"), Timestamp: t0 * 1000, Value: 1})
	q.NextToken = next
	keys, _, err = s.ListMetrics(context.Background(), q)
	if err != nil || keyString(keys[0]) != want[maxListResults] {
		t.Fatalf("second page starts at %v, want %s (%v)", keys[0], want[maxListResults], err)
	}
	one := ListQuery{Filter: Filter{AccountID: testAccount, Dimensions: []DimensionFilter{{Name: "Instance", Value: "i-01234"}}}}
	if got := listAll(t, s, one); !slices.Equal(got, []string{"App/Req Instance=i-01234"}) {
		t.Fatalf("by value: %q", got)
	}
}
