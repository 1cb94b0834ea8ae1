package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// minMaxState is min(expr) and max(expr). Numbers (and timestamps) win
// over text: the result is the smallest or largest number when there is
// one, and otherwise the first or last text in sort order. The value is
// returned as it was, so max(@timestamp) is still a timestamp.
type minMaxState struct {
	max      bool
	num, txt Value
}

func newMin(*syntax.CallExpr) func() aggState { return func() aggState { return &minMaxState{} } }

func newMax(*syntax.CallExpr) func() aggState {
	return func() aggState { return &minMaxState{max: true} }
}

func (s *minMaxState) better(v, cur Value) bool {
	if cur.IsNull() {
		return true
	}
	c := compareValues(v, cur)
	if s.max {
		return c > 0
	}
	return c < 0
}

func (s *minMaxState) add(v Value, _ rowPos) {
	switch {
	case v.IsNull():
	case v.isNumeric():
		if s.better(v, s.num) {
			s.num = v
		}
	case s.better(v, s.txt):
		s.txt = v
	}
}

func (s *minMaxState) merge(o aggState) {
	other := o.(*minMaxState)
	s.add(other.num, rowPos{})
	s.add(other.txt, rowPos{})
}

func (s *minMaxState) result() Value {
	if !s.num.IsNull() {
		return s.num
	}
	return s.txt
}

// sortsState is sortsFirst(expr) and sortsLast(expr): the value that comes
// first or last in sort order (text before numbers, natural order).
type sortsState struct {
	last bool
	best Value
}

func newSortsFirst(*syntax.CallExpr) func() aggState { return func() aggState { return &sortsState{} } }

func newSortsLast(*syntax.CallExpr) func() aggState {
	return func() aggState { return &sortsState{last: true} }
}

func (s *sortsState) add(v Value, _ rowPos) {
	if v.IsNull() {
		return
	}
	if s.best.IsNull() {
		s.best = v
		return
	}
	c := compareValues(v, s.best)
	if (s.last && c > 0) || (!s.last && c < 0) {
		s.best = v
	}
}

func (s *sortsState) merge(o aggState) { s.add(o.(*sortsState).best, rowPos{}) }

func (s *sortsState) result() Value { return s.best }
