package alarmactions

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// insightsFilter translates a CloudWatch Logs filter pattern into the
// expression of a Logs Insights `filter` command that selects the same
// events, for the common kinds: terms and quoted terms (with ? and -),
// %regex%, and JSON comparisons joined by && and ||. ok is false for
// patterns it cannot translate faithfully (space-delimited patterns, IS
// NULL/TRUE/FALSE); the caller then selects the window without a filter.
// An empty expression with ok means the pattern matches every event.
func insightsFilter(pattern string) (expr string, ok bool) {
	p := strings.TrimSpace(pattern)
	switch {
	case p == "":
		return "", true
	case p[0] == '{':
		return translateJSON(p)
	case p[0] == '[':
		return "", false
	case p[0] == '%':
		if len(p) < 3 || p[len(p)-1] != '%' {
			return "", false
		}
		re := p[1 : len(p)-1]
		if _, err := regexp.Compile(re); err != nil {
			return "", false
		}
		return "@message like " + regexLiteral(re), true
	}
	return translateTerms(p)
}

// quote writes s as an Insights string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// regexLiteral writes re as an Insights /regex/ literal.
func regexLiteral(re string) string {
	return "/" + strings.ReplaceAll(re, "/", `\/`) + "/"
}

// translateTerms handles terms patterns: every plain term, none of the -
// terms and at least one ? term.
func translateTerms(p string) (string, bool) {
	var all, none, any []string
	for i := 0; i < len(p); {
		for i < len(p) && (p[i] == ' ' || p[i] == '\t') {
			i++
		}
		if i >= len(p) {
			break
		}
		prefix := byte(0)
		if p[i] == '?' || p[i] == '-' {
			prefix = p[i]
			i++
		}
		var term string
		if i < len(p) && p[i] == '"' {
			var b strings.Builder
			i++
			closed := false
			for i < len(p) {
				c := p[i]
				if c == '\\' && i+1 < len(p) && (p[i+1] == '"' || p[i+1] == '\\') {
					b.WriteByte(p[i+1])
					i += 2
					continue
				}
				if c == '"' {
					closed = true
					i++
					break
				}
				b.WriteByte(c)
				i++
			}
			if !closed {
				return "", false
			}
			term = b.String()
		} else {
			j := i
			for j < len(p) && p[j] != ' ' && p[j] != '\t' && p[j] != '"' {
				j++
			}
			term, i = p[i:j], j
		}
		if strings.TrimSpace(term) == "" {
			// A blank phrase adds no condition.
			continue
		}
		cond := "@message like " + quote(term)
		switch prefix {
		case '?':
			any = append(any, cond)
		case '-':
			none = append(none, "@message not like "+quote(term))
		default:
			all = append(all, cond)
		}
	}
	parts := append(all, none...)
	switch len(any) {
	case 0:
	case 1:
		parts = append(parts, any[0])
	default:
		parts = append(parts, "("+strings.Join(any, " or ")+")")
	}
	return strings.Join(parts, " and "), true
}

// jsonParser is a recursive-descent parser of JSON filter patterns that
// writes the Insights expression as it goes.
type jsonParser struct {
	s   string
	pos int
}

func translateJSON(p string) (string, bool) {
	jp := &jsonParser{s: p}
	if !jp.eat("{") {
		return "", false
	}
	expr, ok := jp.or()
	if !ok || !jp.eat("}") {
		return "", false
	}
	jp.blanks()
	if jp.pos != len(jp.s) {
		return "", false
	}
	return expr, true
}

func (p *jsonParser) blanks() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == '\n' || p.s[p.pos] == '\r') {
		p.pos++
	}
}

