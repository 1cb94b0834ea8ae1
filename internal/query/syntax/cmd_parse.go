package syntax

import (
	"regexp"
	"strings"
)

// ParseCmd extracts fields from a text field, in one of two modes:
//
//	parse @message "user=*, method:*" as user, method   (glob)
//	parse @message /user=(?<user>\S+)/                   (regular expression)
//
// In a glob each * captures as little as it can, except a trailing *,
// which takes the rest of the text; the match may start anywhere. A regular
// expression binds its named groups. When the text does not match, every
// extracted field is null for that row.
type ParseCmd struct {
	Pos
	// Field is the field to parse; nil means @message (it was left out).
	Field *FieldRef
	// Glob is the pattern in glob mode, with Names binding its stars in order.
	Glob  string
	Names []string
	// Regex is set in regular expression mode.
	Regex *RegexLit

	glob *regexp.Regexp
}

// Name returns "parse".
func (*ParseCmd) Name() string { return "parse" }

func (c *ParseCmd) String() string {
	s := "parse "
	if c.Field != nil {
		s += c.Field.String() + " "
	}
	if c.Regex != nil {
		return s + c.Regex.String()
	}
	s += quoteString(c.Glob) + " as "
	for i, n := range c.Names {
		if i > 0 {
			s += ", "
		}
		s += quoteFieldName(n)
	}
	return s
}

// Source returns the field the command parses.
func (c *ParseCmd) Source() *FieldRef {
	if c.Field == nil {
		return &FieldRef{Path: []string{"@message"}}
	}
	return c.Field
}

// Matcher returns the compiled pattern and, for each extracted field, the
// submatch index that holds its value.
func (c *ParseCmd) Matcher() (*regexp.Regexp, []string, []int) {
	if c.Regex != nil {
		names := make([]string, len(c.Regex.Groups))
		idx := make([]int, len(c.Regex.Groups))
		for i, g := range c.Regex.Groups {
			names[i], idx[i] = g.Name, g.Index
		}
		return c.Regex.Regexp, names, idx
	}
	idx := make([]int, len(c.Names))
	for i := range idx {
		idx[i] = i + 1
	}
	return c.glob, c.Names, idx
}

func (c *ParseCmd) reads() []Expr { return []Expr{c.Source()} }

func (c *ParseCmd) defines() []string {
	_, names, _ := c.Matcher()
	return names
}

// globRegexp compiles a glob: literal text matches itself, * captures.
func globRegexp(glob string) (*regexp.Regexp, error) {
	parts := strings.Split(glob, "*")
	var b strings.Builder
	b.WriteString("(?s)")
	for i, part := range parts {
		if i > 0 {
			if i == len(parts)-1 && part == "" {
				b.WriteString("(.*)")
			} else {
				b.WriteString("(.*?)")
			}
		}
		b.WriteString(regexp.QuoteMeta(part))
	}
	return regexp.Compile(b.String())
}

func parseParseCmd(p *parser, kw token) Command {
	c := &ParseCmd{}
	if p.tok.kind == tIdent && !p.atReserved() {
		c.Field = &FieldRef{Path: p.tok.path}
		p.next()
	}
	switch p.tok.kind {
	case tString:
		t := p.tok
		c.Glob = t.val
		p.next()
		stars := strings.Count(c.Glob, "*")
		if stars == 0 {
			p.fail(t.pos, t.end, "parse pattern %s has no * to extract: mark each value to extract with *", p.at(t.pos))
			return nil
		}
		if !p.acceptKeyword("as") {
			p.unexpected(`"as" and the names of the extracted fields`)
			return nil
		}
		for {
			name, ok := p.parseAlias()
			if !ok {
				return nil
			}
			c.Names = append(c.Names, name)
			if p.tok.kind != tComma {
				break
			}
			p.next()
		}
		if stars != len(c.Names) {
			p.fail(t.pos, p.tok.pos, "parse pattern %s has %d * but %d field names: give one name per *", p.at(t.pos), stars, len(c.Names))
			return nil
		}
		re, err := globRegexp(c.Glob)
		if err != nil {
			p.fail(t.pos, t.end, "parse pattern %s cannot be used: %s", p.at(t.pos), regexErrorText(err))
			return nil
		}
		c.glob = re
	case tSlash:
		start := p.tok.pos
		re := p.parseRegex()
		if re == nil {
			return nil
		}
		if len(re.Groups) == 0 {
			p.fail(start, p.tok.pos, "parse regular expression %s has no named group: name what to extract with (?<name>...)", p.at(start))
			return nil
		}
		if p.isKeyword("as") {
			p.unexpected(`the end of the parse command: a regular expression names its fields with (?<name>...)`)
			return nil
		}
		c.Regex = re
	default:
		p.unexpected(`a quoted glob pattern or a /regular expression/ to parse with`)
		return nil
	}
	c.Pos = p.span(kw)
	return c
}
