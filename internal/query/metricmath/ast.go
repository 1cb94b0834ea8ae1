package metricmath

import (
	"strconv"
	"strings"
)

// Expr is a node of a parsed expression. String prints the node in
// canonical form: single spaces around binary operators, ", " between
// arguments, upper-case AND/OR/NOT and only the parentheses the
// precedence needs; parsing that text gives back the same tree.
type Expr interface {
	String() string
	// Pos is the byte offset of the node in the parsed text: the first
	// character of a literal, id, call or array, and the operator of a
	// unary or binary expression.
	Pos() int
	prec() int
	write(b *strings.Builder)
}

// Op is a unary or binary operator.
type Op int

// The operators, from the loosest binding to the tightest. OpNeg and OpNot
// are unary; the others are binary.
const (
	OpOr Op = iota + 1
	OpAnd
	OpNot
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpNeg
	OpPow
)

// Binding strengths, used by the parser and the printer alike.
const (
	precOr = iota + 1
	precAnd
	precNot
	precCmp
	precAdd
	precMul
	precNeg
	precPow
	precAtom
)

// String returns the operator as printed.
func (o Op) String() string {
	switch o {
	case OpOr:
		return "OR"
	case OpAnd:
		return "AND"
	case OpNot:
		return "NOT"
	case OpEq:
		return "=="
	case OpNe:
		return "!="
	case OpLt:
		return "<"
	case OpLe:
		return "<="
	case OpGt:
		return ">"
	case OpGe:
		return ">="
	case OpAdd:
		return "+"
	case OpSub, OpNeg:
		return "-"
	case OpMul:
		return "*"
	case OpDiv:
		return "/"
	case OpPow:
		return "^"
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

func (o Op) prec() int {
	switch o {
	case OpOr:
		return precOr
	case OpAnd:
		return precAnd
	case OpNot:
		return precNot
	case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe:
		return precCmp
	case OpAdd, OpSub:
		return precAdd
	case OpMul, OpDiv:
		return precMul
	case OpNeg:
		return precNeg
	case OpPow:
		return precPow
	}
	return precAtom
}

// Number is a numeric literal. Literals are never negative: -5 is OpNeg
// applied to 5.
type Number struct {
	Value float64
	At    int
}

// Ref names the result of another query of the request by its id.
type Ref struct {
	ID string
	At int
}

// StringLit is a quoted literal, the argument of METRICS and SEARCH. Value
// is the text between the quotes; there are no escapes.
type StringLit struct {
	Value string
	At    int
}

// Keyword is a bare upper-case word used as an argument, such as REPEAT
// in FILL(m1, REPEAT) or DESC in SORT(METRICS(), AVG, DESC).
type Keyword struct {
	Name string
	At   int
}

// Unary is -X or NOT X.
type Unary struct {
	Op Op
	X  Expr
	At int
}

// Binary is X Op Y.
type Binary struct {
	Op   Op
	X, Y Expr
	At   int
}

// Call is a function call; Func is the upper-case function name.
type Call struct {
	Func string
	Args []Expr
	At   int
}

// Array is [a, b, ...], an array of time series built from its elements.
type Array struct {
	Elems []Expr
	At    int
}

func (n *Number) Pos() int    { return n.At }
func (n *Ref) Pos() int       { return n.At }
func (n *StringLit) Pos() int { return n.At }
func (n *Keyword) Pos() int   { return n.At }
func (n *Unary) Pos() int     { return n.At }
func (n *Binary) Pos() int    { return n.At }
func (n *Call) Pos() int      { return n.At }
func (n *Array) Pos() int     { return n.At }

func (n *Number) prec() int    { return precAtom }
func (n *Ref) prec() int       { return precAtom }
func (n *StringLit) prec() int { return precAtom }
func (n *Keyword) prec() int   { return precAtom }
func (n *Unary) prec() int     { return n.Op.prec() }
func (n *Binary) prec() int    { return n.Op.prec() }
func (n *Call) prec() int      { return precAtom }
func (n *Array) prec() int     { return precAtom }

func (n *Number) String() string    { return render(n) }
func (n *Ref) String() string       { return render(n) }
func (n *StringLit) String() string { return render(n) }
func (n *Keyword) String() string   { return render(n) }
func (n *Unary) String() string     { return render(n) }
func (n *Binary) String() string    { return render(n) }
func (n *Call) String() string      { return render(n) }
func (n *Array) String() string     { return render(n) }

func render(e Expr) string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

func (n *Number) write(b *strings.Builder) {
	b.WriteString(strconv.FormatFloat(n.Value, 'g', -1, 64))
}

func (n *Ref) write(b *strings.Builder)     { b.WriteString(n.ID) }
func (n *Keyword) write(b *strings.Builder) { b.WriteString(n.Name) }

// write quotes with ' unless the text holds one; the parser rejects text
// holding both quote characters, which no literal can spell.
func (n *StringLit) write(b *strings.Builder) {
	q := byte('\'')
	if strings.IndexByte(n.Value, '\'') >= 0 {
		q = '"'
	}
	b.WriteByte(q)
	b.WriteString(n.Value)
	b.WriteByte(q)
}

func (n *Unary) write(b *strings.Builder) {
	b.WriteString(n.Op.String())
	if n.Op == OpNot {
		b.WriteByte(' ')
	}
	writeOperand(b, n.X, n.X.prec() < n.prec())
}

func (n *Binary) write(b *strings.Builder) {
	p := n.prec()
	right := n.Op == OpPow
	writeOperand(b, n.X, n.X.prec() < p || (right && n.X.prec() == p))
	b.WriteByte(' ')
	b.WriteString(n.Op.String())
	b.WriteByte(' ')
	writeOperand(b, n.Y, n.Y.prec() < p || (!right && n.Y.prec() == p))
}

func writeOperand(b *strings.Builder, e Expr, paren bool) {
	if paren {
		b.WriteByte('(')
	}
	e.write(b)
	if paren {
		b.WriteByte(')')
	}
}

func (n *Call) write(b *strings.Builder) {
	b.WriteString(n.Func)
	b.WriteByte('(')
	writeList(b, n.Args)
	b.WriteByte(')')
}

func (n *Array) write(b *strings.Builder) {
	b.WriteByte('[')
	writeList(b, n.Elems)
	b.WriteByte(']')
}

func writeList(b *strings.Builder, list []Expr) {
	for i, e := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		e.write(b)
	}
}

// Walk calls fn for e and then, if fn returns true, for each of its
// children in order.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch n := e.(type) {
	case *Unary:
		Walk(n.X, fn)
	case *Binary:
		Walk(n.X, fn)
		Walk(n.Y, fn)
	case *Call:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Array:
		for _, a := range n.Elems {
			Walk(a, fn)
		}
	}
}

// Refs returns the ids e names, each once, in order of first appearance.
// The metrics service uses it to order the queries of a request and to
// reject unknown ids and cycles. METRICS() is not listed: it depends on
// every metric query of the request and on no expression.
func Refs(e Expr) []string {
	var ids []string
	seen := map[string]bool{}
	Walk(e, func(x Expr) bool {
		if r, ok := x.(*Ref); ok && !seen[r.ID] {
			seen[r.ID] = true
			ids = append(ids, r.ID)
		}
		return true
	})
	return ids
}

// Calls reports whether e calls the function name anywhere, for example
// SEARCH, which alarms do not allow.
func Calls(e Expr, name string) bool {
	found := false
	Walk(e, func(x Expr) bool {
		if c, ok := x.(*Call); ok && c.Func == name {
			found = true
		}
		return !found
	})
	return found
}
