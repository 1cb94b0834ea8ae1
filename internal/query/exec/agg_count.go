package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// countState is count(*) and count() (every row) or count(expr) (rows
// where expr is not null).
type countState struct {
	all bool
	n   int64
}

func newCount(call *syntax.CallExpr) func() aggState {
	all := len(call.Args) == 0
	if !all {
		_, all = call.Args[0].(*syntax.StarExpr)
	}
	return func() aggState { return &countState{all: all} }
}

func (s *countState) add(v Value, _ rowPos) {
	if s.all || !v.IsNull() {
		s.n++
	}
}

func (s *countState) merge(o aggState) { s.n += o.(*countState).n }

func (s *countState) result() Value { return numValue(float64(s.n)) }

// countDistinctState counts distinct non-null values, exactly. Values are
// told apart by how they print, so 200 and "200" are one value.
type countDistinctState struct {
	seen map[string]struct{}
}

func newCountDistinct(*syntax.CallExpr) func() aggState {
	return func() aggState { return &countDistinctState{seen: map[string]struct{}{}} }
}

func (s *countDistinctState) add(v Value, _ rowPos) {
	if !v.IsNull() {
		s.seen[v.String()] = struct{}{}
	}
}

func (s *countDistinctState) merge(o aggState) {
	for k := range o.(*countDistinctState).seen {
		s.seen[k] = struct{}{}
	}
}

func (s *countDistinctState) result() Value { return numValue(float64(len(s.seen))) }
