package schedule

import (
	"errors"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// fires lists the next n firing times after start.
func fires(t *testing.T, expr string, start time.Time, n int) []string {
	t.Helper()
	s, err := Parse(expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	var out []string
	at := start
	for range n {
		at = s.Next(at)
		if at.IsZero() {
			out = append(out, "never")
			break
		}
		out = append(out, at.Format("2006-01-02 15:04 Mon"))
	}
	return out
}

func TestCronDocumentedExamples(t *testing.T) {
	// 2026-03-06 is a Friday.
	start := ts("2026-03-06 09:58")
	cases := []struct {
		expr string
		want []string
	}{
		// "Run at 10:00 am (UTC+0) every day"
		{"cron(0 10 * * ? *)", []string{"2026-03-06 10:00 Fri", "2026-03-07 10:00 Sat", "2026-03-08 10:00 Sun"}},
		// "Run at 12:15 pm (UTC+0) every day"
		{"cron(15 12 * * ? *)", []string{"2026-03-06 12:15 Fri", "2026-03-07 12:15 Sat"}},
		// "Run at 6:00 pm (UTC+0) every Monday through Friday"
		{"cron(0 18 ? * MON-FRI *)", []string{"2026-03-06 18:00 Fri", "2026-03-09 18:00 Mon", "2026-03-10 18:00 Tue"}},
		// "Run at 8:00 am (UTC+0) every 1st day of the month"
		{"cron(0 8 1 * ? *)", []string{"2026-04-01 08:00 Wed", "2026-05-01 08:00 Fri"}},
		// "Run every 15 minutes"
		{"cron(0/15 * * * ? *)", []string{"2026-03-06 10:00 Fri", "2026-03-06 10:15 Fri", "2026-03-06 10:30 Fri", "2026-03-06 10:45 Fri", "2026-03-06 11:00 Fri"}},
		// "Run every 10 minutes Monday through Friday"
		{"cron(0/10 * ? * MON-FRI *)", []string{"2026-03-06 10:00 Fri", "2026-03-06 10:10 Fri"}},
		// "Run every 5 minutes Monday through Friday between 8:00 am and 5:55 pm"
		{"cron(0/5 8-17 ? * MON-FRI *)", []string{"2026-03-06 10:00 Fri", "2026-03-06 10:05 Fri"}},
		// "Run every 30 minutes Monday through Friday between 10:00 pm and 2:00 am"
		{"cron(0/30 20-2 ? * MON-FRI *)", []string{"2026-03-06 20:00 Fri", "2026-03-06 20:30 Fri", "2026-03-06 21:00 Fri",
			"2026-03-06 21:30 Fri", "2026-03-06 22:00 Fri", "2026-03-06 22:30 Fri", "2026-03-06 23:00 Fri", "2026-03-06 23:30 Fri",
			"2026-03-09 00:00 Mon", "2026-03-09 00:30 Mon", "2026-03-09 01:00 Mon", "2026-03-09 01:30 Mon", "2026-03-09 02:00 Mon",
			"2026-03-09 02:30 Mon", "2026-03-09 20:00 Mon"}},
		// "runs every day at 12:00pm UTC+0"
		{"cron(0 12 * * ? *)", []string{"2026-03-06 12:00 Fri", "2026-03-07 12:00 Sat"}},
		// "runs every day, at 2:05pm and 2:35pm UTC+0"
		{"cron(5,35 14 * * ? *)", []string{"2026-03-06 14:05 Fri", "2026-03-06 14:35 Fri", "2026-03-07 14:05 Sat"}},
		// "10:15am UTC+0 on the last Friday of each month during the years 2019 to 2022"
		{"cron(15 10 ? * 6L 2019-2022)", []string{"never"}},
		// "1/10 in Minutes: every tenth minute starting from the first"
		{"cron(1/10 10 * * ? *)", []string{"2026-03-06 10:01 Fri", "2026-03-06 10:11 Fri", "2026-03-06 10:21 Fri"}},
		// "JAN,FEB,MAR includes January, February, and March"
		{"cron(0 0 1 JAN,FEB,MAR ? *)", []string{"2027-01-01 00:00 Fri", "2027-02-01 00:00 Mon", "2027-03-01 00:00 Mon", "2028-01-01 00:00 Sat"}},
		// "1-15 includes days 1 through 15"
		{"cron(0 0 1-15 * ? *)", []string{"2026-03-07 00:00 Sat", "2026-03-08 00:00 Sun"}},
		// "3W: the weekday closest to the third day of the month"
		{"cron(0 9 3W * ? *)", []string{"2026-04-03 09:00 Fri", "2026-05-04 09:00 Mon", "2026-06-03 09:00 Wed", "2026-07-03 09:00 Fri", "2026-08-03 09:00 Mon", "2026-09-03 09:00 Thu", "2026-10-02 09:00 Fri"}},
		// "3#2: the second Tuesday of the month"
		{"cron(0 9 ? * 3#2 *)", []string{"2026-03-10 09:00 Tue", "2026-04-14 09:00 Tue", "2026-05-12 09:00 Tue"}},
		// "L in Day-of-month: the last day of the month"
		{"cron(0 0 L * ? *)", []string{"2026-03-31 00:00 Tue", "2026-04-30 00:00 Thu", "2026-05-31 00:00 Sun", "2026-06-30 00:00 Tue"}},
		// "L in Day-of-week: the last day of the week"
		{"cron(0 0 ? * L *)", []string{"2026-03-07 00:00 Sat", "2026-03-14 00:00 Sat"}},
	}
	for _, tc := range cases {
		got := fires(t, tc.expr, start, len(tc.want))
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.expr, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: got %v, want %v", tc.expr, got, tc.want)
				break
			}
		}
	}
}

