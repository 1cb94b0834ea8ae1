package logstore

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestRetention keeps two days of a group whose events span five: the
// older partitions' parts go at once, reads clip at the cutoff, a merge
// trims the boundary partition, the cutoff survives a reopen, and other
// groups are untouched.
func TestRetention(t *testing.T) {
	mem := vfs.NewMem()
	opts := manualOpts()
	opts.MergeFanIn = 2
	s := openStore(t, mem, opts)
	stopBackground(s)
	var all []model.StoredEvent
	for d := range int64(5) {
		var events []model.LogEvent
		for h := range int64(24) {
			events = append(events, ev(d*dayMillis+h*3600_000, fmt.Sprintf("day %d hour %d", d, h)))
		}
		all = append(all, mustAppend(t, s, 1, 1, 0, events...)...)
	}
	other := mustAppend(t, s, 2, 1, 0, ev(0, "another group, day 0"))
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	now := time.UnixMilli(5*dayMillis + 12*3600_000)
	cutoff := now.UnixMilli() - 2*dayMillis // day 3, noon
	if err := s.ApplyRetention(t.Context(), 1, 2, now); err != nil {
		t.Fatal(err)
	}
	kept := slices.DeleteFunc(slices.Clone(all), func(e model.StoredEvent) bool { return e.Timestamp < cutoff })
	st := s.Stats()
	if st.PartsExpired != 3 || st.Parts != 3 {
		t.Fatalf("after retention: %+v", st)
	}
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), kept)
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 2}), other)
	if got := readAll(t, s, model.ReadSpec{GroupID: 1, Start: 0, End: cutoff}); len(got) != 0 {
		t.Fatalf("read before the cutoff returned %d events", len(got))
	}

	// The boundary partition still holds the morning of day 3 until a
	// merge rewrites it.
	if st.Events != int64(len(kept)+12+1) {
		t.Fatalf("events before the merge %d", st.Events)
	}
	kept = append(kept, mustAppend(t, s, 1, 2, 0, ev(cutoff+1, "afternoon"), ev(cutoff-1, "too old already"))[0])
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := s.mergeAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Events != int64(len(kept)+1) {
		t.Fatalf("the merge kept %d events, want %d", st.Events, len(kept)+1)
	}
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), kept)
	closeStore(t, s)

	s = openStore(t, mem, opts)
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), kept)
	// Retention off again: nothing comes back, new old events are kept.
	if err := s.ApplyRetention(t.Context(), 1, 0, now); err != nil {
		t.Fatal(err)
	}
	kept = append(kept, mustAppend(t, s, 1, 1, 0, ev(0, "backfilled"))...)
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), kept)
	closeStore(t, s)
	s = openStore(t, mem, opts)
	defer closeStore(t, s)
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), kept)
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 2}), other)
}

func TestDayOf(t *testing.T) {
	tests := []struct {
		ts   int64
		day  int64
		name string
	}{
		{0, 0, "1970-01-01"},
		{dayMillis - 1, 0, "1970-01-01"},
		{dayMillis, 1, "1970-01-02"},
		{-1, -1, "1969-12-31"},
		{-dayMillis, -1, "1969-12-31"},
		{-dayMillis - 1, -2, "1969-12-30"},
		{1_714_567_890_000, 19844, "2024-05-01"},
		{1 << 62, (1 << 62) / dayMillis, fmt.Sprintf("d%d", int64(1<<62)/dayMillis)},
		{-1 << 63, -106751991168, "d-106751991168"},
	}
	for _, tc := range tests {
		if got := dayOf(tc.ts); got != tc.day {
			t.Errorf("dayOf(%d) = %d, want %d", tc.ts, got, tc.day)
		}
		if got := dayName(tc.day); got != tc.name {
			t.Errorf("dayName(%d) = %q, want %q", tc.day, got, tc.name)
		}
	}
}
