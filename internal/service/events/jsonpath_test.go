package events

import (
	"encoding/json"
	"testing"
)

func TestJSONPath(t *testing.T) {
	doc := json.RawMessage(`{"detail":{"state":{"value":"ALARM"},"list":[1, {"a":"x"}],"dotted.key":true}}`)
	tests := []struct {
		path, want string
		found      bool
	}{
		{"$", `{"detail":{"state":{"value":"ALARM"},"list":[1, {"a":"x"}],"dotted.key":true}}`, true},
		{"$.detail.list", `[1, {"a":"x"}]`, true},
		{"$.detail[0]", ``, false},
		{"$.detail.state.value", `"ALARM"`, true},
		{"$.detail.list[1].a", `"x"`, true},
		{"$.detail['dotted.key']", `true`, true},
		{"$.detail.list[2]", ``, false},
		{"$.detail.nope", ``, false},
		{"$.detail.state.value.deeper", ``, false},
	}
	for _, tc := range tests {
		p, err := parseJSONPath("InputPath", tc.path)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if p.String() != tc.path {
			t.Errorf("%s prints as %s", tc.path, p.String())
		}
		v, ok := p.eval(doc)
		if ok != tc.found {
			t.Errorf("%s: found = %v", tc.path, ok)
			continue
		}
		if ok && string(v) != tc.want {
			t.Errorf("%s = %s, want %s", tc.path, v, tc.want)
		}
	}
	for _, bad := range []string{"", "detail", "$.", "$..a", "$[", "$[x]", "$[-1]", "$[01]", "$['']", "$a", "$.a[0"} {
		if _, err := parseJSONPath("InputPath", bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func FuzzParseJSONPath(f *testing.F) {
	for _, s := range []string{"$", "$.detail.a", "$.a[0].b", "$['x.y'][3]", `$["q"]`, "$..", "$[", "$.a]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := parseJSONPath("InputPath", src)
		if err != nil {
			return
		}
		again, err := parseJSONPath("InputPath", p.String())
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", src, p.String(), err)
		}
		if again.String() != p.String() {
			t.Fatalf("%q: %q then %q", src, p.String(), again.String())
		}
		_, _ = p.eval(json.RawMessage(`{"a":[{"b":1}],"x.y":{"q":[0,1,2,3]}}`))
	})
}
