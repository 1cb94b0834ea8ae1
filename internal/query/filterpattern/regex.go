package filterpattern

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// maxRegexes is AWS's limit on %regex% values in one pattern.
const maxRegexes = 2

// regexSymbols are the characters besides ASCII letters and digits that AWS
// accepts inside %...%: the symbols : _ # = @ / ; , - and the operators
// ^ $ ? [ ] { } | \ * + . (so no groups, no blanks, nothing multi-byte).
const regexSymbols = `:_#=@/;,-^$?[]{}|\*+.`

// compileRegex checks body, the text between the percent signs of the %re%
// starting at pos, against AWS's character rules and compiles it as RE2.
func compileRegex(body string, pos int) (*regexp.Regexp, *ParseError) {
	if body == "" {
		return nil, errorf(pos, "empty regex %%%%")
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= utf8.RuneSelf:
			return nil, errorf(pos+1+i, "multi-byte characters are not allowed in a regex")
		case c == '(' || c == ')':
			return nil, errorf(pos+1+i, "parentheses are not allowed in a regex")
		case isASCIIAlnum(c) || strings.IndexByte(regexSymbols, c) >= 0:
		case c == ' ' || c == '\t':
			return nil, errorf(pos+1+i, `blanks are not allowed in a regex; use \s`)
		default:
			return nil, errorf(pos+1+i, "character %q is not allowed in a regex", string(c))
		}
	}
	re, err := regexp.Compile(body)
	if err != nil {
		return nil, errorf(pos, "invalid regex %%%s%%: %v", body, err)
	}
	return re, nil
}

// isASCIIAlnum reports whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// regexLiterals returns literal strings every match of re must contain: the
// case-sensitive literal pieces of its top-level concatenation.
func regexLiterals(re *regexp.Regexp) []string {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		// re compiled from the same text, so this cannot happen; no literals
		// is always a safe answer.
		return nil
	}
	tree = tree.Simplify()
	parts := []*syntax.Regexp{tree}
	if tree.Op == syntax.OpConcat {
		parts = tree.Sub
	}
	var out []string
	for _, p := range parts {
		if p.Op != syntax.OpLiteral || p.Flags&syntax.FoldCase != 0 {
			continue
		}
		lit := string(p.Rune)
		// U+FFFD also matches an invalid byte, which the message does not
		// spell as U+FFFD.
		if strings.ContainsRune(lit, utf8.RuneError) {
			continue
		}
		out = append(out, lit)
	}
	return out
}

// regexPattern is a whole pattern of the form %re%: an unanchored RE2 search
// of the message.
type regexPattern struct {
	re *regexp.Regexp
}

func (r *regexPattern) match(msg string, _ bool) (bool, map[string]string) {
	return r.re.MatchString(msg), nil
}

func (r *regexPattern) appendString(b []byte) []byte {
	b = append(b, '%')
	b = append(b, r.re.String()...)
	return append(b, '%')
}

func (r *regexPattern) requiredTerms() []string { return regexLiterals(r.re) }
