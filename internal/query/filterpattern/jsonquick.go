package filterpattern

import "strings"

// quickKeys returns, per condition, the quoted last key of its selector
// ("\"duration_ms\""), or "" when the condition cannot be ruled out by
// looking at that key alone: NOT EXISTS, or a selector ending in an index.
func (j *jsonPattern) quickKeys() []string {
	keys := make([]string, len(j.conds))
	for i, c := range j.conds {
		steps := j.sels[c.sel].steps
		if c.op == cmpNotExists || len(steps) == 0 || steps[len(steps)-1].isIndex {
			continue
		}
		keys[i] = `"` + steps[len(steps)-1].key + `"`
	}
	return keys
}

// quickReject reports whether msg certainly fails the pattern, found
// without walking the whole message: in a message without a backslash,
// every key is written as is, so the value a selector picks follows one of
// the places where its last key appears as "key":. When no value found in
// such a place meets a condition, that condition is false, whatever the
// rest of the message says. Messages with backslashes are left to the walk.
func (j *jsonPattern) quickReject(msg string) bool {
	if j.quick == nil || strings.IndexByte(msg, '\\') >= 0 {
		return false
	}
	return !j.quickMay(j.expr, msg)
}

// quickMay reports whether e may hold for msg.
func (j *jsonPattern) quickMay(e *boolExpr, msg string) bool {
	switch e.op {
	case opLeaf:
		return j.quick[e.leaf] == "" || j.keyValuesMay(&j.conds[e.leaf], j.quick[e.leaf], msg)
	case opAnd:
		for _, k := range e.kids {
			if !j.quickMay(k, msg) {
				return false
			}
		}
		return true
	default:
		for _, k := range e.kids {
			if j.quickMay(k, msg) {
				return true
			}
		}
		return false
	}
}

// keyValuesMay reports whether the value after some "key": in msg may meet
// c. A value that does not parse as a scalar here is no scalar at the
// selector either, so it cannot meet c.
func (j *jsonPattern) keyValuesMay(c *jsonCond, key, msg string) bool {
	for from := 0; ; {
		// The key is looked for without its opening quote, which JSON
		// text is full of and would make each candidate position costly.
		at := strings.Index(msg[from:], key[1:])
		if at < 0 {
			return false
		}
		at += from
		w := jsonWalker{s: msg, i: at + len(key) - 1}
		from = w.i
		if at == 0 || msg[at-1] != '"' {
			continue
		}
		w.space()
		if w.i >= len(msg) || msg[w.i] != ':' {
			continue
		}
		w.i++
		w.space()
		if v, ok := w.quickScalar(); ok && evalJSONCond(c.op, &c.val, v) {
			return true
		}
	}
}

// quickScalar reads the scalar at w.i, if there is one, for quickReject.
func (w *jsonWalker) quickScalar() (jsonValue, bool) {
	if w.i >= len(w.s) {
		return jsonValue{}, false
	}
	switch c := w.s[w.i]; {
	case c == '"':
		raw, esc, ok := w.str()
		return jsonValue{kind: jsonString, raw: raw, esc: esc}, ok
	case c == 't':
		return jsonValue{kind: jsonTrue}, w.literal("true")
	case c == 'f':
		return jsonValue{kind: jsonFalse}, w.literal("false")
	case c == 'n':
		return jsonValue{kind: jsonNull}, w.literal("null")
	case c == '-' || isDigit(c):
		raw, ok := w.number()
		return jsonValue{kind: jsonNumber, raw: raw}, ok
	}
	return jsonValue{}, false
}
