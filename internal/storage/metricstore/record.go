package metricstore

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/openwatch/openwatch/internal/model"
)

// WAL records. One Add is one record:
//
//	record  := version:1 type:1 strings keys points
//	strings := uvarint(n) { uvarint(len) bytes }*
//	keys    := uvarint(n) { uvarint(account) uvarint(namespace) uvarint(metric)
//	                        uvarint(ndims) { uvarint(name) uvarint(len) value }* }*
//	points  := uvarint(n) { uvarint(key) varint(t - previous t) unit:1 kind:1 datum }*
//	datum   := f64                                   kind 0, a value
//	         | f64 f64 f64 f64                        kind 1, SampleCount Sum Minimum Maximum
//	         | uvarint(n) f64*n ones:1 [f64*n]        kind 2, values, then counts unless ones = 1
//
// Strings (accounts, namespaces, metric and dimension names, which repeat)
// and keys are referred to by their position; dimension values, which
// mostly do not repeat, are inline. Times are seconds, already rounded to
// the point's resolution; f64 is little-endian.
const (
	recordVersion = 1
	recordPoints  = 1
)

// batch is a validated Add, or a decoded record.
type batch struct {
	keys    []SeriesKey // normalized
	keyOf   []uint32    // entries[i] belongs to keys[keyOf[i]]
	entries []entry
}

// newBatch validates points.
func newBatch(pts []Point) (*batch, error) {
	b := new(batch)
	var arena []Dimension
	if err := b.fill(pts, &arena); err != nil {
		return nil, err
	}
	return b, nil
}

// fill validates points into b, reusing its slices; sorted copies of
// dimensions come from arena. b then shares the points' dimensions, values
// and counts.
func (b *batch) fill(pts []Point, arena *[]Dimension) error {
	b.keys = b.keys[:0]
	b.keyOf = grow(b.keyOf, len(pts))
	b.entries = grow(b.entries, len(pts))
	clear(b.entries)
	for i := range pts {
		p := &pts[i]
		switch {
		case i > 0 && sameKey(&pts[i-1].Key, &p.Key):
			b.keyOf[i] = b.keyOf[i-1]
		default:
			k, err := p.Key.normalizeIn(arena)
			if err != nil {
				return pointError(i, err)
			}
			if n := len(b.keys); n > 0 && sameKey(&b.keys[n-1], &k) {
				b.keyOf[i] = uint32(n - 1)
			} else {
				b.keyOf[i] = uint32(n)
				b.keys = append(b.keys, k)
			}
		}
		if err := p.fillEntry(&b.entries[i]); err != nil {
			return pointError(i, err)
		}
	}
	return nil
}

// reset drops what b shares with the points it was filled from, so that a
// pooled batch keeps no caller's data alive.
func (b *batch) reset() {
	clear(b.keys)
	clear(b.entries)
	b.keys, b.entries = b.keys[:0], b.entries[:0]
}

func pointError(i int, err error) error {
	var me *model.Error
	if errors.As(err, &me) {
		return model.Errorf(me.Kind, "point %d: %s", i, me.Message)
	}
	return model.Errorf(model.ErrInvalidParameter, "point %d: %v", i, err)
}

// recordWriter is the scratch space of appendRecord.
type recordWriter struct {
	ids   map[string]uint32
	table []string
	keys  []byte
}

// appendRecord appends the batch's WAL record to dst.
func (b *batch) appendRecord(dst []byte) []byte {
	var w recordWriter
	return b.appendRecordWith(dst, &w)
}

// appendRecordWith is appendRecord with scratch space from w.
func (b *batch) appendRecordWith(dst []byte, w *recordWriter) []byte {
	dst = append(dst, recordVersion, recordPoints)
	if w.ids == nil {
		w.ids = make(map[string]uint32)
	}
	ids := w.ids
	clear(ids)
	table := w.table[:0]
	defer func() {
		clear(table)
		w.table = table[:0]
	}()
	// Neighbouring keys mostly share their strings: check the one the
	// last key had in the same place (account, namespace, metric name,
	// each dimension's name) before the map.
	var last [3 + maxDimensions]struct {
		s  string
		id uint32
		ok bool
	}
	str := func(place int, s string) uint32 {
		if l := &last[place]; l.ok && l.s == s {
			return l.id
		}
		id, ok := ids[s]
		if !ok {
			id = uint32(len(table))
			ids[s] = id
			table = append(table, s)
		}
		last[place].s, last[place].id, last[place].ok = s, id, true
		return id
	}
	keys := w.keys[:0]
	defer func() { w.keys = keys[:0] }()
	for i := range b.keys {
		k := &b.keys[i]
		keys = binary.AppendUvarint(keys, uint64(str(0, k.AccountID)))
		keys = binary.AppendUvarint(keys, uint64(str(1, k.Namespace)))
		keys = binary.AppendUvarint(keys, uint64(str(2, k.MetricName)))
		keys = binary.AppendUvarint(keys, uint64(len(k.Dimensions)))
		for j, d := range k.Dimensions {
			keys = binary.AppendUvarint(keys, uint64(str(3+j, d.Name)))
			keys = binary.AppendUvarint(keys, uint64(len(d.Value)))
			keys = append(keys, d.Value...)
		}
	}
	dst = binary.AppendUvarint(dst, uint64(len(table)))
	for _, s := range table {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	dst = binary.AppendUvarint(dst, uint64(len(b.keys)))
	dst = append(dst, keys...)
	dst = binary.AppendUvarint(dst, uint64(len(b.entries)))
	prev := int64(0)
	for i := range b.entries {
		e := &b.entries[i]
		dst = binary.AppendUvarint(dst, uint64(b.keyOf[i]))
		dst = binary.AppendVarint(dst, e.t-prev)
		prev = e.t
		dst = append(dst, byte(e.unit), byte(e.kind))
		switch e.kind {
		case kindValue:
			dst = appendF64(dst, e.v)
		case kindStats:
			dst = appendF64(dst, e.st.SampleCount)
			dst = appendF64(dst, e.st.Sum)
			dst = appendF64(dst, e.st.Minimum)
			dst = appendF64(dst, e.st.Maximum)
		case kindDist:
			dst = binary.AppendUvarint(dst, uint64(len(e.vals)))
			for _, v := range e.vals {
				dst = appendF64(dst, v)
			}
			if e.cnts == nil {
				dst = append(dst, 1)
			} else {
				dst = append(dst, 0)
				for _, c := range e.cnts {
					dst = appendF64(dst, c)
				}
			}
		}
	}
	return dst
}

func appendF64(dst []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
}

// recordReader reads a record; the first error sticks.
type recordReader struct {
	b   []byte
	err error
}

func (r *recordReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = corruptf("wal record: "+format, args...)
	}
}

