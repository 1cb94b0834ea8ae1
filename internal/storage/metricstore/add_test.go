package metricstore

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestAddConcurrentMatchesModel adds random batches from several
// goroutines, each scribbling over its points once Add has returned, and
// checks the store against the model, then again after a replay of the
// WAL: the working space that Adds share through a pool must carry nothing
// from one batch into another, and nothing of the caller's may stay
// referenced.
func TestAddConcurrentMatchesModel(t *testing.T) {
	fsys := vfs.NewMem()
	s := openStore(t, fsys, "m")
	m := newRefModel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			keys := []SeriesKey{
				testKey("Latency", "Service", "api", "Region", fmt.Sprint(w)),
				testKey("Latency", "Region", fmt.Sprint(w), "Service", "web"),
				testKey("Depth", "Queue", fmt.Sprintf("q%d", w)),
				testKey("Errors"),
			}
			for range 60 {
				pts := make([]Point, 1+rng.IntN(300))
				for i := range pts {
					k := keys[rng.IntN(len(keys))]
					k.Dimensions = slices.Clone(k.Dimensions)
					unit := UnitMilliseconds
					if rng.IntN(4) == 0 {
						unit = UnitCount
					}
					pts[i] = randomPoint(rng, k, t0+rng.Int64N(4*3600), unit, w == 1, w == 2)
				}
				if err := s.Add(t.Context(), pts); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				m.add(t, pts...)
				mu.Unlock()
				for i := range pts {
					p := &pts[i]
					for j := range p.Key.Dimensions {
						p.Key.Dimensions[j].Value = "scribbled"
					}
					for j := range p.Values {
						p.Values[j] = -1e300
					}
					for j := range p.Counts {
						p.Counts[j] = 7
					}
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	stats := mustStat(t, "SampleCount", "Sum", "Minimum", "Maximum", "p50", "p99")
	check := func(what string) {
		for _, c := range []queryCase{{t0, 4 * 3600, 1}, {t0, 4 * 3600, 60}, {t0, 4 * 3600, 3600}} {
			q := Query{Filter: Filter{AccountID: testAccount}, Start: c.start * 1000, End: (c.start + c.span) * 1000, Period: c.period, Statistics: stats, Concurrency: 2}
			// Series were created in an order the model does not know.
			got, want := query(t, s, q), m.query(t, q)
			byKey := func(a, b SeriesResult) int {
				return cmp.Or(cmp.Compare(fmt.Sprint(a.Key), fmt.Sprint(b.Key)), cmp.Compare(a.Unit, b.Unit))
			}
			slices.SortFunc(got, byKey)
			slices.SortFunc(want, byKey)
			compareResults(t, fmt.Sprintf("%s %s", what, c), stats, got, want)
		}
	}
	check("live")
	closeStore(t, s)
	s = openStore(t, fsys, "m")
	defer closeStore(t, s)
	check("replayed")
}
