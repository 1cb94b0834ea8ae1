package metricstore

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path/filepath"
	"slices"
)

// Snapshot files hold every series as of a checkpoint's cut:
//
//	file   := magic "OWMS" | version uint32 = 1 | generation uint64 | frame*
//	frame  := length uint32 | crc uint32 | type:1 payload[length-1]
//
// little-endian, crc being the CRC-32C of type and payload. Frame types:
//
//	1 strings: uvarint(n) { uvarint(len) bytes }*    appended to the string table
//	2 series:  uvarint(last) uvarint(len) key uvarint(nstreams) stream*
//	3 end:     uvarint(series) uvarint(strings)      the last frame
//
//	stream := unit:1 uvarint(head points) uvarint(len) head
//	          uvarint(nraw) { uvarint(points) uvarint(len) chunk }*
//	          { uvarint(nchunks) { uvarint(len) chunk }* } × 3 tiers
//
// A key refers to strings by their position in the table built by the
// strings frames before it. The snapshot of generation g covers WAL
// generations up to g.
const (
	snapshotMagic   = "OWMS"
	snapshotVersion = 1
	snapshotHeader  = 16
	frameHeader     = 8
	// maxFrameSize bounds one frame; a series' frame holds all its chunks.
	maxFrameSize = 256 << 20
)

