package syntax

import (
	"reflect"
	"testing"
)

func TestParseParseCmd(t *testing.T) {
	q := expectParse(t, `parse @message "user=*, method:*, latency := *" as @user, @method, @latency`,
		`parse @message "user=*, method:*, latency := *" as @user, @method, @latency`)
	c := q.Commands[0].(*ParseCmd)
	re, names, idx := c.Matcher()
	m := re.FindStringSubmatch("x user=bob, method:GET, latency := 12 ms")
	if m == nil {
		t.Fatal("glob did not match")
	}
	var got []string
	for i := range names {
		got = append(got, names[i]+"="+m[idx[i]])
	}
	if want := []string{"@user=bob", "@method=GET", "@latency=12 ms"}; !reflect.DeepEqual(got, want) {
		t.Errorf("captures %q, want %q", got, want)
	}

	q = expectParse(t, `parse /(?<NetworkInterface>eni-.*?) /`, `parse /(?<NetworkInterface>eni-.*?) /`)
	if c := q.Commands[0].(*ParseCmd); c.Field != nil || c.Source().Name() != "@message" || c.defines()[0] != "NetworkInterface" {
		t.Errorf("parse without a field: %+v", c)
	}
	expectParse(t, "parse url '/api/*/users/*' as apiVersion, userId", `parse url "/api/*/users/*" as apiVersion, userId`)

	expectParseError(t, `parse @message "a=*" as x, y`, "has 1 * but 2 field names")
	expectParseError(t, `parse @message "abc" as x`, "has no * to extract")
	expectParseError(t, `parse @message "a=*"`, `expected "as" and the names of the extracted fields`)
	expectParseError(t, `parse @message /abc/`, "has no named group")
	expectParseError(t, `parse @message /(?<a>x)/ as b`, "names its fields with (?<name>...)")
	expectParseError(t, `parse @message 5`, "a quoted glob pattern or a /regular expression/")
}

func TestGlobRegexp(t *testing.T) {
	cases := []struct{ glob, text, want string }{
		{"[*] *", "2024 [ERROR] disk full", "ERROR|disk full"},
		{"*=*,", "a=1, b=2,", "a|1"},
		{"a.b*", "xa.b(c)", "(c)"},
		{"*", "multi\nline", "multi\nline"},
	}
	for _, c := range cases {
		re, err := globRegexp(c.glob)
		if err != nil {
			t.Fatal(err)
		}
		m := re.FindStringSubmatch(c.text)
		if m == nil {
			t.Errorf("%q did not match %q", c.glob, c.text)
			continue
		}
		got := ""
		for i, s := range m[1:] {
			if i > 0 {
				got += "|"
			}
			got += s
		}
		if got != c.want {
			t.Errorf("glob %q on %q: %q, want %q", c.glob, c.text, got, c.want)
		}
	}
}
