package alarmrule

import (
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/query/alarmeval"
)

// Limits of CloudWatch's PutCompositeAlarm.
const (
	MaxRuleLength = 10240
	MaxAlarms     = 100
	MaxElements   = 500
)

// Rule is a parsed AlarmRule. It is immutable and safe for concurrent use.
type Rule struct {
	root node
	refs []string
}

// node is one expression of a rule.
type node interface {
	eval(states map[string]alarmeval.State) bool
	// appendTo prints the node; parens asks for parentheses around a
	// binary operation, which the parent needs when it binds tighter.
	appendTo(b *strings.Builder, parens bool)
}

// constant is TRUE or FALSE.
type constant bool

func (c constant) eval(map[string]alarmeval.State) bool { return bool(c) }

func (c constant) appendTo(b *strings.Builder, _ bool) {
	if c {
		b.WriteString("TRUE")
	} else {
		b.WriteString("FALSE")
	}
}

// stateIs is ALARM(name), OK(name) or INSUFFICIENT_DATA(name).
type stateIs struct {
	state alarmeval.State
	name  string
}

func (s stateIs) eval(states map[string]alarmeval.State) bool {
	st, ok := states[s.name]
	if !ok || st == "" {
		st = alarmeval.StateInsufficientData
	}
	return st == s.state
}

func (s stateIs) appendTo(b *strings.Builder, _ bool) {
	b.WriteString(string(s.state))
	b.WriteString(`("`)
	b.WriteString(s.name)
	b.WriteString(`")`)
}

type not struct{ x node }

func (n not) eval(states map[string]alarmeval.State) bool { return !n.x.eval(states) }

func (n not) appendTo(b *strings.Builder, _ bool) {
	b.WriteString("NOT ")
	n.x.appendTo(b, true)
}

// junction is an AND (all) or an OR (any) of two or more terms; nested
// junctions of the same kind are merged, so that the printed form is
// canonical.
type junction struct {
	and   bool
	terms []node
}

func (j junction) eval(states map[string]alarmeval.State) bool {
	for _, t := range j.terms {
		if t.eval(states) != j.and {
			return !j.and
		}
	}
	return j.and
}

func (j junction) appendTo(b *strings.Builder, parens bool) {
	if parens {
		b.WriteByte('(')
	}
	sep := " OR "
	if j.and {
		sep = " AND "
	}
	for i, t := range j.terms {
		if i > 0 {
			b.WriteString(sep)
		}
		// Inside an AND, an OR needs parentheses; an AND inside an OR does
		// not.
		inner, isJunction := t.(junction)
		t.appendTo(b, isJunction && j.and && !inner.and)
	}
	if parens {
		b.WriteByte(')')
	}
}

// join builds a junction of terms, merging nested ones of the same kind.
func join(and bool, terms []node) node {
	if len(terms) == 1 {
		return terms[0]
	}
	var flat []node
	for _, t := range terms {
		if j, ok := t.(junction); ok && j.and == and {
			flat = append(flat, j.terms...)
		} else {
			flat = append(flat, t)
		}
	}
	return junction{and: and, terms: flat}
}

// String returns the rule in canonical form: names quoted, single spaces,
// parentheses only where precedence needs them.
func (r *Rule) String() string {
	var b strings.Builder
	r.root.appendTo(&b, false)
	return b.String()
}

// Referenced returns the alarm names and ARNs the rule refers to, as
// written, each once, in order of first appearance.
func (r *Rule) Referenced() []string {
	return append([]string(nil), r.refs...)
}

// Eval evaluates the rule against the states of the alarms it references,
// keyed by the names and ARNs as Referenced returns them. An alarm missing
// from states counts as INSUFFICIENT_DATA.
func (r *Rule) Eval(states map[string]alarmeval.State) bool {
	return r.root.eval(states)
}

// Evaluate is r.Eval(states): whether the composite alarm is in ALARM.
func Evaluate(r *Rule, states map[string]alarmeval.State) bool {
	return r.Eval(states)
}