const (
	frameStrings = 1
	frameSeries  = 2
	frameEnd     = 3
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// snapshotWriter writes a snapshot's frames.
type snapshotWriter struct {
	w       *bufio.Writer
	buf     []byte
	series  int
	strings int
}

func (sw *snapshotWriter) header(gen uint64) error {
	var h [snapshotHeader]byte
	copy(h[:], snapshotMagic)
	binary.LittleEndian.PutUint32(h[4:], snapshotVersion)
	binary.LittleEndian.PutUint64(h[8:], gen)
	_, err := sw.w.Write(h[:])
	return err
}

// frame writes sw.buf, which starts with the type byte, as a frame.
func (sw *snapshotWriter) frame() error {
	var h [frameHeader]byte
	binary.LittleEndian.PutUint32(h[:], uint32(len(sw.buf)))
	binary.LittleEndian.PutUint32(h[4:], crc32.Checksum(sw.buf, castagnoli))
	if _, err := sw.w.Write(h[:]); err != nil {
		return err
	}
	_, err := sw.w.Write(sw.buf)
	return err
}

func (sw *snapshotWriter) writeStrings(strs []string) error {
	sw.buf = append(sw.buf[:0], frameStrings)
	sw.buf = binary.AppendUvarint(sw.buf, uint64(len(strs)))
	for _, s := range strs {
		sw.buf = binary.AppendUvarint(sw.buf, uint64(len(s)))
		sw.buf = append(sw.buf, s...)
	}
	sw.strings += len(strs)
	return sw.frame()
}

func (sw *snapshotWriter) writeSeries(img *seriesImage) error {
	sw.buf = appendSeriesFrame(append(sw.buf[:0], frameSeries), img)
	if len(sw.buf) > maxFrameSize {
		return fmt.Errorf("series frame of %d bytes exceeds the limit", len(sw.buf))
	}
	sw.series++
	return sw.frame()
}

func (sw *snapshotWriter) end() error {
	sw.buf = append(sw.buf[:0], frameEnd)
	sw.buf = binary.AppendUvarint(sw.buf, uint64(sw.series))
	sw.buf = binary.AppendUvarint(sw.buf, uint64(sw.strings))
	if err := sw.frame(); err != nil {
		return err
	}
	return sw.w.Flush()
}

func appendBytes(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

// appendSeriesFrame appends the payload of a series frame.
func appendSeriesFrame(dst []byte, img *seriesImage) []byte {
	dst = binary.AppendUvarint(dst, uint64(img.last))
	dst = appendBytes(dst, []byte(img.key))
	dst = binary.AppendUvarint(dst, uint64(len(img.streams)))
	for i := range img.streams {
		st := &img.streams[i]
		dst = append(dst, byte(st.unit))
		if st.head == nil {
			dst = append(dst, 0, 0)
		} else {
			dst = binary.AppendUvarint(dst, uint64(st.head.n))
			dst = appendBytes(dst, st.head.b)
		}
		dst = binary.AppendUvarint(dst, uint64(len(st.raw)))
		for _, c := range st.raw {
			dst = binary.AppendUvarint(dst, uint64(c.n))
			dst = appendBytes(dst, c.b)
		}
		for _, tier := range st.tiers {
			dst = binary.AppendUvarint(dst, uint64(len(tier)))
			for _, c := range tier {
				dst = appendBytes(dst, c.b)
			}
		}
	}
	return dst
}

// frameReader reads the fields of a frame; the first error sticks.
type frameReader struct {
	b   []byte
	err error
}

func (r *frameReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, rest, err := uvarint(r.b)
	if err != nil {
		r.err = err
		return 0
	}
	r.b = rest
	return v
}

// bytes returns a length-prefixed byte string, aliasing the frame.
func (r *frameReader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = corruptf("snapshot field of %d bytes runs past its frame", n)
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// decodedSeries is a series frame with its chunks validated.
type decodedSeries struct {
	last    uint32
	key     string
	streams []*stream
}

// decodeSeriesFrame decodes a series frame's payload. Its chunks do not
// alias payload: a chunk may outlive the rest of its frame by months.
func decodeSeriesFrame(payload []byte) (*decodedSeries, error) {
	r := &frameReader{b: payload}
	last := r.uvarint()
	key := r.bytes()
	n := r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	if last > maxTimestamp+1 || len(key) == 0 || n > uint64(numUnits) {
		return nil, corruptf("snapshot series frame has invalid fields")
	}
	ds := &decodedSeries{last: uint32(last), key: string(key)}
	var units uint64
	for range n {
		st, err := decodeStream(r)
		if err != nil {
			return nil, err
		}
		if units&(1<<st.unit) != 0 {
			return nil, corruptf("snapshot series has two streams of unit %v", st.unit)
		}
		units |= 1 << st.unit
		ds.streams = append(ds.streams, st)
	}
	if len(r.b) != 0 {
		return nil, corruptf("snapshot series frame has %d stray bytes", len(r.b))
	}
	return ds, nil
}

func decodeStream(r *frameReader) (*stream, error) {
	if len(r.b) == 0 {
		return nil, corruptf("snapshot stream is truncated")
	}
	st := &stream{unit: Unit(r.b[0])}
	r.b = r.b[1:]
	if !st.unit.valid() {
		return nil, corruptf("snapshot stream has unit %d", st.unit)
	}
	hn := r.uvarint()
	hb := r.bytes()
	if r.err != nil {
		return nil, r.err
	}
	if hn > maxChunkPoints {
		return nil, corruptf("snapshot head of %d points", hn)
	}
	var err error
	if st.head, err = restoreHead(slices.Clone(hb), int(hn)); err != nil {
		return nil, err
	}
	c := new(cold)
	nraw := r.uvarint()
	if nraw > uint64(len(r.b)) {
		return nil, corruptf("snapshot claims %d raw chunks", nraw)
	}
	for range nraw {
		n := r.uvarint()
		b := r.bytes()
		if r.err != nil {
			return nil, r.err
		}
		if n > maxChunkPoints {
			return nil, corruptf("snapshot raw chunk of %d points", n)
		}
		rc, err := decodeRaw(slices.Clone(b), int(n))
		if err != nil {
			return nil, err
		}
		c.raw = append(c.raw, rc)
	}
	for k, res := range tierRes {
		nc := r.uvarint()
		if nc > uint64(len(r.b)) {
			return nil, corruptf("snapshot claims %d rollup chunks", nc)
		}
		for range nc {
			b := r.bytes()
			if r.err != nil {
				return nil, r.err
			}
			rc, err := decodeRollup(slices.Clone(b), res)
			if err != nil {
				return nil, err
			}
			c.tiers[k] = append(c.tiers[k], rc)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(c.raw) > 0 || len(c.tiers[0])+len(c.tiers[1])+len(c.tiers[2]) > 0 {
		st.cold = c
	}
	return st, nil
}

// readFrame reads one frame into buf, growing it, and returns the frame's
// type and bytes (type included). A clean end of input before a frame is
// io.EOF.
func readFrame(r io.Reader, buf []byte) ([]byte, error) {
	var h [frameHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, corruptf("snapshot frame header is truncated")
		}
		return nil, fmt.Errorf("cannot read snapshot: %w", err)
	}
	n := binary.LittleEndian.Uint32(h[:])
	if n == 0 || n > maxFrameSize {
		return nil, corruptf("snapshot frame of %d bytes", n)
	}
	buf = grow(buf, int(n))
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
			return nil, corruptf("snapshot frame is truncated")
		}
		return nil, fmt.Errorf("cannot read snapshot: %w", err)
	}
	if crc32.Checksum(buf, castagnoli) != binary.LittleEndian.Uint32(h[4:]) {
		return nil, corruptf("snapshot frame checksum mismatch")
	}
	return buf, nil
}

// readSnapshot loads a snapshot into s, whose index must be empty. It
// returns the generation the snapshot covers.
func (s *Store) readSnapshot(ctx context.Context, r io.Reader) (uint64, error) {
	var h [snapshotHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, corruptf("snapshot header is truncated")
		}
		return 0, fmt.Errorf("cannot read snapshot: %w", err)
	}
	if string(h[:4]) != snapshotMagic {
		return 0, corruptf("bad snapshot magic %q", h[:4])
	}
	if v := binary.LittleEndian.Uint32(h[4:]); v != snapshotVersion {
		return 0, corruptf("unsupported snapshot version %d", v)
	}
	gen := binary.LittleEndian.Uint64(h[8:])
	x := s.idx
	x.mu.Lock()
	defer x.mu.Unlock()
	var buf []byte
	series := 0
	for {
		if series%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		body, err := readFrame(r, buf)
		if err == io.EOF {
			return 0, corruptf("snapshot ends without its end frame")
		}
		if err != nil {
			return 0, err
		}
		buf = body
		switch payload := body[1:]; body[0] {
		case frameStrings:
			if err := x.loadStrings(payload); err != nil {
				return 0, err
			}
		case frameSeries:
			if err := s.loadSeries(payload); err != nil {
				return 0, err
			}
			series++
		case frameEnd:
			fr := &frameReader{b: payload}
			ns, nstr := fr.uvarint(), fr.uvarint()
			if fr.err != nil || len(fr.b) != 0 || ns != uint64(series) || nstr != uint64(len(x.strs)) {
				return 0, corruptf("snapshot end frame does not match its contents")
			}
			if _, err := readFrame(r, nil); err != io.EOF {
				return 0, corruptf("snapshot has data after its end frame")
			}
			return gen, nil
		default:
			return 0, corruptf("unknown snapshot frame type %d", body[0])
		}
	}
}

// loadStrings appends a strings frame to the string table. mu is held.
func (x *index) loadStrings(payload []byte) error {
	r := &frameReader{b: payload}
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		return corruptf("snapshot claims %d strings", n)
	}
	for range n {
		b := r.bytes()
		if r.err != nil {
			return r.err
		}
		if _, dup := x.strIDs[string(b)]; dup {
			return corruptf("snapshot string %q appears twice", b)
		}
		x.intern(string(b), true)
	}
	if r.err == nil && len(r.b) != 0 {
		return corruptf("snapshot strings frame has stray bytes")
	}
	return r.err
}

