package syntax

import (
	"strconv"
	"strings"
)

// Binding strengths, loosest first. The printer adds parentheses exactly
// where the parser would otherwise group differently, so printing is
// canonical no matter how many parentheses the query had.
const (
	precOr = iota + 1
	precAnd
	precNot
	precCmp
	precAdd
	precMul
	precNeg
	precPow
	precPrimary
)

var binaryText = [...]string{
	OpOr: "or", OpAnd: "and",
	OpEq: "=", OpNe: "!=", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
	OpMatch: "=~", OpLike: "like", OpNotLike: "not like", OpIn: "in", OpNotIn: "not in",
	OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpMod: "%", OpPow: "^",
}

// String prints the operator as written in queries.
func (op BinaryOp) String() string {
	if int(op) < len(binaryText) {
		return binaryText[op]
	}
	return "?"
}

func binaryPrec(op BinaryOp) int {
	switch op {
	case OpOr:
		return precOr
	case OpAnd:
		return precAnd
	case OpAdd, OpSub:
		return precAdd
	case OpMul, OpDiv, OpMod:
		return precMul
	case OpPow:
		return precPow
	}
	return precCmp
}

func exprPrec(e Expr) int {
	switch n := e.(type) {
	case *BinaryExpr:
		return binaryPrec(n.Op)
	case *UnaryExpr:
		if n.Op == OpNot {
			return precNot
		}
		return precNeg
	}
	return precPrimary
}

func writeExpr(b *strings.Builder, e Expr, minPrec int) {
	if exprPrec(e) < minPrec {
		b.WriteByte('(')
		writeExpr(b, e, 0)
		b.WriteByte(')')
		return
	}
	switch n := e.(type) {
	case *FieldRef:
		b.WriteString(formatPath(n.Path))
	case *StringLit:
		b.WriteString(quoteString(n.Value))
	case *NumberLit:
		b.WriteString(formatNumber(n.Value))
	case *DurationLit:
		b.WriteString(n.Duration.String())
	case *RegexLit:
		b.WriteByte('/')
		b.WriteString(n.Source)
		b.WriteByte('/')
	case *StarExpr:
		b.WriteByte('*')
	case *ListLit:
		b.WriteByte('[')
		for i, x := range n.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, x, 0)
		}
		b.WriteByte(']')
	case *UnaryExpr:
		if n.Op == OpNot {
			b.WriteString("not ")
			writeExpr(b, n.X, precNot)
		} else {
			b.WriteByte('-')
			writeExpr(b, n.X, precNeg)
		}
	case *BinaryExpr:
		p := binaryPrec(n.Op)
		lp, rp := p, p+1 // left-associative
		switch {
		case n.Op == OpPow: // right-associative
			lp, rp = p+1, p
		case p == precCmp: // comparisons do not chain
			lp, rp = p+1, p+1
		}
		writeExpr(b, n.L, lp)
		b.WriteByte(' ')
		b.WriteString(n.Op.String())
		b.WriteByte(' ')
		writeExpr(b, n.R, rp)
	case *CallExpr:
		b.WriteString(n.Name)
		b.WriteByte('(')
		for i, x := range n.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, x, 0)
		}
		b.WriteByte(')')
	case *IndexExpr:
		writeExpr(b, n.X, precPrimary)
		b.WriteByte('[')
		writeExpr(b, n.Index, 0)
		b.WriteByte(']')
	}
}

func exprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

func (e *FieldRef) String() string    { return exprString(e) }
func (e *StringLit) String() string   { return exprString(e) }
func (e *NumberLit) String() string   { return exprString(e) }
func (e *DurationLit) String() string { return exprString(e) }
func (e *RegexLit) String() string    { return exprString(e) }
func (e *StarExpr) String() string    { return exprString(e) }
func (e *ListLit) String() string     { return exprString(e) }
func (e *UnaryExpr) String() string   { return exprString(e) }
func (e *BinaryExpr) String() string  { return exprString(e) }
func (e *CallExpr) String() string    { return exprString(e) }
func (e *IndexExpr) String() string   { return exprString(e) }

// formatNumber prints a number so that the lexer reads back the same value.
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// quoteString prints s as a double-quoted literal the lexer reads back.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainSegment reports whether a path segment can be written without
// backticks; first tells whether it is the leading segment, which may not
// start with a digit.
func plainSegment(s string, first bool) bool {
	if s == "" {
		return false
	}
	if first && !isIdentStart(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	return true
}

func quoteSegment(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

func formatPath(path []string) string {
	var b strings.Builder
	for i, s := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		if plainSegment(s, i == 0) && !(len(path) == 1 && isReservedAlone(s)) {
			b.WriteString(s)
		} else {
			b.WriteString(quoteSegment(s))
		}
	}
	return b.String()
}

// quoteFieldName prints a field name (an alias or a parse target) as a
// single segment, backticked unless it is a plain identifier.
func quoteFieldName(name string) string {
	if plainSegment(name, true) && !isReservedAlone(name) {
		return name
	}
	return quoteSegment(name)
}
