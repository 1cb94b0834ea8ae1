package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// earliestState is earliest(expr) and latest(expr): the value of expr on
// the row with the smallest (largest) @timestamp, among rows where expr is
// not null. Equal timestamps go to the earlier (later) arriving row.
type earliestState struct {
	latest bool
	v      Value
	at     rowPos
}

func newEarliest(*syntax.CallExpr) func() aggState {
	return func() aggState { return &earliestState{} }
}

func newLatest(*syntax.CallExpr) func() aggState {
	return func() aggState { return &earliestState{latest: true} }
}

// before reports whether a comes before b in time, then arrival order;
// rows without a timestamp come first.
func before(a, b rowPos) bool {
	if a.hasTS != b.hasTS {
		return !a.hasTS
	}
	if a.hasTS && a.ts != b.ts {
		return a.ts < b.ts
	}
	return a.seq < b.seq
}

func (s *earliestState) add(v Value, at rowPos) {
	if v.IsNull() {
		return
	}
	if s.v.IsNull() || (s.latest && before(s.at, at)) || (!s.latest && before(at, s.at)) {
		s.v, s.at = v, at
	}
}

func (s *earliestState) merge(o aggState) {
	other := o.(*earliestState)
	s.add(other.v, other.at)
}

func (s *earliestState) result() Value { return s.v }
