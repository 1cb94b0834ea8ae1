package logstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/index"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// scanAll runs a scan and returns its rows as events (with the group in
// IngestionTime's place when the batch has no ingestion times), sorted by
// Seq, and the batches.
func scanAll(t *testing.T, s *Store, spec model.ScanSpec, concurrency int) ([]model.StoredEvent, []*model.Batch) {
	t.Helper()
	var rows []model.StoredEvent
	var batches []*model.Batch
	var inside atomic.Int32
	err := s.Scan(t.Context(), spec, concurrency, func(b *model.Batch) error {
		if inside.Add(1) != 1 {
			t.Errorf("fn called concurrently")
		}
		defer inside.Add(-1)
		batches = append(batches, b)
		for i := range b.Len() {
			e := model.StoredEvent{StreamID: b.StreamIDs[i], Timestamp: b.Timestamps[i], Seq: b.Seqs[i]}
			if b.IngestionTimes != nil {
				e.IngestionTime = b.IngestionTimes[i]
			}
			if b.Messages != nil {
				e.Message = b.Messages[i]
			}
			rows = append(rows, e)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	slices.SortFunc(rows, func(a, b model.StoredEvent) int { return cmp.Compare(a.Seq, b.Seq) })
	return rows, batches
}

func bySeq(events []model.StoredEvent) []model.StoredEvent {
	out := slices.Clone(events)
	slices.SortFunc(out, func(a, b model.StoredEvent) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// TestScanMatchesReference scans every store layout with several specs and
// concurrencies and compares the rows with brute force.
func TestScanMatchesReference(t *testing.T) {
	for _, layout := range storeLayouts {
		t.Run(layout.name, func(t *testing.T) {
			s := openStore(t, vfs.NewMem(), layout.opts)
			defer closeStore(t, s)
			all := populate(t, s, layout.flushEvery, layout.merge)
			other := readAll(t, s, model.ReadSpec{GroupID: 2})
			lo, hi := all[0].Timestamp, all[0].Timestamp
			for _, e := range all {
				lo, hi = min(lo, e.Timestamp), max(hi, e.Timestamp)
			}
			mid := (lo + hi) / 2
			isError := rowFilter(func(b *model.Batch) func(int) bool {
				return func(i int) bool { return strings.HasSuffix(b.Messages[i], "ERROR") }
			})
			specs := []struct {
				scan model.ScanSpec
				read model.ReadSpec
			}{
				{model.ScanSpec{AllColumns: true}, model.ReadSpec{}},
				{model.ScanSpec{AllColumns: true, StreamIDs: []int64{2, 3}}, model.ReadSpec{StreamIDs: []int64{2, 3}}},
				{model.ScanSpec{AllColumns: true, StreamIDs: []int64{}}, model.ReadSpec{StreamIDs: []int64{}}},
				{model.ScanSpec{AllColumns: true, Start: mid - 700, End: mid + 300}, model.ReadSpec{Start: mid - 700, End: mid + 300}},
				{model.ScanSpec{AllColumns: true, End: mid}, model.ReadSpec{End: mid}},
				{model.ScanSpec{AllColumns: true, Filter: isError, Terms: []string{"ERROR"}},
					model.ReadSpec{Match: func(m string) bool { return strings.HasSuffix(m, "ERROR") }}},
			}
			for i, sp := range specs {
				sp.scan.GroupIDs = []int64{1}
				want := bySeq(reference(all, sp.read))
				for _, c := range []int{1, 3, 8} {
					got, _ := scanAll(t, s, sp.scan, c)
					if !slices.Equal(got, want) {
						t.Fatalf("spec %d, concurrency %d: %d rows, want %d", i, c, len(got), len(want))
					}
				}
			}
			// Several groups, one listed twice.
			got, _ := scanAll(t, s, model.ScanSpec{GroupIDs: []int64{2, 1, 2, 77}, AllColumns: true}, 2)
			if want := bySeq(append(slices.Clone(all), other...)); !slices.Equal(got, want) {
				t.Fatalf("scan of two groups: %d rows, want %d", len(got), len(want))
			}
		})
	}
}

// jsonStore holds JSON events, half flushed to parts and half in the
// memtable, so projections are checked on both.
func jsonStore(t *testing.T) *Store {
	t.Helper()
	s := openStore(t, vfs.NewMem(), manualOpts())
	for i := range 40 {
		mustAppend(t, s, 1, int64(1+i%2), 500+int64(i), ev(int64(i), fmt.Sprintf(`{"level":"%s","status":%d,"user":{"id":"u%d"},"ok":%v}`,
			[]string{"info", "error"}[i%2], 200+i, i%5, i%3 == 0)))
		if i == 19 {
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustAppend(t, s, 1, 3, 999, ev(100, "plain text, no fields"))
	return s
}

func TestScanProjection(t *testing.T) {
	s := jsonStore(t)
	defer closeStore(t, s)
	tests := []struct {
		name                string
		spec                model.ScanSpec
		messages, ingestion bool
		fields              []string
	}{
		{"all", model.ScanSpec{AllColumns: true}, true, true, []string{"level", "ok", "status", "user.id"}},
		{"nothing but the keys", model.ScanSpec{}, false, false, nil},
		{"messages", model.ScanSpec{Columns: []string{model.ColumnMessage}}, true, false, nil},
		{"ingestion times", model.ScanSpec{Columns: []string{model.ColumnIngestionTime}}, false, true, nil},
		{"fields", model.ScanSpec{Columns: []string{"status", "user.id", "missing", "status"}}, false, false, []string{"status", "user.id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.GroupIDs = []int64{1}
			rows, batches := scanAll(t, s, tc.spec, 2)
			if len(rows) != 41 {
				t.Fatalf("%d rows", len(rows))
			}
			for _, b := range batches {
				if (b.Messages != nil) != tc.messages || (b.IngestionTimes != nil) != tc.ingestion {
					t.Fatalf("batch columns: messages %v, ingestion times %v", b.Messages != nil, b.IngestionTimes != nil)
				}
				var names []string
				for _, f := range b.Fields {
					names = append(names, f.Name)
				}
				if b.StreamIDs[0] != 3 && !slices.Equal(names, tc.fields) {
					t.Fatalf("fields %v, want %v", names, tc.fields)
				}
			}
		})
	}
	// Typed values come through.
	_, batches := scanAll(t, s, model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"status", "ok", "level"}, StreamIDs: []int64{1, 2}}, 1)
	n := 0
	for _, b := range batches {
		status, ok, level := b.Field("status"), b.Field("ok"), b.Field("level")
		if status == nil || status.Type != model.FieldInt64 || ok.Type != model.FieldBool || level.Type != model.FieldString {
			t.Fatalf("field columns %+v", b.Fields)
		}
		for i := range b.Len() {
			ts := b.Timestamps[i]
			if !status.Has(i) || status.Ints[i] != 200+ts || ok.Bools[i] != (ts%3 == 0) || level.Strings[i] != []string{"info", "error"}[ts%2] {
				t.Fatalf("row of timestamp %d: status %d, ok %v, level %q", ts, status.Ints[i], ok.Bools[i], level.Strings[i])
			}
			n++
		}
	}
	if n != 40 {
		t.Fatalf("%d rows with fields", n)
	}
}

// TestScanFieldPredicate filters on a field column, as an Insights query
// does, and checks the kept rows' columns stay aligned.
func TestScanFieldPredicate(t *testing.T) {
	s := jsonStore(t)
	defer closeStore(t, s)
	spec := model.ScanSpec{
		GroupIDs: []int64{1},
		Columns:  []string{"level", "status", model.ColumnMessage},
		Filter: rowFilter(func(b *model.Batch) func(int) bool {
			c := b.Field("level")
			return func(i int) bool { return c != nil && c.Has(i) && c.Strings[i] == "error" }
		}),
	}
	var left atomic.Int64
	spec.Skipped = func(events, _ int64) { left.Add(events) }
	_, batches := scanAll(t, s, spec, 2)
	if left.Load() != 21 {
		t.Fatalf("%d events skipped, want 21", left.Load())
	}
	n := 0
	for _, b := range batches {
		for i := range b.Len() {
			if b.Field("level").Strings[i] != "error" || !strings.Contains(b.Messages[i], fmt.Sprintf(`"status":%d`, b.Field("status").Ints[i])) {
				t.Fatalf("row %d: %q", i, b.Messages[i])
			}
			n++
		}
	}
	if n != 20 {
		t.Fatalf("%d rows kept, want 20", n)
	}
}

// TestScanCodedStrings reads string columns in coded form from parts,
// plain from the memtable, with a predicate dropping rows, and checks every
// value against the message it came from.
func TestScanCodedStrings(t *testing.T) {
	s := jsonStore(t)
	defer closeStore(t, s)
	spec := model.ScanSpec{
		GroupIDs:     []int64{1},
		Columns:      []string{"level", "user.id"},
		CodedStrings: true,
		Filter: rowFilter(func(b *model.Batch) func(int) bool {
			c := b.Field("user.id")
			return func(i int) bool { return c != nil && c.Has(i) && c.String(i) != "u3" }
		}),
	}
	_, batches := scanAll(t, s, spec, 2)
	n, coded := 0, 0
	for _, b := range batches {
		level, user := b.Field("level"), b.Field("user.id")
		if level.Dict != nil {
			coded++
		}
		for i := range b.Len() {
			ts := b.Timestamps[i]
			if level.String(i) != []string{"info", "error"}[ts%2] || user.String(i) != fmt.Sprintf("u%d", ts%5) {
				t.Fatalf("row of timestamp %d: level %q, user %q", ts, level.String(i), user.String(i))
			}
			n++
		}
	}
	if n != 32 || coded == 0 {
		t.Fatalf("%d rows kept, want 32; %d coded batches", n, coded)
	}
}

// TestScanExact asks for exact rows: flushed JSON rows are exact and come
// without their message, the others with it, and the bitmaps stay aligned
// when a predicate drops rows.
func TestScanExact(t *testing.T) {
	s := openStore(t, vfs.NewMem(), manualOpts())
	defer closeStore(t, s)
	msgs := map[uint64]string{}
	for i := range 60 {
		msg := fmt.Sprintf(`{"note":"a value long enough to be cut out of the message","n":%d,"v":%s}`, i, []string{`"text"`, "7", "true"}[i%3])
		switch {
		case i%10 == 9:
			msg = fmt.Sprintf("plain line %d {", i)
		case i%10 == 7:
			msg = fmt.Sprintf("plain line %d", i) // no field to find: exact
		case i%10 == 8:
			msg = fmt.Sprintf(`{"note":"a value long enough to be cut out of the message","n":%d.50}`, i)
		}
		out := mustAppend(t, s, 1, 1, 0, ev(int64(i), msg))
		msgs[out[0].Seq] = msg
		if i == 39 {
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	spec := model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"n", "v"}, Exact: true,
		Filter: rowFilter(func(b *model.Batch) func(int) bool { return func(i int) bool { return b.Timestamps[i]%4 != 1 } })}
	_, batches := scanAll(t, s, spec, 2)
	rows := 0
	for _, b := range batches {
		if b.MessageBytes <= 0 {
			t.Errorf("batch of %d rows has %d message bytes", b.Len(), b.MessageBytes)
		}
		v := b.Field("v")
		for i := range b.Len() {
			rows++
			ts, msg := b.Timestamps[i], msgs[b.Seqs[i]]
			flushed, json := ts < 40, ts%10 < 7
			if b.IsExact(i) != (flushed && (json || ts%10 == 7)) {
				t.Fatalf("row %d (%q): exact = %v", ts, msg, b.IsExact(i))
			}
			if b.IsExact(i) {
				if b.Messages != nil && b.Messages[i] != "" || json && (v == nil || v.IsLiteral(i) != (ts%3 != 0)) {
					t.Fatalf("exact row %d: message %q, literal %v", ts, b.Messages[i], v != nil && v.IsLiteral(i))
				}
				continue
			}
			if b.Messages[i] != msg {
				t.Fatalf("row %d: message %q, want %q", ts, b.Messages[i], msg)
			}
		}
	}
	if rows != 45 {
		t.Fatalf("%d rows, want 45", rows)
	}
}

// TestScanExactRemembered checks that a second exact scan of a block whose
// rows are all exact, which skips its message column, answers as the first.
func TestScanExactRemembered(t *testing.T) {
	s := openStore(t, vfs.NewMem(), manualOpts())
	defer closeStore(t, s)
	for i := range 50 {
		mustAppend(t, s, 1, 1, 0, ev(int64(i), fmt.Sprintf(`{"note":"a value long enough to be cut out of the message","n":%d,"v":%s}`, i, []string{`"x"`, "5"}[i%2])))
	}
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	spec := model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"n", "v"}, Exact: true}
	describe := func(batches []*model.Batch) string {
		var b strings.Builder
		for _, bt := range batches {
			v := bt.Field("v")
			for i := range bt.Len() {
				fmt.Fprintf(&b, "%d:%v:%v:%v%v ", bt.Timestamps[i], bt.IsExact(i), v.IsLiteral(i), v.Strings, v.Ints)
			}
		}
		return b.String()
	}
	_, first := scanAll(t, s, spec, 1)
	for _, p := range s.viewParts(1) {
		if p.knownExact(0) == nil {
			t.Fatal("the first scan taught nothing")
		}
	}
	_, second := scanAll(t, s, spec, 1)
	if a, b := describe(first), describe(second); a != b || !strings.Contains(a, ":true:true:") {
		t.Fatalf("second scan:\n%s\nfirst:\n%s", b, a)
	}
}

// TestTermsLeaveOutRows checks that scans and reads leave out the events
// whose message lacks a term, in parts and in the memtable alike.
func TestTermsLeaveOutRows(t *testing.T) {
	s := openStore(t, vfs.NewMem(), manualOpts())
	defer closeStore(t, s)
	var want []string
	for i := range 80 {
		var msg string
		switch i % 4 {
		case 0:
			msg = fmt.Sprintf(`{"note":"a value long enough to be cut out of the message","user":"u%d-needle","n":%d}`, i, i)
		case 1:
			msg = fmt.Sprintf(`{"note":"a value long enough to be cut out of the message","user":"u%d","n":%d}`, i, i)
		case 2:
			msg = fmt.Sprintf("plain %d with a needle", i)
		default:
			msg = fmt.Sprintf("plain %d", i)
		}
		if strings.Contains(msg, "needle") {
			want = append(want, msg)
		}
		mustAppend(t, s, 1, 1, 0, ev(int64(i), msg))
		if i == 49 {
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	slices.Sort(want)
	var left atomic.Int64
	// Half the time range: the block across its end is counted row by row.
	rows, _ := scanAll(t, s, model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{model.ColumnMessage}, Terms: []string{"needle"}, End: 40,
		Skipped: func(events, _ int64) { left.Add(events) }}, 2)
	if n := int64(len(rows)) + left.Load(); n != 40 {
		t.Fatalf("%d rows and %d skipped events in a range of 40", len(rows), left.Load())
	}
	rows, _ = scanAll(t, s, model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{model.ColumnMessage}, Terms: []string{"needle"}}, 2)
	var got []string
	for _, r := range rows {
		got = append(got, r.Message)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("scan: %q, want %q", got, want)
	}
	// Without the messages, the rows are still left out.
	if rows, _ = scanAll(t, s, model.ScanSpec{GroupIDs: []int64{1}, Terms: []string{"needle"}}, 2); len(rows) != len(want) {
		t.Fatalf("scan without messages: %d rows, want %d", len(rows), len(want))
	}
	got = nil
	for _, e := range readAll(t, s, model.ReadSpec{GroupID: 1, Terms: []string{"needle"}}) {
		got = append(got, e.Message)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("read: %q, want %q", got, want)
	}
}

// TestScanBloomPruning writes many blocks, each event with its own trace
// id, and checks that token filters let a scan for one id read one block.
func TestScanBloomPruning(t *testing.T) {
	opts := manualOpts()
	opts.BlockRows = 50
	s := openStore(t, vfs.NewMem(), opts)
	defer closeStore(t, s)
	stopBackground(s)
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]string, 2000)
	var events []model.LogEvent
	for i := range ids {
		ids[i] = fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())
		events = append(events, ev(int64(i), fmt.Sprintf(`{"msg":"request done","trace":"%s","n":%d}`, ids[i], i)))
	}
	mustAppend(t, s, 1, 1, 0, events...)
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	blocks := len(s.viewParts(1)[0].blocks)
	if blocks != len(ids)/opts.BlockRows {
		t.Fatalf("%d blocks", blocks)
	}
	target := ids[1234]
	tests := []struct {
		name string
		spec model.ScanSpec
		read int64 // blocks read
		rows int
	}{
		{"token", model.ScanSpec{Tokens: []string{target}}, 1, 1},
		{"field token", model.ScanSpec{FieldTokens: map[string][]string{"trace": {target}}}, 1, 1},
		{"phrase around the token", model.ScanSpec{Terms: []string{`"` + target + `"`}}, 1, 1},
		// Terms are substrings: the token filter proves nothing for a term
		// that may be part of a longer token, the gram filter does when the
		// term has a run of at least index.GramMinRun letters and digits.
		{"bare token as a substring, by its grams", model.ScanSpec{Terms: []string{target}}, 1, 1},
		{"middle of a token, by its grams", model.ScanSpec{Terms: []string{target[2:30]}}, 1, 1},
		{"short substring proves nothing", model.ScanSpec{Terms: []string{target[:index.GramMinRun-1]}}, int64(blocks), 1},
		{"absent token", model.ScanSpec{Tokens: []string{"deadbeef00000000"}}, 0, 0},
		{"token of another field", model.ScanSpec{FieldTokens: map[string][]string{"msg": {target}}}, 0, 0},
		{"field without a filter", model.ScanSpec{FieldTokens: map[string][]string{"nosuchfield": {target}}}, int64(blocks), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.GroupIDs = []int64{1}
			tc.spec.Columns = []string{model.ColumnMessage}
			tc.spec.Filter = rowFilter(func(b *model.Batch) func(int) bool {
				return func(i int) bool { return strings.Contains(b.Messages[i], target) }
			})
			var left atomic.Int64
			tc.spec.Skipped = func(events, bytes int64) {
				if events <= 0 || bytes <= 0 {
					t.Errorf("Skipped(%d, %d)", events, bytes)
				}
				left.Add(events)
			}
			before := s.Stats()
			rows, _ := scanAll(t, s, tc.spec, 4)
			after := s.Stats()
			read, skipped := after.BlocksRead-before.BlocksRead, after.BlocksSkippedFilter-before.BlocksSkippedFilter
			// Filters may admit a block by a false positive (about 1% each
			// here), so a read or two beyond those that hold a match is
			// allowed; without pruning every block would be read.
			if len(rows) != tc.rows || read < tc.read || read > tc.read+2 || read+skipped != int64(blocks) {
				t.Fatalf("%d rows, %d blocks read, %d skipped; want %d rows, %d read (+2) of %d", len(rows), read, skipped, tc.rows, tc.read, blocks)
			}
			// Every event is counted, read or not.
			if got := int64(len(rows)) + left.Load(); got != int64(len(ids)) {
				t.Fatalf("%d rows and %d skipped events, want %d events in all", len(rows), left.Load(), len(ids))
			}
		})
	}
	// Filters that pass every block stop being read once filterProbe of
	// them did; filters that prune go on being read.
	for _, tc := range []struct {
		name  string
		token string
		terms []string
		reads int64
	}{
		{"token of every block", "request", nil, filterProbe},
		{"rare token", target, nil, int64(blocks)},
		// The filters of the blocks a search for terms reads tell it
		// which columns may hold them.
		{"token of every block with terms", "request", []string{"request"}, int64(blocks)},
	} {
		before := s.Stats()
		rows, _ := scanAll(t, s, model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"trace"}, FieldTokens: map[string][]string{"msg": {tc.token}}, Terms: tc.terms}, 1)
		after := s.Stats()
		if reads := after.FiltersRead - before.FiltersRead; reads != tc.reads {
			t.Errorf("%s: %d filters read, want %d", tc.name, reads, tc.reads)
		}
		want := len(ids)
		if tc.token == target {
			want = 0 // no msg holds it
		}
		if len(rows) != want {
			t.Errorf("%s: %d rows, want %d", tc.name, len(rows), want)
		}
	}
	// Read prunes with the same filters.
	before := s.Stats()
	got := readAll(t, s, model.ReadSpec{GroupID: 1, Terms: []string{`"` + target + `"`}, Match: func(m string) bool { return strings.Contains(m, target) }})
	if after := s.Stats(); len(got) != 1 || after.BlocksRead-before.BlocksRead < 1 || after.BlocksRead-before.BlocksRead > 3 {
		t.Fatalf("Read with terms: %d events, %d blocks read", len(got), after.BlocksRead-before.BlocksRead)
	}
}

