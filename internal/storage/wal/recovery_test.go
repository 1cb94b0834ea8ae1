package wal

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

func readSeg(t *testing.T, m *vfs.MemFS, index uint32) []byte {
	t.Helper()
	f, err := m.Open(segmentPath(testDir, index))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, fi.Size())
	if _, err := f.ReadAt(b, 0); err != nil && fi.Size() > 0 {
		t.Fatal(err)
	}
	return b
}

func writeSeg(t *testing.T, m *vfs.MemFS, index uint32, data []byte) {
	t.Helper()
	f, err := m.Create(segmentPath(testDir, index))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestTornTail damages the end of the last segment in the ways a crash can
// and checks that Open cuts the damage away, keeps every earlier record, and
// that later appends follow good data.
func TestTornTail(t *testing.T) {
	const n = 6 // records written; the last is the one damaged
	const size = 40
	last := recordHeaderSize + size
	tests := []struct {
		name string
		// damage returns the new content of the last segment.
		damage    func(seg []byte) []byte
		wantKept  int
		truncated int64
	}{
		{"payload cut by one byte", func(s []byte) []byte { return s[:len(s)-1] }, n - 1, int64(last - 1)},
		{"short header", func(s []byte) []byte { return s[:len(s)-last+3] }, n - 1, 3},
		{"header only", func(s []byte) []byte { return s[:len(s)-size] }, n - 1, recordHeaderSize},
		{"checksum mismatch", func(s []byte) []byte { s[len(s)-1] ^= 0xff; return s }, n - 1, int64(last)},
		{"zero-filled tail", func(s []byte) []byte { return append(s, make([]byte, 4096)...) }, n, 4096},
		{"zeroed last record", func(s []byte) []byte {
			clear(s[len(s)-last:])
			return s
		}, n - 1, int64(last)},
		{"garbage length", func(s []byte) []byte {
			binary.LittleEndian.PutUint32(s[len(s)-last:], 1<<31)
			return s
		}, n - 1, int64(last)},
		{"length past end", func(s []byte) []byte {
			binary.LittleEndian.PutUint32(s[len(s)-last:], size+1)
			return s
		}, n - 1, int64(last)},
		{"trailing partial record", func(s []byte) []byte { return append(s, 9, 0, 0, 0, 1, 2) }, n, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := vfs.NewMem()
			w := openWAL(t, m, Options{})
			var want []rec
			for i := range n {
				p := payloadOf(i, size)
				want = append(want, rec{mustAppend(t, w, p), p})
			}
			closeWAL(t, w)
			writeSeg(t, m, 1, tc.damage(readSeg(t, m, 1)))

			w = openWAL(t, m, Options{})
			st := w.Stats()
			if st.TornTails != 1 || st.TruncatedBytes != tc.truncated {
				t.Fatalf("stats = %+v, want 1 torn tail of %d bytes", st, tc.truncated)
			}
			want = want[:tc.wantKept]
			if got := replayAll(t, w); !equalRecs(got, want) {
				t.Fatalf("replayed %v, want %v", got, want)
			}
			p := "after-repair"
			want = append(want, rec{mustAppend(t, w, p), p})
			closeWAL(t, w)

			w = openWAL(t, m, Options{})
			defer closeWAL(t, w)
			if st := w.Stats(); st.TornTails != 0 {
				t.Fatalf("second open found a torn tail: %+v", st)
			}
			if got := replayAll(t, w); !equalRecs(got, want) {
				t.Fatalf("after repair and append: got %v, want %v", got, want)
			}
		})
	}
}

// TestTornNewSegment covers a crash right after a roll: the new last
// segment exists but its header never reached the disk.
func TestTornNewSegment(t *testing.T) {
	for _, content := range [][]byte{nil, []byte("OWA"), make([]byte, 64)} {
		m := vfs.NewMem()
		w := openWAL(t, m, Options{})
		var want []rec
		for i := range 3 {
			p := payloadOf(i, 10)
			want = append(want, rec{mustAppend(t, w, p), p})
		}
		closeWAL(t, w)
		writeSeg(t, m, 2, content)

		w = openWAL(t, m, Options{})
		if st := w.Stats(); st.TornTails != 1 || st.TruncatedBytes != int64(len(content)) || st.Segments != 1 {
			t.Fatalf("content %q: stats = %+v", content, st)
		}
		if _, err := m.Stat(segmentPath(testDir, 2)); err == nil {
			t.Fatalf("torn segment not removed")
		}
		if got := replayAll(t, w); !equalRecs(got, want) {
			t.Fatalf("replay = %v", got)
		}
		lsn := mustAppend(t, w, "next")
		if lsn.Segment() != 2 || lsn <= want[len(want)-1].lsn {
			t.Fatalf("append after removal went to %v", lsn)
		}
		closeWAL(t, w)
	}
}

