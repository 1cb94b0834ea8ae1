package colblock

import (
	"math"
	"strings"
	"testing"
)

func TestFlattenJSON(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxJSONDepth) + "1" + strings.Repeat("}", maxJSONDepth)
	tooDeep := strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1)
	tests := []struct {
		name string
		msg  string
		want []Field
	}{
		{"flat", `{"level":"info","status":200,"ms":12.5,"ok":true,"err":null}`, []Field{
			{"level", StringValue("info")}, {"status", IntValue(200)}, {"ms", FloatValue(12.5)},
			{"ok", BoolValue(true)}, {"err", NullValue()},
		}},
		{"nested", `{"extra":{"user_email":"a@b.c","geo":{"cc":"FR"}}}`, []Field{
			{"extra.user_email", StringValue("a@b.c")}, {"extra.geo.cc", StringValue("FR")},
		}},
		{"arrays", `{"a":[1,[2,3],{"b":false}],"e":[],"o":{}}`, []Field{
			{"a.0", IntValue(1)}, {"a.1.0", IntValue(2)}, {"a.1.1", IntValue(3)}, {"a.2.b", BoolValue(false)},
		}},
		{"whitespace", " \n{ \"a\" : 1 ,\t\"b\" : [ 2 ] }\r\n", []Field{{"a", IntValue(1)}, {"b.0", IntValue(2)}}},
		{"escapes", `{"k\"ey":"a\\b\n\u00e9\ud83c\udf89\/"}`, []Field{{`k"ey`, StringValue("a\\b\né🎉/")}}},
		{"lone surrogate", `{"s":"\ud800x"}`, []Field{{"s", StringValue("\uFFFDx")}}},
		{"at names", `{"@timestamp":"x","a":{"@b":1}}`, []Field{{"@@timestamp", StringValue("x")}, {"a.@b", IntValue(1)}}},
		{"escaped at name", `{"\u0040x":1}`, []Field{{"@@x", IntValue(1)}}},
		{"empty key", `{"":{"":1}}`, []Field{{".", IntValue(1)}}},
		{"numbers", `{"a":-0,"b":1e3,"c":-1.5E-2,"d":9223372036854775807,"e":9223372036854775808,"f":1e999}`, []Field{
			{"a", IntValue(0)}, {"b", FloatValue(1000)}, {"c", FloatValue(-0.015)}, {"d", IntValue(math.MaxInt64)},
			{"e", StringValue("9223372036854775808")}, {"f", StringValue("1e999")},
		}},
		{"duplicate keys", `{"a":1,"a":2}`, []Field{{"a", IntValue(1)}, {"a", IntValue(2)}}},
		{"lambda", "2024-05-01T12:51:30.123Z\tc0ffee-11\tINFO\t{\"msg\":\"hi\",\"n\":1}", []Field{
			{"@requestId", StringValue("c0ffee-11")}, {"msg", StringValue("hi")}, {"n", IntValue(1)},
		}},
		{"lambda with trailing text", "2024-05-01T12:51:30.123Z\tid\tERROR\t{\"a\":1} and {\"b\":2}", []Field{
			{"@requestId", StringValue("id")}, {"a", IntValue(1)},
		}},
		{"lambda text message", "2024-05-01T12:51:30.123Z\tid\tINFO\tplain text", nil},
		{"lambda lower-case level", "2024-05-01T12:51:30.123Z\tid\tinfo\t{\"a\":1}", nil},
		{"tabs but no time", "hello\tid\tINFO\t{\"a\":1}", nil},
		{"deep", deep, []Field{{strings.TrimSuffix(strings.Repeat("a.", maxJSONDepth), "."), IntValue(1)}}},
		{"too deep", tooDeep, nil},
		{"plain text", "GET /index.html 200", nil},
		{"top-level array", `[1,2]`, nil},
		{"trailing garbage", `{"a":1} x`, nil},
		{"truncated", `{"a":1`, nil},
		{"bad literal", `{"a":tru}`, nil},
		{"bad number", `{"a":01}`, nil},
		{"bad escape", `{"a":"\x"}`, nil},
		{"control char in string", "{\"a\":\"\x01\"}", nil},
		{"missing colon", `{"a" 1}`, nil},
		{"trailing comma", `{"a":1,}`, nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FlattenJSON(tt.msg, nil)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d fields %v, want %v", len(got), got, tt.want)
			}
			for i := range got {
				if got[i].Name != tt.want[i].Name || !sameValue(got[i].Value, tt.want[i].Value) {
					t.Errorf("field %d: got %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func sameValue(a, b Value) bool {
	return a.Type == b.Type && a.Str == b.Str && a.Int == b.Int && a.Bool == b.Bool &&
		math.Float64bits(a.Float) == math.Float64bits(b.Float)
}

func TestFlattenJSONAppendsAndRollsBack(t *testing.T) {
	dst := []Field{{"keep", IntValue(1)}}
	dst = FlattenJSON(`{"a":1,"b":`, dst)
	if len(dst) != 1 {
		t.Fatalf("invalid JSON added fields: %v", dst)
	}
	dst = FlattenJSON(`{"a":2}`, dst)
	if len(dst) != 2 || dst[0].Name != "keep" || dst[1].Name != "a" {
		t.Fatalf("got %v", dst)
	}
}

func TestFlattenJSONLimits(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"arr":[`)
	for i := 0; i < maxFlattenedFields+50; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString("1")
	}
	sb.WriteString(`],"` + strings.Repeat("k", MaxFieldNameLen+1) + `":1}`)
	if got := FlattenJSON(sb.String(), nil); len(got) != maxFlattenedFields {
		t.Fatalf("got %d fields, want the cap of %d", len(got), maxFlattenedFields)
	}
	long := `{"` + strings.Repeat("k", MaxFieldNameLen+1) + `":1,"b":2}`
	if got := FlattenJSON(long, nil); len(got) != 1 || got[0].Name != "b" {
		t.Fatalf("got %v, want only b", got)
	}
}
