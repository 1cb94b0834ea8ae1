package metricmath

import (
	"strings"
)

// maxDepth bounds nesting so that a hostile expression cannot exhaust the
// stack; CloudWatch expressions are at most 2048 characters and real ones
// nest a handful of levels.
const maxDepth = 200

// Parse parses a metric math expression. Errors are *ParseError values
// that wrap model.ErrInvalidParameter; an unknown function is reported as
// "Unrecognized function: NAME", anything else as "Syntax error at
// position N: ...". Parse checks what it can without the inputs: function
// names and argument counts, keyword and string arguments, and the query
// of a SEARCH call.
func Parse(src string) (Expr, error) {
	p := &parser{lex: lexer{src: src}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, syntaxError(src, p.tok.pos, "the expression is empty")
	}
	e, err := p.expr(precOr)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.unexpected()
	}
	if err := check(e, src); err != nil {
		return nil, err
	}
	return e, nil
}

type parser struct {
	lex   lexer
	tok   token
	depth int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) unexpected() error {
	if p.tok.kind == tEOF {
		return syntaxError(p.lex.src, p.tok.pos, "the expression ends too early")
	}
	text := p.tok.text
	if p.tok.kind == tString {
		text = p.lex.src[p.tok.pos:p.lex.pos]
	}
	return syntaxError(p.lex.src, p.tok.pos, "unexpected %s", text)
}

// binaryOp maps the current token to a binary operator.
func (p *parser) binaryOp() (Op, bool) {
	switch p.tok.kind {
	case tOr:
		return OpOr, true
	case tAnd:
		return OpAnd, true
	case tEq:
		return OpEq, true
	case tNe:
		return OpNe, true
	case tLt:
		return OpLt, true
	case tLe:
		return OpLe, true
	case tGt:
		return OpGt, true
	case tGe:
		return OpGe, true
	case tPlus:
		return OpAdd, true
	case tMinus:
		return OpSub, true
	case tStar:
		return OpMul, true
	case tSlash:
		return OpDiv, true
	case tCaret:
		return OpPow, true
	case tName:
		switch p.tok.text {
		case "AND":
			return OpAnd, true
		case "OR":
			return OpOr, true
		}
	}
	return 0, false
}

// expr parses operators that bind at least as tightly as minPrec, by
// precedence climbing. ^ is right-associative; the rest associate left.
func (p *parser) expr(minPrec int) (Expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, syntaxError(p.lex.src, p.tok.pos, "the expression is nested too deeply")
	}
	lhs, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.binaryOp()
		if !ok || op.prec() < minPrec {
			return lhs, nil
		}
		at := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		next := op.prec() + 1
		if op == OpPow {
			next = op.prec()
		}
		rhs, err := p.expr(next)
		if err != nil {
			return nil, err
		}
		lhs = &Binary{Op: op, X: lhs, Y: rhs, At: at}
	}
}

// unary parses prefix operators. NOT binds looser than comparisons
// (NOT m1 > 5 is NOT (m1 > 5)); minus binds tighter than * but looser
// than ^ (-m1^2 is -(m1^2)).
func (p *parser) unary() (Expr, error) {
	var op Op
	switch {
	case p.tok.kind == tMinus:
		op = OpNeg
	case p.tok.kind == tName && p.tok.text == "NOT":
		op = OpNot
	default:
		return p.primary()
	}
	at := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	operand := precNeg
	if op == OpNot {
		operand = precCmp
	}
	x, err := p.expr(operand)
	if err != nil {
		return nil, err
	}
	return &Unary{Op: op, X: x, At: at}, nil
}

