package syntax

import "fmt"

// StatsCmd aggregates rows: stats agg(expr) [as alias] {, …} [by expr [as
// alias] {, …}]. Each aggregate item is an expression over aggregate calls
// (stats sum(errors) / count(*) * 100 as errorRate is fine). The output has
// one row per group: the by columns first, then the aggregates.
type StatsCmd struct {
	Pos
	Aggs []Projection
	By   []Projection
}

// Name returns "stats".
func (*StatsCmd) Name() string { return "stats" }

func (c *StatsCmd) String() string {
	s := "stats " + joinProjections(c.Aggs)
	if len(c.By) > 0 {
		s += " by " + joinProjections(c.By)
	}
	return s
}

func (c *StatsCmd) reads() []Expr {
	return append(projectionExprs(c.Aggs), projectionExprs(c.By)...)
}

// defines lists the output columns, by columns first.
func (c *StatsCmd) defines() []string {
	return append(projectionNames(c.By), projectionNames(c.Aggs)...)
}

// AggregateCalls returns the aggregate function calls of item i, in the
// order they appear.
func (c *StatsCmd) AggregateCalls(i int) []*CallExpr {
	var out []*CallExpr
	Walk(c.Aggs[i].Expr, func(e Expr) bool {
		if call, ok := e.(*CallExpr); ok && call.Func().Aggregate() {
			out = append(out, call)
			return false
		}
		return true
	})
	return out
}

// checkStatsItem returns a complaint when an aggregate item has no
// aggregate call or reads a field outside one.
func checkStatsItem(e Expr) string {
	aggs := 0
	bare := ""
	walk := func(e Expr) {
		Walk(e, func(x Expr) bool {
			switch n := x.(type) {
			case *CallExpr:
				if n.Func().Aggregate() {
					aggs++
					return false
				}
			case *FieldRef:
				if bare == "" {
					bare = n.Name()
				}
			}
			return true
		})
	}
	walk(e)
	switch {
	case bare != "":
		return fmt.Sprintf("field %s must be inside an aggregate function such as count(), sum() or avg()", quoteFieldName(bare))
	case aggs == 0:
		return "needs an aggregate function such as count(*), sum() or avg()"
	}
	return ""
}

func parseStatsCmd(p *parser, kw token) Command {
	c := &StatsCmd{}
	for {
		if !p.canStartExpr() {
			if len(c.Aggs) == 0 {
				p.unexpected(`an aggregate function such as count(*) after "stats"`)
			} else {
				p.unexpected(`an aggregate function after ","`)
			}
			return nil
		}
		start := p.tok.pos
		e := p.parseExpr(ctxStats)
		if e == nil {
			return nil
		}
		if msg := checkStatsItem(e); msg != "" {
			p.fail(start, p.tok.pos, "stats item %s %s", p.at(start), msg)
			return nil
		}
		pr := Projection{Expr: e}
		if p.acceptKeyword("as") {
			name, ok := p.parseAlias()
			if !ok {
				return nil
			}
			pr.Alias = name
		}
		c.Aggs = append(c.Aggs, pr)
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	if p.acceptKeyword("by") {
		by := p.parseProjections("by", ctxScalar)
		if by == nil {
			return nil
		}
		c.By = by
	}
	c.Pos = p.span(kw)
	return c
}
