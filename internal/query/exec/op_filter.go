package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// filterOp keeps the rows whose condition is true. filterIndex runs the
// same way: which rows match does not depend on whether an index helped
// find them.
func filterOp(c *compiler, cond syntax.Expr) (streamOp, error) {
	f, err := c.compileCond(cond)
	if err != nil {
		return nil, err
	}
	return func(r *row, emit func(*row)) {
		if f(r) {
			emit(r)
		}
	}, nil
}
