package exec

import "github.com/openwatch/openwatch/internal/query/syntax"

// Conditions (filter and filterIndex) run on every scanned event, so they
// compile to predicates that return a bool directly and read text fields
// without boxing them in a Value. The answer is always the one the general
// evaluator gives: compile(e)(r).truthy().

func (c *compiler) compileCond(e syntax.Expr) (func(*row) bool, error) {
	if c.columns != nil && !isPlainField(e) && c.columns[e.String()] {
		return c.truthyOf(e)
	}
	switch n := e.(type) {
	case *syntax.UnaryExpr:
		if n.Op == syntax.OpNot {
			x, err := c.compileCond(n.X)
			if err != nil {
				return nil, err
			}
			return func(r *row) bool { return !x(r) }, nil
		}
	case *syntax.BinaryExpr:
		switch n.Op {
		case syntax.OpAnd, syntax.OpOr:
			l, err := c.compileCond(n.L)
			if err != nil {
				return nil, err
			}
			rc, err := c.compileCond(n.R)
			if err != nil {
				return nil, err
			}
			if n.Op == syntax.OpAnd {
				return func(r *row) bool { return l(r) && rc(r) }, nil
			}
			return func(r *row) bool { return l(r) || rc(r) }, nil
		case syntax.OpLike, syntax.OpNotLike, syntax.OpMatch:
			text, err := c.compileText(n.L)
			if err != nil {
				return nil, err
			}
			match, err := matcher(n.R)
			if err != nil {
				return nil, err
			}
			neg := n.Op == syntax.OpNotLike
			return func(r *row) bool {
				s, ok := text(r)
				return ok && match(s) != neg
			}, nil
		}
	}
	return c.truthyOf(e)
}

func (c *compiler) truthyOf(e syntax.Expr) (func(*row) bool, error) {
	f, err := c.compile(e)
	if err != nil {
		return nil, err
	}
	return func(r *row) bool { return f(r).truthy() }, nil
}

// compileText returns an expression's value as text; ok is false for null.
// @message of an event row that has not reassigned it is read directly.
func (c *compiler) compileText(e syntax.Expr) (func(*row) (string, bool), error) {
	if f, ok := e.(*syntax.FieldRef); ok && len(f.Path) == 1 && f.Path[0] == "@message" {
		return func(r *row) (string, bool) {
			if len(r.set) == 0 && r.ev != nil {
				return r.ev.Message, true
			}
			v := r.get("@message")
			return v.String(), !v.IsNull()
		}, nil
	}
	f, err := c.compile(e)
	if err != nil {
		return nil, err
	}
	return func(r *row) (string, bool) {
		v := f(r)
		if v.IsNull() {
			return "", false
		}
		if v.kind == KindString {
			return v.s, true
		}
		return v.String(), true
	}, nil
}
