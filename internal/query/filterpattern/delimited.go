package filterpattern

import "strings"

// slot is one comma-separated entry of a space-delimited pattern.
type slot struct {
	ellipsis bool
	name     string
	key      string    // "$" + name, the key of MatchFields
	expr     *boolExpr // nil when the slot only names the field
	conds    []slotCond
}

// slotCond is one condition of a slot; the field is the slot's.
type slotCond struct {
	op  cmpOp
	val value
}

// segment is a run of slots between ellipses, [start, end) in slots.
type segment struct{ start, end int }

// delimitedPattern matches the blank-separated fields of a message by
// position. Without an ellipsis the message must have exactly one field per
// slot; each ... matches any number of fields, including none.
type delimitedPattern struct {
	slots []slot
	// segs are the runs of slots around the ellipses: the first is anchored
	// at the first field and the last at the last field when there are
	// ellipses, and the middle ones float.
	segs     []segment
	ellipsis bool
}

// parseDelimited reads [ slot { , slot } ] starting at the bracket at
// src[start].
func parseDelimited(src string, start int) (*delimitedPattern, *ParseError) {
	p, err := newParser(src, start, false)
	if err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil { // [
		return nil, err
	}
	d := &delimitedPattern{}
	names := map[string]bool{}
	for {
		slotPos := p.tok.pos
		s, err := parseSlot(p)
		if err != nil {
			return nil, err
		}
		if !s.ellipsis {
			if names[s.name] {
				return nil, errorf(slotPos, "field name %q is used by two fields", s.name)
			}
			names[s.name] = true
		}
		d.slots = append(d.slots, s)
		if p.tok.kind == tokComma {
			if err := p.advance(); err != nil {
				return nil, err
			}
			continue
		}
		if p.tok.kind != tokRBracket {
			return nil, errorf(p.tok.pos, `expected "," or "]", found %s`, p.tok.describe())
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		break
	}
	if err := p.expectEnd("]"); err != nil {
		return nil, err
	}
	seg := segment{}
	for i, s := range d.slots {
		if s.ellipsis {
			d.ellipsis = true
			seg.end = i
			d.segs = append(d.segs, seg)
			seg = segment{start: i + 1}
		}
	}
	seg.end = len(d.slots)
	d.segs = append(d.segs, seg)
	return d, nil
}

// parseSlot reads "...", a field name, or conditions on one field joined by
// && and ||.
func parseSlot(p *parser) (slot, *ParseError) {
	t := p.tok
	if t.kind == tokWord && t.text == "..." {
		if err := p.advance(); err != nil {
			return slot{}, err
		}
		return slot{ellipsis: true}, nil
	}
	next, err := p.peek()
	if err != nil {
		return slot{}, err
	}
	if t.kind == tokWord && (next.kind == tokComma || next.kind == tokRBracket) {
		if err := checkFieldName(t); err != nil {
			return slot{}, err
		}
		if err := p.advance(); err != nil {
			return slot{}, err
		}
		return slot{name: t.text, key: "$" + t.text}, nil
	}
	var s slot
	s.expr, err = p.parseOr(func() (int, *ParseError) {
		nt := p.tok
		if err := checkFieldName(nt); err != nil {
			return 0, err
		}
		if s.name == "" {
			s.name, s.key = nt.text, "$"+nt.text
		} else if nt.text != s.name {
			return 0, errorf(nt.pos, "conditions joined by && or || must test one field, %q, found %q", s.name, nt.text)
		}
		if err := p.advance(); err != nil {
			return 0, err
		}
		opTok := p.tok
		if opTok.kind != tokOp {
			return 0, errorf(opTok.pos, `expected an operator after %q, or "," or "]", found %s`, nt.text, opTok.describe())
		}
		c := slotCond{op: cmpOps[opTok.text]}
		if err := p.advance(); err != nil {
			return 0, err
		}
		if c.val, err = p.parseValue(c.op, opTok); err != nil {
			return 0, err
		}
		s.conds = append(s.conds, c)
		return len(s.conds) - 1, nil
	})
	if err != nil {
		return slot{}, err
	}
	return s, nil
}

// checkFieldName accepts names of letters, digits and '_'.
func checkFieldName(t token) *ParseError {
	if t.kind != tokWord {
		return errorf(t.pos, "expected a field name, found %s", t.describe())
	}
	if t.text == "..." {
		return errorf(t.pos, `"..." must stand alone between commas`)
	}
	for i := 0; i < len(t.text); i++ {
		if c := t.text[i]; !isASCIIAlnum(c) && c != '_' {
			return errorf(t.pos+i, "invalid field name %q: use letters, digits and '_'", t.text)
		}
	}
	return nil
}

// test reports whether field meets the slot's conditions.
func (s *slot) test(field string) bool {
	return s.expr == nil || s.eval(s.expr, field)
}

func (s *slot) eval(e *boolExpr, field string) bool {
	switch e.op {
	case opLeaf:
		c := &s.conds[e.leaf]
		return compare(c.op, &c.val, scalar{kind: scalarString, text: field})
	case opAnd:
		for _, k := range e.kids {
			if !s.eval(k, field) {
				return false
			}
		}
		return true
	default:
		for _, k := range e.kids {
			if s.eval(k, field) {
				return true
			}
		}
		return false
	}
}

// splitFields appends the fields of msg to dst, stopping once it has
// appended limit of them when limit >= 0. Fields are separated by blanks; a
// field that opens with a double quote runs to the next double quote and
// one that opens with '[' runs to the next ']', blanks included, and the
// quotes or brackets are not part of the value.
func splitFields(dst []string, msg string, limit int) []string {
	i := 0
	for n := 0; n != limit; n++ {
		for i < len(msg) && isBlank(msg[i]) {
			i++
		}
		if i >= len(msg) {
			return dst
		}
		if c := msg[i]; c == '"' || c == '[' {
			closer := byte('"')
			if c == '[' {
				closer = ']'
			}
			end := strings.IndexByte(msg[i+1:], closer)
			if end < 0 {
				// Unterminated: the rest of the message is the field.
				return append(dst, msg[i+1:])
			}
			dst = append(dst, msg[i+1:i+1+end])
			i += end + 2
			continue
		}
		j := i
		for j < len(msg) && !isBlank(msg[j]) {
			j++
		}
		dst = append(dst, msg[i:j])
		i = j
	}
	return dst
}

// delimitedStackFields is how many message fields are split on the stack.
const delimitedStackFields = 64

// bind matches fields against the slots and stores in pos the field index
// of each non-ellipsis slot.
func (d *delimitedPattern) bind(fields []string, pos []int) bool {
	if !d.ellipsis {
		if len(fields) != len(d.slots) {
			return false
		}
		return d.matchSegment(d.segs[0], fields, 0, pos)
	}
	first, last := d.segs[0], d.segs[len(d.segs)-1]
	lastLen := last.end - last.start
	lo, hi := first.end-first.start, len(fields)-lastLen
	if hi < lo {
		return false
	}
	if !d.matchSegment(first, fields, 0, pos) || !d.matchSegment(last, fields, hi, pos) {
		return false
	}
	// The leftmost fit of each floating segment leaves the most room for
	// the ones after it, so a greedy scan finds a match when one exists.
	for _, seg := range d.segs[1 : len(d.segs)-1] {
		n := seg.end - seg.start
		found := false
		for at := lo; at+n <= hi; at++ {
			if d.matchSegment(seg, fields, at, pos) {
				lo, found = at+n, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// matchSegment tests the slots of seg against fields[at:].
func (d *delimitedPattern) matchSegment(seg segment, fields []string, at int, pos []int) bool {
	for i := seg.start; i < seg.end; i++ {
		f := at + i - seg.start
		if !d.slots[i].test(fields[f]) {
			return false
		}
		pos[i] = f
	}
	return true
}

func (d *delimitedPattern) match(msg string, want bool) (bool, map[string]string) {
	// Without an ellipsis one field more than the slots already fails.
	limit := -1
	if !d.ellipsis {
		limit = len(d.slots) + 1
	}
	var fieldBuf [delimitedStackFields]string
	fields := splitFields(fieldBuf[:0], msg, limit)
	var posBuf [delimitedStackFields]int
	var pos []int
	if len(d.slots) <= len(posBuf) {
		pos = posBuf[:len(d.slots)]
	} else {
		pos = make([]int, len(d.slots))
	}
	if !d.bind(fields, pos) {
		return false, nil
	}
	if !want {
		return true, nil
	}
	out := make(map[string]string, len(d.slots))
	for i, s := range d.slots {
		if !s.ellipsis {
			out[s.key] = fields[pos[i]]
		}
	}
	return true, out
}

// extract returns the field bound to the slot called name when msg
// matches.
func (d *delimitedPattern) extract(msg, name string) (string, bool) {
	ok, fields := d.match(msg, true)
	if !ok {
		return "", false
	}
	v, ok := fields["$"+name]
	return v, ok
}

func (d *delimitedPattern) appendString(b []byte) []byte {
	b = append(b, '[')
	for i := range d.slots {
		if i > 0 {
			b = append(b, ", "...)
		}
		s := &d.slots[i]
		switch {
		case s.ellipsis:
			b = append(b, "..."...)
		case s.expr == nil:
			b = append(b, s.name...)
		default:
			b = appendBool(b, s.expr, s.appendCond, false)
		}
	}
	return append(b, ']')
}

func (s *slot) appendCond(b []byte, i int) []byte {
	c := &s.conds[i]
	b = append(b, s.name...)
	b = append(b, ' ')
	b = append(b, c.op.String()...)
	b = append(b, ' ')
	return c.val.appendString(b)
}

// requiredTerms returns the literal pieces of the string and regex
// equalities every match must meet. Fields are substrings of the message,
// so the pieces are too.
func (d *delimitedPattern) requiredTerms() []string {
	var out []string
	for i := range d.slots {
		s := &d.slots[i]
		if s.expr == nil {
			continue
		}
		for _, li := range s.expr.requiredLeaves() {
			c := &s.conds[li]
			if c.op != cmpEq {
				continue
			}
			switch c.val.kind {
			case valString:
				out = append(out, c.val.glob.literals()...)
			case valRegex:
				out = append(out, regexLiterals(c.val.re)...)
			}
		}
	}
	return out
}
