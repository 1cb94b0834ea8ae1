package syntax

// PatternCmd clusters text into patterns: pattern [expr]. The input is
// @message when left out, a parsed field, or a string function's result.
// The output has one row per pattern with @pattern, @ratio, @sampleCount,
// @severityLabel and @tokens.
type PatternCmd struct {
	Pos
	Expr Expr // nil: @message
}

// Name returns "pattern".
func (*PatternCmd) Name() string { return "pattern" }

func (c *PatternCmd) String() string {
	if c.Expr == nil {
		return "pattern"
	}
	return "pattern " + c.Expr.String()
}

// Input is the expression whose text is clustered.
func (c *PatternCmd) Input() Expr {
	if c.Expr == nil {
		return &FieldRef{Path: []string{"@message"}}
	}
	return c.Expr
}

func (c *PatternCmd) reads() []Expr {
	return []Expr{c.Input(), &FieldRef{Path: []string{"@timestamp"}}}
}

// PatternColumns are the columns pattern produces.
var PatternColumns = []string{"@pattern", "@ratio", "@sampleCount", "@severityLabel", "@tokens"}

func (c *PatternCmd) defines() []string { return PatternColumns }

func parsePatternCmd(p *parser, kw token) Command {
	c := &PatternCmd{}
	if p.tok.kind != tPipe && p.tok.kind != tEOF {
		if !p.canStartExpr() {
			p.unexpected(`a field to find patterns in, such as @message`)
			return nil
		}
		c.Expr = p.parseExpr(ctxScalar)
		if c.Expr == nil {
			return nil
		}
	}
	c.Pos = p.span(kw)
	return c
}