func TestCorruption(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, m *vfs.MemFS)
		atOpen bool // the error comes from Open rather than Replay
	}{
		{"flipped byte in older segment", func(t *testing.T, m *vfs.MemFS) {
			s := readSeg(t, m, 1)
			s[len(s)/2] ^= 0x01
			writeSeg(t, m, 1, s)
		}, false},
		{"older segment cut short", func(t *testing.T, m *vfs.MemFS) {
			s := readSeg(t, m, 1)
			writeSeg(t, m, 1, s[:len(s)-3])
		}, false},
		{"zero-filled older segment tail", func(t *testing.T, m *vfs.MemFS) {
			s := readSeg(t, m, 1)
			writeSeg(t, m, 1, append(s, make([]byte, 16)...))
		}, false},
		{"older segment without header", func(t *testing.T, m *vfs.MemFS) {
			writeSeg(t, m, 1, nil)
		}, false},
		{"missing segment", func(t *testing.T, m *vfs.MemFS) {
			if err := m.Remove(segmentPath(testDir, 2)); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"bad magic in last segment", func(t *testing.T, m *vfs.MemFS) {
			s := readSeg(t, m, 3)
			copy(s, "NOPE")
			writeSeg(t, m, 3, s)
		}, true},
		{"future version in last segment", func(t *testing.T, m *vfs.MemFS) {
			s := readSeg(t, m, 3)
			binary.LittleEndian.PutUint32(s[4:], 99)
			writeSeg(t, m, 3, s)
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := vfs.NewMem()
			w := openWAL(t, m, Options{SegmentSize: 200})
			for i := range 12 {
				mustAppend(t, w, payloadOf(i, 40))
			}
			closeWAL(t, w)
			if names, _ := m.List(testDir); len(names) < 3 {
				t.Fatalf("want at least 3 segments, have %v", names)
			}
			tc.damage(t, m)
			w, err := Open(m, testDir, Options{SegmentSize: 200})
			if tc.atOpen {
				if !errors.Is(err, model.ErrCorruption) {
					t.Fatalf("Open = %v, want corruption", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer closeWAL(t, w)
			err = w.Replay(func(LSN, []byte) error { return nil })
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("Replay = %v, want corruption", err)
			}
		})
	}
}

func TestParseSegmentName(t *testing.T) {
	segment, spare := parseSegmentName, parseSpareName
	tests := []struct {
		parse func(string) (uint32, bool)
		name  string
		idx   uint32
		ok    bool
	}{
		{segment, "000001.wal", 1, true},
		{segment, "123456.wal", 123456, true},
		{segment, "1234567.wal", 1234567, true},
		{segment, "000000.wal", 0, false},
		{segment, "00001.wal", 0, false},
		{segment, "0000001.wal", 0, false},
		{segment, "000001.wal.tmp", 0, false},
		{segment, "00000a.wal", 0, false},
		{segment, "+00001.wal", 0, false},
		{segment, "99999999999.wal", 0, false},
		{segment, "notes.txt", 0, false},
		{segment, "000001.spare", 0, false},
		{spare, "000012.spare", 12, true},
		{spare, "000012.wal", 0, false},
		{spare, "000000.spare", 0, false},
		{spare, "0012.spare", 0, false},
		{spare, "00001x.spare", 0, false},
		{spare, "000012.spare.tmp", 0, false},
	}
	for _, tc := range tests {
		idx, ok := tc.parse(tc.name)
		if idx != tc.idx || ok != tc.ok {
			t.Errorf("parsing %q = %d, %v, want %d, %v", tc.name, idx, ok, tc.idx, tc.ok)
		}
	}
	if segmentName(7) != "000007.wal" || filepath.Base(segmentPath("/x", 7)) != "000007.wal" {
		t.Errorf("segmentName(7) = %q", segmentName(7))
	}
}

func TestOtherFilesIgnored(t *testing.T) {
	m := vfs.NewMem()
	w := openWAL(t, m, Options{})
	mustAppend(t, w, "a")
	closeWAL(t, w)
	writeSeg(t, m, 0, []byte("junk")) // "000000.wal" is not a segment name
	f, err := m.Create(filepath.Join(testDir, "README"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	w = openWAL(t, m, Options{})
	defer closeWAL(t, w)
	if got := replayAll(t, w); len(got) != 1 {
		t.Fatalf("replay = %v", got)
	}
}

// FuzzOpenSegment feeds arbitrary bytes as the only segment. Open must
// either report corruption or repair the tail so that Replay succeeds and
// appends land after the surviving records.
func FuzzOpenSegment(f *testing.F) {
	good := appendSegmentHeader(nil)
	v1 := []byte("OWAL\x01\x00\x00\x00")
	for _, p := range []string{"a", "hello", "world of logs"} {
		good = appendRecord(good, recordSeed(1), []byte(p))
		v1 = appendRecord(v1, 0, []byte(p))
	}
	f.Add(good)
	f.Add(v1)
	f.Add(good[:len(good)-2])
	f.Add(good[:5])
	f.Add(append(append([]byte{}, good...), make([]byte, 20)...))
	f.Add([]byte{})
	f.Add([]byte("OWAL\x01\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := vfs.NewMem()
		if err := m.MkdirAll(testDir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeSeg(t, m, 1, data)
		w, err := Open(m, testDir, Options{SegmentSize: 1 << 20})
		if err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("Open error is not corruption: %v", err)
			}
			return
		}
		defer func() { _ = w.Close() }()
		before := replayAll(t, w)
		lsn := mustAppend(t, w, "fuzz-tail")
		after := replayAll(t, w)
		if len(after) != len(before)+1 || after[len(after)-1] != (rec{lsn, "fuzz-tail"}) {
			t.Fatalf("append after repair: before %d records, after %v", len(before), after)
		}
	})
}
