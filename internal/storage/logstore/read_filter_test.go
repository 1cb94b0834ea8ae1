package logstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/filterpattern"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// filterPad is long enough that the writer cuts the values of a message
// holding it into its skeleton.
const filterPad = `"pad":"a value long enough to be worth cutting out of the message"`

// filterMessage returns a message of one of the shapes a JSON pattern
// must tell apart, with randomized values.
func filterMessage(rng *rand.Rand) string {
	// v takes every type, and none, so that its column mixes them.
	vs := []string{`950`, `5`, `-3`, `1.5`, `"950"`, `"text"`, `"t-e"`, `true`, `false`, `null`, `{"w":1}`, `[1,2]`, `""`, `"1e3"`, `1e3`, `12345678901234567890123`}
	v := vs[rng.IntN(len(vs))]
	n := rng.IntN(2000)
	levels := []string{"INFO", "WARN", "ERROR", "DEBUG"}
	level := levels[rng.IntN(len(levels))]
	switch rng.IntN(24) {
	case 0, 1, 2, 3, 4, 5:
		return fmt.Sprintf(`{%s,"level":%q,"n":%d,"v":%s,"extra":{"duration_ms":%d,"user":"u%d","ok":%v},"tags":["a","b%d"],"f":%d.25}`,
			filterPad, level, n, v, rng.IntN(1500), rng.IntN(9), rng.IntN(2) == 0, rng.IntN(3), rng.IntN(3))
	case 6, 7:
		return fmt.Sprintf(`{%s,"level":%q,"n":%d,"extra":{"duration_ms":%d}}`, filterPad, level, n, rng.IntN(1500))
	case 8:
		return fmt.Sprintf(`{"n":%d,"v":%s}`, n, v) // short: kept as text
	case 9:
		return fmt.Sprintf("2024-01-01T00:00:00.000Z\treq-%d\t%s\t{%s,\"n\":%d,\"v\":%s}", n, level, filterPad, n, v)
	case 10:
		return fmt.Sprintf(`10.0.0.%d - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 %d`, n%256, n)
	case 11:
		return fmt.Sprintf(`plain text with a { brace and n %d`, n)
	case 12:
		// Dotted keys and digit keys: names that spell another path.
		shapes := []string{`"a.b":1`, `"a":{"b":1}`, `"a":{"0":1}`, `"a":[1]`, `"a":{"b":2},"a.b":1`, `"a":[{"b":1}]`}
		return fmt.Sprintf(`{%s,"n":%d,%s}`, filterPad, n, shapes[rng.IntN(len(shapes))])
	case 13:
		// A repeated key: the last one counts.
		return fmt.Sprintf(`{%s,"v":%s,"n":%d,"v":%s}`, filterPad, v, n, vs[rng.IntN(len(vs))])
	case 14:
		// A repeated object whose leaves have other names each time.
		return fmt.Sprintf(`{%s,"extra":{"duration_ms":%d},"n":%d,"extra":{"user":"u1"}}`, filterPad, rng.IntN(1500), n)
	case 15:
		// Empty containers.
		return fmt.Sprintf(`{%s,"n":%d,"tags":[],"extra":{},"v":%s}`, filterPad, n, v)
	case 16:
		return fmt.Sprintf(`  {%s,"n":%d,"v":%s}  `, filterPad, n, v)
	case 17:
		return fmt.Sprintf(`{%s,"n":%d,"v":%s`, filterPad, n, v) // not JSON
	case 18:
		// Escapes, other scripts and bytes that are not UTF-8.
		us := []string{`"\u00e9t\u00e9"`, `"été"`, `"a\"b\\c"`, `"tab\there"`, "\"bad \xff byte\"", `"\ud83d\ude00"`, `"\ud800x"`}
		return fmt.Sprintf(`{%s,"n":%d,"u":%s}`, filterPad, n, us[rng.IntN(len(us))])
	case 19:
		// Numbers the columns cannot spell back.
		fs := []string{`1.50`, `-0`, `1e3`, `1E+2`, `0.1`, `1e-7`, `2.5e21`, `-12.75`}
		return fmt.Sprintf(`{%s,"n":%d,"f":%s}`, filterPad, n, fs[rng.IntN(len(fs))])
	case 20:
		return fmt.Sprintf(`{%s,"n":"%d","level":%q}`, filterPad, n, level) // n as a string
	case 21:
		return fmt.Sprintf(`[{%s,"n":%d}]`, filterPad, n) // an array, not an object
	case 22:
		return fmt.Sprintf(`{%s,"n":%d,"deep":{"x":{"y":{"z":%s}}}}`, filterPad, n, v)
	default:
		return fmt.Sprintf(`{%s,"n":null,"v":%s,"level":null}`, filterPad, v)
	}
}