func TestCronMore(t *testing.T) {
	cases := []struct {
		expr, start string
		want        []string
	}{
		{"cron(15 10 ? * 6L 2019-2022)", "2019-01-01 00:00", []string{"2019-01-25 10:15 Fri", "2019-02-22 10:15 Fri", "2019-03-29 10:15 Fri"}},
		{"cron(15 10 ? * 6L 2019-2022)", "2022-12-30 10:15", []string{"never"}},
		{"cron(0 0 LW * ? *)", "2026-01-01 00:00", []string{"2026-01-30 00:00 Fri", "2026-02-27 00:00 Fri", "2026-03-31 00:00 Tue", "2026-04-30 00:00 Thu", "2026-05-29 00:00 Fri"}},
		// A Saturday 1st moves forward to Monday the 3rd, a Sunday last day back to Friday.
		{"cron(0 0 1W * ? *)", "2026-07-15 00:00", []string{"2026-08-03 00:00 Mon"}},
		{"cron(0 0 31W * ? *)", "2026-05-01 00:00", []string{"2026-05-29 00:00 Fri", "2026-07-31 00:00 Fri"}},
		{"cron(0 0 29 2 ? *)", "2026-01-01 00:00", []string{"2028-02-29 00:00 Tue", "2032-02-29 00:00 Sun"}},
		{"cron(0 0 30 2 ? *)", "2026-01-01 00:00", []string{"never"}},
		{"cron(0 0 ? * SUN#5 *)", "2026-01-01 00:00", []string{"2026-03-29 00:00 Sun", "2026-05-31 00:00 Sun"}},
		{"cron(0 0 ? * FRI-MON *)", "2026-03-05 00:00", []string{"2026-03-06 00:00 Fri", "2026-03-07 00:00 Sat", "2026-03-08 00:00 Sun", "2026-03-09 00:00 Mon", "2026-03-13 00:00 Fri"}},
		{"cron(0 0 1 NOV-FEB ? *)", "2026-03-01 00:00", []string{"2026-11-01 00:00 Sun", "2026-12-01 00:00 Tue", "2027-01-01 00:00 Fri", "2027-02-01 00:00 Mon", "2027-11-01 00:00 Mon"}},
		{"cron(*/20 1 * * ? 2026)", "2026-12-31 01:30", []string{"2026-12-31 01:40 Thu", "never"}},
		{"cron(50-10/10 * * * ? *)", "2026-01-01 00:00", []string{"2026-01-01 00:10 Thu", "2026-01-01 00:50 Thu", "2026-01-01 01:00 Thu"}},
		{"cron(0 0 1 1 ? 2199)", "2199-01-01 00:00", []string{"never"}},
		{"cron(0 0 1 1 ? 1970)", "1969-06-01 00:00", []string{"1970-01-01 00:00 Thu"}},
		{"cron(0 0 ? * mon *)", "2026-03-05 00:00", []string{"2026-03-09 00:00 Mon"}},
		{"cron(0 0 ? * 2,4,6 *)", "2026-03-05 00:00", []string{"2026-03-06 00:00 Fri", "2026-03-09 00:00 Mon", "2026-03-11 00:00 Wed"}},
	}
	for _, tc := range cases {
		got := fires(t, tc.expr, ts(tc.start), len(tc.want))
		if len(got) != len(tc.want) {
			t.Errorf("%s from %s: got %v, want %v", tc.expr, tc.start, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s from %s: got %v, want %v", tc.expr, tc.start, got, tc.want)
				break
			}
		}
	}
}

