package catalog

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestPrefixUpperBound(t *testing.T) {
	tests := []struct {
		prefix string
		bound  string
		ok     bool
	}{
		{"", "", false},
		{"a", "b", true},
		{"/aws/", "/aws0", true},
		{"app_", "app`", true},
		{"a\xff", "b", true},
		{"a\xff\xff", "b", true},
		{"\xff", "", false},
		{"\xff\xff", "", false},
		{"z\x7f", "z\x80", true},
	}
	for _, tt := range tests {
		bound, ok := prefixUpperBound(tt.prefix)
		if bound != tt.bound || ok != tt.ok {
			t.Errorf("prefixUpperBound(%q) = %q, %v; want %q, %v", tt.prefix, bound, ok, tt.bound, tt.ok)
		}
	}
}

// FuzzPrefixUpperBound checks that the range [prefix, bound) holds exactly
// the strings that start with prefix.
func FuzzPrefixUpperBound(f *testing.F) {
	f.Add("app", "app_1")
	f.Add("a\xff", "b")
	f.Add("", "x")
	f.Add("\xff", "\xff\x00")
	f.Add("abc", "ab")
	f.Fuzz(func(t *testing.T, prefix, s string) {
		bound, ok := prefixUpperBound(prefix)
		inRange := s >= prefix && (!ok || s < bound)
		if inRange != strings.HasPrefix(s, prefix) {
			t.Fatalf("prefix %q, bound %q (%v): %q in range = %v", prefix, bound, ok, s, inRange)
		}
	})
}

func TestUpsert(t *testing.T) {
	got := sqliteDialect.upsert("t", []string{"a", "b", "c"}, []string{"a"}, []string{"b", "c"}, "t.a = excluded.a")
	want := "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT (a) DO UPDATE SET b = excluded.b, c = excluded.c WHERE t.a = excluded.a"
	if got != want {
		t.Fatalf("upsert =\n%s\nwant\n%s", got, want)
	}
}

func TestIsUniqueViolationOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("UNIQUE constraint failed")} {
		if sqliteDialect.isUniqueViolation(err) {
			t.Errorf("isUniqueViolation(%v) = true", err)
		}
	}
}

func TestSQLiteDSN(t *testing.T) {
	dsn, err := sqliteDSN("/data/dir ?#/catalog.db", poolReader)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "file" || u.Path != "/data/dir ?#/catalog.db" {
		t.Fatalf("DSN %q names %q", dsn, u.Path)
	}
	if q := u.Query(); q.Get("_query_only") != "1" || q.Get("_busy_timeout") != "10000" || q.Get("_journal_mode") != "" {
		t.Fatalf("reader DSN parameters %v", q)
	}
}
