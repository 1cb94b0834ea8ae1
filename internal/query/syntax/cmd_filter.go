package syntax

// FilterCmd keeps the rows for which the condition holds: filter expr.
type FilterCmd struct {
	Pos
	Expr Expr
}

// Name returns "filter".
func (*FilterCmd) Name() string { return "filter" }

func (c *FilterCmd) String() string { return "filter " + c.Expr.String() }

func (c *FilterCmd) reads() []Expr { return []Expr{c.Expr} }

func (c *FilterCmd) defines() []string { return nil }

func parseFilterCmd(p *parser, kw token) Command {
	if !p.canStartExpr() {
		p.unexpected(`a condition after "filter"`)
		return nil
	}
	e := p.parseExpr(ctxScalar)
	if e == nil {
		return nil
	}
	return &FilterCmd{Pos: p.span(kw), Expr: e}
}