func TestNextIsStrictlyAfterAndUTC(t *testing.T) {
	s, err := Parse("cron(0 10 * * ? *)")
	if err != nil {
		t.Fatal(err)
	}
	at := ts("2026-03-06 10:00")
	if got := s.Next(at); !got.Equal(ts("2026-03-07 10:00")) {
		t.Errorf("Next(10:00) = %v, want the next day", got)
	}
	if got := s.Next(at.Add(-time.Second)); !got.Equal(at) {
		t.Errorf("Next(09:59:59) = %v, want %v", got, at)
	}
	paris := time.FixedZone("CET", 3600)
	if got := s.Next(time.Date(2026, 3, 6, 10, 30, 0, 0, paris)); !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("Next(10:30 CET) = %v, want %v in UTC", got, at)
	}
}

func TestRate(t *testing.T) {
	cases := []struct {
		expr  string
		every time.Duration
	}{
		{"rate(1 minute)", time.Minute},
		{"rate(5 minutes)", 5 * time.Minute},
		{"rate(1 hour)", time.Hour},
		{"rate(12 hours)", 12 * time.Hour},
		{"rate(1 day)", 24 * time.Hour},
		{"rate(7 days)", 7 * 24 * time.Hour},
	}
	for _, tc := range cases {
		s, err := Parse(tc.expr)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.expr, err)
			continue
		}
		if every, ok := s.Rate(); !ok || every != tc.every {
			t.Errorf("%s: Rate() = %v, %v", tc.expr, every, ok)
		}
		start := ts("2026-03-06 09:58")
		if got := s.Next(start); !got.Equal(start.Add(tc.every)) {
			t.Errorf("%s: Next = %v", tc.expr, got)
		}
		if s.String() != tc.expr {
			t.Errorf("String() = %q, want %q", s.String(), tc.expr)
		}
	}
	if _, ok := mustParse(t, "cron(0 10 * * ? *)").Rate(); ok {
		t.Error("a cron expression reports a rate")
	}
}

