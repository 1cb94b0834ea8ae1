package syntax

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// compileRegex compiles the source of a /…/ literal. Named groups may be
// written (?<name>…) or (?P<name>…) with any name the query language allows
// for fields (including a leading @); they are compiled under internal
// names and reported in order.
func compileRegex(src string) (*regexp.Regexp, []RegexGroup, error) {
	var b strings.Builder
	var names []string
	inClass := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\':
			b.WriteByte(c)
			if i+1 < len(src) {
				i++
				b.WriteByte(src[i])
			}
			continue
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			// A ] right after [ or [^ is a literal member, not the end.
			b.WriteByte(c)
			if i+1 < len(src) && src[i+1] == '^' {
				i++
				b.WriteByte('^')
			}
			if i+1 < len(src) && src[i+1] == ']' {
				i++
				b.WriteByte(']')
			}
			continue
		case c == '(' && strings.HasPrefix(src[i:], "(?<") && !strings.HasPrefix(src[i:], "(?<=") && !strings.HasPrefix(src[i:], "(?<!"),
			c == '(' && strings.HasPrefix(src[i:], "(?P<"):
			open := i + 3
			if src[i+2] == 'P' {
				open = i + 4
			}
			end := strings.IndexByte(src[open:], '>')
			if end < 0 {
				return nil, nil, fmt.Errorf("named group is missing its closing >")
			}
			name := src[open : open+end]
			if name == "" {
				return nil, nil, fmt.Errorf("named group has an empty name")
			}
			for _, n := range names {
				if n == name {
					return nil, nil, fmt.Errorf("group name %q is used twice", name)
				}
			}
			names = append(names, name)
			b.WriteString("(?P<g" + strconv.Itoa(len(names)) + ">")
			i = open + end
			continue
		}
		b.WriteByte(c)
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, nil, err
	}
	var groups []RegexGroup
	for idx, n := range re.SubexpNames() {
		if !strings.HasPrefix(n, "g") {
			continue
		}
		k, err := strconv.Atoi(n[1:])
		if err != nil || k < 1 || k > len(names) {
			continue
		}
		groups = append(groups, RegexGroup{Name: names[k-1], Index: idx})
	}
	return re, groups, nil
}

// regexErrorText turns a regexp compile error into a short phrase: the
// package's messages start with "error parsing regexp: ".
func regexErrorText(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}
