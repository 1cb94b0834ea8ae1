package syntax

// UnmaskCmd shows a field without data-protection masking: unmask field
// (unmask(field) is accepted too). The function form unmask(field) does
// the same inside fields and display.
type UnmaskCmd struct {
	Pos
	Field *FieldRef
}

// Name returns "unmask".
func (*UnmaskCmd) Name() string { return "unmask" }

func (c *UnmaskCmd) String() string { return "unmask " + c.Field.String() }

func (c *UnmaskCmd) reads() []Expr { return []Expr{c.Field} }

func (c *UnmaskCmd) defines() []string { return nil }

func parseUnmaskCmd(p *parser, kw token) Command {
	paren := p.tok.kind == tLParen
	if paren {
		p.next()
	}
	f := p.parseFieldRef("unmask")
	if f == nil {
		return nil
	}
	if paren && !p.expect(tRParen, `")"`) {
		return nil
	}
	return &UnmaskCmd{Pos: p.span(kw), Field: f}
}