func mustParse(t *testing.T, expr string) *Schedule {
	t.Helper()
	s, err := Parse(expr)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"rate(  05   minutes )":    "rate(5 minutes)",
		"cron( 0  10 * * ? * )":    "cron(0 10 * * ? *)",
		"cron(0 18 ? * MON-FRI *)": "cron(0 18 ? * MON-FRI *)",
	} {
		if got := mustParse(t, in).String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, expr := range []string{
		"", "rate", "rate()", "cron()", "RATE(5 minutes)", "rate(5 minutes", "every 5 minutes",
		// Singular for 1, plural otherwise.
		"rate(1 hours)", "rate(5 hour)", "rate(1 minutes)", "rate(2 day)",
		"rate(0 minutes)", "rate(-1 minutes)", "rate(1.5 hours)", "rate(5 weeks)", "rate(5)", "rate(5 minutes now)",
		"rate(99999999999999999999 days)", "rate(100000 days)",
		// Cron shape.
		"cron(0 10 * * ?)", "cron(0 10 * * ? * *)",
		// Exactly one of Day-of-month and Day-of-week is "?".
		"cron(0 10 * * * *)", "cron(0 10 ? * ? *)", "cron(0 10 1 * MON *)",
		// Out of range.
		"cron(60 10 * * ? *)", "cron(0 24 * * ? *)", "cron(0 10 0 * ? *)", "cron(0 10 32 * ? *)",
		"cron(0 10 * 13 ? *)", "cron(0 10 ? * 8 *)", "cron(0 10 ? * 0 *)", "cron(0 10 * * ? 1969)", "cron(0 10 * * ? 2200)",
		// Bad syntax.
		"cron(a 10 * * ? *)", "cron(0 10 * JANUARY ? *)", "cron(0/0 10 * * ? *)", "cron(0/x 10 * * ? *)",
		"cron(0 10 * * ? 2022-2019)", "cron(0,,5 10 * * ? *)", "cron(0- 10 * * ? *)", "cron(-5 10 * * ? *)",
		// Wildcards in the wrong field.
		"cron(? 10 * * ? *)", "cron(L 10 * * ? *)", "cron(0 10 * * ? L)", "cron(0 10 ? * 1W *)", "cron(0 10 1#2 * ? *)",
		"cron(0 10 W * ? *)", "cron(0 10 32W * ? *)", "cron(0 10 ? * 8L *)",
		// "#" alone in its field, with an instance 1-5.
		"cron(0 10 ? * 3#1,6#3 *)", "cron(0 10 ? * 3#6 *)", "cron(0 10 ? * 3#0 *)", "cron(0 10 ? * 3# *)", "cron(0 10 ? * 9#1 *)",
	} {
		_, err := Parse(expr)
		var se *Error
		if err == nil {
			t.Errorf("Parse(%q) succeeded", expr)
			continue
		}
		if !errors.As(err, &se) || se.Reason == "" || !errors.Is(err, model.ErrValidation) ||
			err.Error() != "Parameter ScheduleExpression is not valid." {
			t.Errorf("Parse(%q): bad error %#v", expr, err)
		}
	}
}

// FuzzParse checks that Parse never panics, that errors are well formed,
// that the canonical form parses to the same schedule and that Next always
// moves forward.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"rate(5 minutes)", "rate(1 day)", "cron(0 10 * * ? *)", "cron(0/30 20-2 ? * MON-FRI *)",
		"cron(15 10 ? * 6L 2019-2022)", "cron(0 9 3W * ? *)", "cron(0 9 ? * 3#2 *)", "cron(0 0 LW * ? *)",
		"cron(50-10/10 * * * ? *)", "cron(0 0 30 2 ? *)", "rate(1 hours)", "cron(0 10 * * * *)"} {
		f.Add(s, int64(1772790000))
	}
	f.Fuzz(func(t *testing.T, expr string, unix int64) {
		s, err := Parse(expr)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || se.Reason == "" || !errors.Is(err, model.ErrValidation) {
				t.Fatalf("Parse(%q): bad error %#v", expr, err)
			}
			return
		}
		s2, err := Parse(s.String())
		if err != nil || s2.String() != s.String() {
			t.Fatalf("Parse(%q).String() = %q does not read back: %v", expr, s.String(), err)
		}
		after := time.Unix(unix%(1<<33), 0).UTC()
		next := s.Next(after)
		if !next.IsZero() && !next.After(after) {
			t.Fatalf("%s: Next(%v) = %v is not after", expr, after, next)
		}
		if !next.Equal(s2.Next(after)) {
			t.Fatalf("%s and %s disagree after %v", expr, s2, after)
		}
	})
}

func BenchmarkNextCron(b *testing.B) {
	s, err := Parse("cron(0/5 8-17 ? * MON-FRI *)")
	if err != nil {
		b.Fatal(err)
	}
	at := ts("2026-03-06 17:58")
	b.ReportAllocs()
	for b.Loop() {
		at = s.Next(at)
	}
}
