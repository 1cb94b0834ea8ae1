package exec

import (
	"math"
	"strconv"
	"testing"
)

func TestValueString(t *testing.T) {
	cases := []struct {
		v    Value
		want string
	}{
		{null, ""},
		{strValue("x"), "x"},
		{numValue(3), "3"},
		{numValue(2.5), "2.5"},
		{numValue(math.Copysign(0, -1)), "0"},
		{numValue(1e21), "1000000000000000000000"},
		{numValue(1e-7), "0.0000001"},
		{numValue(1.0 / 3), "0.3333333333333333"},
		{numValue(math.Inf(1)), ""},
		{numValue(math.NaN()), ""},
		{boolValue(true), "1"},
		{boolValue(false), "0"},
		{timeValue(0), "1970-01-01 00:00:00.000"},
		{timeValue(1700000000123), "2023-11-14 22:13:20.123"},
		{timeValue(-1), "1969-12-31 23:59:59.999"},
		{listValue([]Value{numValue(1), strValue("a"), null}), `[1,"a",null]`},
		{mapValue([]member{{"k", strValue("v\n")}}), `{"k":"v\n"}`},
	}
	for _, c := range cases {
		if got := c.v.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.v, got, c.want)
		}
	}
	if !numValue(math.Inf(-1)).IsNull() {
		t.Error("-Inf is not null")
	}
}

func TestIsNumberText(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-1": true, "+2.5": true, "1e9": true, "1E-9": true, ".5": true, "5.": true,
		"": false, "-": false, ".": false, "1e": false, "0x10": false, "NaN": false, "Inf": false,
		" 1": false, "1 ": false, "1,000": false, "١": false,
	} {
		if got := isNumberText(s); got != want {
			t.Errorf("isNumberText(%q) = %v", s, got)
		}
	}
}

func TestMillis(t *testing.T) {
	for s, want := range map[string]int64{
		"2024-01-02 03:04:05.678":       1704164645678,
		"2024-01-02 03:04:05":           1704164645000,
		"2024-01-02T03:04:05.678Z":      1704164645678,
		"2024-01-02T04:04:05.678+01:00": 1704164645678,
		"1500":                          1500,
		"1500.9":                        1500,
	} {
		got, ok := strValue(s).Millis()
		if !ok || got != want {
			t.Errorf("Millis(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"yesterday", "2024-13-01 00:00:00", "1e30"} {
		if _, ok := strValue(s).Millis(); ok {
			t.Errorf("Millis(%q) succeeded", s)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	ordered := []string{"!:", "#", "*%04", "0#", "5A", "111A", "2345_", "@", "@_", "A", "A9876fghj", "a12345hfh", "file2", "file10", "file10a"}
	for i := range ordered {
		for j := range ordered {
			got := naturalCompare(ordered[i], ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if (got < 0) != (want < 0) || (got > 0) != (want > 0) {
				t.Errorf("naturalCompare(%q, %q) = %d, want sign %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

// compareValues must be a total order, or sorts would depend on input order.
func TestCompareValuesIsTotal(t *testing.T) {
	vals := []Value{
		strValue("a"), strValue("B"), strValue("10"), strValue("9"), strValue("09"), strValue(""),
		numValue(9), numValue(10), numValue(-1), boolValue(true), timeValue(9),
		strValue("a10"), strValue("a9"), listValue(nil), mapValue(nil),
	}
	for _, a := range vals {
		if compareValues(a, a) != 0 {
			t.Errorf("compareValues(%v, itself) != 0", a)
		}
		for _, b := range vals {
			ab, ba := compareValues(a, b), compareValues(b, a)
			if (ab < 0) != (ba > 0) || (ab == 0) != (ba == 0) {
				t.Errorf("compareValues(%v, %v) = %d but reversed = %d", a, b, ab, ba)
			}
			for _, c := range vals {
				if compareValues(a, b) < 0 && compareValues(b, c) < 0 && compareValues(a, c) >= 0 {
					t.Errorf("not transitive: %v < %v < %v", a, b, c)
				}
			}
		}
	}
}

func TestEqualAndOrder(t *testing.T) {
	eq := []struct {
		a, b Value
		want bool
	}{
		{numValue(200), strValue("200"), true},
		{strValue("200"), strValue("200.0"), false},
		{numValue(200), strValue("200.0"), true},
		{timeValue(5), numValue(5), true},
		{timeValue(1704164645678), strValue("2024-01-02 03:04:05.678"), true},
		{boolValue(true), numValue(1), true},
		{strValue("a"), strValue("A"), false},
		{null, null, false},
		{null, strValue(""), false},
	}
	for _, c := range eq {
		if got := equalValues(c.a, c.b); got != c.want {
			t.Errorf("equalValues(%v, %v) = %v", c.a, c.b, got)
		}
	}
	if c, ok := orderValues(strValue("10"), numValue(9)); !ok || c <= 0 {
		t.Errorf("orderValues(\"10\", 9) = %d, %v", c, ok)
	}
	if c, ok := orderValues(strValue("10"), strValue("9")); !ok || c <= 0 {
		t.Errorf("numeric strings should compare as numbers: %d", c)
	}
	if c, ok := orderValues(strValue("b"), strValue("a10")); !ok || c <= 0 {
		t.Errorf("orderValues(b, a10) = %d", c)
	}
	if _, ok := orderValues(null, numValue(1)); ok {
		t.Error("null orders")
	}
}

// FuzzNumberText checks that the quick reading of small integers gives
// what ParseFloat gives, for every text the general reading accepts.
func FuzzNumberText(f *testing.F) {
	for _, s := range []string{"0", "-0", "+0", "500", "-17", "+42", "007", "123456789012345", "1234567890123456", "1.5", "1e3", "", "-", "+", "12a", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gok := strValue(s).Number()
		want, err := strconv.ParseFloat(s, 64)
		wok := isNumberText(s) && err == nil
		if gok != wok || gok && (got != want || math.Signbit(got) != math.Signbit(want)) {
			t.Fatalf("Number(%q) = %v, %v; ParseFloat: %v, %v", s, got, gok, want, wok)
		}
	})
}
