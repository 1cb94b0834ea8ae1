package logstore

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestTornTail damages the end of the last WAL segment on disk, as a crash in
// the middle of a write would, and checks that the store opens with every
// earlier batch, flushed to parts or not, counts the torn tail, and appends
// cleanly after it.
func TestTornTail(t *testing.T) {
	tests := []struct {
		name string
		// damage rewrites the segment's bytes.
		damage func(b []byte) []byte
		// lastSurvives says whether the last batch is still readable.
		lastSurvives bool
	}{
		{"last byte cut", func(b []byte) []byte { return b[:len(b)-1] }, false},
		{"cut inside record header", func(b []byte) []byte { return b[:len(b)-lastRecordLen+5] }, false},
		{"last bytes garbled", func(b []byte) []byte {
			for i := len(b) - 8; i < len(b); i++ {
				b[i] ^= 0x5a
			}
			return b
		}, false},
		{"last record zeroed", func(b []byte) []byte { clear(b[len(b)-lastRecordLen:]); return b }, false},
		{"zeros appended", func(b []byte) []byte { return append(b, make([]byte, 512)...) }, true},
		{"half a header appended", func(b []byte) []byte { return append(b, 0x10, 0, 0) }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openAt(t, dir)
			var acked, last []model.StoredEvent
			for i := range 10 {
				last = mustAppend(t, s, 1, int64(i%2), 0, ev(int64(i), fmt.Sprintf("batch-%d-a", i)), ev(int64(i), fmt.Sprintf("batch-%d-b", i)))
				acked = append(acked, last...)
				if i == 4 {
					// The first half goes to parts; the WAL still
					// holds its records, below the watermark.
					if err := s.Flush(t.Context()); err != nil {
						t.Fatal(err)
					}
				}
			}
			crash(t, s)

			seg := filepath.Join(dir, "000001.wal")
			b, err := os.ReadFile(seg)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(seg, tc.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}

			s = openAt(t, dir)
			if st := s.Stats().WAL; st.TornTails != 1 || st.TruncatedBytes == 0 {
				t.Fatalf("wal stats = %+v, want one torn tail", st)
			}
			want := acked
			if !tc.lastSurvives {
				want = acked[:len(acked)-len(last)]
			}
			checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), want)
			more := mustAppend(t, s, 1, 0, 0, ev(100, "after repair"))
			want = append(slices.Clone(want), more...)
			closeStore(t, s)

			s = openAt(t, dir)
			defer closeStore(t, s)
			if st := s.Stats().WAL; st.TornTails != 0 {
				t.Fatalf("torn tail found again: %+v", st)
			}
			checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), want)
		})
	}
}

// lastRecordLen is the WAL frame size of each batch TestTornTail writes:
// 8 bytes of frame header, 10 of record header, one byte each for group,
// stream, ingestion time and count, then two events of 1 + 1 + 9 bytes.
const lastRecordLen = 8 + 10 + 4 + 2*(1+1+9)

func openAt(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(t.Context(), vfs.Default, dir, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}
