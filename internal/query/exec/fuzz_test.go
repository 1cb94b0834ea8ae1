package exec

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// byteStream hands out choices driven by fuzz input.
type byteStream struct {
	b []byte
	i int
}

func (s *byteStream) pick(n int) int {
	if n <= 1 {
		return 0
	}
	if s.i >= len(s.b) {
		return 0
	}
	v := int(s.b[s.i])
	s.i++
	return v % n
}

func (s *byteStream) one(choices ...string) string { return choices[s.pick(len(choices))] }

var fuzzFields = []string{"a", "b", "s", "n.x", "tags.0", "@message", "@timestamp", "@logStream", "missing", "u", "@duration"}

func (s *byteStream) field() string { return fuzzFields[s.pick(len(fuzzFields))] }

func (s *byteStream) expr(depth int) string {
	if depth > 2 {
		return s.one(s.field(), "1", "2.5", `"x"`, "0")
	}
	switch s.pick(8) {
	case 0:
		return s.field() + " " + s.one("=", "!=", "<", ">=", "+", "-", "*", "/", "%") + " " + s.expr(depth+1)
	case 1:
		return s.one("strlen", "toupper", "trim", "abs", "ceil", "ispresent", "isempty", "jsonParse", "jsonStringify", "toMillis", "fromMillis", "isValidIp", "sqrt", "log") + "(" + s.expr(depth+1) + ")"
	case 2:
		return s.one("concat", "coalesce", "greatest", "least", "strcontains", "pow", "mod", "isIpInSubnet") + "(" + s.expr(depth+1) + ", " + s.expr(depth+1) + ")"
	case 3:
		return s.field() + " " + s.one("like", "not like", "=~") + " " + s.one(`"a"`, `/[0-9]+/`, `/(?i)ERR/`, `""`)
	case 4:
		return s.field() + s.one(" in ", " not in ") + "[1, \"a\", " + s.expr(depth+1) + "]"
	case 5:
		return "(" + s.expr(depth+1) + ") " + s.one("and", "or") + " not " + s.expr(depth+1)
	case 6:
		return s.one("substr(s, 1, 2)", "replace(s, \"a\", \"b\")", "datefloor(@timestamp, 1h)", "bin(1m)", "dateceil(@timestamp, 1mo)", "ltrim(s, \"x\")")
	}
	return s.field()
}

func (s *byteStream) command() string {
	switch s.pick(14) {
	case 0:
		return "fields " + s.expr(0) + " as f, " + s.field()
	case 1:
		return "filter " + s.expr(0)
	case 2:
		return "stats " + s.one("count(*)", "sum(a)", "avg(a)", "min(s)", "max(b)", "pct(a, 50)", "stddev(a)", "count_distinct(s)", "earliest(s)", "latest(a)", "sortsFirst(b)", "sortsLast(s)") +
			" as m, count() by " + s.one("s", "bin(5m)", "a % 2", "missing")
	case 3:
		return "sort " + s.field() + s.one(" asc", " desc", "")
	case 4:
		return fmt.Sprintf("limit %d", s.pick(5)+1)
	case 5:
		return `parse @message "user=* " as u`
	case 6:
		return `parse @message /latency=(?<@lat>\d+)/`
	case 7:
		return "display " + s.field() + ", f"
	case 8:
		return "fields jsonParse(@message) as j | unnest j.tags into t"
	case 9:
		return "pattern " + s.one("@message", "s")
	case 10:
		return "filterIndex s = \"x\""
	case 11:
		return "unmask @message"
	case 12:
		return "fields " + s.field() + " | dedup " + s.field()
	}
	return "diff"
}

func (s *byteStream) events() []Event {
	n := s.pick(12)
	evs := make([]Event, n)
	for i := range evs {
		ts := int64(1_704_067_200_000 + s.pick(7200)*1000)
		var msg string
		switch s.pick(5) {
		case 0:
			msg = fmt.Sprintf(`{"a":%d,"b":"%s","s":"%s","n":{"x":%d.%d},"tags":["t%d","u"]}`, s.pick(100)-20, s.one("x", "y", "ERR", ""), s.one("x", "yy", "10.0.0.1", "2001:db8::1"), s.pick(9), s.pick(9), s.pick(3))
		case 1:
			msg = fmt.Sprintf("user=%s latency=%d ERROR at 10.0.%d.1", s.one("alice", "bob"), s.pick(500), s.pick(3))
		case 2:
			msg = fmt.Sprintf("REPORT RequestId: r%d\tDuration: %d.5 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB", s.pick(9), s.pick(99))
		case 3:
			msg = fmt.Sprintf("2024-01-01T00:00:00.000Z\tr1\tINFO\t{\"a\":%d,\"s\":\"z\"}", s.pick(50))
		default:
			msg = strings.Repeat(s.one("x ", "y1 ", "{", "\"", "é"), s.pick(6))
		}
		evs[i] = Event{Timestamp: ts, IngestionTime: ts, Message: msg, LogStream: s.one("s1", "s2"), Ptr: fmt.Sprint(i)}
	}
	return evs
}

func fuzzRun(q *syntax.Query, evs []Event, workers, batch int) string {
	start := time.UnixMilli(1_704_067_200_000)
	opts := Options{
		Concurrency: workers, Run: goRunner,
		Start: start, End: start.Add(2 * time.Hour), Now: start.Add(2 * time.Hour),
		Baseline: &SliceSource{Events: evs, BatchSize: batch},
	}
	res, err := Exec(context.Background(), q, &SliceSource{Events: evs, BatchSize: batch}, opts)
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprint(res.Fields, res.Rows, res.Stats)
}

// FuzzExec runs fuzzed queries (or, when the text does not parse, queries
// built from a small grammar) over small fuzzed batches: the engine must
// not panic, and one worker and four workers must agree.
func FuzzExec(f *testing.F) {
	f.Add("fields a, b | sort a desc | limit 3", []byte{5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add("stats sum(a), pct(a, 90), stddev(a) by s | sort s", []byte{9, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0})
	f.Add("pattern @message | anomaly", []byte{11, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Add("", []byte{7, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6})
	f.Add("not a query", []byte{200, 17, 42, 99, 3, 250, 0, 1})
	f.Fuzz(func(t *testing.T, text string, data []byte) {
		if len(text) > 512 || len(data) > 512 {
			t.Skip()
		}
		s := &byteStream{b: data}
		evs := s.events()
		q, err := syntax.Parse(text)
		if err != nil {
			parts := make([]string, s.pick(4)+1)
			for i := range parts {
				parts[i] = s.command()
			}
			gen := strings.Join(parts, " | ")
			if q, err = syntax.Parse(gen); err != nil {
				return // the grammar can build invalid placements (dedup | sort)
			}
		}
		one := fuzzRun(q, evs, 1, 100)
		four := fuzzRun(q, evs, 4, 2)
		if one != four {
			t.Fatalf("query %q: one worker gives\n%s\nfour give\n%s", q.String(), one, four)
		}
	})
}
