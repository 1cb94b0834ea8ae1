package exec

import (
	"strings"
	"testing"
)

func TestMaskToken(t *testing.T) {
	cases := map[string]string{
		"hello":        "hello",
		"42":           "<*>",
		"10.0.0.1":     "<*>",
		"10.0.0.1,":    "<*>,",
		"[2024-01-01":  "[<*>",
		"user_id=42":   "user_id=<*>",
		"latency:12ms": "latency:<*>",
		"a1=b":         "<*>",
		"(id=7)":       "(id=<*>)",
		"\"abc123\"":   "\"<*>\"",
		"x=":           "x=",
		"v2":           "<*>",
		"key=[1,2]":    "key=[<*>]",
		"=5":           "<*>",
	}
	for in, want := range cases {
		if got, _, _ := maskToken(in); got != want {
			t.Errorf("maskToken(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSeverityOf(t *testing.T) {
	for text, want := range map[string]string{
		"[ERROR] disk":     "ERROR",
		"warning: low":     "WARN",
		"level=info done":  "UNKNOWN",
		"INFO ok":          "INFO",
		"x DEBUG y":        "DEBUG",
		"trace: it":        "TRACE",
		"CRITICAL failure": "FATAL",
		"all good":         "UNKNOWN",
	} {
		if got := severityOf(strings.Fields(text)); got != want {
			t.Errorf("severityOf(%q) = %s, want %s", text, got, want)
		}
	}
}

// Clustering does not depend on the order of the texts.
func TestClusterPatternsOrderIndependent(t *testing.T) {
	texts := []string{
		"GET /a 200", "GET /b 200", "GET /c 404", "POST /a 200", "user x in", "user y in", "user z out",
		"conn from 1.2.3.4 port 80", "conn from 5.6.7.8 port 443", "short", "short", "a b c d",
	}
	render := func(ts []string) string {
		var parts []string
		for _, g := range clusterPatterns(ts, nil) {
			parts = append(parts, strings.Join(g.tokens, " ")+"#"+tokensJSON(g))
		}
		return strings.Join(parts, "\n")
	}
	want := render(texts)
	rev := make([]string, len(texts))
	for i, s := range texts {
		rev[len(texts)-1-i] = s
	}
	if got := render(rev); got != want {
		t.Errorf("reversed input clusters differently:\n%s\nvs\n%s", got, want)
	}
	if !strings.Contains(want, "GET <*> <*>#") || !strings.Contains(want, "conn from <*> port <*>#") {
		t.Errorf("unexpected patterns:\n%s", want)
	}
}
