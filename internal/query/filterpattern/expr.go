package filterpattern

// boolOp is the shape of a boolExpr node.
type boolOp uint8

const (
	opLeaf boolOp = iota
	opAnd
	opOr
)

// boolExpr is an && / || tree over conditions. JSON patterns and the slots
// of space-delimited patterns share it; each keeps its own condition list,
// indexed by leaf, and its own evaluator so the hot path makes no indirect
// calls. Nested nodes of the same operator are flattened, which is also the
// canonical form the printer writes.
type boolExpr struct {
	op   boolOp
	leaf int
	kids []*boolExpr
}

// add appends k to e's operands, splicing k's operands when it has the same
// operator.
func (e *boolExpr) add(k *boolExpr) {
	if k.op == e.op {
		e.kids = append(e.kids, k.kids...)
		return
	}
	e.kids = append(e.kids, k)
}

// requiredLeaves returns the leaf indexes that must all hold for e to hold.
func (e *boolExpr) requiredLeaves() []int {
	switch e.op {
	case opLeaf:
		return []int{e.leaf}
	case opAnd:
		var out []int
		for _, k := range e.kids {
			if k.op == opLeaf {
				out = append(out, k.leaf)
			}
		}
		return out
	}
	return nil
}

// parseOr reads or := and { "||" and } with leaf reading one condition and
// returning its index. Precedence is () over && over ||.
func (p *parser) parseOr(leaf func() (int, *ParseError)) (*boolExpr, *ParseError) {
	first, err := p.parseAnd(leaf)
	if err != nil || p.tok.kind != tokOr {
		return first, err
	}
	or := &boolExpr{op: opOr}
	or.add(first)
	for p.tok.kind == tokOr {
		if err := p.advance(); err != nil {
			return nil, err
		}
		next, err := p.parseAnd(leaf)
		if err != nil {
			return nil, err
		}
		or.add(next)
	}
	return or, nil
}

// parseAnd reads and := unary { "&&" unary }.
func (p *parser) parseAnd(leaf func() (int, *ParseError)) (*boolExpr, *ParseError) {
	first, err := p.parseUnary(leaf)
	if err != nil || p.tok.kind != tokAnd {
		return first, err
	}
	and := &boolExpr{op: opAnd}
	and.add(first)
	for p.tok.kind == tokAnd {
		if err := p.advance(); err != nil {
			return nil, err
		}
		next, err := p.parseUnary(leaf)
		if err != nil {
			return nil, err
		}
		and.add(next)
	}
	return and, nil
}

// parseUnary reads unary := "(" or ")" | condition.
func (p *parser) parseUnary(leaf func() (int, *ParseError)) (*boolExpr, *ParseError) {
	if p.tok.kind != tokLParen {
		i, err := leaf()
		if err != nil {
			return nil, err
		}
		return &boolExpr{op: opLeaf, leaf: i}, nil
	}
	open := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	e, err := p.parseOr(leaf)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokRParen {
		return nil, errorf(p.tok.pos, `expected "&&", "||" or ")" to close the "(" at position %d, found %s`, open, p.tok.describe())
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	return e, nil
}

// appendBool prints e, parenthesizing an || inside an &&.
func appendBool(b []byte, e *boolExpr, leaf func([]byte, int) []byte, inAnd bool) []byte {
	switch e.op {
	case opLeaf:
		return leaf(b, e.leaf)
	case opAnd:
		for i, k := range e.kids {
			if i > 0 {
				b = append(b, " && "...)
			}
			b = appendBool(b, k, leaf, true)
		}
		return b
	default:
		if inAnd {
			b = append(b, '(')
		}
		for i, k := range e.kids {
			if i > 0 {
				b = append(b, " || "...)
			}
			b = appendBool(b, k, leaf, false)
		}
		if inAnd {
			b = append(b, ')')
		}
		return b
	}
}