func (p *parser) primary() (Expr, error) {
	t := p.tok
	switch t.kind {
	case tNumber:
		return &Number{Value: t.num, At: t.pos}, p.advance()
	case tString:
		return &StringLit{Value: t.text, At: t.pos}, p.advance()
	case tIdent:
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tLParen {
			return nil, &ParseError{Pos: t.pos, Msg: "Unrecognized function: " + t.text}
		}
		return &Ref{ID: t.text, At: t.pos}, nil
	case tName:
		if t.text == "AND" || t.text == "OR" || t.text == "NOT" {
			return nil, p.unexpected()
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != tLParen {
			return &Keyword{Name: t.text, At: t.pos}, nil
		}
		if lookupFunc(t.text) == nil {
			return nil, &ParseError{Pos: t.pos, Msg: "Unrecognized function: " + t.text}
		}
		args, err := p.list(tRParen)
		if err != nil {
			return nil, err
		}
		return &Call{Func: t.text, Args: args, At: t.pos}, nil
	case tLBrack:
		elems, err := p.list(tRBrack)
		if err != nil {
			return nil, err
		}
		if len(elems) == 0 {
			return nil, syntaxError(p.lex.src, t.pos, "an array needs at least one element")
		}
		return &Array{Elems: elems, At: t.pos}, nil
	case tLParen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.expr(precOr)
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRParen {
			return nil, p.unexpected()
		}
		return e, p.advance()
	}
	return nil, p.unexpected()
}

// list parses "(a, b, ...)" or "[a, b, ...]"; the current token is the
// opening bracket.
func (p *parser) list(closing tokenKind) ([]Expr, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	var items []Expr
	if p.tok.kind == closing {
		return items, p.advance()
	}
	for {
		e, err := p.expr(precOr)
		if err != nil {
			return nil, err
		}
		items = append(items, e)
		switch p.tok.kind {
		case tComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		case closing:
			return items, p.advance()
		default:
			return nil, p.unexpected()
		}
	}
}

// check enforces what the grammar leaves open: keywords and strings only
// where a function takes them, argument counts, and SEARCH query syntax.
func check(e Expr, src string) error {
	switch n := e.(type) {
	case *Keyword:
		return syntaxError(src, n.At, "unexpected %s", n.Name)
	case *StringLit:
		return syntaxError(src, n.At, "a string is allowed only as an argument of METRICS or SEARCH")
	case *Unary:
		return check(n.X, src)
	case *Binary:
		if err := check(n.X, src); err != nil {
			return err
		}
		return check(n.Y, src)
	case *Array:
		for _, x := range n.Elems {
			if err := check(x, src); err != nil {
				return err
			}
		}
	case *Call:
		return checkCall(n, src)
	}
	return nil
}

func checkCall(c *Call, src string) error {
	spec := lookupFunc(c.Func)
	if spec == nil {
		return &ParseError{Pos: c.At, Msg: "Unrecognized function: " + c.Func}
	}
	if msg := spec.arityError(c.Func, len(c.Args)); msg != "" {
		return syntaxError(src, c.At, "%s", msg)
	}
	for i, a := range c.Args {
		rule := spec.rule(i)
		switch a := a.(type) {
		case *Keyword:
			if !rule.allows(a.Name) {
				return syntaxError(src, a.At, "%s", rule.describe(c.Func, i, a.Name))
			}
		case *StringLit:
			if !rule.str {
				return syntaxError(src, a.At, "%s", rule.describe(c.Func, i, "a string"))
			}
			if strings.IndexByte(a.Value, '\'') >= 0 && strings.IndexByte(a.Value, '"') >= 0 {
				return syntaxError(src, a.At, "a string cannot hold both kinds of quote")
			}
			if c.Func == "SEARCH" && i == 0 {
				if _, se := parseSearch(a.Value); se != nil {
					return syntaxError(src, a.At+1+se.pos, "in the SEARCH query, %s", se.detail)
				}
			}
		default:
			if rule.strOnly || rule.kwOnly {
				return syntaxError(src, a.Pos(), "%s", rule.describe(c.Func, i, ""))
			}
			if err := check(a, src); err != nil {
				return err
			}
		}
	}
	return nil
}
