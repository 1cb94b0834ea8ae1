package bench

import (
	"strings"
	"testing"
)

func TestSplitBatches(t *testing.T) {
	events := func(n, size int, step int64) []Event {
		out := make([]Event, n)
		for i := range out {
			out[i] = Event{Timestamp: int64(i) * step, Message: strings.Repeat("x", size)}
		}
		return out
	}
	const hour = 60 * 60 * 1000
	tests := []struct {
		name   string
		events []Event
		sizes  []int
	}{
		{"empty", nil, nil},
		{"one batch", events(3, 10, 1), []int{3}},
		{"count limit", events(25000, 10, 1), []int{10000, 10000, 5000}},
		// 1 MiB holds 1048576 / (1000+26) = 1022 events of 1000 bytes.
		{"byte limit", events(2500, 1000, 1), []int{1022, 1022, 456}},
		{"24 hour span", events(5, 10, 10*hour), []int{3, 2}},
		{"oversized event alone", append(events(1, 10, 1), Event{Timestamp: 1, Message: strings.Repeat("y", maxBatchBytes)}), []int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitBatches(tt.events)
			var sizes []int
			var joined []Event
			for _, b := range got {
				sizes = append(sizes, len(b))
				joined = append(joined, b...)
				bytes := 0
				for _, e := range b {
					bytes += len(e.Message) + eventOverhead
				}
				if len(b) > 1 && (len(b) > maxBatchEvents || bytes > maxBatchBytes || b[len(b)-1].Timestamp-b[0].Timestamp > maxBatchSpanMs) {
					t.Fatalf("batch of %d events, %d bytes breaks a PutLogEvents limit", len(b), bytes)
				}
			}
			if len(joined) != len(tt.events) {
				t.Fatalf("batches hold %d events, want %d", len(joined), len(tt.events))
			}
			for i := range joined {
				if joined[i] != tt.events[i] {
					t.Fatalf("event %d moved", i)
				}
			}
			if len(sizes) != len(tt.sizes) {
				t.Fatalf("batch sizes %v, want %v", sizes, tt.sizes)
			}
			for i := range sizes {
				if sizes[i] != tt.sizes[i] {
					t.Fatalf("batch sizes %v, want %v", sizes, tt.sizes)
				}
			}
		})
	}
}
