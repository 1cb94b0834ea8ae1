package logstore

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestStreamInsert(t *testing.T) {
	tests := []struct {
		name string
		// next returns the timestamps of batch i.
		next func(rng *rand.Rand, i int) []int64
	}{
		{"in order", func(_ *rand.Rand, i int) []int64 { return []int64{int64(i) * 10, int64(i)*10 + 5} }},
		{"equal timestamps", func(_ *rand.Rand, _ int) []int64 { return []int64{7, 7, 7} }},
		{"reverse", func(_ *rand.Rand, i int) []int64 { return []int64{int64(100000 - i)} }},
		{"random", func(rng *rand.Rand, _ int) []int64 {
			ts := make([]int64, 1+rng.IntN(20))
			for j := range ts {
				ts[j] = rng.Int64N(1000)
			}
			return ts
		}},
		{"mostly in order", func(rng *rand.Rand, i int) []int64 {
			if rng.IntN(10) == 0 {
				return []int64{int64(i) - 500}
			}
			return []int64{int64(i) * 2, int64(i)*2 + 1}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			var st stream
			var all []entry
			seq := uint64(1)
			for i := range 2000 {
				var batch []entry
				for _, ts := range tc.next(rng, i) {
					batch = append(batch, entry{ts: ts, seq: seq})
					seq++
				}
				all = append(all, batch...)
				sortBatch(batch)
				st.insert(batch)
			}
			if limit := bits.Len(uint(len(all))) + 1; len(st.runs) > limit {
				t.Fatalf("%d runs for %d events, want at most %d", len(st.runs), len(all), limit)
			}
			var got []entry
			for _, run := range st.runs {
				if !slices.IsSortedFunc(run, cmpEntry) {
					t.Fatalf("run not sorted")
				}
				got = append(got, run...)
			}
			slices.SortFunc(got, cmpEntry)
			slices.SortFunc(all, cmpEntry)
			if !slices.Equal(got, all) {
				t.Fatalf("stream holds %d events, want %d", len(got), len(all))
			}
		})
	}
}

func cmpEntry(a, b entry) int {
	switch {
	case before(&a, &b):
		return -1
	case before(&b, &a):
		return 1
	}
	return 0
}

// TestStreamPublishedRunsImmutable checks that inserting and deleting never
// write into a run a reader may hold.
func TestStreamPublishedRunsImmutable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var st stream
	seq := uint64(1)
	type snap struct {
		run  []entry
		copy []entry
	}
	var snaps []snap
	for i := range 500 {
		batch := []entry{{ts: rng.Int64N(300), seq: seq, msg: "m"}}
		seq++
		st.insert(batch)
		for _, run := range st.runs {
			snaps = append(snaps, snap{run, slices.Clone(run)})
		}
		if i%100 == 99 {
			st.deleteBelow(seq - 50)
		}
	}
	for _, s := range snaps {
		if !slices.Equal(s.run, s.copy) {
			t.Fatalf("a published run was modified")
		}
	}
}

func TestStreamDeleteBelow(t *testing.T) {
	var st stream
	for i := range 10 {
		st.insert([]entry{{ts: int64(10 - i), seq: uint64(i + 1), msg: "ab"}})
	}
	events, bytes := st.deleteBelow(6)
	if events != 5 || bytes != 10 {
		t.Fatalf("deleteBelow = %d events, %d bytes", events, bytes)
	}
	for _, run := range st.runs {
		for _, e := range run {
			if e.seq < 6 {
				t.Fatalf("seq %d survived", e.seq)
			}
		}
	}
	if events, _ := st.deleteBelow(100); events != 5 || !st.empty() {
		t.Fatalf("second delete: %d events, empty=%v", events, st.empty())
	}
}
