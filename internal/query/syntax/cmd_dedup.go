package syntax

import "strings"

// DedupCmd keeps the first row for each combination of the fields' values,
// in the current sort order (@timestamp descending when none was given).
// Rows where any of the fields is null are all kept. Only limit may follow.
type DedupCmd struct {
	Pos
	Fields []*FieldRef
}

// Name returns "dedup".
func (*DedupCmd) Name() string { return "dedup" }

func (c *DedupCmd) String() string {
	parts := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		parts[i] = f.String()
	}
	return "dedup " + strings.Join(parts, ", ")
}

func (c *DedupCmd) reads() []Expr {
	out := make([]Expr, len(c.Fields))
	for i, f := range c.Fields {
		out[i] = f
	}
	return out
}

func (c *DedupCmd) defines() []string { return nil }

func parseDedupCmd(p *parser, kw token) Command {
	c := &DedupCmd{}
	after := "dedup"
	for {
		f := p.parseFieldRef(after)
		if f == nil {
			return nil
		}
		c.Fields = append(c.Fields, f)
		if p.tok.kind != tComma {
			break
		}
		after = ","
		p.next()
	}
	c.Pos = p.span(kw)
	return c
}
