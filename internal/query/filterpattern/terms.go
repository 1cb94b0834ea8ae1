package filterpattern

import "strings"

// termKind is how a term takes part in a terms pattern.
type termKind uint8

const (
	termRequired termKind = iota // ERROR: must be present
	termOptional                 // ?ERROR: at least one optional term must be present
	termExcluded                 // -ERROR: must be absent
)

// term is one word or phrase of a terms pattern.
type term struct {
	kind termKind
	text string
}

// termsPattern matches unstructured text. A message matches when it
// contains every required term, none of the excluded ones, and, if there
// are optional terms, at least one of them. Containment is a case-sensitive
// substring test, as AWS documents (ERROR matches "ERRORCODE").
type termsPattern struct {
	terms                        []term // in pattern order, for printing
	required, optional, excluded []string
}

// parseTerms reads a terms pattern from src[start:], or a whole-pattern
// %regex%, which starts like a term.
func parseTerms(src string, start int) (Kind, matcher, *ParseError) {
	t := &termsPattern{}
	i := start
	for {
		for i < len(src) && isBlank(src[i]) {
			i++
		}
		if i >= len(src) {
			break
		}
		tstart := i
		kind := termRequired
		switch src[i] {
		case '?':
			kind = termOptional
			i++
		case '-':
			kind = termExcluded
			i++
		}
		if i >= len(src) || isBlank(src[i]) {
			return 0, nil, errorf(tstart, "expected a term after %q", src[tstart:i])
		}
		var text string
		switch src[i] {
		case '"':
			val, end, err := scanQuoted(src, i)
			if err != nil {
				return 0, nil, err
			}
			text, i = val, end
		case '%':
			if tstart != start || kind != termRequired {
				return 0, nil, errorf(i, `a %%regex%% must be the whole pattern; quote the term to search for a literal "%%"`)
			}
			return parseRegexPattern(src, i)
		default:
			j := i
			for j < len(src) && !isBlank(src[j]) && src[j] != '"' {
				j++
			}
			text, i = src[i:j], j
		}
		// AWS documents " " as a pattern that matches every message, so a
		// blank phrase adds no condition.
		if strings.TrimFunc(text, func(r rune) bool { return r < 0x80 && isBlank(byte(r)) }) == "" {
			continue
		}
		t.terms = append(t.terms, term{kind: kind, text: text})
		switch kind {
		case termRequired:
			t.required = append(t.required, text)
		case termOptional:
			t.optional = append(t.optional, text)
		default:
			t.excluded = append(t.excluded, text)
		}
	}
	return Terms, t, nil
}

// parseRegexPattern reads a whole-pattern %regex% starting at src[pos].
func parseRegexPattern(src string, pos int) (Kind, matcher, *ParseError) {
	body, end, err := scanRegex(src, pos)
	if err != nil {
		return 0, nil, err
	}
	re, err := compileRegex(body, pos)
	if err != nil {
		return 0, nil, err
	}
	for i := end; i < len(src); i++ {
		if !isBlank(src[i]) {
			return 0, nil, errorf(i, "a %%regex%% pattern cannot be combined with other terms")
		}
	}
	return Regex, &regexPattern{re: re}, nil
}

func (t *termsPattern) match(msg string, _ bool) (bool, map[string]string) {
	for _, s := range t.required {
		if !strings.Contains(msg, s) {
			return false, nil
		}
	}
	for _, s := range t.excluded {
		if strings.Contains(msg, s) {
			return false, nil
		}
	}
	if len(t.optional) == 0 {
		return true, nil
	}
	for _, s := range t.optional {
		if strings.Contains(msg, s) {
			return true, nil
		}
	}
	return false, nil
}

func (t *termsPattern) appendString(b []byte) []byte {
	for i, tm := range t.terms {
		if i > 0 {
			b = append(b, ' ')
		}
		switch tm.kind {
		case termOptional:
			b = append(b, '?')
		case termExcluded:
			b = append(b, '-')
		}
		if isBareTerm(tm.text) {
			b = append(b, tm.text...)
		} else {
			b = append(b, quote(tm.text)...)
		}
	}
	return b
}

// isBareTerm reports whether s can be printed without quotes: letters,
// digits and underscores only, which is what AWS accepts unquoted.
func isBareTerm(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return s != ""
}

func (t *termsPattern) requiredTerms() []string {
	out := append([]string(nil), t.required...)
	if len(t.optional) == 1 {
		out = append(out, t.optional[0])
	}
	return out
}
