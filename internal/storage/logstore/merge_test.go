package logstore

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

func TestPickParts(t *testing.T) {
	const mib = 1 << 20
	mk := func(sizes ...int64) []*part {
		var out []*part
		for i, sz := range sizes {
			out = append(out, &part{meta: partMeta{id: uint64(i + 1), dataSize: sz, minSeq: uint64(10 * i), maxSeq: uint64(10*i + 9), minStream: 1, maxStream: 3}, clean: 1})
		}
		return out
	}
	ids := func(parts []*part) []uint64 {
		var out []uint64
		for _, p := range parts {
			out = append(out, p.meta.id)
		}
		slices.Sort(out)
		return out
	}
	tests := []struct {
		name  string
		parts []*part
		tombs *groupTombs
		want  []uint64
	}{
		{"too few", mk(10, 10, 10), nil, nil},
		{"small parts are one tier", mk(10, 500, 100*1024, 3000), nil, []uint64{1, 2, 3, 4}},
		{"sizes too far apart", mk(1*mib, 10*mib, 100*mib, 1000*mib), nil, nil},
		{"the tier of similar sizes", mk(8*mib, 9*mib, 100*mib, 10*mib, 11*mib), nil, []uint64{1, 2, 4, 5}},
		{"bounded by the max part size", mk(100*mib, 100*mib, 100*mib, 100*mib, 100*mib), nil, nil},
		{"a dirty part is rewritten alone", mk(10, 10), &groupTombs{streams: map[int64]tomb{2: {below: 5, epoch: 2}}}, []uint64{1}},
		{"an applied tombstone dirties nothing", mk(10, 10), &groupTombs{streams: map[int64]tomb{2: {below: 15, epoch: 1}}}, nil},
		{"a stream outside the parts dirties nothing", mk(10, 10), &groupTombs{streams: map[int64]tomb{7: {below: 15, epoch: 2}}}, nil},
		{"a group tombstone", mk(10, 10, 10), &groupTombs{below: 12, epoch: 5}, []uint64{1, 2}},
	}
	s := &Store{opts: Options{MergeFanIn: 4, MaxPartSize: 256 * mib}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(s.pickParts(tc.parts, tc.tombs)); !slices.Equal(got, tc.want) {
				t.Fatalf("picked %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMergeKeepsPartitionsSmall flushes many small parts into the same
// partitions and checks that merges leave fewer than MergeFanIn parts per
// partition, with every event once.
func TestMergeKeepsPartitionsSmall(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, manualOpts())
	stopBackground(s)
	var acked []model.StoredEvent
	for i := range 20 {
		acked = append(acked, appendDays(t, s, 6, 2, fmt.Sprint(i))...)
		if err := s.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	before := s.Stats()
	if err := s.mergeAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Merges == 0 || st.Parts >= before.Parts || st.Parts > st.Partitions*(manualOpts().MergeFanIn-1) {
		t.Fatalf("before merging %+v, after %+v", before, st)
	}
	if got := partFiles(t, mem); len(got) != 2*st.Parts {
		t.Fatalf("%d part files for %d parts: the merged parts' files are left", len(got), st.Parts)
	}
	checkSame(t, readGroups(t, s), acked)
	closeStore(t, s)
	s = openStore(t, mem, manualOpts())
	defer closeStore(t, s)
	checkSame(t, readGroups(t, s), acked)
}

// TestDeleteStreamRewritesParts deletes a stream whose rows share parts
// with others: the rows vanish at once, a merge rewrites the parts without
// them, and the tombstone is then forgotten, also by the manifest.
func TestDeleteStreamRewritesParts(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, manualOpts())
	stopBackground(s)
	acked := appendDays(t, s, 30, 1, "a")
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := s.Stats()
	if err := s.DeleteStream(t.Context(), 1, 2); err != nil {
		t.Fatal(err)
	}
	acked = slices.DeleteFunc(acked, func(e model.StoredEvent) bool { return groupOf(e) == 1 && e.StreamID == 2 })
	checkSame(t, readGroups(t, s), acked)
	if st := s.Stats(); st.Parts != before.Parts || st.Events != before.Events {
		t.Fatalf("a shared part was dropped at once: %+v", st)
	}
	if err := s.mergeAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Events != int64(len(acked)) || st.PartBytes >= before.PartBytes {
		t.Fatalf("the rewrite kept the deleted rows: before %+v, after %+v", before, st)
	}
	checkSame(t, readGroups(t, s), acked)
	// The next flush persists a watermark above the tombstone, which is
	// then no longer needed.
	mustAppend(t, s, 3, 1, 0, ev(1, "x"))
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(s.tombs) != 0 {
		t.Fatalf("tombstones kept: %v", s.tombs)
	}
	closeStore(t, s)
	m, err := readManifest(mem, testDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.tombs) != 0 {
		t.Fatalf("the manifest keeps tombstones: %v", m.tombs)
	}
	s = openStore(t, mem, manualOpts())
	defer closeStore(t, s)
	checkSame(t, readGroups(t, s), acked)
}

// groupOf returns the group of an event appendDays wrote.
func groupOf(e model.StoredEvent) int64 {
	if strings.Contains(e.Message, `"group":1,`) {
		return 1
	}
	return 2
}

// TestDeleteFreesSpace checks that deleting a group drops its parts and
// their files at once, that a stream with parts of its own loses them at
// once too, and that events written after a delete stay.
func TestDeleteFreesSpace(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, manualOpts())
	stopBackground(s)
	acked := appendDays(t, s, 30, 3, "a")
	// A stream alone in its part: group 3, stream 9.
	mustAppend(t, s, 3, 9, 0, ev(5, "alone"), ev(6, "alone"))
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := s.Stats()
	if err := s.DeleteGroup(t.Context(), 2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStream(t.Context(), 3, 9); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Parts != before.Parts-4 || st.PartBytes >= before.PartBytes {
		t.Fatalf("parts not dropped at once: before %+v, after %+v", before, st)
	}
	for _, f := range partFiles(t, mem) {
		if f[len(partsDir)+1] != '1' {
			t.Fatalf("file %s of a deleted group or stream is left", f)
		}
	}
	if got := readAll(t, s, model.ReadSpec{GroupID: 2}); len(got) != 0 {
		t.Fatalf("deleted group reads %d events", len(got))
	}
	acked = slices.DeleteFunc(acked, func(e model.StoredEvent) bool { return groupOf(e) != 1 })
	again := mustAppend(t, s, 2, 1, 0, ev(7, "after the delete"))
	closeStore(t, s)
	s = openStore(t, mem, manualOpts())
	defer closeStore(t, s)
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), acked)
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 2}), again)
	if got := readAll(t, s, model.ReadSpec{GroupID: 3}); len(got) != 0 {
		t.Fatalf("deleted stream reads %v", got)
	}
}

