package exec

import (
	"testing"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

func TestDatetimeFunctions(t *testing.T) {
	m := `{"ms":1700000000000,"iso":"2024-02-29T23:59:59.999Z","text":"2024-01-02 03:04:05.678","bad":"soon"}`
	// @timestamp is 2023-11-14 22:13:20.000 UTC.
	runEvalCases(t, []evalCase{
		{"bin(1s)", m, "2023-11-14 22:13:20.000"},
		{"bin(7m)", m, "2023-11-14 22:13:00.000"},
		{"bin(1d)", m, "2023-11-14 00:00:00.000"},
		{"bin(1w)", m, "2023-11-09 00:00:00.000"},
		{"bin(1mo)", m, "2023-11-01 00:00:00.000"},
		{"bin(2mo)", m, "2023-11-01 00:00:00.000"},
		{"bin(5mo)", m, "2023-10-01 00:00:00.000"},
		{"bin(1q)", m, "2023-10-01 00:00:00.000"},
		{"bin(1y)", m, "2023-01-01 00:00:00.000"},
		{"datefloor(iso, 1h)", m, "2024-02-29 23:00:00.000"},
		{"dateceil(iso, 1h)", m, "2024-03-01 00:00:00.000"},
		{"dateceil(iso, 1mo)", m, "2024-03-01 00:00:00.000"},
		{"dateceil(@timestamp, 1s)", m, "2023-11-14 22:13:20.000"},
		{"dateceil(text, 1y)", m, "2025-01-01 00:00:00.000"},
		{"datefloor(bad, 1h)", m, "<null>"},
		{"datefloor(-1, 1s)", m, "1969-12-31 23:59:59.000"},
		{"fromMillis(ms)", m, "2023-11-14 22:13:20.000"},
		{"fromMillis(\"1000\")", m, "1970-01-01 00:00:01.000"},
		{"fromMillis(bad)", m, "<null>"},
		{"fromMillis(1e300)", m, "<null>"},
		{"toMillis(@timestamp)", m, "1700000000000"},
		{"toMillis(iso)", m, "1709251199999"},
		{"toMillis(text)", m, "1704164645678"},
		{"toMillis(bad)", m, "<null>"},
		{"toMillis(fromMillis(12345))", m, "12345"},
	})
}

func TestFloorAndCeilPeriods(t *testing.T) {
	d := func(n int64, u syntax.Unit) syntax.Duration { return syntax.Duration{N: n, Unit: u} }
	cases := []struct {
		ms          int64
		period      syntax.Duration
		floor, ceil int64
	}{
		{0, d(5, syntax.UnitMinute), 0, 0},
		{1, d(5, syntax.UnitMinute), 0, 300_000},
		{-1, d(1, syntax.UnitSecond), -1000, 0},
		{-1, d(1, syntax.UnitMonth), -2678400000, 0}, // 1969-12-01
		{1, d(1, syntax.UnitYear), 0, 31536000000},   // 1971-01-01
	}
	for _, c := range cases {
		if got := floorPeriod(c.ms, c.period); got != c.floor {
			t.Errorf("floorPeriod(%d, %s) = %d, want %d", c.ms, c.period, got, c.floor)
		}
		if got := ceilPeriod(c.ms, c.period); got != c.ceil {
			t.Errorf("ceilPeriod(%d, %s) = %d, want %d", c.ms, c.period, got, c.ceil)
		}
	}
}