// Parse parses an AlarmRule. Errors are *ParseError.
func Parse(src string) (*Rule, error) {
	n := utf8.RuneCountInString(src)
	if n < 1 {
		return nil, &ParseError{Msg: "1 validation error detected: Value at 'alarmRule' failed to satisfy constraint: Member must have length greater than or equal to 1"}
	}
	if n > MaxRuleLength {
		return nil, &ParseError{Pos: MaxRuleLength, Msg: "1 validation error detected: Value at 'alarmRule' failed to satisfy constraint: Member must have length less than or equal to 10240"}
	}
	p := &parser{lex: lexer{src: src}, seen: map[string]bool{}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.unsupported("AND or OR")
	}
	return &Rule{root: root, refs: p.refs}, nil
}

// parser is a recursive-descent parser with one token of lookahead.
type parser struct {
	lex      lexer
	tok      token
	elements int
	refs     []string
	seen     map[string]bool
}

func (p *parser) advance() *ParseError {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// unsupported reports the current token, listing what was expected.
func (p *parser) unsupported(expected string) *ParseError {
	if p.tok.kind == tokEOF {
		return errorf(p.tok.pos, "Unexpected end of rule at char %d, must be: %s", p.tok.pos, expected)
	}
	text := p.tok.text
	if p.tok.kind == tokQuoted {
		text = `"` + text + `"`
	}
	return errorf(p.tok.pos, "Unsupported token '%s' at char %d, must be: %s", text, p.tok.pos, expected)
}

func (p *parser) isWord(w string) bool { return p.tok.kind == tokWord && p.tok.text == w }

func (p *parser) element() *ParseError {
	p.elements++
	if p.elements > MaxElements {
		return errorf(p.tok.pos, "Too many elements at char %d, a rule can have at most %d", p.tok.pos, MaxElements)
	}
	return nil
}

// parseOr parses terms joined by OR.
func (p *parser) parseOr() (node, *ParseError) {
	var terms []node
	for {
		t, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		if !p.isWord("OR") {
			return join(false, terms), nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

// parseAnd parses terms joined by AND.
func (p *parser) parseAnd() (node, *ParseError) {
	var terms []node
	for {
		t, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		if !p.isWord("AND") {
			return join(true, terms), nil
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

// unaryStart lists what may begin a term.
const unaryStart = "'(', 'NOT', TRUE or FALSE, ALARM, OK, or INSUFFICIENT_DATA"

func (p *parser) parseUnary() (node, *ParseError) {
	switch {
	case p.isWord("NOT"):
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return not{x}, nil
	case p.tok.kind == tokLParen:
		if err := p.element(); err != nil {
			return nil, err
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.unsupported("')', AND or OR")
		}
		return x, p.advance()
	case p.isWord("TRUE"), p.isWord("FALSE"):
		if err := p.element(); err != nil {
			return nil, err
		}
		c := constant(p.tok.text == "TRUE")
		return c, p.advance()
	case p.isWord("ALARM"), p.isWord("OK"), p.isWord("INSUFFICIENT_DATA"):
		return p.parseFunction()
	}
	return nil, p.unsupported(unaryStart)
}

// parseFunction parses STATE(name).
func (p *parser) parseFunction() (node, *ParseError) {
	if err := p.element(); err != nil {
		return nil, err
	}
	state := alarmeval.State(p.tok.text)
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokLParen {
		return nil, p.unsupported("'('")
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if (p.tok.kind != tokWord && p.tok.kind != tokQuoted) || strings.TrimSpace(p.tok.text) == "" {
		return nil, p.unsupported("an alarm name or ARN")
	}
	name := p.tok.text
	if !p.seen[name] {
		if len(p.refs) == MaxAlarms {
			return nil, errorf(p.tok.pos, "Too many alarms at char %d, a rule can reference at most %d", p.tok.pos, MaxAlarms)
		}
		p.seen[name] = true
		p.refs = append(p.refs, name)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokRParen {
		return nil, p.unsupported("')'")
	}
	return stateIs{state: state, name: name}, p.advance()
}
