package logs

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/filterpattern"
)

func TestCompileMetricFilterValidation(t *testing.T) {
	tr := func(value string, mod ...func(*model.MetricTransformation)) []model.MetricTransformation {
		m := model.MetricTransformation{MetricName: "Errors", MetricNamespace: "App", MetricValue: value}
		for _, f := range mod {
			f(&m)
		}
		return []model.MetricTransformation{m}
	}
	def := func(v float64) func(*model.MetricTransformation) {
		return func(m *model.MetricTransformation) { m.DefaultValue = &v }
	}
	dims := func(d map[string]string) func(*model.MetricTransformation) {
		return func(m *model.MetricTransformation) { m.Dimensions = d }
	}
	unit := func(u string) func(*model.MetricTransformation) {
		return func(m *model.MetricTransformation) { m.Unit = u }
	}
	name := func(n, ns string) func(*model.MetricTransformation) {
		return func(m *model.MetricTransformation) { m.MetricName, m.MetricNamespace = n, ns }
	}
	const delimited = `[ip, user, ..., status = 4*, bytes]`
	cases := []struct {
		name    string
		pattern string
		ts      []model.MetricTransformation
		wantErr string // "" means valid
	}{
		{"literal value", "ERROR", tr("1"), ""},
		{"empty pattern matches all", "", tr("1", def(0)), ""},
		{"decimal literal", "", tr("-2.5e3"), ""},
		{"json selector value", `{ $.latency > 0 }`, tr("$.latency", unit("Milliseconds")), ""},
		{"json selector not in the pattern", `{ $.level = "ERROR" }`, tr("$.extra.duration_ms"), ""},
		{"json array selector", `{ $.a[0] = 1 }`, tr("$.a[0]"), ""},
		{"delimited field value", delimited, tr("$bytes", dims(map[string]string{"Status": "$status", "IP": "$ip"})), ""},
		{"json dimensions", `{ $.a = 1 }`, tr("1", dims(map[string]string{"Env": "$.env", "Region": "$.region", "Host": "$.host"})), ""},
		{"unit None", "", tr("1", unit("None")), ""},
		{"bad pattern", `{ $.a = }`, tr("1"), "invalid filter pattern at position 8"},
		{"no transformation", "", nil, "metricTransformations' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"two transformations", "", append(tr("1"), tr("2")...), "less than or equal to 1"},
		{"empty metric name", "", tr("1", name("", "App")), "metricTransformations.1.member.metricName"},
		{"metric name with colon", "", tr("1", name("a:b", "App")), "[^:*$]*"},
		{"metric name with dollar", "", tr("1", name("a$", "App")), "[^:*$]*"},
		{"namespace with star", "", tr("1", name("Errors", "A*")), "metricTransformations.1.member.metricNamespace"},
		{"long namespace", "", tr("1", name("Errors", strings.Repeat("n", 256))), "less than or equal to 255"},
		{"empty value", "", tr(""), "metricValue"},
		{"long value", "", tr("$." + strings.Repeat("a", 100)), "less than or equal to 100"},
		{"word value", "", tr("one"), "Invalid metric value"},
		{"hex value", "", tr("0x10"), "Invalid metric value"},
		{"NaN value", "", tr("NaN"), "Invalid metric value"},
		{"bad selector", "", tr("$.a b"), "not a valid JSON selector"},
		{"selector with a condition", "", tr("$.a = 1 || $.b"), "not a valid JSON selector"},
		{"selector with a huge index", "", tr("$.a[99999999999]"), "not a valid JSON selector"},
		{"selector ending in a dot", "", tr("$.a."), "not a valid JSON selector"},
		{"field of a terms pattern", "ERROR", tr("$bytes"), "no field named bytes"},
		{"unknown delimited field", delimited, tr("$size"), "no field named size"},
		{"lone dollar", delimited, tr("$"), "Invalid metric value"},
		{"four dimensions", `{ $.a = 1 }`, tr("1", dims(map[string]string{"a": "$.a", "b": "$.b", "c": "$.c", "d": "$.d"})), "less than or equal to 3"},
		{"dimension with default value", `{ $.a = 1 }`, tr("1", def(0), dims(map[string]string{"a": "$.a"})), "cannot have a defaultValue"},
		{"literal dimension value", `{ $.a = 1 }`, tr("1", dims(map[string]string{"a": "prod"})), `Invalid value "prod" for dimension "a"`},
		{"unknown dimension field", delimited, tr("1", dims(map[string]string{"a": "$nope"})), "no field named nope"},
		{"empty dimension name", `{ $.a = 1 }`, tr("1", dims(map[string]string{"": "$.a"})), "Map keys"},
		{"long dimension value", `{ $.a = 1 }`, tr("1", dims(map[string]string{"a": "$." + strings.Repeat("x", 255)})), "Map values"},
		{"bad unit", "", tr("1", unit("Furlongs")), "Member must satisfy enum value set: [Seconds, Microseconds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compileMetricFilter(model.MetricFilter{Name: "f", Pattern: tc.pattern, Transformations: tc.ts})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			}
			if !errors.Is(err, model.ErrInvalidParameter) {
				t.Fatalf("error %v is not an InvalidParameterException", err)
			}
		})
	}
}

