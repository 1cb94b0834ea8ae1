package syntax

import "strconv"

// LimitCmd keeps the first N rows in the current order: limit N.
type LimitCmd struct {
	Pos
	N int
}

// Name returns "limit".
func (*LimitCmd) Name() string { return "limit" }

func (c *LimitCmd) String() string { return "limit " + strconv.Itoa(c.N) }

func (c *LimitCmd) reads() []Expr { return nil }

func (c *LimitCmd) defines() []string { return nil }

func parseLimitCmd(p *parser, kw token) Command {
	t := p.tok
	if t.kind != tNumber {
		p.unexpected(`a number of rows after "limit"`)
		return nil
	}
	if t.num != float64(int64(t.num)) || t.num < 1 || t.num > MaxLimit {
		p.fail(t.pos, t.end, "limit %s must be a whole number from 1 to %d, not %s", p.at(t.pos), MaxLimit, t.text)
		return nil
	}
	p.next()
	return &LimitCmd{Pos: p.span(kw), N: int(t.num)}
}
