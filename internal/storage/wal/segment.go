package wal

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

const (
	// formatVersion is the segment format written by this package. It
	// also reads version 1, whose record checksums are not seeded with
	// the segment index (see the package documentation).
	formatVersion = 2
	segmentMagic  = "OWAL"
	// segmentHeaderSize is the size of magic plus version.
	segmentHeaderSize = 8
	// recordHeaderSize is the size of the length and CRC fields.
	recordHeaderSize = 8
	segmentSuffix    = ".wal"
	spareSuffix      = ".spare"
)

// MaxPayloadSize is the largest payload a record may carry.
const MaxPayloadSize = 64 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// segmentName returns the file name of segment index.
func segmentName(index uint32) string { return fmt.Sprintf("%06d%s", index, segmentSuffix) }

// parseSegmentName returns the index of a segment file name, and false for
// any other name.
func parseSegmentName(name string) (uint32, bool) {
	return parseIndexName(name, segmentSuffix, segmentName)
}

// parseSpareName is parseSegmentName of a spare segment's file name.
func parseSpareName(name string) (uint32, bool) {
	return parseIndexName(name, spareSuffix, spareName)
}

// parseIndexName returns the index of a file name that format gives the
// index, with suffix after its digits, and false for any other name.
func parseIndexName(name, suffix string, format func(uint32) string) (uint32, bool) {
	digits, ok := strings.CutSuffix(name, suffix)
	if !ok || len(digits) < 6 {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || n == 0 || format(uint32(n)) != name {
		return 0, false
	}
	return uint32(n), true
}

func segmentPath(dir string, index uint32) string { return filepath.Join(dir, segmentName(index)) }

// spareName returns the file name that segment index takes once its
// records are no longer needed and it waits to be reused.
func spareName(index uint32) string { return fmt.Sprintf("%06d%s", index, spareSuffix) }

func sparePath(dir string, index uint32) string { return filepath.Join(dir, spareName(index)) }

// recordSeed is the value the checksums of segment index's records start
// from: a record left in a reused segment file by its previous use does
// not check out under the new index.
func recordSeed(index uint32) uint32 {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], index)
	return crc32.Checksum(b[:], castagnoli)
}

// appendSegmentHeader appends the segment header to dst.
func appendSegmentHeader(dst []byte) []byte {
	dst = append(dst, segmentMagic...)
	return binary.LittleEndian.AppendUint32(dst, formatVersion)
}

// appendRecord appends the framed payload to dst, for a segment whose
// recordSeed is seed.
func appendRecord(dst []byte, seed uint32, payload []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(payload)))
	dst = binary.LittleEndian.AppendUint32(dst, crc32.Update(seed, castagnoli, payload))
	return append(dst, payload...)
}

// errTornHeader means the segment is shorter than its header or the header
// is all zeros: the file was created but its first write never landed.
var errTornHeader = errors.New("segment header missing")

// headerError describes a segment header that is present but wrong.
type headerError struct{ reason string }

func (e *headerError) Error() string { return e.reason }

// recordError describes a record that cannot be read. At the tail of the
// last segment it is a torn write; anywhere else it is corruption.
type recordError struct {
	offset int64
	reason string
}

func (e *recordError) Error() string {
	return fmt.Sprintf("bad record at offset %d: %s", e.offset, e.reason)
}

// segmentReader reads the records of one segment sequentially.
type segmentReader struct {
	r     *bufio.Reader
	index uint32
	size  int64 // bytes of the segment to read
	off   int64 // offset of the next record
	seed  uint32
	hdr   [recordHeaderSize]byte
	buf   []byte
}

// newSegmentReader reads the first size bytes of segment index from f.
func newSegmentReader(f io.ReaderAt, index uint32, size int64) *segmentReader {
	return &segmentReader{r: bufio.NewReaderSize(io.NewSectionReader(f, 0, size), 256<<10), index: index, size: size}
}

// readHeader checks the segment header. It returns errTornHeader for a
// header that was never written, a *headerError for a header that is
// present but wrong, and any other error for a failed read.
func (s *segmentReader) readHeader() error {
	var h [segmentHeaderSize]byte
	if s.size < segmentHeaderSize {
		return errTornHeader
	}
	if _, err := io.ReadFull(s.r, h[:]); err != nil {
		return fmt.Errorf("cannot read segment header: %w", err)
	}
	if h == [segmentHeaderSize]byte{} {
		return errTornHeader
	}
	if string(h[:4]) != segmentMagic {
		return &headerError{fmt.Sprintf("bad segment magic %q", h[:4])}
	}
	switch v := binary.LittleEndian.Uint32(h[4:]); v {
	case 1:
		s.seed = 0
	case formatVersion:
		s.seed = recordSeed(s.index)
	default:
		return &headerError{fmt.Sprintf("unsupported segment format version %d", v)}
	}
	s.off = segmentHeaderSize
	return nil
}

// next returns the next record's payload and offset. The payload is valid
// until the following call. It returns io.EOF at a clean end of the segment,
// a *recordError for a record that is torn or corrupt, and any other error
// for a failed read.
func (s *segmentReader) next() ([]byte, int64, error) {
	remain := s.size - s.off
	if remain == 0 {
		return nil, 0, io.EOF
	}
	if remain < recordHeaderSize {
		return nil, 0, &recordError{s.off, "short record header"}
	}
	if _, err := io.ReadFull(s.r, s.hdr[:]); err != nil {
		return nil, 0, fmt.Errorf("cannot read record header at offset %d: %w", s.off, err)
	}
	length := int64(binary.LittleEndian.Uint32(s.hdr[:4]))
	sum := binary.LittleEndian.Uint32(s.hdr[4:])
	switch {
	case length == 0:
		return nil, 0, &recordError{s.off, "zero length"}
	case length > MaxPayloadSize:
		return nil, 0, &recordError{s.off, fmt.Sprintf("length %d exceeds limit", length)}
	case length > remain-recordHeaderSize:
		return nil, 0, &recordError{s.off, fmt.Sprintf("length %d runs past end of segment", length)}
	}
	if int64(cap(s.buf)) < length {
		s.buf = make([]byte, length)
	}
	payload := s.buf[:length]
	if _, err := io.ReadFull(s.r, payload); err != nil {
		return nil, 0, fmt.Errorf("cannot read record at offset %d: %w", s.off, err)
	}
	if crc32.Update(s.seed, castagnoli, payload) != sum {
		return nil, 0, &recordError{s.off, "checksum mismatch"}
	}
	off := s.off
	s.off += recordHeaderSize + length
	return payload, off, nil
}
