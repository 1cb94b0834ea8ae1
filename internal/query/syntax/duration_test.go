package syntax

import "testing"

func TestDuration(t *testing.T) {
	cases := []struct {
		in     string
		ms     int64
		months int64
	}{
		{"250ms", 250, 0},
		{"30sec", 30_000, 0},
		{"5mins", 300_000, 0},
		{"2hrs", 7_200_000, 0},
		{"1day", 86_400_000, 0},
		{"1w", 604_800_000, 0},
		{"2mon", 0, 2},
		{"1quarter", 0, 3},
		{"3yrs", 0, 36},
	}
	for _, c := range cases {
		l := lexer{src: c.in}
		tok := l.next()
		if tok.kind != tDuration {
			t.Errorf("%s: lexed as %v", c.in, describe(tok))
			continue
		}
		ms, fixed := tok.dur.Millis()
		months, cal := tok.dur.Months()
		if fixed != (c.ms != 0) || cal != (c.months != 0) || ms != c.ms || months != c.months {
			t.Errorf("%s: Millis() = %d, %v; Months() = %d, %v", c.in, ms, fixed, months, cal)
		}
		if !tok.dur.valid() {
			t.Errorf("%s: not valid", c.in)
		}
	}
	if (Duration{N: 1001, Unit: UnitYear}).valid() {
		t.Error("1001 years is valid")
	}
	if (Duration{N: 1, Unit: 0}).valid() {
		t.Error("a period without a unit is valid")
	}
}
