package index

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{"ERROR", []string{"ERROR"}},
		{"user-id=42, status:OK", []string{"user", "id", "42", "status", "OK"}},
		{`{"user_email":"a@b.co"}`, []string{"user", "email", "a", "b", "co"}},
		{"Zoë résumé 東京 ٣٤", []string{"Zoë", "résumé", "東京", "٣٤"}},
		{"a\xffb", []string{"a", "b"}},
		{"café\u200bbar", []string{"café", "bar"}},
		{"CaSe case", []string{"CaSe", "case"}},
		{"--x--", []string{"x"}},
	}
	for _, tt := range tests {
		if got := Tokenize(tt.text, nil); !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestTokenizeAppends(t *testing.T) {
	got := Tokenize("b c", []string{"a"})
	if !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("got %q", got)
	}
}
