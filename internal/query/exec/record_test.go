package exec

import "testing"

func TestRecord(t *testing.T) {
	ev := &Event{Timestamp: 1700000000123, IngestionTime: 1700000001000, Message: `{"level":"ERROR","extra":{"n":3,"tags":["a","b"]}}`, LogStream: "s", LogGroup: "111:g", Ptr: "p"}
	got := Record(ev)
	want := map[string]string{
		"@timestamp": "2023-11-14 22:13:20.123", "@ingestionTime": "2023-11-14 22:13:21.000",
		"@message": ev.Message, "@logStream": "s", "@log": "111:g", "@ptr": "p",
		"level": "ERROR", "extra.n": "3", "extra.tags.0": "a", "extra.tags.1": "b",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d fields, want %d: %v", len(got), len(want), got)
	}
}
