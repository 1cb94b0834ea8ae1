package syntax

import (
	"errors"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// expectParse parses in, checks it prints as want, and that want is a
// fixed point of Parse and String.
func expectParse(t *testing.T, in, want string) *Query {
	t.Helper()
	q, err := Parse(in)
	if err != nil {
		t.Fatalf("Parse(%q): %v", in, err)
	}
	if got := q.String(); got != want {
		t.Fatalf("Parse(%q).String() = %q, want %q", in, got, want)
	}
	q2, err := Parse(want)
	if err != nil {
		t.Fatalf("Parse(%q) of the printed query: %v", want, err)
	}
	if got := q2.String(); got != want {
		t.Fatalf("printing is not stable: %q → %q", want, got)
	}
	return q
}

// expectParseError checks that Parse fails with a message containing want.
func expectParseError(t *testing.T, in, want string) ParseErrors {
	t.Helper()
	q, err := Parse(in)
	if err == nil {
		t.Fatalf("Parse(%q) = %q, want an error containing %q", in, q.String(), want)
	}
	if !errors.Is(err, model.ErrMalformedQuery) {
		t.Fatalf("Parse(%q) error %v is not ErrMalformedQuery", in, err)
	}
	var pe ParseErrors
	if !errors.As(err, &pe) || len(pe) == 0 {
		t.Fatalf("Parse(%q) error %T is not ParseErrors", in, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("Parse(%q) error = %q, want it to contain %q", in, err.Error(), want)
	}
	return pe
}

func TestParsePipeline(t *testing.T) {
	f := expectParse
	f(t, "fields @timestamp, @message | sort @timestamp desc | limit 20",
		"fields @timestamp, @message | sort @timestamp desc | limit 20")
	f(t, "FIELDS a |FILTER b>1|  Limit 5", "fields a | filter b > 1 | limit 5")
	f(t, "fields a # a comment | not a command\n| limit 1", "fields a | limit 1")
	f(t, "# leading comment\nfilter x = 1\n", "filter x = 1")
	f(t, "fields `foo-bar`, action, abs(f3-f4)", "fields `foo-bar`, action, abs(f3 - f4)")
}

func TestParseExpressions(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		expectParse(t, "filter "+in, "filter "+want)
	}
	f("a = 1 and b = 2 or c = 3", "a = 1 and b = 2 or c = 3")
	f("a = 1 and (b = 2 or c = 3)", "a = 1 and (b = 2 or c = 3)")
	f("((a = 1))", "a = 1")
	f("not a = 1", "not a = 1")
	f("not (a = 1 or b = 2)", "not (a = 1 or b = 2)")
	f("a + b * c", "a + b * c")
	f("(a + b) * c", "(a + b) * c")
	f("a - (b - c)", "a - (b - c)")
	f("(a - b) - c", "a - b - c")
	f("2 ^ 3 ^ 2", "2 ^ 3 ^ 2")
	f("(2 ^ 3) ^ 2", "(2 ^ 3) ^ 2")
	f("-2 ^ 2 = (-2) ^ 2", "-2 ^ 2 = (-2) ^ 2")
	f("- - a", "--a")
	f("a % 3 = 1", "a % 3 = 1")
	f("x like 'abc'", `x like "abc"`)
	f("x not like /a\\/b/", `x not like /a\/b/`)
	f("x =~ /(?i)error/", "x =~ /(?i)error/")
	f("x in [1, 'a', 2.5]", `x in [1, "a", 2.5]`)
	f("x not in [\"a\"]", `x not in ["a"]`)
	f("(a = 1) = (b = 2)", "(a = 1) = (b = 2)")
	f("x >= 1e3 and y < .5", "x >= 1000 and y < 0.5")
	f("x = 1e21", "x = 1e+21")
	f(`s = "tab\there \"q\" back\\slash \d"`, `s = "tab\there \"q\" back\\slash \\d"`)
	f("a.b.`c.d` = 1", "a.b.`c.d` = 1")
	f("`a``b` = 1", "`a``b` = 1")
	f("`desc` = 1", "`desc` = 1")
	f("@@example.com = 'x'", `@@example.com = "x"`)
	f("items.0.id = 1", "items.0.id = 1")
	f("ISPRESENT(x) AND IsEmpty(y)", "ispresent(x) and isempty(y)")
	f("tomillis(@timestamp) > 5", "toMillis(@timestamp) > 5")
}

func TestParseErrorMessages(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		expectParseError(t, in, want)
	}
	f("", "the query is empty")
	f("   # only a comment", "the query is empty")
	f("stats count(*) by | fields x", `unexpected "|" at position 19: expected a field name after "by"`)
	f("fitler x = 1", `unknown command "fitler" at position 1`)
	f("fitler x = 1", "did you mean filter?")
	f("fields strln(x)", `unknown function "strln" at position 8 (did you mean strlen?)`)
	f("fields x |", `the query ends with "|" at position 10`)
	f("| fields x", `unexpected "|" at position 1: expected a command`)
	f("fields x | | limit 1", `unexpected "|" at position 12`)
	f("fields a b", `unexpected "b" at position 10: expected "|" or the end of the query`)
	f(`filter x = "abc`, "unterminated string at position 12")
	f("filter x like /abc", "unterminated regular expression at position 15")
	f("filter x like /a(/", "invalid regular expression at position 15: missing closing )")
	f("filter x like 5", `expected a quoted string or a /regular expression/ after "like"`)
	f("filter x in 5", `expected a list such as ["a", "b"] after "in"`)
	f("filter x in []", "expected at least one value in the list")
	f("filter a < b < c", "comparisons cannot be chained at position 14")
	f("filter x = 5x", `unknown time unit "x"`)
	f("filter a = (1", `unexpected end of query at position 14: expected ")"`)
	f("filter `abc", "unterminated backtick-quoted field name at position 8")
	f("filter ``", "empty backtick-quoted field name")
	f("filter x = 1 ; y", `unexpected character at position 14`)
	f("filter and", "expected a condition after \"filter\"")
	f("fields count(*)", "count at position 8 is an aggregate function and can only be used in stats")
	f("fields strlen(a, b)", "strlen at position 8 takes 1 argument, not 2")
	f("fields substr(a)", "substr at position 8 takes 2 or 3 arguments, not 1")
	f("fields concat()", "concat at position 8 takes at least 1 argument, not 0")
	f("fields abs(5m)", "abs at position 8 does not take a time period")
	f("stats count(*) by bin(x)", "bin at position 19 takes a time period such as 5m or 1h")
	f("fields datefloor(@timestamp, 5)", "takes a time period such as 1h as its second argument")
	f("fields a as", `unexpected end of query at position 12: expected a name after "as"`)
	f("fields a,", `unexpected end of query at position 10: expected a field name after ","`)
	f("filter x = 99999999y", "time period 99999999y at position 12 is too long")
	f("filter x = 100000000000000000000y", "time period is too long")
	f("fields x\n| filter y = (\n| limit 3", `unexpected "|" at line 3, column 1: expected an expression after "("`)
}

