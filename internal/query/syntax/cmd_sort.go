package syntax

// SortOrder is the direction of one sort key.
type SortOrder uint8

// Sort directions. SortDefault (no keyword) sorts ascending.
const (
	SortDefault SortOrder = iota
	SortAsc
	SortDesc
)

// SortKey is one key of a sort command.
type SortKey struct {
	Expr  Expr
	Order SortOrder
}

// Descending reports whether the key sorts from largest to smallest.
func (k SortKey) Descending() bool { return k.Order == SortDesc }

func (k SortKey) String() string {
	switch k.Order {
	case SortAsc:
		return k.Expr.String() + " asc"
	case SortDesc:
		return k.Expr.String() + " desc"
	}
	return k.Expr.String()
}

// SortCmd orders rows: sort expr [asc|desc] {, …}. Values compare in
// CloudWatch's natural order: non-numbers before numbers, digit runs by
// length then value, the rest by code point.
type SortCmd struct {
	Pos
	Keys []SortKey
}

// Name returns "sort".
func (*SortCmd) Name() string { return "sort" }

func (c *SortCmd) String() string {
	s := "sort "
	for i, k := range c.Keys {
		if i > 0 {
			s += ", "
		}
		s += k.String()
	}
	return s
}

func (c *SortCmd) reads() []Expr {
	out := make([]Expr, len(c.Keys))
	for i, k := range c.Keys {
		out[i] = k.Expr
	}
	return out
}

func (c *SortCmd) defines() []string { return nil }

func parseSortCmd(p *parser, kw token) Command {
	c := &SortCmd{}
	for {
		if !p.canStartExpr() {
			p.unexpected(`a field name to sort by`)
			return nil
		}
		e := p.parseExpr(ctxScalar)
		if e == nil {
			return nil
		}
		k := SortKey{Expr: e}
		switch {
		case p.acceptKeyword("asc"):
			k.Order = SortAsc
		case p.acceptKeyword("desc"):
			k.Order = SortDesc
		}
		c.Keys = append(c.Keys, k)
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	c.Pos = p.span(kw)
	return c
}
