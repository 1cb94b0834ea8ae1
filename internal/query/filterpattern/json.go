package filterpattern

import (
	"slices"
	"strconv"
	"strings"
)

// step is one hop of a selector: an object member or an array element.
type step struct {
	key     string
	index   int
	isIndex bool
}

// selector is a $.path naming a value in a JSON message.
type selector struct {
	steps []step
	text  string // canonical form, the key of MatchFields
}

// parseSelector reads a selector such as $.a.b, $.a[0][1] or $.list[1].id.
// Keys hold letters, digits, '-' and '_'; pos is s's offset in the pattern.
func parseSelector(s string, pos int) (selector, *ParseError) {
	if !strings.HasPrefix(s, "$.") {
		return selector{}, errorf(pos, "a selector starts with \"$.\", as in $.field; found %q", s)
	}
	var sel selector
	var b strings.Builder
	b.WriteByte('$')
	i := 1
	for i < len(s) {
		switch s[i] {
		case '.':
			j := i + 1
			for j < len(s) && isKeyChar(s[j]) {
				j++
			}
			if j == i+1 {
				return selector{}, errorf(pos+i, "expected a field name after \".\" in selector %q", s)
			}
			sel.steps = append(sel.steps, step{key: s[i+1 : j]})
			b.WriteString(s[i:j])
			i = j
		case '[':
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j == i+1 || j >= len(s) || s[j] != ']' {
				return selector{}, errorf(pos+i, "expected an array index such as [0] in selector %q", s)
			}
			n, err := strconv.Atoi(s[i+1 : j])
			if err != nil || n > maxArrayIndex {
				return selector{}, errorf(pos+i+1, "array index %s is too large", s[i+1:j])
			}
			sel.steps = append(sel.steps, step{index: n, isIndex: true})
			b.WriteString("[" + strconv.Itoa(n) + "]")
			i = j + 1
		default:
			return selector{}, errorf(pos+i, "unexpected %q in selector %q; field names hold letters, digits, '-' and '_'", s[i:i+1], s)
		}
	}
	sel.text = b.String()
	return sel, nil
}

// maxArrayIndex bounds indexes so they fit an int on every platform.
const maxArrayIndex = 1<<31 - 1

func isKeyChar(c byte) bool { return isASCIIAlnum(c) || c == '-' || c == '_' }

// jsonCond is one condition of a JSON pattern.
type jsonCond struct {
	sel int // index into jsonPattern.sels
	op  cmpOp
	val value
}

// jsonPattern matches messages that are JSON objects. Comparisons need the
// selected value to be a scalar: a missing value, an object or an array
// fails =, != and the ordering operators alike; only NOT EXISTS matches a
// missing value.
type jsonPattern struct {
	expr  *boolExpr
	conds []jsonCond
	sels  []selector // each selector once, in order of first use
	// columns are the sels' column names for MatchBatch (columnNames).
	columns []string
	root    *trieNode
	// quick holds quickKeys, or nil when no condition can use them.
	quick []string
}

