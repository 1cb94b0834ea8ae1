package exec

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// The conformance suite: testdata/*.test are scripts of
//
//	ingest
//	{"@timestamp": "2024-01-01 00:00:00.000", "@message": "…", "@logStream": "s1"}
//	…
//	                                     (a blank line ends a block)
//	query [limit=N] [start=T] [end=T] [now=T]
//	<query text, one or more lines>
//	----
//	columns: a, b
//	row: a="…" b="…"
//	stats: matched=N scanned=N bytes=N   (optional)
//	error: substring                     (instead of columns and rows)
//
// A baseline block, like ingest, holds the events a diff compares with.
// Expected answers are worked out by hand from the events; every query runs
// once with one worker and once with four workers over two-event batches,
// and both must match. Row @ptr values are not compared unless @ptr is a
// column.

type scriptCase struct {
	file, name string
	line       int
	events     []Event
	baseline   []Event
	query      string
	opts       Options
	columns    []string
	rows       [][]ResultField
	stats      map[string]int64
	err        string
}

func parseEventLine(t *testing.T, where, line string, i int) Event {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(line), &raw); err != nil {
		t.Fatalf("%s: bad event %q: %v", where, line, err)
	}
	ev := Event{Ptr: fmt.Sprintf("ptr%d", i), LogStream: "stream", LogGroup: "123456789012:/test"}
	str := func(key string) (string, bool) {
		m, ok := raw[key]
		if !ok {
			return "", false
		}
		var s string
		if err := json.Unmarshal(m, &s); err == nil {
			return s, true
		}
		var b bytes.Buffer
		if err := json.Compact(&b, m); err != nil {
			t.Fatalf("%s: bad %s: %v", where, key, err)
		}
		return b.String(), true
	}
	ts := func(key string) (int64, bool) {
		m, ok := raw[key]
		if !ok {
			return 0, false
		}
		var n int64
		if err := json.Unmarshal(m, &n); err == nil {
			return n, true
		}
		s, _ := str(key)
		ms, ok := strValue(s).Millis()
		if !ok {
			t.Fatalf("%s: bad time %q", where, s)
		}
		return ms, true
	}
	ev.Timestamp, _ = ts("@timestamp")
	ev.IngestionTime = ev.Timestamp
	if v, ok := ts("@ingestionTime"); ok {
		ev.IngestionTime = v
	}
	ev.Message, _ = str("@message")
	if v, ok := str("@logStream"); ok {
		ev.LogStream = v
	}
	if v, ok := str("@log"); ok {
		ev.LogGroup = v
	}
	if v, ok := str("@ptr"); ok {
		ev.Ptr = v
	}
	return ev
}

func parseTime(t *testing.T, where, s string) time.Time {
	t.Helper()
	ms, ok := strValue(s).Millis()
	if !ok {
		t.Fatalf("%s: bad time %q", where, s)
	}
	return time.UnixMilli(ms).UTC()
}

// parseRowLine reads `name="quoted value" name="…"`.
func parseRowLine(t *testing.T, where, s string) []ResultField {
	t.Helper()
	var out []ResultField
	s = strings.TrimSpace(s)
	for s != "" {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			t.Fatalf("%s: bad row near %q", where, s)
		}
		name := s[:eq]
		q, err := strconv.QuotedPrefix(s[eq+1:])
		if err != nil {
			t.Fatalf("%s: bad quoted value near %q: %v", where, s[eq+1:], err)
		}
		v, _ := strconv.Unquote(q)
		out = append(out, ResultField{Field: name, Value: v})
		s = strings.TrimSpace(s[eq+1+len(q):])
	}
	return out
}

