package syntax

import (
	"regexp"
	"strings"
)

// Query is a parsed query: its commands in pipeline order.
type Query struct {
	Commands []Command
}

// String prints the query canonically, commands joined by " | ".
func (q *Query) String() string {
	parts := make([]string, len(q.Commands))
	for i, c := range q.Commands {
		parts[i] = c.String()
	}
	return strings.Join(parts, " | ")
}

// Command is one stage of the pipeline: *FieldsCmd, *DisplayCmd,
// *FilterCmd, *FilterIndexCmd, *StatsCmd, *SortCmd, *LimitCmd, *ParseCmd,
// *DedupCmd, *UnnestCmd, *UnmaskCmd, *PatternCmd, *DiffCmd, *AnomalyCmd or
// *SourceCmd.
type Command interface {
	// String prints the command canonically.
	String() string
	// Name is the command keyword in its canonical spelling.
	Name() string
	// Span is where the command was in the query text (byte offsets).
	Span() Span
}

// Span is a byte range [Start, End) in the query text.
type Span struct {
	Start, End int
}

// Pos is embedded in command nodes to record and report their Span.
type Pos struct {
	Start, End int
}

// Span returns the recorded range.
func (p Pos) Span() Span { return Span(p) }

// Expr is an expression node: *FieldRef, *StringLit, *NumberLit,
// *DurationLit, *RegexLit, *StarExpr, *ListLit, *UnaryExpr, *BinaryExpr,
// *CallExpr or *IndexExpr.
type Expr interface {
	String() string
	exprNode()
}

// FieldRef names a field. Path holds the dot-separated segments as written:
// a.b.`c.d` is [a b c.d]. A discovered JSON field a.b is found by its full
// name; when no field has the full name, the longest prefix naming a
// jsonParse map or list is looked into with the remaining segments.
type FieldRef struct {
	Path []string
}

// Name is the field's flattened name, the segments joined by dots.
func (f *FieldRef) Name() string { return strings.Join(f.Path, ".") }

// StringLit is a quoted string.
type StringLit struct {
	Value string
}

// NumberLit is a decimal number.
type NumberLit struct {
	Value float64
}

// DurationLit is a time period such as 5m.
type DurationLit struct {
	Duration Duration
}

// RegexLit is a /…/ regular expression. Named groups may be written
// (?<name>…) with names that Go's syntax would refuse (such as @user);
// Regexp is compiled with internal group names and Groups maps them back.
type RegexLit struct {
	Source string
	Regexp *regexp.Regexp
	// Groups lists the named groups in order: Groups[i].Index is the
	// submatch index in Regexp, Groups[i].Name the name as written.
	Groups []RegexGroup
}

// RegexGroup is a named capture group of a RegexLit.
type RegexGroup struct {
	Name  string
	Index int
}

// StarExpr is the * in count(*).
type StarExpr struct{}

// ListLit is a bracketed list, the right side of in / not in.
type ListLit struct {
	Elems []Expr
}

// UnaryOp is a prefix operator.
type UnaryOp uint8

// Prefix operators.
const (
	OpNot UnaryOp = iota + 1
	OpNeg
)

// UnaryExpr applies a prefix operator.
type UnaryExpr struct {
	Op UnaryOp
	X  Expr
}

// BinaryOp is an infix operator.
type BinaryOp uint8

// Infix operators, loosest-binding first.
const (
	OpOr BinaryOp = iota + 1
	OpAnd
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpMatch   // =~
	OpLike    // like
	OpNotLike // not like
	OpIn      // in
	OpNotIn   // not in
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
	OpPow
)

// BinaryExpr applies an infix operator. For OpLike, OpNotLike and OpMatch
// R is a *StringLit (substring) or *RegexLit; for OpIn and OpNotIn it is a
// *ListLit.
type BinaryExpr struct {
	Op   BinaryOp
	L, R Expr
}

// CallExpr calls a function. Name is the canonical spelling from the
// function catalog (Lookup), whatever case the query used.
type CallExpr struct {
	Name string
	Args []Expr
}

// Func returns the catalog entry of the called function.
func (c *CallExpr) Func() *FuncInfo { return Lookup(c.Name) }

// IndexExpr indexes a list from jsonParse: list[0].
type IndexExpr struct {
	X, Index Expr
}

func (*FieldRef) exprNode()    {}
func (*StringLit) exprNode()   {}
func (*NumberLit) exprNode()   {}
func (*DurationLit) exprNode() {}
func (*RegexLit) exprNode()    {}
func (*StarExpr) exprNode()    {}
func (*ListLit) exprNode()     {}
func (*UnaryExpr) exprNode()   {}
func (*BinaryExpr) exprNode()  {}
func (*CallExpr) exprNode()    {}
func (*IndexExpr) exprNode()   {}

// Projection is an expression with an optional alias, as in fields, display
// and stats: expr [as alias].
type Projection struct {
	Expr  Expr
	Alias string
}

// OutputName is the column the projection produces: the alias, the field
// name for a bare field, or the expression as printed.
func (p Projection) OutputName() string {
	if p.Alias != "" {
		return p.Alias
	}
	if f, ok := p.Expr.(*FieldRef); ok {
		return f.Name()
	}
	return p.Expr.String()
}

func (p Projection) String() string {
	if p.Alias == "" {
		return p.Expr.String()
	}
	return p.Expr.String() + " as " + quoteFieldName(p.Alias)
}

func joinProjections(ps []Projection) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, ", ")
}

// Walk calls fn for e and, depth first, for every expression below it;
// when fn returns false the children of that node are skipped.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch n := e.(type) {
	case *ListLit:
		for _, x := range n.Elems {
			Walk(x, fn)
		}
	case *UnaryExpr:
		Walk(n.X, fn)
	case *BinaryExpr:
		Walk(n.L, fn)
		Walk(n.R, fn)
	case *CallExpr:
		for _, x := range n.Args {
			Walk(x, fn)
		}
	case *IndexExpr:
		Walk(n.X, fn)
		Walk(n.Index, fn)
	}
}
