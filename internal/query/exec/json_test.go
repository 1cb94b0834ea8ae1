package exec

import (
	"strings"
	"testing"
)

func TestParseJSON(t *testing.T) {
	ok := map[string]string{
		`{"a":1,"b":[true,false,null],"c":{"d":"e"}}`: `{"a":1,"b":[true,false,null],"c":{"d":"e"}}`,
		` [ 1 , 2.50 , -3e2 ] `:                       `[1,2.50,-3e2]`,
		`"\u00e9\ud83d\ude00\n\/"`:                    `"é😀\n/"`,
		`"\ud83d"`:                                    "\"\uFFFD\"",
		`{}`:                                          `{}`,
		`[]`:                                          `[]`,
		`123456789012345678901234567890`:              `123456789012345678901234567890`,
		`1e400`:                                       `"1e400"`,
	}
	for in, want := range ok {
		v, good := parseJSON(in)
		if !good {
			t.Errorf("parseJSON(%q) failed", in)
			continue
		}
		var b strings.Builder
		writeJSON(&b, v)
		if b.String() != want {
			t.Errorf("parseJSON(%q) wrote %s, want %s", in, b.String(), want)
		}
	}
	for _, in := range []string{``, `{`, `{"a"}`, `{"a":}`, `[1,]`, `[1 2]`, `tru`, `"abc`, `"\x"`, `"\u12"`, `01x`, `-`, `1.`, `1e`, `{} x`, `{"a":1,}`, `{1:2}`} {
		if _, good := parseJSON(in); good {
			t.Errorf("parseJSON(%q) succeeded", in)
		}
	}
	deep := strings.Repeat("[", maxJSONDepth+5) + strings.Repeat("]", maxJSONDepth+5)
	if _, good := parseJSON(deep); good {
		t.Error("nesting past the depth limit was accepted")
	}
}

func TestJSONLookups(t *testing.T) {
	v, _ := parseJSON(`{"a":1,"a":2,"l":[10,20]}`)
	if x, ok := v.lookupMember("a"); !ok || x.String() != "2" {
		t.Errorf("duplicate key: %v", x)
	}
	if _, ok := v.lookupMember("zz"); ok {
		t.Error("found a missing key")
	}
	l, _ := v.lookupMember("l")
	if x, ok := l.index(1); !ok || x.String() != "20" {
		t.Errorf("index(1) = %v", x)
	}
	if _, ok := l.index(-1); ok {
		t.Error("index(-1) found something")
	}
}