func (p *jsonParser) eat(tok string) bool {
	p.blanks()
	if strings.HasPrefix(p.s[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *jsonParser) or() (string, bool) {
	left, ok := p.and()
	if !ok {
		return "", false
	}
	terms := []string{left}
	for p.eat("||") {
		right, ok := p.and()
		if !ok {
			return "", false
		}
		terms = append(terms, right)
	}
	if len(terms) == 1 {
		return left, true
	}
	return "(" + strings.Join(terms, " or ") + ")", true
}

func (p *jsonParser) and() (string, bool) {
	left, ok := p.unary()
	if !ok {
		return "", false
	}
	terms := []string{left}
	for p.eat("&&") {
		right, ok := p.unary()
		if !ok {
			return "", false
		}
		terms = append(terms, right)
	}
	return strings.Join(terms, " and "), true
}

func (p *jsonParser) unary() (string, bool) {
	if p.eat("(") {
		e, ok := p.or()
		if !ok || !p.eat(")") {
			return "", false
		}
		return "(" + e + ")", true
	}
	return p.cond()
}

// field reads a selector ($.a.b[0]) and returns the Insights field name
// (a.b.0), in backticks when it holds characters Insights names lack.
func (p *jsonParser) field() (string, bool) {
	if !p.eat("$.") {
		return "", false
	}
	var parts []string
	for {
		j := p.pos
		for j < len(p.s) && isKeyChar(p.s[j]) {
			j++
		}
		if j == p.pos {
			return "", false
		}
		parts = append(parts, p.s[p.pos:j])
		p.pos = j
		for p.pos < len(p.s) && p.s[p.pos] == '[' {
			k := p.pos + 1
			for k < len(p.s) && p.s[k] >= '0' && p.s[k] <= '9' {
				k++
			}
			if k == p.pos+1 || k >= len(p.s) || p.s[k] != ']' {
				return "", false
			}
			parts = append(parts, p.s[p.pos+1:k])
			p.pos = k + 1
		}
		if p.pos < len(p.s) && p.s[p.pos] == '.' {
			p.pos++
			continue
		}
		break
	}
	name := strings.Join(parts, ".")
	if strings.ContainsRune(name, '-') {
		name = "`" + name + "`"
	}
	return name, true
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

var jsonOps = []string{"!=", "<=", ">=", "=", "<", ">"}

func (p *jsonParser) cond() (string, bool) {
	field, ok := p.field()
	if !ok {
		return "", false
	}
	p.blanks()
	if p.eat("NOT EXISTS") {
		return "not ispresent(" + field + ")", true
	}
	op := ""
	for _, o := range jsonOps {
		if p.eat(o) {
			op = o
			break
		}
	}
	if op == "" {
		// IS NULL / IS TRUE / IS FALSE have no faithful Insights form.
		return "", false
	}
	p.blanks()
	if p.pos >= len(p.s) {
		return "", false
	}
	switch c := p.s[p.pos]; {
	case c == '"':
		v, ok := p.quoted()
		if !ok {
			return "", false
		}
		return stringCond(field, op, v)
	case c == '%':
		end := strings.IndexByte(p.s[p.pos+1:], '%')
		if end < 0 || (op != "=" && op != "!=") {
			return "", false
		}
		re := p.s[p.pos+1 : p.pos+1+end]
		if _, err := regexp.Compile(re); err != nil {
			return "", false
		}
		p.pos += end + 2
		if op == "=" {
			return field + " like " + regexLiteral(re), true
		}
		return field + " not like " + regexLiteral(re), true
	default:
		j := p.pos
		for j < len(p.s) && !strings.ContainsRune(" \t{}[](),\"=!<>&|", rune(p.s[j])) {
			j++
		}
		v := p.s[p.pos:j]
		if v == "" {
			return "", false
		}
		p.pos = j
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return field + " " + op + " " + v, true
		}
		return stringCond(field, op, v)
	}
}

func (p *jsonParser) quoted() (string, bool) {
	var b strings.Builder
	p.pos++ // opening quote
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '\\' && p.pos+1 < len(p.s) {
			b.WriteByte(p.s[p.pos+1])
			p.pos += 2
			continue
		}
		p.pos++
		if c == '"' {
			return b.String(), true
		}
		b.WriteByte(c)
	}
	return "", false
}

// stringCond compares a field with a text value; '*' is a wildcard and a
// lone "*" asks only that the field exist.
func stringCond(field, op, v string) (string, bool) {
	if op != "=" && op != "!=" {
		// <, <=, >, >= take numbers only.
		return "", false
	}
	if v == "*" {
		if op == "=" {
			return "ispresent(" + field + ")", true
		}
		return "not ispresent(" + field + ")", true
	}
	if strings.Contains(v, "*") {
		parts := strings.Split(v, "*")
		for i, s := range parts {
			parts[i] = regexpQuote(s)
		}
		re := "^" + strings.Join(parts, ".*") + "$"
		if op == "=" {
			return field + " like " + regexLiteral(re), true
		}
		return field + " not like " + regexLiteral(re), true
	}
	return fmt.Sprintf("%s %s %s", field, op, quote(v)), true
}

// regexpQuote escapes the regex metacharacters of s.
func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
