package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// projectOp computes the items of fields and display and assigns them
// under their output names. All items are computed before any is assigned,
// so fields a as b, b as a swaps.
func projectOp(c *compiler, items []syntax.Projection) (streamOp, error) {
	type item struct {
		name string
		f    evalFn
	}
	var work []item
	for _, p := range items {
		if f, ok := p.Expr.(*syntax.FieldRef); ok && p.Alias == "" && len(f.Path) == 1 {
			continue // already readable under its own name
		}
		f, err := c.compile(p.Expr)
		if err != nil {
			return nil, err
		}
		work = append(work, item{name: p.OutputName(), f: f})
	}
	if len(work) == 0 {
		return func(r *row, emit func(*row)) { emit(r) }, nil
	}
	vals := make([]Value, len(work))
	return func(r *row, emit func(*row)) {
		for i, it := range work {
			vals[i] = it.f(r)
		}
		for i, it := range work {
			r.assign(it.name, vals[i])
		}
		emit(r)
	}, nil
}
