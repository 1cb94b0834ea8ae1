package syntax

import (
	"regexp/syntax"
	"sort"
)

// planNode is implemented by every command; the planner helpers below use
// it to follow which fields flow through the pipeline.
type planNode interface {
	// reads lists the expressions the command evaluates on its input rows.
	reads() []Expr
	// defines lists the field names the command assigns.
	defines() []string
}

// CommandReads lists the expressions cmd evaluates on its input rows.
func CommandReads(cmd Command) []Expr {
	if pn, ok := cmd.(planNode); ok {
		return pn.reads()
	}
	return nil
}

// SystemFields are the fields CloudWatch generates for every event.
var SystemFields = []string{"@timestamp", "@message", "@logStream", "@log", "@ingestionTime", "@ptr"}

// IsSystemField reports whether name is one of SystemFields.
func IsSystemField(name string) bool {
	for _, f := range SystemFields {
		if f == name {
			return true
		}
	}
	return false
}

// replacesRows reports whether a command's output rows no longer carry the
// input events' fields.
func replacesRows(c Command) bool {
	switch c.(type) {
	case *StatsCmd, *PatternCmd, *DiffCmd, *AnomalyCmd:
		return true
	}
	return false
}

// NeededFields lists, sorted, the event fields the query reads: system
// fields such as @timestamp and discovered fields such as status or
// user.id. Names the query derives itself (aliases, parse targets, stats
// outputs) are left out. A store that has no column for a discovered field
// must supply @message, from which the engine discovers it.
func (q *Query) NeededFields() []string {
	needed := map[string]bool{}
	defined := map[string]bool{}
	replaced := false
	// A field is read from the event unless the query assigned its full
	// name: a.b is looked up as a whole before any assigned a is looked
	// into.
	covered := func(f *FieldRef) bool { return defined[f.Name()] }
	patterned := false
	for _, c := range q.Commands {
		switch c.(type) {
		case *PatternCmd:
			patterned = true
		case *DiffCmd:
			// Without a pattern before it, diff finds the patterns of
			// @message itself.
			if !patterned && !replaced {
				needed["@message"], needed["@timestamp"] = true, true
			}
		}
		pn := c.(planNode)
		for _, e := range pn.reads() {
			Walk(e, func(x Expr) bool {
				switch n := x.(type) {
				case *FieldRef:
					if !replaced && !covered(n) {
						needed[n.Name()] = true
					}
				case *CallExpr:
					if replaced && n.Func().Aggregate() && defined[n.String()] {
						return false // a reference to an earlier stats column
					}
					switch n.Name {
					case "bin", "earliest", "latest":
						if !replaced {
							needed["@timestamp"] = true
						}
					}
				}
				return true
			})
		}
		if replacesRows(c) {
			replaced = true
			defined = map[string]bool{}
		}
		for _, n := range pn.defines() {
			defined[n] = true
		}
	}
	if !replaced {
		needed["@timestamp"] = true // default sort
		if !q.has(func(c Command) bool {
			switch c.(type) {
			case *FieldsCmd, *DisplayCmd:
				return true
			}
			return false
		}) {
			needed["@message"] = true // default columns
		}
	}
	out := make([]string, 0, len(needed))
	for n := range needed {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (q *Query) has(pred func(Command) bool) bool {
	for _, c := range q.Commands {
		if pred(c) {
			return true
		}
	}
	return false
}

// HasStats reports whether the query aggregates with stats.
func (q *Query) HasStats() bool {
	return q.has(func(c Command) bool { _, ok := c.(*StatsCmd); return ok })
}

// Source returns the SOURCE command, or nil when the caller's log-group
// parameters select the groups.
func (q *Query) Source() *SourceCmd {
	if len(q.Commands) > 0 {
		if s, ok := q.Commands[0].(*SourceCmd); ok {
			return s
		}
	}
	return nil
}

// Diff returns the diff command, or nil.
func (q *Query) Diff() *DiffCmd {
	for _, c := range q.Commands {
		if d, ok := c.(*DiffCmd); ok {
			return d
		}
	}
	return nil
}

// scanPrefix returns the leading commands whose filters restrict which
// events can contribute to the result: a condition in them holds for every
// event behind a result row. It ends at the first command after which
// filtering events earlier would change the answer (limit, dedup, stats…)
// and at any command that reassigns @message.
func (q *Query) scanPrefix() []Command {
	for i, c := range q.Commands {
		switch c.(type) {
		case *LimitCmd, *DedupCmd, *StatsCmd, *PatternCmd, *DiffCmd, *AnomalyCmd:
			return q.Commands[:i]
		}
		for _, n := range c.(planNode).defines() {
			if n == "@message" || n == "@timestamp" {
				return q.Commands[:i]
			}
		}
	}
	return q.Commands
}

// RequiredTerms returns literal substrings that the @message of every event
// contributing to the result must contain, as far as the query's leading
// filters show it (like "x", =~ /…x…/ and = "x" on @message, joined with
// and). A store may skip events and blocks lacking any of them. The terms
// are case-sensitive; nil means no such term is known.
func (q *Query) RequiredTerms() []string {
	var terms []string
	seen := map[string]bool{}
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	for _, c := range q.scanPrefix() {
		if f, ok := c.(*FilterCmd); ok {
			for _, t := range exprTerms(f.Expr) {
				add(t)
			}
		}
	}
	return terms
}

func isMessageRef(e Expr) bool {
	f, ok := e.(*FieldRef)
	return ok && len(f.Path) == 1 && f.Path[0] == "@message"
}

func exprTerms(e Expr) []string {
	b, ok := e.(*BinaryExpr)
	if !ok {
		return nil
	}
	switch b.Op {
	case OpAnd:
		return append(exprTerms(b.L), exprTerms(b.R)...)
	case OpLike, OpMatch:
		if !isMessageRef(b.L) {
			return nil
		}
		switch r := b.R.(type) {
		case *StringLit:
			return []string{r.Value}
		case *RegexLit:
			return regexTerms(r)
		}
	case OpEq:
		if isMessageRef(b.L) {
			if s, ok := b.R.(*StringLit); ok {
				return []string{s.Value}
			}
		}
	}
	return nil
}

// regexTerms returns the case-sensitive literals every match of the
// expression contains: the literal parts of its top-level concatenation.
func regexTerms(r *RegexLit) []string {
	re, err := syntax.Parse(r.Regexp.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	var out []string
	var walk func(n *syntax.Regexp)
	walk = func(n *syntax.Regexp) {
		switch n.Op {
		case syntax.OpLiteral:
			if n.Flags&syntax.FoldCase == 0 {
				out = append(out, string(n.Rune))
			}
		case syntax.OpConcat:
			for _, s := range n.Sub {
				walk(s)
			}
		case syntax.OpCapture, syntax.OpPlus:
			walk(n.Sub[0])
		case syntax.OpRepeat:
			if n.Min >= 1 {
				walk(n.Sub[0])
			}
		}
	}
	walk(re)
	return out
}

// TimeBounds is a time range, in epoch milliseconds, that the query's
// leading filters on @timestamp imply. Both ends are inclusive.
type TimeBounds struct {
	Start, End       int64
	HasStart, HasEnd bool
}

// TimeBounds returns the range implied by conditions such as
// @timestamp >= 1700000000000 (or fromMillis(…)) in the leading filters,
// joined with and.
func (q *Query) TimeBounds() TimeBounds {
	var tb TimeBounds
	lower := func(v int64) {
		if !tb.HasStart || v > tb.Start {
			tb.Start, tb.HasStart = v, true
		}
	}
	upper := func(v int64) {
		if !tb.HasEnd || v < tb.End {
			tb.End, tb.HasEnd = v, true
		}
	}
	var walk func(e Expr)
	walk = func(e Expr) {
		b, ok := e.(*BinaryExpr)
		if !ok {
			return
		}
		if b.Op == OpAnd {
			walk(b.L)
			walk(b.R)
			return
		}
		op, v, ok := timestampComparison(b)
		if !ok {
			return
		}
		switch op {
		case OpGe:
			lower(v)
		case OpGt:
			lower(v + 1)
		case OpLe:
			upper(v)
		case OpLt:
			upper(v - 1)
		case OpEq:
			lower(v)
			upper(v)
		}
	}
	for _, c := range q.scanPrefix() {
		if f, ok := c.(*FilterCmd); ok {
			walk(f.Expr)
		}
	}
	return tb
}

// timestampComparison recognises @timestamp OP millis (either way round),
// returning the operator as if @timestamp were on the left.
func timestampComparison(b *BinaryExpr) (BinaryOp, int64, bool) {
	isTS := func(e Expr) bool {
		f, ok := e.(*FieldRef)
		return ok && len(f.Path) == 1 && f.Path[0] == "@timestamp"
	}
	millis := func(e Expr) (int64, bool) {
		if c, ok := e.(*CallExpr); ok && c.Name == "fromMillis" {
			e = c.Args[0]
		}
		n, ok := e.(*NumberLit)
		if !ok || n.Value != float64(int64(n.Value)) {
			return 0, false
		}
		return int64(n.Value), true
	}
	flip := map[BinaryOp]BinaryOp{OpLt: OpGt, OpLe: OpGe, OpGt: OpLt, OpGe: OpLe, OpEq: OpEq}
	if _, ok := flip[b.Op]; !ok {
		return 0, 0, false
	}
	if isTS(b.L) {
		if v, ok := millis(b.R); ok {
			return b.Op, v, true
		}
	}
	if isTS(b.R) {
		if v, ok := millis(b.L); ok {
			return flip[b.Op], v, true
		}
	}
	return 0, 0, false
}

// IndexFilters returns the conditions of the query's leading filterIndex
// commands that hold for every matching event.
func (q *Query) IndexFilters() []IndexFilter {
	var out []IndexFilter
	for _, c := range q.scanPrefix() {
		if f, ok := c.(*FilterIndexCmd); ok {
			out = append(out, f.IndexFilters()...)
		}
	}
	return out
}