// parseJSON reads { cond } starting at the brace at src[start].
func parseJSON(src string, start int) (*jsonPattern, *ParseError) {
	p, err := newParser(src, start, true)
	if err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil { // {
		return nil, err
	}
	j := &jsonPattern{}
	if p.tok.kind == tokRBrace || p.tok.kind == tokEOF {
		return nil, errorf(p.tok.pos, "expected a condition such as $.field = value, found %s", p.tok.describe())
	}
	byText := map[string]int{}
	j.expr, err = p.parseOr(func() (int, *ParseError) { return j.parseCond(p, byText) })
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokRBrace {
		return nil, errorf(p.tok.pos, `expected "&&", "||" or "}", found %s`, p.tok.describe())
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expectEnd("}"); err != nil {
		return nil, err
	}
	j.root = buildTrie(j.sels)
	j.columns = columnNames(j.sels)
	if keys := j.quickKeys(); slices.ContainsFunc(keys, func(k string) bool { return k != "" }) {
		j.quick = keys
	}
	return j, nil
}

// parseCond reads selector op value | selector IS NULL|TRUE|FALSE |
// selector NOT EXISTS.
func (j *jsonPattern) parseCond(p *parser, byText map[string]int) (int, *ParseError) {
	t := p.tok
	if t.kind != tokWord || !strings.HasPrefix(t.text, "$") {
		return 0, errorf(t.pos, "expected a selector such as $.field, found %s", t.describe())
	}
	sel, err := parseSelector(t.text, t.pos)
	if err != nil {
		return 0, err
	}
	idx, ok := byText[sel.text]
	if !ok {
		idx = len(j.sels)
		byText[sel.text] = idx
		j.sels = append(j.sels, sel)
	}
	if err := p.advance(); err != nil {
		return 0, err
	}
	c := jsonCond{sel: idx}
	switch {
	case p.tok.kind == tokOp:
		opTok := p.tok
		c.op = cmpOps[opTok.text]
		if err := p.advance(); err != nil {
			return 0, err
		}
		if c.val, err = p.parseValue(c.op, opTok); err != nil {
			return 0, err
		}
	case isKeyword(p.tok, "IS"):
		if err := p.advance(); err != nil {
			return 0, err
		}
		switch {
		case isKeyword(p.tok, "NULL"):
			c.op = cmpIsNull
		case isKeyword(p.tok, "TRUE"):
			c.op = cmpIsTrue
		case isKeyword(p.tok, "FALSE"):
			c.op = cmpIsFalse
		case isKeyword(p.tok, "NOT"):
			return 0, errorf(p.tok.pos, `IS NOT is not supported; use != or NOT EXISTS`)
		default:
			return 0, errorf(p.tok.pos, "expected NULL, TRUE or FALSE after IS, found %s", p.tok.describe())
		}
		if err := p.advance(); err != nil {
			return 0, err
		}
	case isKeyword(p.tok, "NOT"):
		if err := p.advance(); err != nil {
			return 0, err
		}
		if !isKeyword(p.tok, "EXISTS") {
			return 0, errorf(p.tok.pos, "expected EXISTS after NOT, found %s", p.tok.describe())
		}
		c.op = cmpNotExists
		if err := p.advance(); err != nil {
			return 0, err
		}
	case isKeyword(p.tok, "EXISTS"):
		return 0, errorf(p.tok.pos, `EXISTS is not supported; use %s = "*"`, sel.text)
	default:
		return 0, errorf(p.tok.pos, "expected an operator, IS or NOT EXISTS after %s, found %s", sel.text, p.tok.describe())
	}
	j.conds = append(j.conds, c)
	return len(j.conds) - 1, nil
}

// isKeyword reports whether t is the keyword kw, in any letter case.
func isKeyword(t token, kw string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

// jsonStackValues is how many selectors get their values on the stack.
const jsonStackValues = 8

func (j *jsonPattern) match(msg string, want bool) (bool, map[string]string) {
	if !looksLikeObject(msg) || j.quickReject(msg) {
		return false, nil
	}
	var buf [jsonStackValues]jsonValue
	var vals []jsonValue
	if len(j.sels) <= len(buf) {
		vals = buf[:len(j.sels)]
	} else {
		vals = make([]jsonValue, len(j.sels))
	}
	if !walkJSON(msg, j.root, vals) || !j.eval(j.expr, vals) {
		return false, nil
	}
	if !want {
		return true, nil
	}
	fields := make(map[string]string, len(j.sels))
	for i, sel := range j.sels {
		if text, ok := vals[i].text(); ok {
			fields[sel.text] = text
		}
	}
	return true, fields
}

func (j *jsonPattern) eval(e *boolExpr, vals []jsonValue) bool {
	switch e.op {
	case opLeaf:
		c := &j.conds[e.leaf]
		return evalJSONCond(c.op, &c.val, vals[c.sel])
	case opAnd:
		for _, k := range e.kids {
			if !j.eval(k, vals) {
				return false
			}
		}
		return true
	default:
		for _, k := range e.kids {
			if j.eval(k, vals) {
				return true
			}
		}
		return false
	}
}

func evalJSONCond(op cmpOp, val *value, v jsonValue) bool {
	switch op {
	case cmpNotExists:
		return v.kind == jsonAbsent
	case cmpIsNull:
		return v.kind == jsonNull
	case cmpIsTrue:
		return v.kind == jsonTrue
	case cmpIsFalse:
		return v.kind == jsonFalse
	}
	s, ok := v.scalar()
	return ok && compare(op, val, s)
}

func (j *jsonPattern) appendString(b []byte) []byte {
	b = append(b, "{ "...)
	b = appendBool(b, j.expr, j.appendCond, false)
	return append(b, " }"...)
}

func (j *jsonPattern) appendCond(b []byte, i int) []byte {
	c := &j.conds[i]
	b = append(b, j.sels[c.sel].text...)
	b = append(b, ' ')
	b = append(b, c.op.String()...)
	if c.op <= cmpGe {
		b = append(b, ' ')
		b = c.val.appendString(b)
	}
	return b
}

// requiredTerms returns, for the conditions every match must meet, the
// runs of letters, digits and '_' in their field names and string values.
// Only those runs are used because JSON encoders escape other characters
// (<, &, / and non-ASCII) in ways the message text does not show, while no
// mainstream encoder escapes letters or digits.
func (j *jsonPattern) requiredTerms() []string {
	var out []string
	for _, i := range j.expr.requiredLeaves() {
		c := &j.conds[i]
		if c.op == cmpNotExists {
			continue
		}
		for _, st := range j.sels[c.sel].steps {
			out = appendWordRuns(out, st.key)
		}
		switch c.op {
		case cmpIsNull:
			out = append(out, "null")
		case cmpIsTrue:
			out = append(out, "true")
		case cmpIsFalse:
			out = append(out, "false")
		case cmpEq:
			switch c.val.kind {
			case valString:
				for _, lit := range c.val.glob.literals() {
					out = appendWordRuns(out, lit)
				}
			case valRegex:
				for _, lit := range regexLiterals(c.val.re) {
					out = appendWordRuns(out, lit)
				}
			}
		}
	}
	return out
}

// appendWordRuns appends the maximal runs of ASCII letters, digits and '_'
// in s.
func appendWordRuns(out []string, s string) []string {
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && (isASCIIAlnum(s[i]) || s[i] == '_') {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// extractJSON returns the scalar at sel in msg, as metric filters publish
// it.
func extractJSON(msg string, sel selector) (string, bool) {
	if !looksLikeObject(msg) {
		return "", false
	}
	var vals [1]jsonValue
	if !walkJSON(msg, buildTrie([]selector{sel}), vals[:]) {
		return "", false
	}
	return vals[0].text()
}