// loadSeries adds a series frame's series to the store. The index lock is
// held; nobody else uses the store yet.
func (s *Store) loadSeries(payload []byte) error {
	ds, err := decodeSeriesFrame(payload)
	if err != nil {
		return err
	}
	x := s.idx
	if !x.checkKey(ds.key) {
		return corruptf("snapshot holds an invalid series key")
	}
	h := x.hashKey([]byte(ds.key))
	if _, dup := x.lookup([]byte(ds.key), h); dup {
		return corruptf("snapshot holds a series twice")
	}
	if x.nextID > maxSeriesID-reservedIDs {
		return corruptf("snapshot holds too many series")
	}
	id := x.nextID
	x.nextID++
	sr := x.insert(id, ds.key, h)
	sr.last = ds.last
	for i, st := range ds.streams {
		if c := st.cold; c != nil {
			s.m.rawChunks.Add(int64(len(c.raw)))
			for _, rc := range c.raw {
				s.m.chunkBytes.Add(int64(len(rc.b)))
			}
			for _, t := range c.tiers {
				s.m.rollupChunks.Add(int64(len(t)))
				for _, rc := range t {
					s.m.chunkBytes.Add(int64(len(rc.b)))
				}
			}
		}
		if i == 0 {
			sr.stream = *st
			continue
		}
		if sr.cold == nil {
			sr.cold = new(cold)
		}
		sr.cold.extra = append(sr.cold.extra, st)
	}
	return nil
}

// loadSnapshot loads the snapshot of generation gen.
func (s *Store) loadSnapshot(ctx context.Context, gen uint64) (err error) {
	name := genName(snapshotPrefix, gen)
	f, err := s.fs.Open(filepath.Join(s.dir, name))
	if err != nil {
		return fmt.Errorf("cannot open snapshot %q: %w", name, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("cannot close snapshot %q: %w", name, cerr)
		}
	}()
	got, err := s.readSnapshot(ctx, bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return fmt.Errorf("snapshot %q: %w", name, err)
	}
	if got != gen {
		return corruptf("snapshot %q says it covers generation %d", name, got)
	}
	return nil
}
