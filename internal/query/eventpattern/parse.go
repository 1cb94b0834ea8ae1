package eventpattern

import (
	"sort"
	"unicode/utf8"
)

// orKeyword introduces alternatives: "$or": [ {…}, {…} ].
const orKeyword = "$or"

// maxDepth bounds the nesting of a pattern, as EventBridge's JSON parser
// does, so that hostile input cannot exhaust the stack.
const maxDepth = 1000

// reservedInOr are the names an object inside "$or" may not use as field
// names: the match-expression keywords and the ones EventBridge keeps for
// future operators.
var reservedInOr = map[string]bool{
	"exactly": true, "equals-ignore-case": true, "prefix": true, "suffix": true,
	"anything-but": true, "exists": true, "wildcard": true, "numeric": true, "cidr": true,
	"=": true, "<": true, "<=": true, ">": true, ">=": true,
	"regex": true, "not-wildcard": true, "not-equals-ignore-case": true,
	"date-after": true, "date-on-or-after": true, "date-before": true, "date-on-or-before": true,
	"in-date-range": true, "ip-address-in-range": true, "ip-address-not-in-range": true,
}

// Parse parses an event pattern. Errors are *Error.
//
// A "$or" key whose value is not an array of at least two objects free of
// reserved field names is not an alternative but an ordinary field name,
// which keeps patterns written before "$or" existed working.
func Parse(src string) (*Pattern, error) {
	p := &parser{lex: lexer{src: src}, orMode: true}
	root, err := p.parseRoot()
	if err == nil {
		return &Pattern{root: root}, nil
	}
	if !p.orShape {
		return nil, err
	}
	legacy := &parser{lex: lexer{src: src}}
	root, err = legacy.parseRoot()
	if err != nil {
		return nil, err
	}
	return &Pattern{root: root}, nil
}

// parser turns the tokens of a pattern into its tree, checking it the way
// EventBridge does, one token at a time.
type parser struct {
	lex lexer
	// orMode makes "$or" introduce alternatives; without it "$or" is a
	// field name.
	orMode bool
	// orShape records that parsing failed because a "$or" was not shaped
	// as alternatives, so Parse retries with "$or" as a field name.
	orShape bool
	depth   int
}

func (p *parser) next() (token, *Error) { return p.lex.next() }

func (p *parser) errAt(offset int, format string, args ...any) *Error {
	return newError(p.lex.src, offset, format, args...)
}

// unexpected reports a token that breaks the JSON syntax itself.
func (p *parser) unexpected(t token, container, expectation string) *Error {
	if t.kind == tokEOF {
		return p.errAt(t.end, "Unexpected end-of-input: expected close marker for %s", container)
	}
	r, _ := utf8.DecodeRuneInString(p.lex.src[t.start:])
	return p.errAt(t.start+1, "Unexpected character %s: %s", describeChar(r), expectation)
}

