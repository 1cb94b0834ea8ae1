package exec

import (
	"strings"
	"testing"
)

func discovered(msg string, max int) string {
	var parts []string
	for _, f := range discover(nil, msg, max) {
		parts = append(parts, f.name+"="+f.v.String())
	}
	return strings.Join(parts, " ")
}

func TestDiscover(t *testing.T) {
	cases := []struct {
		msg  string
		max  int
		want string
	}{
		{`{"a":1,"b":{"c":"x","d":[1,{"e":2}]},"n":null,"t":true,"@x":"y","empty":{}}`, 100, "a=1 b.c=x b.d.0=1 b.d.1.e=2 t=true @@x=y"},
		{`  {"a":1} trailing text`, 100, "a=1"},
		{`{"a":1,"b":2,"c":3}`, 2, "a=1 b=2"},
		{`{"a":1}`, 0, ""},
		{`[1,2]`, 100, ""},
		{`{"broken":`, 100, ""},
		{"2024-01-01T00:00:00.000Z\treq-1\tINFO\t{\"k\":\"v\"} tail", 100, "k=v"},
		{"2024-01-01T00:00:00.000Z\treq-1\tINFO\tplain text", 100, ""},
		{"a\tb", 100, ""},
		{"START RequestId: 8f5c-1 Version: $LATEST", 100, "@type=START @requestId=8f5c-1"},
		{"END RequestId: 8f5c-1", 100, "@type=END @requestId=8f5c-1"},
		{"REPORT RequestId: r1\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tInit Duration: 100.5 ms\t\nXRAY TraceId: 1-abc\tSegmentId: seg\tSampled: true",
			100, "@type=REPORT @requestId=r1 @duration=1.50 @billedDuration=2 @memorySize=128000000 @maxMemoryUsed=64000000 @initDuration=100.5 @xrayTraceId=1-abc @xraySegmentId=seg"},
		{"plain text", 100, ""},
	}
	for _, c := range cases {
		if got := discovered(c.msg, c.max); got != c.want {
			t.Errorf("discover(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}

// Discovery happens once per row and only when a discovered field is read.
func TestDiscoveryIsLazy(t *testing.T) {
	ev := &Event{Message: `{"a":1}`}
	r := &row{}
	r.reset(ev, 0)
	if r.get("@message").String() != `{"a":1}` || r.discovered {
		t.Fatal("reading a system field discovered fields")
	}
	if r.get("a").String() != "1" || !r.discovered {
		t.Fatal("reading a discovered field did not discover")
	}
	r.assign("a", null)
	if !r.get("a").IsNull() {
		t.Error("an assigned null does not hide the discovered field")
	}
}

func TestFlattenJSONMalformed(t *testing.T) {
	prior := []field{{name: "keep", v: strValue("x")}}
	for _, msg := range []string{`{"a":1,"b":`, `{"a":[1,2}`, `{"a" 1}`, `{"a":1 "b":2}`, `{"a":{"b":tru}}`, `{"a":1,}`} {
		got := flattenJSON(prior, msg, 100)
		if len(got) != 1 || got[0].name != "keep" {
			t.Errorf("flattenJSON(%q) = %v, want only the prior field", msg, got)
		}
	}
	deep := "{" + strings.Repeat(`"a":{`, maxJSONDepth+2) + strings.Repeat("}", maxJSONDepth+3)
	if got := flattenJSON(nil, deep, 100); len(got) != 0 {
		t.Errorf("nesting past the limit discovered %d fields", len(got))
	}
}
