package logsapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestScanPutLogEvents(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		ok     bool
		group  string
		events []model.LogEvent
	}{
		{"sdk shape", `{"logEvents":[{"message":"hello","timestamp":1700000000000},{"message":"{\"a\":\"b\\c\"}\n","timestamp":1700000000001}],"logGroupName":"/app","logStreamName":"s1"}`,
			true, "/app", []model.LogEvent{{Timestamp: 1700000000000, Message: "hello"}, {Timestamp: 1700000000001, Message: "{\"a\":\"b\\c\"}\n"}}},
		{"blanks and sequence token", " {\n \"logGroupName\" : \"g\" , \"logStreamName\":\"s\", \"sequenceToken\": null, \"logEvents\" : [ { \"timestamp\" : -0 , \"message\" : \"x\" } ] }\t",
			true, "g", []model.LogEvent{{Timestamp: 0, Message: "x"}}},
		{"unicode escapes", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"zo\u00eb \ud83d\ude00 é"}]}`,
			true, "g", []model.LogEvent{{Timestamp: 1, Message: "zoë 😀 é"}}},
		{"long runs and escapes at every place in a word", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"{\"abcdefgh\":\"ijklmnopq\",\"r\":\"\\stuvwxyz0\\\"\/0123456\n\"}"}]}`,
			true, "g", []model.LogEvent{{Timestamp: 1, Message: `{"abcdefgh":"ijklmnopq","r":"\stuvwxyz0\"/0123456` + "\n\"}"}}},
		{"long non-ascii run", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"αβγδεζηθικλμνξοπρστυφχψω \u00e9 0123456789"}]}`,
			true, "g", []model.LogEvent{{Timestamp: 1, Message: "αβγδεζηθικλμνξοπρστυφχψω é 0123456789"}}},
		{"no events", `{"logGroupName":"g","logStreamName":"s","logEvents":[]}`, false, "", nil},
		{"missing message", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1}]}`, false, "", nil},
		{"null message", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":null}]}`, false, "", nil},
		{"float timestamp", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1.5,"message":"x"}]}`, false, "", nil},
		{"leading zero", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":01,"message":"x"}]}`, false, "", nil},
		{"overflow", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":99999999999999999999,"message":"x"}]}`, false, "", nil},
		{"lone surrogate", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"\ud83d"}]}`, false, "", nil},
		{"invalid utf-8", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"\xff\"}]}", false, "", nil},
		{"invalid utf-8 in a long run", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"0123456789abcd\xc3\xa9fghijklmnop\xff\"}]}", false, "", nil},
		{"control character in a long run", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"0123456789\x01abcdef\"}]}", false, "", nil},
		{"control character", "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1,\"message\":\"a\tb\"}]}", false, "", nil},
		{"other casing", `{"LogGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"x"}]}`, false, "", nil},
		{"unknown member", `{"logGroupName":"g","logStreamName":"s","entity":{},"logEvents":[{"timestamp":1,"message":"x"}]}`, false, "", nil},
		{"repeated member", `{"logGroupName":"g","logGroupName":"h","logStreamName":"s","logEvents":[{"timestamp":1,"message":"x"}]}`, false, "", nil},
		{"trailing bytes", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"x"}]}x`, false, "", nil},
		{"truncated", `{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"x`, false, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			put, _, ok := scanPutLogEvents([]byte(tc.body), nil)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if put.Group != tc.group || fmt.Sprint(put.Events) != fmt.Sprint(tc.events) {
				t.Fatalf("got %q %+v, want %q %+v", put.Group, put.Events, tc.group, tc.events)
			}
		})
	}
}

// FuzzScanPutLogEvents checks that whatever the one-pass reader accepts,
// the generic JSON decoder reads to the same request.
func FuzzScanPutLogEvents(f *testing.F) {
	f.Add(`{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"a\"b\\u00e9\ud83d\ude00"}]}`)
	f.Add(`{"logEvents":[{"message":"x","timestamp":-12},{"timestamp":3,"message":""}],"sequenceToken":"t"}`)
	f.Add(`{"logGroupName":"g\/h","logEvents":[{"timestamp":0,"message":"\b\f\n\r\t"}]}`)
	// Runs longer than a word, with what ends them at each place in one.
	f.Add(`{"logEvents":[{"timestamp":1,"message":"{\"abcdefgh\":\"ijklmnopq\",\"r\":\"\\\\stuvwxyz0\"}"}]}`)
	f.Add("{\"logEvents\":[{\"timestamp\":1,\"message\":\"0123456789\x01abcdef\"}]}")
	f.Add("{\"logEvents\":[{\"timestamp\":1,\"message\":\"0123456789abcd\xc3\xa9fghijklmnop\xff\"}]}")
	f.Add(`{"logEvents":[{"timestamp":1,"message":"αβγδεζηθικλμνξοπρστυφχψω \u00e9 0123456789"}]}`)
	// The arena of an earlier request, its bytes left as they were.
	arena := []byte(strings.Repeat("\"\\\x00\xff", 64))[:0]
	f.Fuzz(func(t *testing.T, body string) {
		put, used, ok := scanPutLogEvents([]byte(body), arena)
		arena = used[:0]
		if !ok {
			return
		}
		var in putLogEventsInput
		if err := json.Unmarshal([]byte(strings.TrimSpace(body)), &in); err != nil {
			t.Fatalf("accepted a body the generic decoder rejects: %v", err)
		}
		if put.Group != str(in.LogGroupName) || put.Stream != str(in.LogStreamName) || len(put.Events) != len(in.LogEvents) {
			t.Fatalf("got %q %q %d events, generic decoder %q %q %d", put.Group, put.Stream, len(put.Events), str(in.LogGroupName), str(in.LogStreamName), len(in.LogEvents))
		}
		for i, e := range in.LogEvents {
			if e.Timestamp == nil || e.Message == nil || *e.Timestamp != put.Events[i].Timestamp || *e.Message != put.Events[i].Message {
				t.Fatalf("event %d: got %+v, generic decoder %v %v", i, put.Events[i], e.Timestamp, e.Message)
			}
		}
	})
}

// BenchmarkDecodePutLogEvents decodes a 1 MiB request of JSON log lines,
// one pass against the generic decoder.
func BenchmarkDecodePutLogEvents(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"logGroupName":"/bench","logStreamName":"s","logEvents":[`)
	for i := 0; sb.Len() < 1<<20-400; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		msg, _ := json.Marshal(fmt.Sprintf(`{"timestamp":"2026-01-01T00:00:%02d.000Z","level":"INFO","message":"request completed","trace_id":"%032x","extra":{"duration_ms":%d}}`, i%60, i, i%977))
		fmt.Fprintf(&sb, `{"timestamp":%d,"message":%s}`, 1767225600000+int64(i), msg)
	}
	sb.WriteString("]}")
	body := []byte(sb.String())
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		var arena []byte
		for b.Loop() {
			var ok bool
			if _, arena, ok = scanPutLogEvents(body, arena); !ok {
				b.Fatal("not scanned")
			}
		}
	})
	b.Run("generic", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var in putLogEventsInput
			if err := json.Unmarshal(body, &in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