func loadScript(t *testing.T, path string) []*scriptCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Base(path)
	var events, baseline []Event
	var cases []*scriptCase
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lineNo := 0
	next := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		lineNo++
		return sc.Text(), true
	}
	for {
		line, ok := next()
		if !ok {
			break
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d", file, lineNo)
		words := strings.Fields(trimmed)
		switch words[0] {
		case "ingest", "baseline":
			var evs []Event
			for {
				l, ok := next()
				if !ok || strings.TrimSpace(l) == "" {
					break
				}
				if strings.HasPrefix(strings.TrimSpace(l), "#") {
					continue
				}
				evs = append(evs, parseEventLine(t, fmt.Sprintf("%s:%d", file, lineNo), l, len(evs)))
			}
			if words[0] == "ingest" {
				events, baseline = evs, nil
			} else {
				baseline = evs
			}
		case "query":
			c := &scriptCase{file: file, line: lineNo, events: events, baseline: baseline}
			c.opts.Now = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
			for _, w := range words[1:] {
				k, v, _ := strings.Cut(w, "=")
				switch k {
				case "limit":
					c.opts.Limit, _ = strconv.Atoi(v)
				case "start":
					c.opts.Start = parseTime(t, where, strings.ReplaceAll(v, "_", " "))
				case "end":
					c.opts.End = parseTime(t, where, strings.ReplaceAll(v, "_", " "))
				case "now":
					c.opts.Now = parseTime(t, where, strings.ReplaceAll(v, "_", " "))
				default:
					t.Fatalf("%s: unknown query option %q", where, w)
				}
			}
			var q []string
			for {
				l, ok := next()
				if !ok {
					t.Fatalf("%s: query without ----", where)
				}
				if strings.TrimSpace(l) == "----" {
					break
				}
				q = append(q, l)
			}
			c.query = strings.Join(q, "\n")
			c.name = fmt.Sprintf("%s:%d", file, c.line)
			for {
				l, ok := next()
				if !ok || strings.TrimSpace(l) == "" {
					break
				}
				lw := fmt.Sprintf("%s:%d", file, lineNo)
				key, rest, _ := strings.Cut(l, ":")
				rest = strings.TrimSpace(rest)
				switch key {
				case "columns":
					c.columns = []string{}
					for _, f := range strings.Split(rest, ",") {
						if f = strings.TrimSpace(f); f != "" {
							c.columns = append(c.columns, f)
						}
					}
				case "row":
					c.rows = append(c.rows, parseRowLine(t, lw, rest))
				case "stats":
					c.stats = map[string]int64{}
					for _, kv := range strings.Fields(rest) {
						k, v, _ := strings.Cut(kv, "=")
						n, err := strconv.ParseInt(v, 10, 64)
						if err != nil || (k != "matched" && k != "scanned" && k != "bytes") {
							t.Fatalf("%s: bad statistic %q", lw, kv)
						}
						c.stats[k] = n
					}
				case "error":
					c.err = rest
				default:
					t.Fatalf("%s: unknown expectation %q", lw, key)
				}
			}
			cases = append(cases, c)
		default:
			t.Fatalf("%s: unknown block %q", where, words[0])
		}
	}
	return cases
}

// goRunner runs tasks on goroutines, as a server would.
func goRunner(tasks []func()) {
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Go(task)
	}
	wg.Wait()
}

func runScriptCase(c *scriptCase, workers, batch int) (*Result, error) {
	q, err := syntax.Parse(c.query)
	if err != nil {
		return nil, err
	}
	opts := c.opts
	opts.Concurrency = workers
	opts.Run = goRunner
	if c.baseline != nil {
		opts.Baseline = &SliceSource{Events: c.baseline, BatchSize: batch}
	}
	return Exec(context.Background(), q, &SliceSource{Events: c.events, BatchSize: batch}, opts)
}

func stripPtr(rows [][]ResultField, cols []string) [][]ResultField {
	for _, c := range cols {
		if c == "@ptr" {
			return rows
		}
	}
	out := make([][]ResultField, len(rows))
	for i, r := range rows {
		out[i] = []ResultField{}
		for _, f := range r {
			if f.Field != "@ptr" {
				out[i] = append(out[i], f)
			}
		}
	}
	return out
}

func formatRows(rows [][]ResultField) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("row:")
		for _, f := range r {
			fmt.Fprintf(&b, " %s=%q", f.Field, f.Value)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/*.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no conformance scripts in testdata")
	}
	total := 0
	for _, f := range files {
		for _, c := range loadScript(t, f) {
			total++
			t.Run(c.name, func(t *testing.T) {
				for _, run := range []struct{ workers, batch int }{{1, 1000}, {4, 2}} {
					res, err := runScriptCase(c, run.workers, run.batch)
					if c.err != "" {
						if err == nil || !strings.Contains(err.Error(), c.err) {
							t.Fatalf("query:\n%s\nwant error containing %q, got %v", c.query, c.err, err)
						}
						continue
					}
					if err != nil {
						t.Fatalf("query:\n%s\nunexpected error: %v", c.query, err)
					}
					if c.columns != nil && !reflect.DeepEqual(res.Fields, c.columns) {
						t.Errorf("query:\n%s\n(workers=%d) columns = %q, want %q", c.query, run.workers, res.Fields, c.columns)
					}
					rows := stripPtr(res.Rows, res.Fields)
					if formatRows(rows) != formatRows(c.rows) {
						t.Errorf("query:\n%s\n(workers=%d) rows:\n%swant:\n%s", c.query, run.workers, formatRows(rows), formatRows(c.rows))
					}
					got := map[string]int64{"matched": res.Stats.RecordsMatched, "scanned": res.Stats.RecordsScanned, "bytes": res.Stats.BytesScanned}
					for k, want := range c.stats {
						if got[k] != want {
							t.Errorf("query:\n%s\n(workers=%d) %s = %d, want %d", c.query, run.workers, k, got[k], want)
						}
					}
				}
			})
		}
	}
	if total < 40 {
		t.Errorf("the conformance suite has %d cases; it should cover every command and function family with at least 40", total)
	}
}