func TestPatternFieldNames(t *testing.T) {
	cases := []struct {
		pattern string
		want    []string
	}{
		{`[ip, user, username, timestamp, request, status_code, bytes]`, []string{"ip", "user", "username", "timestamp", "request", "status_code", "bytes"}},
		{`[..., status = 4*, bytes > 1000]`, []string{"status", "bytes"}},
		{`[w1 != ERROR && w1 != WARNING, w2]`, []string{"w1", "w2"}},
		{`[a, b = "x, y" || b = "z]", ..., c = %^q,r$%, d]`, []string{"a", "b", "c", "d"}},
		{`[a = "say \"hi\", x = 1", b]`, []string{"a", "b"}},
		{`[(code = 404 || code = 410) && code != 0, size]`, []string{"code", "size"}},
		{`[x = 5, y = 7]`, []string{"x", "y"}},
		{`[...]`, nil},
		{`{ $.a = 1 }`, nil},
		{`ERROR`, nil},
	}
	for _, tc := range cases {
		p, err := filterpattern.Parse(tc.pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.pattern, err)
		}
		if got := patternFieldNames(p); !slices.Equal(got, tc.want) {
			t.Errorf("patternFieldNames(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

// FuzzPatternFieldNames checks the field scan against the pattern's own
// matching: every name it finds is bound when a message matches.
func FuzzPatternFieldNames(f *testing.F) {
	f.Add(`[ip, user, ..., status = 4*, bytes]`, `1.2.3.4 frank x y 404 512`)
	f.Add(`[a, b = "x, y" || b = "z]", c]`, `1 "x, y" 3`)
	f.Add(`[w1 != ERROR && w1 != WARNING, w2]`, `INFO hello`)
	f.Fuzz(func(t *testing.T, pattern, msg string) {
		p, err := filterpattern.Parse(pattern)
		if err != nil {
			return
		}
		names := patternFieldNames(p)
		ok, fields := p.MatchFields(msg)
		if !ok || p.Kind() != filterpattern.SpaceDelimited {
			return
		}
		if len(names) != len(fields) {
			t.Fatalf("names %q, fields %v", names, fields)
		}
		for _, n := range names {
			if _, ok := fields["$"+n]; !ok {
				t.Fatalf("name %q is not a field of %v", n, fields)
			}
		}
	})
}

func TestParseMetricNumber(t *testing.T) {
	good := map[string]float64{"1": 1, "-2.5": -2.5, "+3": 3, "1e3": 1000, "1.5E-1": 0.15, ".5": 0.5, "5.": 5, "0012": 12}
	for s, want := range good {
		if got, ok := parseMetricNumber(s); !ok || got != want {
			t.Errorf("parseMetricNumber(%q) = %v, %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "-", ".", "e3", "1e", "1e+", "0x10", "NaN", "Inf", "1_000", "1 ", " 1", "1,5", "true", "1e400"} {
		if got, ok := parseMetricNumber(s); ok {
			t.Errorf("parseMetricNumber(%q) = %v, want not a number", s, got)
		}
	}
}

func TestMetricFilterToken(t *testing.T) {
	for _, c := range [][2]string{{"errors", "/app/api"}, {"", "g"}, {"a:b12", "x"}, {"ünï", ""}} {
		tok := encodeMetricFilterToken(c[0], c[1])
		f, g, err := decodeMetricFilterToken(tok)
		if err != nil || f != c[0] || g != c[1] {
			t.Errorf("round trip of %q = %q, %q, %v", c, f, g, err)
		}
	}
	for _, tok := range []string{"", "!!", encodeNameToken("mf:9:ab"), encodeNameToken("mf:x:ab"), encodeNameToken("other"), encodeNameToken("mf:-1:ab")} {
		if _, _, err := decodeMetricFilterToken(tok); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("decodeMetricFilterToken(%q) error = %v, want InvalidParameter", tok, err)
		}
	}
}
