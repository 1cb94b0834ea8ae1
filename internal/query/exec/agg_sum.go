package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// sumState is sum(expr) and avg(expr) over the values that are numbers;
// other values are skipped. Without any number the result is null.
type sumState struct {
	avg bool
	sum exactSum
	n   int64
}

func newSum(*syntax.CallExpr) func() aggState { return func() aggState { return &sumState{} } }

func newAvg(*syntax.CallExpr) func() aggState { return func() aggState { return &sumState{avg: true} } }

func (s *sumState) add(v Value, _ rowPos) {
	if f, ok := v.Number(); ok {
		s.sum.add(f)
		s.n++
	}
}

func (s *sumState) merge(o aggState) {
	other := o.(*sumState)
	s.sum.merge(&other.sum)
	s.n += other.n
}

func (s *sumState) result() Value {
	if s.n == 0 {
		return null
	}
	if s.avg {
		return numValue(s.sum.value() / float64(s.n))
	}
	return numValue(s.sum.value())
}
