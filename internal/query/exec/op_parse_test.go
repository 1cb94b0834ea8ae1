package exec

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// checkGlob compares globMatch with the regular expression the glob
// compiles to.
func checkGlob(t *testing.T, glob, text string) {
	t.Helper()
	stars := strings.Count(glob, "*")
	if stars == 0 {
		return
	}
	names := make([]string, stars)
	for i := range names {
		names[i] = fmt.Sprintf("f%d", i)
	}
	q, err := syntax.Parse(fmt.Sprintf("parse @message %q as %s", glob, strings.Join(names, ", ")))
	if err != nil {
		return // not a glob the language accepts
	}
	pc := q.Commands[0].(*syntax.ParseCmd)
	if strings.Count(pc.Glob, "*") != stars {
		return // the quoting changed the glob
	}
	re, _, idx := pc.Matcher()
	want := re.FindStringSubmatchIndex(text)
	spans := make([]int, 2*stars)
	ok := globMatch(strings.Split(pc.Glob, "*"), text, spans)
	if ok != (want != nil) {
		t.Fatalf("glob %q on %q: match %v, the regular expression %v", pc.Glob, text, ok, want != nil)
	}
	if !ok {
		return
	}
	for i, j := range idx {
		if spans[2*i] != want[2*j] || spans[2*i+1] != want[2*j+1] {
			t.Fatalf("glob %q on %q: capture %d is %q, the regular expression's %q", pc.Glob, text, i, text[spans[2*i]:spans[2*i+1]], text[want[2*j]:want[2*j+1]])
		}
	}
}

func TestGlobMatchesItsRegexp(t *testing.T) {
	globs := []string{
		`* - * [*] "* * *" * * *`, `user=*, method:*`, `*`, `a*`, `*a`, `a*b*c`, `**`, `*a**b*`, `x=*;`, `é*ü*`,
	}
	texts := []string{
		`10.0.0.1 - bob [01/Jan/2024:00:00:00 +0000] "GET /a HTTP/1.1" 200 512 "-" "curl"`,
		`user=alice, method:GET`, `user=, method:`, `abcabc`, `aaa`, `bca`, ``, `x=1;x=2;`, "line\nbreak a b c", "éxüy", "\xffa\xc3b",
	}
	for _, g := range globs {
		for _, s := range texts {
			checkGlob(t, g, s)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "ab*-= "
	for range 20000 {
		g := make([]byte, 1+rng.IntN(6))
		for i := range g {
			g[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := make([]byte, rng.IntN(12))
		for i := range s {
			s[i] = "ab-= "[rng.IntN(5)]
		}
		checkGlob(t, string(g), string(s))
	}
}

func FuzzGlobMatch(f *testing.F) {
	f.Add(`* - * [*] "* * *" * * *`, `10.0.0.1 - - [x] "GET / HTTP/1.1" 200 1 "-"`)
	f.Add(`a*b*`, `xxaxbxb`)
	f.Add(`**`, "")
	f.Fuzz(func(t *testing.T, glob, text string) {
		if len(glob) > 64 || len(text) > 256 {
			return
		}
		checkGlob(t, glob, text)
	})
}

// TestUnreadAfter lists the parse targets a query never reads, which the
// parse command then leaves unassigned.
func TestUnreadAfter(t *testing.T) {
	tests := []struct {
		src  string
		want string // sorted, or "nil"
	}{
		{`parse @message "* * *" as a, b, c | filter b >= 5 | stats count(*) by a`, "[c]"},
		{`parse @message "* * *" as a, b, c | stats count(*)`, "[a b c]"},
		{`parse @message "* *" as a, b | filter ispresent(a.x) | stats count(*) by b`, "[]"},
		{`parse @message "* *" as a, b | parse a "*-*" as c, d | stats count(*) by d`, "[b]"},
		{`parse @message "* *" as a, b | fields a | stats count(*) by a`, "nil"},
		{`parse @message "* *" as a, b | sort a | stats count(*)`, "nil"},
		{`parse @message /(?<a>\S+) (?<b>\S+)/ | stats avg(b)`, "[a]"},
		// bin and earliest read @timestamp without naming it.
		{`parse @message "* *" as @timestamp, x | stats count(*) by bin(1d)`, "[x]"},
		{`parse @message "* * *" as @timestamp, @x, y | stats latest(y)`, "[]"},
	}
	for _, tt := range tests {
		q := mustParse(t, tt.src+" | limit 5")
		var stats syntax.Command
		rest := q.Commands[1:]
		for i, c := range rest {
			if _, ok := c.(*syntax.StatsCmd); ok {
				stats, rest = c, rest[:i]
				break
			}
		}
		unread := unreadAfter(q.Commands[0].(*syntax.ParseCmd), rest, stats)
		got := "nil"
		if unread != nil {
			got = fmt.Sprint(slices.Sorted(maps.Keys(unread)))
		}
		if got != tt.want {
			t.Errorf("%s: unread %s, want %s", tt.src, got, tt.want)
		}
	}
}

// TestParseIntoTimestamp bins by a @timestamp a parse sets: bin reads it
// without naming it, so the parse must assign it.
func TestParseIntoTimestamp(t *testing.T) {
	var evs []Event
	for i, y := range []string{"2020", "2021", "2022"} {
		evs = append(evs, Event{Timestamp: 1_700_000_000_000 + int64(i), Message: y + "-06-01T10:00:00.000Z " + string(rune('a'+i))})
	}
	res := run(t, `parse @message "* *" as @timestamp, x | stats count(*) as n by bin(1d) as day | sort day`, evs, Options{})
	var days []string
	for _, r := range res.Rows {
		days = append(days, r[0].Value)
	}
	if len(days) != 3 || !strings.HasPrefix(days[0], "2020-06-01") || !strings.HasPrefix(days[2], "2022-06-01") {
		t.Fatalf("days %q, want the three parsed ones", days)
	}
}
