package filterpattern

import (
	"encoding/json"
	"strings"
	"testing"
)

// refSelectors are the selectors the JSON reader is checked on against
// encoding/json, chosen to overlap (prefixes, shared parents, arrays).
var refSelectors = []string{"$.a", "$.a.b", "$.a[0]", "$.a[1].b", "$.b[0][1]", "$.b[0]", "$.c", "$.c-d_e"}

// refPattern names every refSelector so MatchFields reports their values.
const refPattern = `{ $.a = "*" || $.a.b = "*" || $.a[0] = "*" || $.a[1].b = "*" || $.b[0][1] = "*" || $.b[0] = "*" || $.c = "*" || $.c-d_e = "*" || $.zz NOT EXISTS }`

// refLookup finds sel in msg with encoding/json, as metric filters should
// see it.
func refLookup(t *testing.T, msg, sel string) (string, bool) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(msg))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return "", false
	}
	s, perr := parseSelector(sel, 0)
	if perr != nil {
		t.Fatalf("parseSelector(%q): %v", sel, perr)
	}
	cur := root
	for _, st := range s.steps {
		if st.isIndex {
			arr, ok := cur.([]any)
			if !ok || st.index >= len(arr) {
				return "", false
			}
			cur = arr[st.index]
			continue
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		if cur, ok = obj[st.key]; !ok {
			return "", false
		}
	}
	switch v := cur.(type) {
	case string:
		return v, true
	case json.Number:
		return string(v), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// checkAgainstEncodingJSON compares the reader with encoding/json on msg.
func checkAgainstEncodingJSON(t *testing.T, p *Pattern, msg string) {
	t.Helper()
	wantValid := looksLikeObject(msg) && json.Valid([]byte(msg))
	ok, fields := p.MatchFields(msg)
	if ok != wantValid {
		t.Fatalf("message %q: matched = %v, encoding/json valid object = %v", msg, ok, wantValid)
	}
	for _, sel := range refSelectors {
		want, wantOK := "", false
		if wantValid {
			want, wantOK = refLookup(t, msg, sel)
		}
		got, gotOK := p.Extract(msg, sel)
		if got != want || gotOK != wantOK {
			t.Fatalf("message %q: Extract(%q) = %q, %v; encoding/json gives %q, %v", msg, sel, got, gotOK, want, wantOK)
		}
		if fv, fok := fields[sel]; fv != want || fok != wantOK {
			t.Fatalf("message %q: MatchFields[%q] = %q, %v; encoding/json gives %q, %v", msg, sel, fv, fok, want, wantOK)
		}
	}
}

var jsonSeeds = []string{
	`{}`,
	` {"a": 1} `,
	`{"a": {"b": "x"}, "c": true}`,
	`{"a": [1, {"b": null}], "b": [[0, -1.5e+3]]}`,
	`{"a": "\u00e9\ud83d\ude00\ud800x\"\\\/\b\f\n\r\t"}`,
	`{"a": "\xff\xfe"}`,
	`{"a\u002eb": 1, "c-d_e": "k"}`,
	`{"a": 1, "a": {"b": 2}}`,
	`{"a": {"b": 2}, "a": 1}`,
	`{"b": [[0, 1], [2]], "b": []}`,
	`{"a": 01}`,
	`{"a": 1.}`,
	`{"a": -}`,
	`{"a": .5}`,
	`{"a": 1e}`,
	`{"a": tru}`,
	`{"a": "x`,
	`{"a": "\x"}`,
	`{"a": "\u12"}`,
	"{\"a\": \"\x01\"}",
	`{"a": [1,]}`,
	`{"a": 1,}`,
	`{"a" 1}`,
	`{a: 1}`,
	`{"a": 1}}`,
	`{"a": 1} x`,
	`[1]`,
	`"a"`,
	``,
	`{"a": [` + strings.Repeat("[", 10) + strings.Repeat("]", 10) + `]}`,
}

func TestJSONReaderAgainstEncodingJSON(t *testing.T) {
	p, err := Parse(refPattern)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range jsonSeeds {
		checkAgainstEncodingJSON(t, p, msg)
	}
}

func TestJSONDepthLimit(t *testing.T) {
	p, err := Parse(`{ $.a NOT EXISTS }`)
	if err != nil {
		t.Fatal(err)
	}
	nest := func(depth int) string {
		return strings.Repeat(`{"x":`, depth-1) + "{}" + strings.Repeat("}", depth-1)
	}
	if !p.Match(nest(maxJSONDepth)) {
		t.Error("object nested to the limit did not match")
	}
	if p.Match(nest(maxJSONDepth + 1)) {
		t.Error("object nested past the limit matched")
	}
}

func FuzzJSONReader(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	p, err := Parse(refPattern)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		checkAgainstEncodingJSON(t, p, msg)
	})
}
