package exec

import (
	"math"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// stddevState is the sample standard deviation (n-1 in the denominator)
// of the values that are numbers; 0 for a single value, null for none.
// Both the sum and the sum of squares are exact, so the result does not
// depend on the order of the values.
type stddevState struct {
	sum, sumSq exactSum
	n          int64
}

func newStddev(*syntax.CallExpr) func() aggState { return func() aggState { return &stddevState{} } }

func (s *stddevState) add(v Value, _ rowPos) {
	if f, ok := v.Number(); ok {
		s.sum.add(f)
		s.sumSq.addProduct(f, f)
		s.n++
	}
}

func (s *stddevState) merge(o aggState) {
	other := o.(*stddevState)
	s.sum.merge(&other.sum)
	s.sumSq.merge(&other.sumSq)
	s.n += other.n
}

func (s *stddevState) result() Value {
	switch s.n {
	case 0:
		return null
	case 1:
		return numValue(0)
	}
	total := s.sum.value()
	mean := total / float64(s.n)
	// Σx² − (Σx)·mean, with the subtraction done exactly.
	num := exactSum{partials: append([]float64(nil), s.sumSq.partials...), special: s.sumSq.special, hasSpecial: s.sumSq.hasSpecial}
	num.addProduct(-total, mean)
	v := num.value() / float64(s.n-1)
	if v < 0 {
		v = 0
	}
	return numValue(math.Sqrt(v))
}
