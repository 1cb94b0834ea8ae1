package metricmath

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// piece is a token of a partial search term. fold is set for a token that
// was a whole word of the term, which matches regardless of case; tokens
// cut out of a word by its case must match exactly.
type piece struct {
	text string
	fold bool
}

// partial is a compiled partial term.
type partial struct {
	pieces []piece
	// whole is the term as one word when it was written as one word,
	// since CloudWatch also makes a token of each whole word and of the
	// whole name ("customcount1" finds CustomCount1, "project2trial333"
	// finds Project2-trial333); "" otherwise.
	whole string
}

func compilePartial(value string) partial {
	var c partial
	for _, w := range appendWords(nil, value) {
		parts := appendPieces(nil, w)
		for _, p := range parts {
			c.pieces = append(c.pieces, piece{text: p, fold: len(parts) == 1})
		}
	}
	if ws := appendWords(nil, value); len(ws) == 1 {
		c.whole = ws[0]
	}
	return c
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// appendWords appends to dst the runs of letters and digits of s.
func appendWords(dst []string, s string) []string {
	start := -1
	for i, r := range s {
		switch {
		case isAlnum(r) && start < 0:
			start = i
		case !isAlnum(r) && start >= 0:
			dst = append(dst, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

// appendPieces appends to dst the tokens of s, in order: its words cut
// where CloudWatch starts a new token, at a change from lower to upper
// case ("CustomCount"), before the last capital of a run followed by lower
// case ("SDBFailure" is SDB, Failure), and where letters and digits meet
// ("Count1", "2xx"). The tokens are substrings of s.
func appendPieces(dst []string, s string) []string {
	start := -1
	var prev rune
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !isAlnum(r):
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		case start < 0:
			start = i
		case cutBefore(prev, r, s[i+n:]):
			dst = append(dst, s[start:i])
			start = i
		}
		prev = r
		i += n
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

func cutBefore(prev, cur rune, rest string) bool {
	switch {
	case unicode.IsDigit(cur) != unicode.IsDigit(prev):
		return true
	case unicode.IsUpper(cur) && unicode.IsLower(prev):
		return true
	case unicode.IsUpper(cur) && unicode.IsUpper(prev):
		next, _ := utf8.DecodeRuneInString(rest)
		return unicode.IsLower(next)
	}
	return false
}

// matchPartial reports whether the compiled term matches the property s.
func matchPartial(term partial, s string) bool {
	if len(term.pieces) == 0 {
		return false
	}
	var buf [24]string
	props := appendPieces(buf[:0], s)
	if len(term.pieces) == 1 && term.pieces[0].fold {
		for _, p := range props {
			if strings.EqualFold(p, term.pieces[0].text) {
				return true
			}
		}
	}
	if term.whole != "" {
		var wbuf [8]string
		ws := appendWords(wbuf[:0], s)
		for _, w := range ws {
			if strings.EqualFold(w, term.whole) {
				return true
			}
		}
		if len(ws) > 1 && equalFoldJoined(ws, term.whole) {
			return true
		}
	}
	for i := 0; i+len(term.pieces) <= len(props); i++ {
		ok := true
		for k, tp := range term.pieces {
			pp := props[i+k]
			if (tp.fold && !strings.EqualFold(pp, tp.text)) || (!tp.fold && pp != tp.text) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// equalFoldJoined reports whether the words, run together, equal t
// regardless of case.
func equalFoldJoined(words []string, t string) bool {
	off := 0
	for _, w := range words {
		if off+len(w) > len(t) || !strings.EqualFold(w, t[off:off+len(w)]) {
			return false
		}
		off += len(w)
	}
	return off == len(t)
}

// metricView is the metric a query is matched against.
type metricView struct {
	namespace, name string
	dims            map[string]string
}

// Matches reports whether the metric namespace/metricName with dimensions
// dims is a result of the query. The metrics service may pass the owning
// account as the dimension ":aws.AccountId" to support that designator.
func (q *SearchQuery) Matches(namespace, metricName string, dims map[string]string) bool {
	if q.HasSchema {
		if namespace != q.Namespace || len(dims) != len(q.DimensionNames) {
			return false
		}
		for _, d := range q.DimensionNames {
			if _, ok := dims[d]; !ok {
				return false
			}
		}
	}
	if q.Terms == nil {
		return true
	}
	return q.Terms.match(&metricView{namespace: namespace, name: metricName, dims: dims})
}

func (n *SearchTerm) matchValue(s string) bool {
	if n.Exact {
		return s == n.Value
	}
	c := n.compiled
	if c == nil {
		// A term built by hand rather than by ParseSearch.
		p := compilePartial(n.Value)
		c = &p
	}
	return matchPartial(*c, s)
}

func (n *SearchTerm) match(m *metricView) bool {
	switch n.Key {
	case "":
		if n.matchValue(m.namespace) || n.matchValue(m.name) {
			return true
		}
		for k, v := range m.dims {
			if n.matchValue(k) || n.matchValue(v) {
				return true
			}
		}
		return false
	case "MetricName":
		return n.matchValue(m.name)
	case "Namespace":
		return n.matchValue(m.namespace)
	}
	v, ok := m.dims[n.Key]
	return ok && n.matchValue(v)
}

func (n *SearchAnd) match(m *metricView) bool {
	for _, t := range n.Terms {
		if !t.match(m) {
			return false
		}
	}
	return true
}

func (n *SearchOr) match(m *metricView) bool {
	for _, t := range n.Terms {
		if t.match(m) {
			return true
		}
	}
	return false
}

func (n *SearchNot) match(m *metricView) bool { return !n.X.match(m) }
