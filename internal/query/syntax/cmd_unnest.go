package syntax

// UnnestCmd turns a list into rows: unnest field into alias. Each element
// of the list (from jsonParse) becomes one row with alias set to it; any
// other value counts as a one-element list, and an empty list drops the row.
type UnnestCmd struct {
	Pos
	Field *FieldRef
	Alias string
}

// Name returns "unnest".
func (*UnnestCmd) Name() string { return "unnest" }

func (c *UnnestCmd) String() string {
	return "unnest " + c.Field.String() + " into " + quoteFieldName(c.Alias)
}

func (c *UnnestCmd) reads() []Expr { return []Expr{c.Field} }

func (c *UnnestCmd) defines() []string { return []string{c.Alias} }

func parseUnnestCmd(p *parser, kw token) Command {
	f := p.parseFieldRef("unnest")
	if f == nil {
		return nil
	}
	if !p.acceptKeyword("into") {
		p.unexpected(`"into" and the name for each element`)
		return nil
	}
	if p.tok.kind != tIdent || p.atReserved() {
		p.unexpected(`a name after "into"`)
		return nil
	}
	alias := FieldRef{Path: p.tok.path}
	p.next()
	return &UnnestCmd{Pos: p.span(kw), Field: f, Alias: alias.Name()}
}
