package syntax

// FilterIndexCmd is filter restricted to conditions a field index can
// answer: field = value and field in [values], joined with and / or. It
// keeps the same rows as filter would; the planner may use IndexFilters to
// skip log groups and blocks that an index proves empty.
type FilterIndexCmd struct {
	Pos
	Expr Expr
}

// Name returns "filterIndex".
func (*FilterIndexCmd) Name() string { return "filterIndex" }

func (c *FilterIndexCmd) String() string { return "filterIndex " + c.Expr.String() }

func (c *FilterIndexCmd) reads() []Expr { return []Expr{c.Expr} }

func (c *FilterIndexCmd) defines() []string { return nil }

// IndexFilter is one indexed-field condition: Field equals one of Values
// (values as they print in results).
type IndexFilter struct {
	Field  string
	Values []string
}

// IndexFilters returns the conditions every matching row satisfies, one
// per field compared in a top-level and; a condition under an or is left
// out because it does not hold for every row.
func (c *FilterIndexCmd) IndexFilters() []IndexFilter {
	var out []IndexFilter
	var walk func(e Expr)
	walk = func(e Expr) {
		b, ok := e.(*BinaryExpr)
		if !ok {
			return
		}
		switch b.Op {
		case OpAnd:
			walk(b.L)
			walk(b.R)
		case OpEq:
			f, v := indexOperands(b.L, b.R)
			if f != nil {
				out = append(out, IndexFilter{Field: f.Name(), Values: []string{v}})
			}
		case OpIn:
			f, _ := b.L.(*FieldRef)
			list, _ := b.R.(*ListLit)
			if f == nil || list == nil {
				return
			}
			var vals []string
			for _, x := range list.Elems {
				v, ok := literalText(x)
				if !ok {
					return
				}
				vals = append(vals, v)
			}
			out = append(out, IndexFilter{Field: f.Name(), Values: vals})
		}
	}
	walk(c.Expr)
	return out
}

func indexOperands(l, r Expr) (*FieldRef, string) {
	if f, ok := l.(*FieldRef); ok {
		if v, ok := literalText(r); ok {
			return f, v
		}
	}
	if f, ok := r.(*FieldRef); ok {
		if v, ok := literalText(l); ok {
			return f, v
		}
	}
	return nil, ""
}

// literalText is a string or number literal's value as results print it.
func literalText(e Expr) (string, bool) {
	switch v := e.(type) {
	case *StringLit:
		return v.Value, true
	case *NumberLit:
		return formatNumber(v.Value), true
	}
	return "", false
}

// indexable reports whether e only uses the condition forms filterIndex
// accepts.
func indexable(e Expr) bool {
	b, ok := e.(*BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case OpAnd, OpOr:
		return indexable(b.L) && indexable(b.R)
	case OpEq:
		f, _ := indexOperands(b.L, b.R)
		return f != nil
	case OpIn:
		if _, ok := b.L.(*FieldRef); !ok {
			return false
		}
		for _, x := range b.R.(*ListLit).Elems {
			if _, ok := literalText(x); !ok {
				return false
			}
		}
		return true
	}
	return false
}

func parseFilterIndexCmd(p *parser, kw token) Command {
	if !p.canStartExpr() {
		p.unexpected(`a condition after "filterIndex"`)
		return nil
	}
	start := p.tok.pos
	e := p.parseExpr(ctxScalar)
	if e == nil {
		return nil
	}
	if !indexable(e) {
		p.fail(start, p.tok.pos, "filterIndex %s supports only field = value and field in [values] conditions, joined with and or or", p.at(start))
		return nil
	}
	return &FilterIndexCmd{Pos: p.span(kw), Expr: e}
}