// filterPatterns exercise every operator and value kind of JSON patterns.
var filterPatterns = []string{
	`{ $.n > 900 }`,
	`{ $.n = 5 }`,
	`{ $.n != 5 }`,
	`{ $.n >= 500 && $.level = "ERROR" }`,
	`{ $.level = "ERR*" || $.extra.ok IS TRUE }`,
	`{ $.level = %^WARN$|^ERROR$% }`,
	`{ $.level != "INFO" }`,
	`{ $.level IS NULL }`,
	`{ $.n IS NULL || $.n NOT EXISTS }`,
	`{ $.v = 950 }`,
	`{ $.v = "950" }`,
	`{ $.v = "*" }`,
	`{ $.v != "*" }`,
	`{ $.v != 5 }`,
	`{ $.v IS NULL }`,
	`{ $.v IS TRUE }`,
	`{ $.v IS FALSE }`,
	`{ $.v NOT EXISTS }`,
	`{ $.v < 0 }`,
	`{ $.v >= 1000 }`,
	`{ $.v = %^[0-9]+$% }`,
	`{ $.v = "t*e" }`,
	`{ $.v = "" }`,
	`{ $.v = true }`,
	`{ $.v = "true" }`,
	`{ $.f = 1.25 }`,
	`{ $.f = "1.25" }`,
	`{ $.f = "1*" }`,
	`{ $.f = %^-% }`,
	`{ $.f > 0.5 }`,
	`{ $.f = 1.5 }`,
	`{ $.f = "*" }`,
	`{ $.tags[0] = "a" }`,
	`{ $.tags[1] = "b*" }`,
	`{ $.tags[1] NOT EXISTS }`,
	`{ $.tags = "*" }`,
	`{ $.tags NOT EXISTS }`,
	`{ $.extra.duration_ms > 900 }`,
	`{ $.extra.user = "u1" }`,
	`{ $.extra NOT EXISTS }`,
	`{ $.extra = "*" }`,
	`{ $.a.b = 1 }`,
	`{ $.a.0 = 1 }`,
	`{ $.a[0] = 1 }`,
	`{ $.a[0].b = 1 }`,
	`{ $.a.b NOT EXISTS }`,
	`{ $.u = "été" }`,
	`{ $.u = "*é*" }`,
	`{ $.u = "a\"b\\c" }`,
	`{ $.u = "bad*" }`,
	`{ $.u = %bad\s.\sbyte% }`,
	`{ $.u = %^.x$% }`,
	`{ $.deep.x.y.z > 1 }`,
	`{ $.deep.x.y.z NOT EXISTS }`,
	`{ ($.n > 10 || $.v IS NULL) && $.level != "DEBUG" }`,
	`{ $.n > 1900 || ($.v = "text" && $.level = "WARN") }`,
	`{ $.missing NOT EXISTS && $.n < 100 }`,
}

