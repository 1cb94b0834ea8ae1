package metricstore

import (
	"math/rand/v2"
	"testing"
)

// randomBucketEntries returns entries of one period: sometimes all equal
// (the implicit sketch), sometimes with negative values or statistic sets
// of distinct samples (percentiles unavailable).
func randomBucketEntries(rng *rand.Rand) []entry {
	n := 1 + rng.IntN(40)
	k := testKey("X")
	var es []entry
	same := rng.IntN(4) == 0
	for range n {
		p := randomPoint(rng, k, t0, UnitCount, rng.IntN(4) == 0, rng.IntN(4) == 0)
		if same {
			p = Point{Key: k, Timestamp: t0 * 1000, Value: 42}
			if rng.IntN(2) == 0 {
				p = Point{Key: k, Timestamp: t0 * 1000, Stats: &StatisticSet{SampleCount: 3, Sum: 126, Minimum: 42, Maximum: 42}}
			}
		}
		e, err := toEntry(&p)
		if err != nil {
			panic(err)
		}
		es = append(es, e)
	}
	return es
}

var aggStats = append(modelStats, "TM(100:1000)", "PR(:500)", "WM(50:2000)", "TC(:1000)")

// TestBucketMatchesBruteForce aggregates random entries directly, through
// merged partial buckets and through encoded sketches, and compares every
// statistic with brute force.
func TestBucketMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	stats := mustStat(t, aggStats...)
	for round := range 300 {
		es := randomBucketEntries(rng)
		var ref refBucket
		var direct, merged, encoded bucket
		for i := 0; i < len(es); {
			j := min(len(es), i+1+rng.IntN(8))
			var part bucket
			for k := i; k < j; k++ {
				ref.add(&es[k])
				direct.addEntry(&es[k])
				part.addEntry(&es[k])
			}
			merged.mergeBucket(&part)
			var enc []byte
			if part.sk != nil {
				enc = part.sk.appendBinary(nil)
			}
			if err := encoded.mergeEncoded(part.agg, enc); err != nil {
				t.Fatal(err)
			}
			part.release()
			i = j
		}
		for _, b := range []struct {
			name string
			b    *bucket
		}{{"direct", &direct}, {"merged", &merged}, {"encoded", &encoded}} {
			for i := range stats {
				st := &stats[i]
				got, want := b.b.value(st), ref.exactStat(st)
				if !st.Percent && st.needsSketch() && st.Kind != StatPercentile && ref.samplesNear(st) > 0 {
					// A sample in a bin that straddles a value bound
					// may be counted on the wrong side.
					continue
				}
				if !closeEnough(got, want, tolerance(st)) {
					t.Fatalf("round %d %s %v: %v, want %v (entries %+v)", round, b.name, st, got, want, es)
				}
			}
		}
		direct.release()
		merged.release()
		encoded.release()
	}
}

// samplesNear counts samples within 2% of a value bound of st.
func (b *refBucket) samplesNear(st *Statistic) int {
	n := 0
	for _, s := range b.samples {
		for _, bound := range []float64{st.Lo, st.Hi} {
			if s.v >= bound*0.98 && s.v <= bound*1.02 {
				n++
			}
		}
	}
	return n
}

// TestBucketImplicitSketch checks that buckets of equal values allocate no
// sketch and still answer percentiles.
func TestBucketImplicitSketch(t *testing.T) {
	var b bucket
	b.addValue(7, 1)
	b.addStats(StatisticSet{SampleCount: 4, Sum: 28, Minimum: 7, Maximum: 7})
	b.mergeImplicit(aggregate{count: 2, sum: 14, min: 7, max: 7})
	if b.sk != nil {
		t.Fatal("equal values materialized a sketch")
	}
	st := mustStat(t, "p99", "TM(10%:90%)", "SampleCount")
	if p, tm, n := b.value(&st[0]), b.value(&st[1]), b.value(&st[2]); p != 7 || !closeEnough(tm, 7, sketchAlpha) || n != 7 {
		t.Fatalf("p99 %v tm %v count %v", p, tm, n)
	}
	b.addValue(8, 1)
	if b.sk == nil || b.sk.n != 8 {
		t.Fatalf("a distinct value did not materialize the sketch: %+v", b.sk)
	}
	b.release()
}