// busyStore returns a store that background work keeps changing, and the
// events appended to it in seq order.
func busyStore(t *testing.T) (*Store, []model.StoredEvent) {
	t.Helper()
	s := openStore(t, vfs.NewMem(), busyOpts())
	var acked []model.StoredEvent
	for i := range 30 {
		acked = append(acked, appendDays(t, s, 20, 3, fmt.Sprint(i))...)
	}
	return s, bySeq(acked)
}

// TestScanParallelDeterministic checks that the rows of a scan do not
// depend on its concurrency, on a store that background work keeps
// changing underneath.
func TestScanParallelDeterministic(t *testing.T) {
	s, want := busyStore(t)
	defer closeStore(t, s)
	spec := model.ScanSpec{GroupIDs: []int64{1, 2}, AllColumns: true}
	for _, c := range []int{1, 2, 4, 16} {
		got, _ := scanAll(t, s, spec, c)
		if !slices.Equal(got, want) {
			t.Fatalf("concurrency %d: %d rows, want %d", c, len(got), len(want))
		}
	}
}

// TestScanWorkers checks that ScanWorkers delivers every row once, on
// workers numbered below the concurrency whose calls never overlap, while
// the calls of different workers do.
func TestScanWorkers(t *testing.T) {
	s, want := busyStore(t)
	defer closeStore(t, s)
	for _, c := range []int{1, 2, 4} {
		var (
			mu      sync.Mutex
			rows    []model.StoredEvent
			inside  [4]atomic.Int32
			overlap atomic.Bool
		)
		err := s.ScanWorkers(t.Context(), model.ScanSpec{GroupIDs: []int64{1, 2}}, c, func(w int, b *model.Batch) error {
			if w < 0 || w >= c {
				return fmt.Errorf("worker %d of %d", w, c)
			}
			if inside[w].Add(1) != 1 {
				return fmt.Errorf("worker %d called while in a call", w)
			}
			defer inside[w].Add(-1)
			n := int32(0)
			for i := range inside {
				n += inside[i].Load()
			}
			if n > 1 {
				overlap.Store(true)
			}
			mu.Lock()
			defer mu.Unlock()
			for i := range b.Len() {
				rows = append(rows, model.StoredEvent{StreamID: b.StreamIDs[i], Timestamp: b.Timestamps[i], Seq: b.Seqs[i]})
			}
			// Give another worker the time to come in.
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			return nil
		})
		if err != nil {
			t.Fatalf("concurrency %d: %v", c, err)
		}
		slices.SortFunc(rows, func(a, b model.StoredEvent) int { return cmp.Compare(a.Seq, b.Seq) })
		if len(rows) != len(want) {
			t.Fatalf("concurrency %d: %d rows, want %d", c, len(rows), len(want))
		}
		for i := range rows {
			if rows[i].Seq != want[i].Seq || rows[i].Timestamp != want[i].Timestamp {
				t.Fatalf("concurrency %d: row %d is %+v, want %+v", c, i, rows[i], want[i])
			}
		}
		if c > 1 && !overlap.Load() {
			t.Errorf("concurrency %d: the workers' calls never overlapped", c)
		}
	}
}