func (r *recordReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("bad uvarint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recordReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recordReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail("truncated")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *recordReader) f64() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.fail("truncated float")
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return f
}

// count reads a count of items that take at least one byte each, so that a
// corrupt count cannot make the decoder allocate more than the record.
func (r *recordReader) count(what string) int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail("%d %s in %d bytes", n, what, len(r.b))
		return 0
	}
	return int(n)
}

// decodeRecord decodes and validates a WAL record. The batch does not alias
// src.
func decodeRecord(src []byte) (*batch, error) {
	r := &recordReader{b: src}
	if v := r.byte(); r.err == nil && v != recordVersion {
		return nil, corruptf("wal record: unsupported version %d", v)
	}
	if t := r.byte(); r.err == nil && t != recordPoints {
		return nil, corruptf("wal record: unknown type %d", t)
	}
	table := make([]string, r.count("strings"))
	for i := range table {
		n := r.count("bytes")
		if r.err != nil {
			break
		}
		table[i] = string(r.b[:n])
		r.b = r.b[n:]
	}
	str := func() string {
		i := r.uvarint()
		if i >= uint64(len(table)) {
			r.fail("string %d out of range", i)
			return ""
		}
		return table[i]
	}
	b := &batch{keys: make([]SeriesKey, r.count("keys"))}
	for i := range b.keys {
		k := SeriesKey{AccountID: str(), Namespace: str(), MetricName: str()}
		nd := r.count("dimensions")
		if nd > maxDimensions {
			r.fail("%d dimensions", nd)
		}
		if r.err != nil {
			return nil, r.err
		}
		if nd > 0 {
			k.Dimensions = make([]Dimension, nd)
			for j := range k.Dimensions {
				k.Dimensions[j].Name = str()
				n := r.count("bytes")
				if r.err != nil {
					return nil, r.err
				}
				k.Dimensions[j].Value = string(r.b[:n])
				r.b = r.b[n:]
			}
		}
		if r.err != nil {
			return nil, r.err
		}
		nk, err := k.normalize()
		if err != nil {
			return nil, corruptf("wal record: bad series key: %v", err)
		}
		b.keys[i] = nk
	}
	n := r.count("points")
	b.keyOf, b.entries = make([]uint32, n), make([]entry, n)
	prev := int64(0)
	for i := range b.entries {
		ki := r.uvarint()
		if ki >= uint64(len(b.keys)) {
			r.fail("key %d out of range", ki)
		}
		b.keyOf[i] = uint32(ki)
		e := &b.entries[i]
		e.t = prev + r.varint()
		prev = e.t
		e.unit, e.kind = Unit(r.byte()), pointKind(r.byte())
		switch e.kind {
		case kindValue:
			e.v = r.f64()
		case kindStats:
			e.st = StatisticSet{SampleCount: r.f64(), Sum: r.f64(), Minimum: r.f64(), Maximum: r.f64()}
		case kindDist:
			nv := r.count("values")
			if nv == 0 || nv > maxValuesPerPoint {
				r.fail("%d values", nv)
				break
			}
			e.vals = make([]float64, nv)
			for j := range e.vals {
				e.vals[j] = r.f64()
			}
			if r.byte() == 0 {
				e.cnts = make([]float64, nv)
				for j := range e.cnts {
					e.cnts[j] = r.f64()
				}
			}
		default:
			r.fail("unknown point kind %d", e.kind)
		}
		if r.err != nil {
			return nil, r.err
		}
		if !e.unit.valid() || !validEntry(e) {
			return nil, corruptf("wal record: invalid point %d", i)
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d stray bytes", len(r.b))
	}
	if r.err != nil {
		return nil, r.err
	}
	return b, nil
}
