package logs

import (
	"errors"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestValidateBatch(t *testing.T) {
	ev := func(ts int64, msg string) model.LogEvent { return model.LogEvent{Timestamp: ts, Message: msg} }
	many := make([]model.LogEvent, maxBatchEvents+1)
	for i := range many {
		many[i] = ev(1, "x")
	}
	// 1,048,576 bytes exactly with the 26-byte overhead is allowed.
	exact := []model.LogEvent{ev(1, strings.Repeat("a", maxBatchBytes-eventOverhead))}
	over := []model.LogEvent{ev(1, strings.Repeat("a", maxBatchBytes-eventOverhead+1))}
	cases := []struct {
		name    string
		events  []model.LogEvent
		wantErr string
	}{
		{"ok", []model.LogEvent{ev(1, "a"), ev(1, "b"), ev(2, "c")}, ""},
		{"empty batch", nil, "length greater than or equal to 1"},
		{"too many", many, "less than or equal to 10000"},
		{"empty message", []model.LogEvent{ev(1, "")}, "logEvents.1.member.message"},
		{"negative timestamp", []model.LogEvent{ev(-1, "a")}, "logEvents.1.member.timestamp"},
		{"out of order", []model.LogEvent{ev(2, "a"), ev(1, "b")}, "chronological order"},
		{"exact size", exact, ""},
		{"too large", over, "Upload too large"},
		{"invalid utf8", []model.LogEvent{ev(1, "\xff")}, "UTF-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := validateBatch(tc.events)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want containing %q", err, tc.wantErr)
			}
			if !errors.Is(err, model.ErrInvalidParameter) {
				t.Fatalf("error kind = %v, want InvalidParameter", err)
			}
		})
	}
}

func TestPartitionByAge(t *testing.T) {
	const now = int64(100 * 24 * 60 * 60 * 1000)
	day := int64(24 * 60 * 60 * 1000)
	ev := func(ts int64) model.LogEvent { return model.LogEvent{Timestamp: ts, Message: "m"} }
	cases := []struct {
		name      string
		events    []model.LogEvent
		retention int32
		keep      int
		want      *RejectedInfo
	}{
		{"all fine", []model.LogEvent{ev(now - 1000), ev(now)}, 0, 2, nil},
		{"too old prefix", []model.LogEvent{ev(now - 15*day), ev(now - 15*day + 1), ev(now)}, 0, 1, &RejectedInfo{HasTooOld: true, TooOldEnd: 2}},
		{"too new suffix", []model.LogEvent{ev(now), ev(now + 3*60*60*1000), ev(now + 4*60*60*1000)}, 0, 1, &RejectedInfo{HasTooNew: true, TooNewStart: 1}},
		{"exactly two hours ahead is kept", []model.LogEvent{ev(now + tooNewMs)}, 0, 1, nil},
		{"expired by retention", []model.LogEvent{ev(now - 2*day), ev(now)}, 1, 1, &RejectedInfo{HasExpired: true, ExpiredEnd: 1}},
		{"too old and expired", []model.LogEvent{ev(now - 20*day), ev(now - 2*day), ev(now)}, 1, 1, &RejectedInfo{HasTooOld: true, TooOldEnd: 1, HasExpired: true, ExpiredEnd: 2}},
		{"everything rejected", []model.LogEvent{ev(now - 20*day), ev(now + day)}, 0, 0, &RejectedInfo{HasTooOld: true, TooOldEnd: 1, HasTooNew: true, TooNewStart: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keep, rej := partitionByAge(tc.events, now, tc.retention)
			if len(keep) != tc.keep {
				t.Fatalf("kept %d, want %d", len(keep), tc.keep)
			}
			if (rej == nil) != (tc.want == nil) || (rej != nil && *rej != *tc.want) {
				t.Fatalf("rejected = %+v, want %+v", rej, tc.want)
			}
		})
	}
}