// TestMergeKeepsFields merges parts whose JSON fields differ in type and
// presence from part to part: the merged blocks hold what blocks built
// afresh from the same rows hold (colblock.NewBlock), types widened alike.
func TestMergeKeepsFields(t *testing.T) {
	s := openStore(t, vfs.NewMem(), manualOpts())
	defer closeStore(t, s)
	stopBackground(s)
	messages := []func(i int) string{
		func(i int) string { return fmt.Sprintf(`{"level":"info","n":%d,"user":{"id":"u%d"}}`, i, i%3) },
		func(i int) string { return fmt.Sprintf(`{"level":"warn","n":%d.5,"ok":%t}`, i, i%2 == 0) },
		func(i int) string { return fmt.Sprintf(`{"n":"text %d","extra":null}`, i) },
		func(i int) string { return fmt.Sprintf("plain line %d", i) },
	}
	for p, msg := range messages {
		for stream := int64(1); stream <= 3; stream++ {
			var events []model.LogEvent
			for i := range 10 {
				events = append(events, ev(dayMillis+int64(i*10+p), msg(i)))
			}
			mustAppend(t, s, 1, stream, dayMillis, events...)
		}
		if err := s.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	var rows []colblock.Row
	for _, p := range s.parts[1] {
		rows = append(rows, partRowsOf(t, s, p)...)
	}
	slices.SortFunc(rows, func(a, b colblock.Row) int {
		if c := cmp.Compare(a.StreamID, b.StreamID); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Timestamp, b.Timestamp), cmp.Compare(a.Seq, b.Seq))
	})
	if err := s.mergeAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(s.parts[1]) != 1 {
		t.Fatalf("%d parts after merging, want 1", len(s.parts[1]))
	}
	got := partRowsOf(t, s, s.parts[1][0])
	var want []colblock.Row
	rowsPerBlock := manualOpts().BlockRows
	for i := 0; i < len(rows); i += rowsPerBlock {
		b := colblock.NewBlock(rows[i:min(i+rowsPerBlock, len(rows))])
		dec, err := colblock.Unmarshal(b.Marshal(nil), colblock.AllColumns())
		if err != nil {
			t.Fatal(err)
		}
		want = dec.AppendRows(want)
	}
	if len(got) != len(want) {
		t.Fatalf("merged part has %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// partRowsOf decodes every row of p.
func partRowsOf(t *testing.T, s *Store, p *part) []colblock.Row {
	t.Helper()
	var rows []colblock.Row
	for i := range p.blocks {
		b, err := s.readBlock(t.Context(), p, i, colblock.AllColumns())
		if err != nil {
			t.Fatal(err)
		}
		rows = b.AppendRows(rows)
	}
	return rows
}

// TestMergeCopiesBlocks checks which blocks a merge takes over whole:
// those of one stream's run that no row of another part falls within,
// unless tombstones dirty their part. The merged rows must be the
// flushed ones, in order, whichever way each block went; and so for a
// blob that streams parts and one that only has the Blob methods.
func TestMergeCopiesBlocks(t *testing.T) {
	span := func(from, to int64) []int64 {
		var out []int64
		for ts := from; ts < to; ts++ {
			out = append(out, ts)
		}
		return out
	}
	tests := []mergeCopiesCase{
		{
			name:    "runs in time order are copied",
			flushes: [][]flushRun{{{1, span(0, 20)}}, {{1, span(20, 40)}}},
			// 20 rows in blocks of at most 7: 7, 7 and 6 in each part.
			copied: 6,
		},
		{
			name:    "overlapping runs are rebuilt where they overlap",
			flushes: [][]flushRun{{{1, span(0, 20)}}, {{1, span(10, 30)}}},
			// The first part's first block ends before the second part
			// starts, and the second's last starts after the first's end.
			copied: 2,
		},
		{
			name: "short runs share blocks, which are rebuilt",
			flushes: [][]flushRun{
				{{1, span(0, 2)}, {2, span(0, 2)}, {3, span(0, 2)}, {4, span(0, 2)}},
				{{1, span(2, 4)}, {2, span(2, 4)}, {3, span(2, 4)}, {4, span(2, 4)}},
			},
			copied: 0,
		},
		{
			name:         "tombstones dirty the parts",
			flushes:      [][]flushRun{{{1, span(0, 20)}, {2, span(0, 20)}}, {{1, span(20, 40)}, {2, span(20, 40)}}},
			deleteStream: 2,
			copied:       0,
		},
	}
	// Embedding the interface leaves only the Blob methods: such a blob
	// holds parts whole and serves their ranges as copies.
	type plainBlob struct{ Blob }
	for _, blob := range []string{"streamed", "plain"} {
		for _, tc := range tests {
			t.Run(blob+"/"+tc.name, func(t *testing.T) {
				mem := vfs.NewMem()
				opts := Options{FlushInterval: time.Hour, BlockRows: 7, MergeFanIn: 2}
				if blob == "plain" {
					opts.Blob = plainBlob{NewDirBlob(mem, "/blob")}
				}
				s := openStore(t, mem, opts)
				defer closeStore(t, s)
				tc.check(t, s)
			})
		}
	}
}

// flushRun is one stream's events in a flush of TestMergeCopiesBlocks, at
// the times ts after the start of a day.
type flushRun struct {
	stream int64
	ts     []int64
}

type mergeCopiesCase struct {
	name    string
	flushes [][]flushRun
	// deleteStream, when not 0, is deleted before the merge.
	deleteStream int64
	copied       int64
}

// check flushes each element of flushes as a part, deletes deleteStream,
// merges, and checks the blocks copied, the rows read back and the order
// of the merged part's rows.
func (tc mergeCopiesCase) check(t *testing.T, s *Store) {
	t.Helper()
	const day = int64(20415) * 24 * 3600 * 1000
	stopBackground(s)
	var want []model.StoredEvent
	for i, parts := range tc.flushes {
		for _, f := range parts {
			var evs []model.LogEvent
			for _, ts := range f.ts {
				evs = append(evs, ev(day+ts, fmt.Sprintf(`{"flush":%d,"ts":%d,"level":"INFO"}`, i, ts)))
			}
			want = append(want, mustAppend(t, s, 1, f.stream, day, evs...)...)
		}
		if err := s.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if tc.deleteStream != 0 {
		if err := s.DeleteStream(t.Context(), 1, tc.deleteStream); err != nil {
			t.Fatal(err)
		}
		want = slices.DeleteFunc(want, func(e model.StoredEvent) bool { return e.StreamID == tc.deleteStream })
	}
	blocks := 0
	for _, p := range s.parts[1] {
		blocks += len(p.blocks)
	}
	if err := s.mergeAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Merges == 0 || st.Parts != 1 {
		t.Fatalf("no merge into one part: %+v", st)
	}
	if st.BlocksCopied != tc.copied {
		t.Errorf("%d blocks copied, want %d", st.BlocksCopied, tc.copied)
	}
	if st.BlocksCopied == int64(blocks) {
		// Every block's share of its part's message bytes was taken: the
		// shares add up to the messages' size.
		var bytes int64
		for _, e := range want {
			bytes += int64(len(e.Message))
		}
		if st.Bytes != bytes {
			t.Errorf("stats count %d message bytes, want %d", st.Bytes, bytes)
		}
	}
	rows := partRowsOf(t, s, s.parts[1][0])
	if !slices.IsSortedFunc(rows, func(a, b colblock.Row) int {
		return cmp.Or(cmp.Compare(a.StreamID, b.StreamID), cmp.Compare(a.Timestamp, b.Timestamp), cmp.Compare(a.Seq, b.Seq))
	}) {
		t.Errorf("the merged part's rows are out of order")
	}
	// A read returns the rows by time, then seq.
	slices.SortStableFunc(want, func(a, b model.StoredEvent) int {
		return cmp.Or(cmp.Compare(a.Timestamp, b.Timestamp), cmp.Compare(a.Seq, b.Seq))
	})
	if got := readAll(t, s, model.ReadSpec{GroupID: 1}); !reflect.DeepEqual(got, want) {
		t.Fatalf("merged rows differ:\ngot  %v\nwant %v", got, want)
	}
}
