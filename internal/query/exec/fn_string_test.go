package exec

import "testing"

func TestStringFunctions(t *testing.T) {
	m := `{"s":"  Hello World  ","t":"xyZfooxyZ","u":"héllo wörld","n":42,"e":""}`
	runEvalCases(t, []evalCase{
		{"strlen(u)", m, "11"},
		{"strlen(n)", m, "2"},
		{"strlen(missing)", m, "<null>"},
		{"toupper(u)", m, "HÉLLO WÖRLD"},
		{"tolower(\"ABC\")", m, "abc"},
		{"trim(s)", m, "Hello World"},
		{"ltrim(s)", m, "Hello World  "},
		{"rtrim(s)", m, "  Hello World"},
		{"trim(t, \"xyZ\")", m, "foo"},
		{"ltrim(t, \"xyZ\")", m, "fooxyZ"},
		{"rtrim(t, \"xyZ\")", m, "xyZfoo"},
		{"trim(t, missing)", m, "xyZfooxyZ"},
		{"strcontains(t, \"foo\")", m, "1"},
		{"strcontains(t, \"FOO\")", m, "0"},
		{"strcontains(missing, \"a\")", m, "0"},
		{"replace(t, \"xyZ\", \"-\")", m, "-foo-"},
		{"replace(t, \"\", \"-\")", m, "xyZfooxyZ"},
		{"replace(t, \"xyZ\", missing)", m, "foo"},
		{"substr(t, 3, 3)", m, "foo"},
		{"substr(t, 3)", m, "fooxyZ"},
		{"substr(u, 1, 4)", m, "éllo"},
		{"substr(t, -5, 2)", m, "xy"},
		{"substr(t, 100)", m, ""},
		{"substr(t, 7, 100)", m, "yZ"},
		{"substr(t, 1, -1)", m, ""},
		{"substr(t, \"x\")", m, "<null>"},
		{"concat(t, \"-\", n, missing)", m, "xyZfooxyZ-42"},
		{"isempty(e)", m, "1"},
		{"isempty(missing)", m, "1"},
		{"isempty(t)", m, "0"},
		{"isblank(s)", m, "0"},
		{"isblank(\" \t\")", m, "1"},
		{"isblank(missing)", m, "1"},
	})
}

func TestGeneralFunctions(t *testing.T) {
	m := `{"a":"","b":"x","n":null}`
	runEvalCases(t, []evalCase{
		{"ispresent(a)", m, "1"},
		{"ispresent(n)", m, "0"},
		{"ispresent(@message)", m, "1"},
		{"coalesce(n, missing, a, b)", m, ""},
		{"coalesce(n, b)", m, "x"},
		{"coalesce(n, missing)", m, "<null>"},
		{"unmask(b)", m, "x"},
	})
}
