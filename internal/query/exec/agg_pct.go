package exec

import (
	"math"
	"slices"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// pctState is pct(expr, p): the nearest-rank percentile of the values that
// are numbers, the smallest value v such that at least p% of the values
// are <= v. It keeps every value, so the answer is exact.
type pctState struct {
	p    float64
	vals []float64
}

func newPct(call *syntax.CallExpr) func() aggState {
	p := call.Args[1].(*syntax.NumberLit).Value
	return func() aggState { return &pctState{p: p} }
}

func (s *pctState) add(v Value, _ rowPos) {
	if f, ok := v.Number(); ok {
		s.vals = append(s.vals, f)
	}
}

func (s *pctState) merge(o aggState) { s.vals = append(s.vals, o.(*pctState).vals...) }

func (s *pctState) result() Value {
	if len(s.vals) == 0 {
		return null
	}
	slices.Sort(s.vals)
	rank := int(math.Ceil(s.p / 100 * float64(len(s.vals))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(s.vals) {
		rank = len(s.vals)
	}
	return numValue(s.vals[rank-1])
}
