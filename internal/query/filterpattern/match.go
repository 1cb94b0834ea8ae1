package filterpattern

import (
	"slices"
	"strings"
)

// Match reports whether message matches the pattern.
func (p *Pattern) Match(message string) bool {
	ok, _ := p.m.match(message, false)
	return ok
}

// MatchFields matches and also returns the values a metric filter can use:
// for JSON patterns every selector the pattern names that holds a string,
// number or boolean ("$.a.b" -> value as text), for space-delimited
// patterns every named field ("$ip" -> value). The map is nil when the
// message does not match or the pattern names no fields. Values of
// selectors named only in metricValue or dimensions are fetched with
// Extract.
func (p *Pattern) MatchFields(message string) (bool, map[string]string) {
	return p.m.match(message, true)
}

// Extract returns the value at a `$.path` selector (message read as JSON,
// whatever the pattern's kind) or at a `$name` field of a space-delimited
// pattern (bound only when the message matches), for metricValue and
// dimension extraction. ok is false when the value is absent, null, an
// object or an array.
func (p *Pattern) Extract(message, selector string) (string, bool) {
	if strings.HasPrefix(selector, "$.") {
		sel, err := parseSelector(selector, 0)
		if err != nil {
			return "", false
		}
		return extractJSON(message, sel)
	}
	d, ok := p.m.(*delimitedPattern)
	if !ok || len(selector) < 2 || selector[0] != '$' {
		return "", false
	}
	return d.extract(message, selector[1:])
}

// String returns the canonical form: Parse(p.String()) yields a pattern
// with the same String and the same matches. When the canonical form would
// be longer than MaxPatternLength, String returns the pattern as given to
// Parse instead, which keeps that promise.
func (p *Pattern) String() string { return p.text }

// Kind returns the pattern's family.
func (p *Pattern) Kind() Kind { return p.kind }

// RequiredTerms returns literal substrings every matching message contains,
// so storage can skip blocks whose token filters lack one. It may be empty.
// For JSON patterns it holds only runs of ASCII letters, digits and '_'
// from field names and values, on the assumption, true of mainstream JSON
// encoders, that messages do not \u-escape those characters.
func (p *Pattern) RequiredTerms() []string { return slices.Clone(p.required) }