func TestParseCollectsSeveralErrors(t *testing.T) {
	pe := expectParseError(t, "fitler x | fields strln(y) | limit 0 | sort", "4 problems in query")
	if len(pe) != 4 {
		t.Fatalf("got %d errors: %v", len(pe), pe)
	}
	wantStarts := []int{0, 18, 35, 43}
	for i, e := range pe {
		if e.Start != wantStarts[i] {
			t.Errorf("error %d %q starts at %d, want %d", i, e.Msg, e.Start, wantStarts[i])
		}
		if e.End < e.Start {
			t.Errorf("error %d has end %d before start %d", i, e.End, e.Start)
		}
		if !errors.Is(e, model.ErrMalformedQuery) {
			t.Errorf("error %d does not unwrap to ErrMalformedQuery", i)
		}
	}
	if !strings.HasPrefix(pe.Error(), "4 problems in query: (1) unknown command") {
		t.Errorf("Error() = %q", pe.Error())
	}
}

func TestParseErrorsAreBounded(t *testing.T) {
	q := strings.Repeat("nope | ", 30) + "fields x"
	_, err := Parse(q)
	var pe ParseErrors
	if !errors.As(err, &pe) || len(pe) != maxErrors {
		t.Fatalf("got %v, want %d errors", err, maxErrors)
	}
}

func TestCommandPlacement(t *testing.T) {
	expectParseError(t, "fields x | SOURCE logGroups(namePrefix: ['a'])", "SOURCE at position 12 must be the first command")
	expectParseError(t, "stats count(*) as a | stats count(*) as b | stats count(*) as c", "at most two")
	expectParseError(t, "dedup x | sort y", "sort at position 11 cannot follow dedup: only limit may come after dedup")
	expectParseError(t, "anomaly", "anomaly at position 1 needs a pattern command before it")
	expectParseError(t, "stats count(*) by x | diff", "cannot follow stats")
	expectParseError(t, "pattern | diff | diff", "second diff command")
	expectParse(t, "dedup x | limit 3", "dedup x | limit 3")
	expectParse(t, "stats count(*) as n by x | stats avg(n)", "stats count(*) as n by x | stats avg(n)")
	expectParse(t, "pattern @message | stats count(*) by @severityLabel | diff", "pattern @message | stats count(*) by @severityLabel | diff")
}

func TestSpans(t *testing.T) {
	src := "fields a, b  | filter x = 1 # c\n| limit 5"
	q := expectParse(t, src, "fields a, b | filter x = 1 | limit 5")
	want := []string{"fields a, b", "filter x = 1 # c", "limit 5"}
	for i, c := range q.Commands {
		sp := c.Span()
		if got := src[sp.Start:sp.End]; got != want[i] {
			t.Errorf("command %d spans %q, want %q", i, got, want[i])
		}
	}
}

func TestWalk(t *testing.T) {
	q := expectParse(t, "filter a + abs(b) > 1 and c in [d, 2]", "filter a + abs(b) > 1 and c in [d, 2]")
	var fields []string
	Walk(q.Commands[0].(*FilterCmd).Expr, func(e Expr) bool {
		if f, ok := e.(*FieldRef); ok {
			fields = append(fields, f.Name())
		}
		return true
	})
	if got := strings.Join(fields, ","); got != "a,b,c,d" {
		t.Errorf("Walk visited %s", got)
	}
}

func TestParseRejectsInvalidUTF8(t *testing.T) {
	pe := expectParseError(t, "fields \"a\xffb\"", "the query is not valid UTF-8 text at position 10")
	if pe[0].Start != 9 {
		t.Errorf("error starts at %d, want 9", pe[0].Start)
	}
}
