package syntax

// FieldsCmd projects fields and computes new ones:
// fields expr [as alias] {, expr [as alias]}. Without a display command the
// result columns are the union of every fields command.
type FieldsCmd struct {
	Pos
	Items []Projection
}

// Name returns "fields".
func (*FieldsCmd) Name() string { return "fields" }

func (c *FieldsCmd) String() string { return "fields " + joinProjections(c.Items) }

func (c *FieldsCmd) reads() []Expr { return projectionExprs(c.Items) }

func (c *FieldsCmd) defines() []string { return projectionNames(c.Items) }

func parseFieldsCmd(p *parser, kw token) Command {
	items := p.parseProjections("fields", ctxScalar)
	if items == nil {
		return nil
	}
	return &FieldsCmd{Pos: p.span(kw), Items: items}
}

func projectionExprs(ps []Projection) []Expr {
	out := make([]Expr, len(ps))
	for i, p := range ps {
		out[i] = p.Expr
	}
	return out
}

func projectionNames(ps []Projection) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.OutputName()
	}
	return out
}
