package syntax

// DisplayCmd chooses the result columns: display field {, field}. Only the
// last display of a query counts, and it overrides fields.
type DisplayCmd struct {
	Pos
	Items []Projection
}

// Name returns "display".
func (*DisplayCmd) Name() string { return "display" }

func (c *DisplayCmd) String() string { return "display " + joinProjections(c.Items) }

func (c *DisplayCmd) reads() []Expr { return projectionExprs(c.Items) }

func (c *DisplayCmd) defines() []string { return projectionNames(c.Items) }

func parseDisplayCmd(p *parser, kw token) Command {
	items := p.parseProjections("display", ctxScalar)
	if items == nil {
		return nil
	}
	return &DisplayCmd{Pos: p.span(kw), Items: items}
}
