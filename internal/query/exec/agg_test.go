package exec

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

func aggCall(t *testing.T, src string) *syntax.CallExpr {
	t.Helper()
	q, err := syntax.Parse("stats " + src)
	if err != nil {
		t.Fatal(err)
	}
	return q.Commands[0].(*syntax.StatsCmd).AggregateCalls(0)[0]
}

type aggInput struct {
	v  Value
	at rowPos
}

func runAgg(t *testing.T, call *syntax.CallExpr, in []aggInput) Value {
	t.Helper()
	s := aggFactories[call.Name](call)()
	for _, x := range in {
		s.add(x.v, x.at)
	}
	return s.result()
}

func TestAggregates(t *testing.T) {
	at := func(ts, seq int64) rowPos { return rowPos{ts: ts, hasTS: true, seq: seq} }
	in := []aggInput{
		{numValue(4), at(40, 0)},
		{strValue("10"), at(10, 1)},
		{strValue("x"), at(10, 2)},
		{null, at(5, 3)},
		{numValue(1), at(50, 4)},
		{strValue("2.5"), at(50, 5)},
	}
	cases := map[string]string{
		"count(*)":          "6",
		"count()":           "6",
		"count(v)":          "5",
		"count_distinct(v)": "5",
		"sum(v)":            "17.5",
		"avg(v)":            "4.375",
		"min(v)":            "1",
		"max(v)":            "10",
		"pct(v, 50)":        "2.5",
		"pct(v, 100)":       "10",
		"pct(v, 1)":         "1",
		"stddev(v)":         "3.944933459514875",
		"earliest(v)":       "10",
		"latest(v)":         "2.5",
		"sortsFirst(v)":     "x",
		"sortsLast(v)":      "10",
	}
	for src, want := range cases {
		got := runAgg(t, aggCall(t, src), in)
		if got.String() != want {
			t.Errorf("%s = %q, want %q", src, got.String(), want)
		}
	}
	// Aggregates of nothing.
	for src, want := range map[string]string{"count(v)": "0", "sum(v)": "<null>", "avg(v)": "<null>", "stddev(v)": "<null>", "pct(v, 5)": "<null>", "min(v)": "<null>", "earliest(v)": "<null>"} {
		got := runAgg(t, aggCall(t, src), []aggInput{{null, at(1, 0)}})
		s := got.String()
		if got.IsNull() {
			s = "<null>"
		}
		if s != want {
			t.Errorf("%s of null = %q, want %q", src, s, want)
		}
	}
	if got := runAgg(t, aggCall(t, "stddev(v)"), []aggInput{{numValue(3), at(1, 0)}}); got.String() != "0" {
		t.Errorf("stddev of one value = %v", got)
	}
	if got := runAgg(t, aggCall(t, "min(v)"), []aggInput{{strValue("b"), at(1, 0)}, {strValue("a"), at(1, 1)}}); got.String() != "a" {
		t.Errorf("min of text = %v", got)
	}
}

// Splitting the rows among workers in any way, in any order, and merging
// gives exactly the single-worker result.
func TestAggregatesMergeInAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var in []aggInput
	for i := 0; i < 300; i++ {
		var v Value
		switch rng.IntN(5) {
		case 0:
			v = null
		case 1:
			v = strValue(fmt.Sprintf("w%d", rng.IntN(20)))
		case 2:
			v = strValue(fmt.Sprintf("%d.%d", rng.IntN(100), rng.IntN(10)))
		default:
			v = numValue((rng.Float64() - 0.3) * 1e6)
		}
		in = append(in, aggInput{v, rowPos{ts: int64(rng.IntN(50)), hasTS: true, seq: int64(i)}})
	}
	for name := range aggFactories {
		src := name + "(v)"
		switch name {
		case "pct":
			src = "pct(v, 90)"
		case "count":
			src = "count(v)"
		}
		call := aggCall(t, src)
		want := runAgg(t, call, in).String()
		for trial := 0; trial < 20; trial++ {
			workers := rng.IntN(5) + 1
			states := make([]aggState, workers)
			for i := range states {
				states[i] = aggFactories[name](call)()
			}
			for _, i := range rng.Perm(len(in)) {
				states[rng.IntN(workers)].add(in[i].v, in[i].at)
			}
			for _, i := range rng.Perm(workers - 1) {
				states[0].merge(states[i+1])
			}
			if got := states[0].result().String(); got != want {
				t.Fatalf("%s: %d workers give %q, one gives %q", src, workers, got, want)
			}
		}
	}
}

func TestNthSmallest(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1, 2, 17, 100, 1000, 5000} {
		for _, spread := range []int{1, 3, 50, 1 << 30} {
			vals := make([]float64, n)
			for i := range vals {
				vals[i] = float64(rng.IntN(spread)) - float64(spread/2)
			}
			sorted := slices.Clone(vals)
			slices.Sort(sorted)
			for _, k := range []int{0, n / 3, n / 2, n - 1} {
				if got := nthSmallest(slices.Clone(vals), k); got != sorted[k] {
					t.Fatalf("n=%d spread=%d k=%d: got %v, want %v", n, spread, k, got, sorted[k])
				}
			}
		}
	}
	// Already sorted and reversed inputs.
	asc := make([]float64, 3000)
	for i := range asc {
		asc[i] = float64(i)
	}
	desc := slices.Clone(asc)
	slices.Reverse(desc)
	for _, k := range []int{0, 1499, 2999} {
		if nthSmallest(slices.Clone(asc), k) != float64(k) || nthSmallest(slices.Clone(desc), k) != float64(k) {
			t.Fatalf("k=%d on sorted input", k)
		}
	}
}

func TestSelectChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 100, 5000, 100000} {
		for _, gen := range []func() float64{
			func() float64 { return float64(rng.IntN(30000)) },
			func() float64 { return rng.NormFloat64() * 1e6 },
			func() float64 { return float64(rng.IntN(3)) - 1 },
		} {
			var chunks [][]float64
			var all []float64
			for len(all) < n {
				c := make([]float64, min(1+rng.IntN(5000), n-len(all)))
				for i := range c {
					c[i] = gen()
				}
				chunks = append(chunks, c)
				all = append(all, c...)
			}
			sorted := slices.Clone(all)
			slices.Sort(sorted)
			for _, k := range []int{0, n / 2, n * 99 / 100, n - 1} {
				if got := selectChunks(chunks, n, k); got != sorted[k] {
					t.Fatalf("n=%d k=%d: got %v, want %v", n, k, got, sorted[k])
				}
			}
		}
	}
}