// TestReadFilterBatchMatchesMessages checks that a read deciding a JSON
// pattern from field columns (FilterBatch) returns exactly the events, in
// the same order and pages, as one matching each message, with events in
// flushed parts and in the memtable.
func TestReadFilterBatchMatchesMessages(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, vfs.NewMem(), Options{FlushInterval: time.Hour, BlockRows: 97, MergeFanIn: 100})
	defer closeStore(t, s)
	stopBackground(s)
	rng := rand.New(rand.NewPCG(3, 5))
	var all []model.StoredEvent
	for i := range 60 {
		var events []model.LogEvent
		for range 40 {
			// Few distinct timestamps, so that ties across streams and
			// blocks are ordered by seq.
			events = append(events, ev(1_700_000_000_000+int64(rng.IntN(400)), filterMessage(rng)))
		}
		slices.SortStableFunc(events, func(a, b model.LogEvent) int { return int(a.Timestamp - b.Timestamp) })
		all = append(all, mustAppend(t, s, 1, int64(1+i%3), 1, events...)...)
		if i == 30 || i == 50 {
			if err := s.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Events after the last flush stay in the memtable.
	if s.Stats().MemtableEvents == 0 {
		t.Fatal("no event left in the memtable")
	}
	slices.SortFunc(all, func(a, b model.StoredEvent) int {
		if a.CursorOf().Less(b.CursorOf()) {
			return -1
		}
		return 1
	})
	// FilterBatch runs on the read's decoding goroutines.
	var columnar atomic.Int64
	for _, pattern := range filterPatterns {
		t.Run(pattern, func(t *testing.T) {
			p, err := filterpattern.Parse(pattern)
			if err != nil {
				t.Fatal(err)
			}
			var want []model.StoredEvent
			for _, e := range all {
				if p.Match(e.Message) {
					want = append(want, e)
				}
			}
			perMessage := model.ReadSpec{GroupID: 1, Match: p.Match, Terms: p.RequiredTerms()}
			if got := readAll(t, s, perMessage); !sameEvents(got, want) {
				t.Fatalf("per-message read: %s", diffEvents(got, want))
			}
			batch := perMessage
			batch.FilterBatch, batch.Fields, batch.MatchKey = p.MatchBatch, p.Fields(), p.String()
			if got := readAll(t, s, batch); !sameEvents(got, want) {
				t.Fatalf("columnar read: %s", diffEvents(got, want))
			}
			for _, key := range []string{p.String(), ""} {
				batch.MatchKey = key
				if got := readPages(t, s, batch, 7); !sameEvents(got, want) {
					t.Fatalf("columnar read in pages (key %q): %s", key, diffEvents(got, want))
				}
			}
			batch.Descending = true
			got := readAll(t, s, batch)
			slices.Reverse(got)
			if !sameEvents(got, want) {
				t.Fatalf("descending columnar read: %s", diffEvents(got, want))
			}
		})
	}
	// The columns must have decided many rows, or the test proves little.
	for _, pattern := range []string{`{ $.n > 900 }`, `{ $.v = "950" }`} {
		p, _ := filterpattern.Parse(pattern)
		spec := model.ReadSpec{GroupID: 1, Match: p.Match, Fields: p.Fields(),
			FilterBatch: func(b *model.Batch) ([]uint64, []uint64) {
				m, u := p.MatchBatch(b)
				columnar.Add(int64(b.Len() - popcount(u)))
				return m, u
			}}
		readAll(t, s, spec)
	}
	if n := columnar.Load(); n < int64(len(all)/2) {
		t.Errorf("the columns decided %d rows in two reads of %d events", n, len(all))
	}
}

// readPages reads spec a page of at most n events at a time, each page
// starting after the last event of the one before, as FilterLogEvents
// does.
func readPages(t *testing.T, s *Store, spec model.ReadSpec, n int) []model.StoredEvent {
	t.Helper()
	var out []model.StoredEvent
	for {
		var page []model.StoredEvent
		more := false
		if err := s.Read(context.Background(), spec, func(e *model.StoredEvent) bool {
			if len(page) == n {
				more = true
				return false
			}
			page = append(page, *e)
			return true
		}); err != nil {
			t.Fatalf("Read: %v", err)
		}
		out = append(out, page...)
		if !more {
			return out
		}
		after := page[len(page)-1].CursorOf()
		spec.After = &after
	}
}

func sameEvents(a, b []model.StoredEvent) bool {
	return slices.EqualFunc(a, b, func(x, y model.StoredEvent) bool { return x == y })
}

func diffEvents(got, want []model.StoredEvent) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("event %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d events, want %d", len(got), len(want))
	if len(got) > len(want) {
		fmt.Fprintf(&b, "; first extra %q", got[len(want)].Message)
	} else if len(want) > len(got) {
		fmt.Fprintf(&b, "; first missing %q", want[len(got)].Message)
	}
	return b.String()
}

func popcount(bm []uint64) int {
	n := 0
	for _, w := range bm {
		for ; w != 0; w &= w - 1 {
			n++
		}
	}
	return n
}