func (p *parser) enter(t token) *Error {
	p.depth++
	if p.depth > maxDepth {
		return p.errAt(t.end, "Document nesting depth (%d) exceeds the maximum allowed (%d, from `StreamReadConstraints.getMaxNestingDepth()`)", p.depth, maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) parseRoot() (*object, error) {
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.kind != tokBeginObject {
		return nil, p.errAt(t.end, "Filter is not an object")
	}
	if err := p.enter(t); err != nil {
		return nil, err
	}
	root, err := p.parseObject(false)
	if err != nil {
		return nil, err
	}
	p.leave()
	t, err = p.next()
	if err != nil {
		return nil, err
	}
	if t.kind != tokEOF {
		return nil, p.unexpected(t, "", "expected end-of-input")
	}
	return root, nil
}

// parseObject parses the members of an object whose "{" was just read.
// inOr is set within the alternatives of a "$or".
func (p *parser) parseObject(inOr bool) (*object, *Error) {
	obj := &object{}
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.kind == tokEndObject {
		return nil, p.errAt(t.end, "Empty objects are not allowed")
	}
	for {
		if t.kind != tokString {
			return nil, p.unexpected(t, "OBJECT", "was expecting double-quote to start field name")
		}
		name := t.text
		colon, err := p.next()
		if err != nil {
			return nil, err
		}
		if colon.kind != tokColon {
			return nil, p.unexpected(colon, "OBJECT", "was expecting a colon to separate field name and value")
		}
		if name == orKeyword && p.orMode {
			alts, err := p.parseOr()
			if err != nil {
				return nil, err
			}
			obj.ors = append(obj.ors, alts)
		} else {
			if inOr && reservedInOr[name] {
				p.orShape = true
				return nil, p.errAt(t.end, "%s is Ruler reserved fieldName which cannot be used inside %s.", name, orKeyword)
			}
			f, err := p.parseField(name, inOr)
			if err != nil {
				return nil, err
			}
			obj.set(f)
		}
		if t, err = p.next(); err != nil {
			return nil, err
		}
		if t.kind == tokEndObject {
			break
		}
		if t.kind != tokComma {
			return nil, p.unexpected(t, "OBJECT", "was expecting comma to separate Object entries")
		}
		if t, err = p.next(); err != nil {
			return nil, err
		}
	}
	sort.Slice(obj.fields, func(i, j int) bool { return obj.fields[i].name < obj.fields[j].name })
	return obj, nil
}

// set adds a field, replacing an earlier one of the same name: the last
// occurrence of a key is the one EventBridge uses.
func (o *object) set(f field) {
	for i := range o.fields {
		if o.fields[i].name == f.name {
			o.fields[i] = f
			return
		}
	}
	o.fields = append(o.fields, f)
}

// parseField parses the value of a field: a nested object or a leaf array.
func (p *parser) parseField(name string, inOr bool) (field, *Error) {
	t, err := p.next()
	if err != nil {
		return field{}, err
	}
	switch t.kind {
	case tokBeginObject:
		if err := p.enter(t); err != nil {
			return field{}, err
		}
		sub, err := p.parseObject(inOr)
		if err != nil {
			return field{}, err
		}
		p.leave()
		return field{name: name, obj: sub}, nil
	case tokBeginArray:
		if err := p.enter(t); err != nil {
			return field{}, err
		}
		l, err := p.parseLeaf()
		if err != nil {
			return field{}, err
		}
		p.leave()
		return field{name: name, leaf: l}, nil
	}
	return field{}, p.errAt(t.end, "\"%s\" must be an object or an array", name)
}

// parseOr parses the array of alternatives after "$or".
func (p *parser) parseOr() ([]*object, *Error) {
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.kind != tokBeginArray {
		p.orShape = true
		return nil, p.errAt(t.end, "It must be an Array followed with %s.", orKeyword)
	}
	if err := p.enter(t); err != nil {
		return nil, err
	}
	var alts []*object
	if t, err = p.next(); err != nil {
		return nil, err
	}
	for t.kind != tokEndArray {
		if t.kind != tokBeginObject {
			p.orShape = true
			return nil, p.errAt(t.end, "Only JSON object is allowed in array of %s relationship.", orKeyword)
		}
		if err := p.enter(t); err != nil {
			return nil, err
		}
		alt, err := p.parseObject(true)
		if err != nil {
			return nil, err
		}
		p.leave()
		alts = append(alts, alt)
		if t, err = p.arrayNext(); err != nil {
			return nil, err
		}
	}
	p.leave()
	if len(alts) < 2 {
		p.orShape = true
		return nil, p.errAt(t.end, "There must have at least 2 Objects in %s relationship.", orKeyword)
	}
	return alts, nil
}

// parseLeaf parses the conditions of a field after its "[".
func (p *parser) parseLeaf() (*leaf, *Error) {
	l := &leaf{}
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.kind == tokEndArray {
		return nil, p.errAt(t.end, "Empty arrays are not allowed")
	}
	for t.kind != tokEndArray {
		var c cond
		switch t.kind {
		case tokBeginObject:
			if err := p.enter(t); err != nil {
				return nil, err
			}
			if c, err = p.parseMatch(); err != nil {
				return nil, err
			}
			p.leave()
		case tokString:
			c = newExactString(t.text)
		case tokNumber, tokTrue, tokFalse, tokNull:
			c = exactLiteral{kind: t.kind, text: t.text}
		default:
			return nil, p.errAt(t.end, "Match value must be String, number, true, false, or null")
		}
		l.conds = append(l.conds, c)
		if t, err = p.arrayNext(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// expectColon reads the ":" after a member name.
func (p *parser) expectColon() *Error {
	t, err := p.next()
	if err != nil {
		return err
	}
	if t.kind != tokColon {
		return p.unexpected(t, "OBJECT", "was expecting a colon to separate field name and value")
	}
	return nil
}

// expectEnd reads the "}" closing a match expression; anything else is
// reported with msg.
func (p *parser) expectEnd(msg string) *Error {
	t, err := p.next()
	if err != nil {
		return err
	}
	if t.kind != tokEndObject {
		return p.errAt(t.end, "%s", msg)
	}
	return nil
}

const (
	oneKeyOnly      = "Only one key allowed in match expression"
	tooManyElements = "Too many elements in numeric expression"
)

// parseMatch parses a match expression such as {"prefix": "us-"} after its
// "{".
func (p *parser) parseMatch() (cond, *Error) {
	name, err := p.next()
	if err != nil {
		return nil, err
	}
	if name.kind != tokString {
		return nil, p.errAt(name.end, "Match expression name not found")
	}
	if err := p.expectColon(); err != nil {
		return nil, err
	}
	switch name.text {
	case "prefix", "suffix":
		return p.parseAffix(name.text == "prefix")
	case "equals-ignore-case":
		v, err := p.expectString("equals-ignore-case match pattern must be a string")
		if err != nil {
			return nil, err
		}
		return equalsIgnoreCase{value: v}, p.expectEnd(oneKeyOnly)
	case "wildcard":
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		if t.kind != tokString {
			return nil, p.errAt(t.end, "wildcard match pattern must be a string")
		}
		w, msg := compileWildcard(t.text)
		if msg != "" {
			return nil, p.errAt(t.end, "%s", msg)
		}
		return w, p.expectEnd(oneKeyOnly)
	case "numeric":
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		if t.kind != tokBeginArray {
			return nil, p.errAt(t.end, "Value of numeric must be an array.")
		}
		c, err := p.parseNumeric()
		if err != nil {
			return nil, err
		}
		return c, p.expectEnd(tooManyElements)
	case "anything-but":
		return p.parseAnythingBut()
	case "exists":
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		if t.kind != tokTrue && t.kind != tokFalse {
			return nil, p.errAt(t.end, "exists match pattern must be either true or false.")
		}
		return exists{want: t.kind == tokTrue}, p.expectEnd(oneKeyOnly)
	case "cidr":
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		if t.kind != tokString {
			// EventBridge words this one as if it were prefix.
			return nil, p.errAt(t.end, "prefix match pattern must be a string")
		}
		c, msg := newCIDR(t.text)
		if msg != "" {
			return nil, p.errAt(t.end, "%s", msg)
		}
		return c, p.expectEnd(oneKeyOnly)
	}
	return nil, p.errAt(name.end, "Unrecognized match type %s", name.text)
}

// expectString reads a string value or fails with msg.
func (p *parser) expectString(msg string) (string, *Error) {
	t, err := p.next()
	if err != nil {
		return "", err
	}
	if t.kind != tokString {
		return "", p.errAt(t.end, "%s", msg)
	}
	return t.text, nil
}

// parseAffix parses the value of "prefix" or "suffix": a string, or
// {"equals-ignore-case": string}.
func (p *parser) parseAffix(prefix bool) (cond, *Error) {
	kind, title := "suffix", "Suffix"
	if prefix {
		kind, title = "prefix", "Prefix"
	}
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	switch t.kind {
	case tokString:
		return affix{prefix: prefix, value: t.text}, p.expectEnd(oneKeyOnly)
	case tokBeginObject:
		op, err := p.next()
		if err != nil {
			return nil, err
		}
		if op.kind != tokString {
			return nil, p.errAt(op.end, "%s expression name not found", title)
		}
		if err := p.expectColon(); err != nil {
			return nil, err
		}
		if op.text != "equals-ignore-case" {
			return nil, p.errAt(op.end, "Unsupported %s pattern: %s", kind, op.text)
		}
		v, err := p.expectString("equals-ignore-case match pattern must be a string")
		if err != nil {
			return nil, err
		}
		if err := p.expectEnd(oneKeyOnly); err != nil {
			return nil, err
		}
		return affix{prefix: prefix, ignoreCase: true, value: v}, p.expectEnd(oneKeyOnly)
	}
	return nil, p.errAt(t.end, "%s match pattern must be a string", kind)
}
