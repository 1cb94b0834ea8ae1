package exec

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigSum is the exact sum rounded to the nearest float64, as reference.
func bigSum(xs []float64) float64 {
	acc := new(big.Float).SetPrec(4096)
	for _, x := range xs {
		acc.Add(acc, new(big.Float).SetPrec(4096).SetFloat64(x))
	}
	f, _ := acc.Float64()
	return f
}

func TestExactSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := rng.IntN(50) + 1
		xs := make([]float64, n)
		for i := range xs {
			// Wildly different magnitudes make naive sums order-dependent.
			xs[i] = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(40)-20))
		}
		want := bigSum(xs)
		var s exactSum
		for _, x := range xs {
			s.add(x)
		}
		if got := s.value(); got != want {
			t.Fatalf("trial %d: sum %v, want %v", trial, got, want)
		}
		// Split among workers in a shuffled order and merge.
		perm := rng.Perm(n)
		parts := make([]exactSum, 3)
		for i, p := range perm {
			parts[i%3].add(xs[p])
		}
		parts[2].merge(&parts[0])
		parts[2].merge(&parts[1])
		if got := parts[2].value(); got != want {
			t.Fatalf("trial %d: merged sum %v, want %v", trial, got, want)
		}
	}
}

func TestExactSumSpecials(t *testing.T) {
	var s exactSum
	s.add(1e308)
	s.add(1e308)
	if !math.IsInf(s.value(), 1) {
		t.Errorf("overflow gave %v", s.value())
	}
	var n exactSum
	n.add(math.Inf(1))
	n.add(math.Inf(-1))
	if !math.IsNaN(n.value()) {
		t.Errorf("inf - inf gave %v", n.value())
	}
	var c exactSum
	c.add(1e16)
	c.add(1)
	c.add(-1e16)
	if c.value() != 1 {
		t.Errorf("cancellation lost the 1: %v", c.value())
	}
	var p exactSum
	p.addProduct(1+1e-10, 1+1e-10)
	p.add(-1)
	if p.value() != 2e-10+1e-20 {
		t.Logf("product error term kept: %v", p.value())
	}
}
