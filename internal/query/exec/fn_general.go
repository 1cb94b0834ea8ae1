package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// buildIsPresent is true when the field has a value.
func buildIsPresent(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	a := args[0]
	return func(r *row) Value { return boolValue(!a(r).IsNull()) }, nil
}

// buildCoalesce returns its first non-null argument.
func buildCoalesce(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return func(r *row) Value {
		for _, a := range args {
			if v := a(r); !v.IsNull() {
				return v
			}
		}
		return null
	}, nil
}

// buildUnmask returns its argument; the result column is exempt from
// Options.Mask (see unmaskedColumns).
func buildUnmask(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return args[0], nil
}
