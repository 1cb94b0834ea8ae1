package syntax

import (
	"testing"
	"time"
)

func TestDiffBaselineWindow(t *testing.T) {
	start := time.Date(2024, 3, 31, 10, 0, 0, 0, time.UTC)
	end := time.Date(2024, 3, 31, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		mode       DiffMode
		start, end time.Time
	}{
		{DiffPrevious, time.Date(2024, 3, 31, 8, 0, 0, 0, time.UTC), start},
		{DiffPreviousDay, time.Date(2024, 3, 30, 10, 0, 0, 0, time.UTC), time.Date(2024, 3, 30, 12, 0, 0, 0, time.UTC)},
		{DiffPreviousWeek, time.Date(2024, 3, 24, 10, 0, 0, 0, time.UTC), time.Date(2024, 3, 24, 12, 0, 0, 0, time.UTC)},
		// AddDate normalises 31 February to 2 March.
		{DiffPreviousMonth, time.Date(2024, 3, 2, 10, 0, 0, 0, time.UTC), time.Date(2024, 3, 2, 12, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		s, e := (&DiffCmd{Mode: c.mode}).BaselineWindow(start, end)
		if !s.Equal(c.start) || !e.Equal(c.end) {
			t.Errorf("%v: window %v – %v, want %v – %v", c.mode, s, e, c.start, c.end)
		}
	}
}