func TestScanStops(t *testing.T) {
	s := openStore(t, vfs.NewMem(), manualOpts())
	defer closeStore(t, s)
	for i := range 10 {
		appendDays(t, s, 20, 3, fmt.Sprint(i))
		if err := s.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("enough")
	calls := 0
	err := s.Scan(t.Context(), model.ScanSpec{GroupIDs: []int64{1}}, 4, func(*model.Batch) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Fatalf("Scan = %v after %d calls", err, calls)
	}
	// fn's error comes back even when another worker is about to call fn
	// as it fails.
	for range 20 {
		err := s.Scan(t.Context(), model.ScanSpec{GroupIDs: []int64{1}}, 8, func(*model.Batch) error {
			time.Sleep(time.Millisecond)
			return stop
		})
		if !errors.Is(err, stop) {
			t.Fatalf("Scan = %v, want %v", err, stop)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	err = s.Scan(ctx, model.ScanSpec{GroupIDs: []int64{1}}, 4, func(*model.Batch) error {
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Scan with a cancelled context = %v", err)
	}
}

// TestScanWithoutEventIDs scans for a reader that needs no stream ids or
// seqs: blocks of parts come without them, the memtable's with them, and
// a deleted stream still leaves out its events (the parts it dirties are
// read with their ids).
func TestScanWithoutEventIDs(t *testing.T) {
	s := jsonStore(t)
	defer closeStore(t, s)
	count := func(spec model.ScanSpec) (rows, withoutIDs int) {
		t.Helper()
		err := s.Scan(t.Context(), spec, 2, func(b *model.Batch) error {
			rows += b.Len()
			if b.StreamIDs == nil {
				if b.Seqs != nil {
					t.Errorf("a batch without stream ids has seqs")
				}
				withoutIDs += b.Len()
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return rows, withoutIDs
	}
	spec := model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"level"}, NoEventIDs: true}
	if rows, without := count(spec); rows != 41 || without != 20 {
		t.Fatalf("%d rows, %d of them without ids; want 41 and the 20 flushed", rows, without)
	}
	// Asked for streams, the store needs the ids.
	streams := spec
	streams.StreamIDs = []int64{1}
	if rows, without := count(streams); rows != 20 || without != 0 {
		t.Fatalf("stream 1: %d rows, %d without ids; want 20 with ids", rows, without)
	}
	if err := s.DeleteStream(t.Context(), 1, 2); err != nil {
		t.Fatal(err)
	}
	if rows, without := count(spec); rows != 21 || without != 0 {
		t.Fatalf("after deleting stream 2: %d rows, %d without ids; want 21, all with ids", rows, without)
	}
}

// TestScanReadsOnlyNeededColumns scans a block larger than one read takes
// whole: a scan of one field reads a small part of it, a full scan all of
// it, and damage to a column, or a cut of the file, fails only the scans
// that read that column. It runs over a filesystem whose files are read,
// over the operating system's, whose data files scans decode in a
// mapping, and over that one again through a blob whose files lend
// nothing.
func TestScanReadsOnlyNeededColumns(t *testing.T) {
	tests := []struct {
		name   string
		fs     vfs.FS
		dir    func(t *testing.T) string
		noLend bool
	}{
		{name: "read", fs: vfs.NewMem(), dir: func(*testing.T) string { return testDir }},
		{name: "mapped", fs: vfs.Default, dir: func(t *testing.T) string { return t.TempDir() }},
		{name: "not lent", fs: vfs.Default, dir: func(t *testing.T) string { return t.TempDir() }, noLend: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { testScanReadsOnlyNeededColumns(t, tt.fs, tt.dir(t), tt.noLend) })
	}
}

// copyingBlob is a DirBlob whose range files only copy.
type copyingBlob struct{ *DirBlob }

func (b copyingBlob) OpenRanges(ctx context.Context, name string) (rangeFile, error) {
	f, err := b.DirBlob.OpenRanges(ctx, name)
	return struct{ rangeFile }{f}, err
}

func testScanReadsOnlyNeededColumns(t *testing.T, m vfs.FS, dir string, noLend bool) {
	blob := NewDirBlob(m, filepath.Join(dir, "blob"))
	opts := Options{FlushInterval: time.Hour, BlockRows: 4000, Blob: blob}
	if noLend {
		opts.Blob = copyingBlob{blob}
	}
	s, err := Open(t.Context(), m, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore(t, s)
	rng := rand.New(rand.NewPCG(1, 2))
	var events []model.LogEvent
	for i := range 4000 {
		// Random text spoils compression, so the block is large; uppercase
		// hex is stored as text, unlike lowercase ids.
		events = append(events, ev(int64(i), fmt.Sprintf(`{"level":"%s","r":"%016X%016X"}`, []string{"info", "warn"}[i%2], rng.Uint64(), rng.Uint64())))
	}
	mustAppend(t, s, 1, 1, 0, events...)
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	snap := s.snapshot(1)
	p := snap.parts[0]
	snap.release(s)
	if len(p.blocks) != 1 || p.blocks[0].blockLen <= wholeBlockRead {
		t.Fatalf("%d blocks, the first of %d bytes: want one above %d", len(p.blocks), p.blocks[0].blockLen, wholeBlockRead)
	}
	scanLevels := func() (int64, error) {
		before := s.Stats().BlockBytesRead
		n := 0
		err := s.Scan(t.Context(), model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"level"}, CodedStrings: true}, 1, func(b *model.Batch) error {
			c := b.Field("level")
			for i := range b.Len() {
				if c.String(i) != []string{"info", "warn"}[b.Timestamps[i]%2] {
					return fmt.Errorf("row of timestamp %d: level %q", b.Timestamps[i], c.String(i))
				}
				n++
			}
			return nil
		})
		if err == nil && n != 4000 {
			err = fmt.Errorf("%d rows", n)
		}
		return s.Stats().BlockBytesRead - before, err
	}
	read, err := scanLevels()
	if err != nil {
		t.Fatal(err)
	}
	if read*4 > p.blocks[0].blockLen {
		t.Fatalf("a scan of one field read %d bytes of a %d-byte block", read, p.blocks[0].blockLen)
	}
	before := s.Stats().BlockBytesRead
	if got, _ := scanAll(t, s, model.ScanSpec{GroupIDs: []int64{1}, AllColumns: true}, 1); len(got) != 4000 {
		t.Fatalf("a full scan found %d rows", len(got))
	}
	if read := s.Stats().BlockBytesRead - before; read != p.blocks[0].blockLen {
		t.Fatalf("a full scan read %d bytes of a %d-byte block", read, p.blocks[0].blockLen)
	}

	// Messages are rebuilt from the columns their skeletons reference,
	// which the read fetches as the decoding asks for them.
	msgs, _ := scanAll(t, s, model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{model.ColumnMessage}}, 1)
	for i, e := range bySeq(msgs) {
		if e.Message != events[i].Message {
			t.Fatalf("message %d is %q, want %q", i, e.Message, events[i].Message)
		}
	}

	// The last byte of the block belongs to the last field column, "r".
	path, err := blob.path(p.dataName())
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.OpenReadWrite(path)
	if err != nil {
		t.Fatal(err)
	}
	at := p.blocks[0].blockOffset() + p.blocks[0].blockLen - 1
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, at); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{last[0] ^ 0x20}, at); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := scanLevels(); err != nil {
		t.Fatalf("the damage is outside the level column, yet: %v", err)
	}
	err = s.Scan(t.Context(), model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"r"}}, 1, func(*model.Batch) error { return nil })
	if !errors.Is(err, model.ErrCorruption) {
		t.Fatalf("scan of the damaged column: %v, want corruption", err)
	}

	// A data file cut short under an open reader (and its mapping) fails
	// the scans that reach past its end, and only those.
	if f, err = m.OpenReadWrite(path); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(f.Truncate(at-4096), f.Close()); err != nil {
		t.Fatal(err)
	}
	if _, err := scanLevels(); err != nil {
		t.Fatalf("the level column is before the cut, yet: %v", err)
	}
	err = s.Scan(t.Context(), model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{"r"}}, 1, func(*model.Batch) error { return nil })
	if !errors.Is(err, io.ErrUnexpectedEOF) || !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("scan of the cut column: %v, want an unexpected end of file, unavailable", err)
	}
}
