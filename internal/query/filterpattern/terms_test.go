package filterpattern

import "testing"

// matchCase is one pattern tested against messages.
type matchCase struct {
	pattern string
	message string
	want    bool
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		p, err := Parse(tc.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.pattern, err)
			continue
		}
		if got := p.Match(tc.message); got != tc.want {
			t.Errorf("Parse(%q).Match(%q) = %v, want %v", tc.pattern, tc.message, got, tc.want)
		}
		// The canonical form must match the same messages.
		p2, err := Parse(p.String())
		if err != nil {
			t.Errorf("Parse(%q) (canonical of %q): %v", p.String(), tc.pattern, err)
			continue
		}
		if got := p2.Match(tc.message); got != tc.want {
			t.Errorf("canonical %q .Match(%q) = %v, want %v", p.String(), tc.message, got, tc.want)
		}
	}
}

func TestTermsMatch(t *testing.T) {
	runMatchCases(t, []matchCase{
		// Empty and blank patterns match everything.
		{"", "anything", true},
		{"", "", true},
		{`" "`, "no blanks here", true},
		{`"   "`, "x", true},
		// AWS: a single term.
		{"ERROR", "[ERROR] A fatal exception has occurred", true},
		{"ERROR", "Exiting with ERRORCODE: -1", true},
		{"ERROR", "[error] lower case", false},
		// AWS: include a term and exclude a term.
		{"ERROR -Exiting", "Exiting with ERRORCODE: -1", false},
		{"ERROR -Exiting", "[ERROR] A fatal exception has occurred", true},
		// AWS: multiple terms are ANDed.
		{"ERROR Exception", "[ERROR] Caught IllegalArgumentException", true},
		{"ERROR Exception", "[ERROR] Unhandled Exception", true},
		{"ERROR Exception", "[ERROR] Unhandled", false},
		{"Failed to process the request", "[WARN] Failed to process the request", true},
		{"Failed to process the request", "[ERROR] Unable to continue: Failed to process the request", true},
		{"Failed to process the request", "request processed", false},
		// AWS: exact phrases.
		{`"INTERNAL SERVER ERROR"`, "[ERROR 500] INTERNAL SERVER ERROR", true},
		{`"INTERNAL SERVER ERROR"`, "INTERNAL ERROR in SERVER", false},
		{`"ERROR 401"`, "[ERROR 401] UNAUTHORIZED REQUEST", true},
		{`"ERROR 401"`, "[ERROR 400] BAD REQUEST", false},
		{`"user-id"`, "bad user-id 7", true},
		// AWS: OR terms.
		{"?ERROR ?WARN", "[ERROR] A fatal exception has occurred", true},
		{"?ERROR ?WARN", "[WARN] Disk almost full", true},
		{"?ERROR ?WARN", "[INFO] ok", false},
		{`?"ERROR 401" ?"ERROR 404"`, "[ERROR 404] NOT FOUND", true},
		{`?"ERROR 401" ?"ERROR 404"`, "[ERROR 400] BAD REQUEST", false},
		// Mixed: all plain terms, no excluded term, and one optional term.
		{"app ?ERROR ?WARN -debug", "app WARN x", true},
		{"app ?ERROR ?WARN -debug", "app INFO x", false},
		{"app ?ERROR ?WARN -debug", "lib ERROR x", false},
		{"app ?ERROR ?WARN -debug", "app ERROR debug", false},
		{`-"a b"`, "a  b", true},
		{`-"a b"`, "xa by", false},
		// Quotes and escapes.
		{`"say \"hi\""`, `they say "hi"`, true},
		{`"C:\temp"`, `open C:\temp\x`, true},
		{`"C:\\temp"`, `open C:\temp\x`, true},
		{`"é"`, "café", true},
		{"100%", "CPU at 100% now", true},
	})
}

func TestTermsRequired(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{"", nil},
		{"ERROR Exception ERROR", []string{"ERROR", "Exception"}},
		{"?ERROR ?WARN", nil},
		{"app ?ERROR", []string{"app", "ERROR"}},
		{"-x", nil},
		{`" " "a b"`, []string{"a b"}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.pattern, err)
		}
		assertStrings(t, "RequiredTerms of "+tt.pattern, p.RequiredTerms(), tt.want)
	}
}

func assertStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %q, want %q", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %q, want %q", what, got, want)
			return
		}
	}
}
