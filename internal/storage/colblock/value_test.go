package colblock

import (
	"encoding/json"
	"math"
	"testing"
)

func TestAppendFloatTextMatchesEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 12.5, 0.1, 1e20, 1e21, 123456789012345680000, 1e-6, 1e-7, 1.5e-10, -2.5e300, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFloatText(nil, f); string(got) != string(want) {
			t.Errorf("%v: got %s, want %s", f, got, want)
		}
	}
}

func TestAppendJSONQuoted(t *testing.T) {
	tests := map[string]string{
		"":             `""`,
		"plain":        `"plain"`,
		"q\"b\\":       `"q\"b\\"`,
		"\n\r\t\b\f":   `"\n\r\t\b\f"`,
		"\x00\x1f\x7f": "\"\\u0000\\u001f\x7f\"",
		"é <&> \u2028": "\"é <&> \u2028\"",
		"\xff":         "\"\xff\"",
	}
	for in, want := range tests {
		if got := appendJSONQuoted(nil, in); string(got) != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
}

func TestValueAppendText(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{StringValue("x y"), "x y"},
		{IntValue(-42), "-42"},
		{FloatValue(2.5), "2.5"},
		{BoolValue(false), "false"},
		{NullValue(), "null"},
	}
	for _, tt := range tests {
		if got := tt.v.AppendText(nil); string(got) != tt.want {
			t.Errorf("%v: got %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestAppendISOTime(t *testing.T) {
	if got := string(appendISOTime(nil, 1714567890123)); got != "2024-05-01T12:51:30.123Z" {
		t.Fatalf("got %s", got)
	}
}
