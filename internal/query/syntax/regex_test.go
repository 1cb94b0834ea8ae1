package syntax

import (
	"strings"
	"testing"
)

func TestCompileRegexGroups(t *testing.T) {
	cases := []struct {
		src, text string
		want      string // name=value pairs
	}{
		{`(?<user>\w+)@(?<host>[\w.]+)`, "bob@example.com", "user=bob host=example.com"},
		{`(?<@transId>[a-z0-9]+)`, "x42", "@transId=x42"},
		{`(?P<go_style>\d+)`, "n=12", "go_style=12"},
		{`(a)(?<second>b)`, "ab", "second=b"},
		{`[(?<notagroup>]x(?<g>y)`, "<x" + "y", "g=y"},
		{`\(?<lit>(?<real>z)`, "(?<lit>z", "real=z"},
	}
	for _, c := range cases {
		re, groups, err := compileRegex(c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		m := re.FindStringSubmatch(c.text)
		if m == nil {
			t.Errorf("%s: no match in %q", c.src, c.text)
			continue
		}
		var parts []string
		for _, g := range groups {
			parts = append(parts, g.Name+"="+m[g.Index])
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("%s on %q: %s, want %s", c.src, c.text, got, c.want)
		}
	}
}

func TestCompileRegexErrors(t *testing.T) {
	for src, want := range map[string]string{
		`(?<a>x)(?<a>y)`: `group name "a" is used twice`,
		`(?<>x)`:         "empty name",
		`(?<abc`:         "missing its closing >",
		`(?<=x)y`:        "invalid named capture",
		`a{2,1}`:         "invalid repeat count",
	} {
		if _, _, err := compileRegex(src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("compileRegex(%q) = %v, want error containing %q", src, err, want)
		}
	}
}
