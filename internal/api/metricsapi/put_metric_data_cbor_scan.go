package metricsapi

import (
	"encoding/binary"
	"math"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// Bounds the generic CBOR decoder enforces; a body beyond them goes there
// to be refused.
const (
	cborMaxArrayElements = 100_000
	cborMaxMapPairs      = 10_000
)

// scanPutMetricDataCBORShape reads, in one pass and with a handful of
// allocations per request, the body aws-sdk-go-v2 writes: maps and arrays
// of definite or indefinite length, definite-length strings, members
// spelled exactly and each at most once, Namespace and MetricData only,
// floats as float64 or float32, timestamps as tag 1 over a float64 or an
// integer. Even typed, the library decoder was a third of the server's CPU
// at full ingest. It reports false for anything else, which
// cborPutDecoder or the generic decoder then reads or rejects; what it
// accepts it reads as the generic decoder does.
func scanPutMetricDataCBORShape(body []byte) (*putMetricDataInput, bool) {
	s := cborScanner{b: body}
	q, ok := s.open(5)
	if !ok {
		return nil, false
	}
	in := &putMetricDataInput{}
	var seenNamespace, seenData bool
	for s.more(&q) {
		key, ok := s.text()
		if !ok {
			return nil, false
		}
		switch string(key) {
		case "Namespace":
			v, ok := s.text()
			if !ok || seenNamespace || !utf8.Valid(v) {
				return nil, false
			}
			seenNamespace = true
			ns := string(v)
			in.Namespace = &ns
		case "MetricData":
			if seenData {
				return nil, false
			}
			seenData = true
			if in.MetricData, ok = s.data(); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	if s.bad || s.i != len(s.b) {
		return nil, false
	}
	return in, true
}

// cborScanner reads CBOR from b at i. Every read checks its bounds, so a
// truncated or lying body ends in false, never in a panic.
type cborScanner struct {
	b []byte
	i int
	// bad records a failure found while looking for the next element.
	bad bool
	scanState
}

// head reads an item's head: its major type and argument (for major 7,
// the raw bits of a float or the simple value). Indefinite lengths and
// reserved encodings report false.
func (s *cborScanner) head() (major byte, arg uint64, ok bool) {
	if s.i >= len(s.b) {
		return 0, 0, false
	}
	c := s.b[s.i]
	s.i++
	major, info := c>>5, c&0x1f
	if info < 24 {
		return major, uint64(info), true
	}
	if info > 27 {
		return 0, 0, false
	}
	size := 1 << (info - 24)
	if len(s.b)-s.i < size {
		return 0, 0, false
	}
	p := s.b[s.i:]
	switch size {
	case 1:
		arg = uint64(p[0])
	case 2:
		arg = uint64(binary.BigEndian.Uint16(p))
	case 4:
		arg = uint64(binary.BigEndian.Uint32(p))
	default:
		arg = binary.BigEndian.Uint64(p)
	}
	s.i += size
	return major, arg, true
}

// seq walks the elements of a map or an array.
type seq struct {
	n, count, limit int
	indefinite      bool
}

// open reads the head of a map (major 5) or an array (major 4). The
// generic decoder's bounds hold for either length; every element of a
// definite one takes at least a byte, so a length beyond the rest of the
// body is a lie.
func (s *cborScanner) open(want byte) (seq, bool) {
	limit := cborMaxArrayElements
	if want == 5 {
		limit = cborMaxMapPairs
	}
	if s.i < len(s.b) && s.b[s.i] == want<<5|31 {
		s.i++
		return seq{limit: limit, indefinite: true}, true
	}
	major, n, ok := s.head()
	if !ok || major != want || n > uint64(limit) || n > uint64(len(s.b)-s.i) {
		return seq{}, false
	}
	return seq{n: int(n), limit: limit}, true
}

// more reports whether another element of q follows, consuming the break
// that ends an indefinite length; a body that ends first, or exceeds the
// bound, sets bad.
func (s *cborScanner) more(q *seq) bool {
	if !q.indefinite {
		if q.count == q.n {
			return false
		}
		q.count++
		return true
	}
	if s.i >= len(s.b) {
		s.bad = true
		return false
	}
	if s.b[s.i] == 0xff {
		s.i++
		return false
	}
	if q.count == q.limit {
		s.bad = true
		return false
	}
	q.count++
	return true
}

// text reads a definite-length text string. It leaves checking UTF-8 to
// the caller: a member name is checked by matching an ASCII one, and a
// value repeating the previous one needs no second check.
func (s *cborScanner) text() ([]byte, bool) {
	major, n, ok := s.head()
	if !ok || major != 3 || n > uint64(len(s.b)-s.i) {
		return nil, false
	}
	v := s.b[s.i : s.i+int(n)]
	s.i += int(n)
	return v, true
}

// intern returns v as a string, reusing *last when it is the same, or
// false when v is not UTF-8.
func intern(last *string, v []byte) (string, bool) {
	if string(v) != *last {
		if !utf8.Valid(v) {
			return "", false
		}
		*last = string(v)
	}
	return *last, true
}

// float reads a float64 or float32, both of which widen exactly.
func (s *cborScanner) float() (float64, bool) {
	if s.i >= len(s.b) {
		return 0, false
	}
	c := s.b[s.i]
	if c != 0xfb && c != 0xfa {
		return 0, false
	}
	_, bits, ok := s.head()
	if !ok {
		return 0, false
	}
	if c == 0xfa {
		return float64(math.Float32frombits(uint32(bits))), true
	}
	return math.Float64frombits(bits), true
}

// floats reads an array of floats.
func (s *cborScanner) floats() ([]float64, bool) {
	q, ok := s.open(4)
	if !ok {
		return nil, false
	}
	out := make([]float64, 0, q.n)
	for s.more(&q) {
		f, ok := s.float()
		if !ok {
			return nil, false
		}
		out = append(out, f)
	}
	return out, !s.bad
}

// timestamp reads tag 1 over a float64 or an integer, as
// cborTimestamp.UnmarshalCBOR does.
func (s *cborScanner) timestamp() (int64, bool) {
	from := s.i
	if major, tag, ok := s.head(); !ok || major != 6 || tag != 1 {
		return 0, false
	}
	if _, _, ok := s.head(); !ok {
		return 0, false
	}
	var t cborTimestamp
	if t.UnmarshalCBOR(s.b[from:s.i]) != nil {
		return 0, false
	}
	return t.ms, true
}

// data reads the MetricData array.
func (s *cborScanner) data() ([]metricDatum, bool) {
	q, ok := s.open(4)
	if !ok {
		return nil, false
	}
	out := make([]metricDatum, 0, q.n)
	var dims []model.Dimension
	for s.more(&q) {
		out = append(out, metricDatum{})
		d := &out[len(out)-1]
		m, ok := s.open(5)
		if !ok {
			return nil, false
		}
		var seen uint16
		for s.more(&m) {
			key, ok := s.text()
			if !ok {
				return nil, false
			}
			k := datumMember(key)
			if k < 0 || seen&(1<<k) != 0 {
				return nil, false
			}
			seen |= 1 << k
			switch k {
			case 0:
				var v []byte
				if v, ok = s.text(); ok {
					d.MetricName, ok = intern(&s.lastName, v)
				}
			case 1:
				d.Dimensions, dims, ok = s.dimensions(dims)
			case 2:
				var ms int64
				if ms, ok = s.timestamp(); ok {
					d.Timestamp = s.stamp(ms)
				}
			case 3:
				var f float64
				if f, ok = s.float(); ok {
					d.Value = s.value(f)
				}
			case 4:
				d.StatisticValues, ok = s.statisticSet()
			case 5:
				d.Values, ok = s.floats()
			case 6:
				d.Counts, ok = s.floats()
			case 7:
				var v []byte
				if v, ok = s.text(); ok {
					d.Unit, ok = intern(&s.lastUnit, v)
				}
			case 8:
				var r int32
				if r, ok = s.int32(); ok {
					d.StorageResolution = &r
				}
			}
			if !ok {
				return nil, false
			}
		}
		if s.bad {
			return nil, false
		}
	}
	return out, !s.bad
}

// datumMembers are the members of a datum, as data reads them.
var datumMembers = [...]string{"MetricName", "Dimensions", "Timestamp", "Value", "StatisticValues", "Values", "Counts", "Unit", "StorageResolution"}

// datumMember returns the index of key in datumMembers, or -1.
func datumMember(key []byte) int {
	for i, m := range datumMembers {
		if string(key) == m {
			return i
		}
	}
	return -1
}

// dimensions reads a datum's dimensions into arena, which it returns
// grown; the datum's slice is capped so appending to it cannot reach
// another's.
func (s *cborScanner) dimensions(arena []model.Dimension) ([]model.Dimension, []model.Dimension, bool) {
	q, ok := s.open(4)
	if !ok {
		return nil, nil, false
	}
	from := len(arena)
	for s.more(&q) {
		j := len(arena) - from
		m, ok := s.open(5)
		if !ok {
			return nil, nil, false
		}
		last := &model.Dimension{}
		if j < len(s.lastDims) {
			last = &s.lastDims[j]
		}
		var dim model.Dimension
		var seenName, seenValue bool
		for s.more(&m) {
			key, ok := s.text()
			if !ok {
				return nil, nil, false
			}
			v, ok := s.text()
			if !ok {
				return nil, nil, false
			}
			switch {
			case string(key) == "Name" && !seenName:
				seenName = true
				dim.Name, ok = intern(&last.Name, v)
			case string(key) == "Value" && !seenValue:
				seenValue = true
				dim.Value, ok = intern(&last.Value, v)
			default:
				ok = false
			}
			if !ok {
				return nil, nil, false
			}
		}
		if s.bad {
			return nil, nil, false
		}
		if len(arena) == cap(arena) {
			// Move this datum's dimensions so far to a new arena, so
			// they stay one slice.
			grown := make([]model.Dimension, len(arena)-from, max(256, 2*(len(arena)-from)))
			copy(grown, arena[from:])
			arena, from = grown, 0
		}
		arena = append(arena, dim)
	}
	if s.bad {
		return nil, nil, false
	}
	if len(arena) == from {
		// The generic decoder makes an empty list of an empty array.
		return []model.Dimension{}, arena, true
	}
	return arena[from:len(arena):len(arena)], arena, true
}

// statisticSet reads a StatisticValues map.
func (s *cborScanner) statisticSet() (*statisticSet, bool) {
	q, ok := s.open(5)
	if !ok {
		return nil, false
	}
	st := &statisticSet{}
	for s.more(&q) {
		key, ok := s.text()
		if !ok {
			return nil, false
		}
		var field **float64
		switch string(key) {
		case "SampleCount":
			field = &st.SampleCount
		case "Sum":
			field = &st.Sum
		case "Minimum":
			field = &st.Minimum
		default:
			if string(key) != "Maximum" {
				return nil, false
			}
			field = &st.Maximum
		}
		if *field != nil {
			return nil, false
		}
		f, ok := s.float()
		if !ok {
			return nil, false
		}
		*field = s.value(f)
	}
	return st, !s.bad
}

// int32 reads an integer that fits an int32.
func (s *cborScanner) int32() (int32, bool) {
	major, n, ok := s.head()
	if !ok || major > 1 || n > math.MaxInt32 {
		return 0, false
	}
	if major == 1 {
		return int32(-1 - int64(n)), true
	}
	return int32(n), true
}
