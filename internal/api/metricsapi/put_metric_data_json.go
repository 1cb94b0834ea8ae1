package metricsapi

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
)

// scanPutMetricDataJSON reads, in one pass, the PutMetricData body the
// JSON SDKs write: Namespace and MetricData only, members spelled exactly
// and each at most once, strings of UTF-8 without escapes, no nulls. The
// generic decoder's reflection was most of the cost of a JSON request. It
// reports false for anything else, which the generic decoder then reads or
// rejects; what it accepts it reads as the generic decoder does.
func scanPutMetricDataJSON(body []byte) (*putMetricDataInput, bool) {
	s := jsonScanner{b: body}
	in := &putMetricDataInput{}
	var seenNamespace, seenData bool
	ok := s.object(func(key []byte) bool {
		switch string(key) {
		case "Namespace":
			if seenNamespace {
				return false
			}
			seenNamespace = true
			v, ok := s.str()
			if !ok || !utf8.Valid(v) {
				return false
			}
			ns := string(v)
			in.Namespace = &ns
			return true
		case "MetricData":
			if seenData {
				return false
			}
			seenData = true
			var ok bool
			in.MetricData, ok = s.data()
			return ok
		}
		return false
	})
	s.ws()
	if !ok || s.i != len(s.b) {
		return nil, false
	}
	return in, true
}

// jsonScanner reads JSON from b at i.
type jsonScanner struct {
	b []byte
	i int

	scanState
}

// scanState is what the scanners keep besides their position.
type scanState struct {
	// The previous strings of each kind: data repeat their names, units
	// and dimension names, and sharing them saves most allocations.
	lastName, lastUnit string
	lastDims           [4]model.Dimension

	// Slabs the data's values and timestamps point into, so that a datum
	// costs no allocation of its own.
	values []float64
	stamps []awsproto.Timestamp
}

// slabSize is how many values or timestamps one slab holds.
const slabSize = 256

func (s *scanState) value(v float64) *float64 {
	if len(s.values) == cap(s.values) {
		s.values = make([]float64, 0, slabSize)
	}
	s.values = append(s.values, v)
	return &s.values[len(s.values)-1]
}

func (s *scanState) stamp(ms int64) *awsproto.Timestamp {
	if len(s.stamps) == cap(s.stamps) {
		s.stamps = make([]awsproto.Timestamp, 0, slabSize)
	}
	s.stamps = append(s.stamps, awsproto.Timestamp(time.UnixMilli(ms).UTC()))
	return &s.stamps[len(s.stamps)-1]
}

func (s *jsonScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// skip consumes c, after blanks, when it comes next.
func (s *jsonScanner) skip(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads an object, calling member after each key and its colon to
// read the value.
func (s *jsonScanner) object(member func(key []byte) bool) bool {
	if !s.skip('{') {
		return false
	}
	if s.skip('}') {
		return true
	}
	for {
		key, ok := s.str()
		if !ok || !s.skip(':') || !member(key) {
			return false
		}
		if s.skip('}') {
			return true
		}
		if !s.skip(',') {
			return false
		}
	}
}

// array reads an array, calling elem to read each element.
func (s *jsonScanner) array(elem func() bool) bool {
	if !s.skip('[') {
		return false
	}
	if s.skip(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.skip(']') {
			return true
		}
		if !s.skip(',') {
			return false
		}
	}
}

// str reads a string without escapes or control characters; the caller
// checks UTF-8 where the value is not matched against ASCII.
func (s *jsonScanner) str() ([]byte, bool) {
	if !s.skip('"') {
		return nil, false
	}
	from := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.b[from : s.i-1], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// text reads a string as Go text, reusing *last when it is the same.
func (s *jsonScanner) text(last *string) (string, bool) {
	v, ok := s.str()
	if !ok {
		return "", false
	}
	return intern(last, v)
}

// number reads a JSON number token.
func (s *jsonScanner) number() ([]byte, bool) {
	s.ws()
	from := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.digits() == 0:
		return nil, false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return nil, false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return nil, false
		}
	}
	return s.b[from:s.i], true
}

func (s *jsonScanner) digits() int {
	from := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i - from
}

// float reads a number as encoding/json does into a float64.
func (s *jsonScanner) float() (float64, bool) {
	tok, ok := s.number()
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	return f, err == nil
}

func (s *jsonScanner) floats() ([]float64, bool) {
	out := []float64{}
	ok := s.array(func() bool {
		f, ok := s.float()
		out = append(out, f)
		return ok
	})
	return out, ok
}

// data reads the MetricData array.
func (s *jsonScanner) data() ([]metricDatum, bool) {
	out := []metricDatum{}
	var dims []model.Dimension
	ok := s.array(func() bool {
		out = append(out, metricDatum{})
		d := &out[len(out)-1]
		var seen uint16
		return s.object(func(key []byte) bool {
			k := datumMember(key)
			if k < 0 || seen&(1<<k) != 0 {
				return false
			}
			seen |= 1 << k
			var ok bool
			switch k {
			case 0:
				d.MetricName, ok = s.text(&s.lastName)
			case 1:
				d.Dimensions, dims, ok = s.dimensions(dims)
			case 2:
				var f float64
				if f, ok = s.float(); ok {
					var ms int64
					if ms, ok = secondsToMillis(f); ok {
						d.Timestamp = s.stamp(ms)
					}
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
				d.Unit, ok = s.text(&s.lastUnit)
			case 8:
				var tok []byte
				if tok, ok = s.number(); ok {
					r, err := strconv.ParseInt(string(tok), 10, 32)
					if ok = err == nil; ok {
						r32 := int32(r)
						d.StorageResolution = &r32
					}
				}
			}
			return ok
		})
	})
	return out, ok
}

// dimensions reads a datum's dimensions into arena, as
// cborScanner.dimensions does.
func (s *jsonScanner) dimensions(arena []model.Dimension) ([]model.Dimension, []model.Dimension, bool) {
	from := len(arena)
	ok := s.array(func() bool {
		j := len(arena) - from
		var last *model.Dimension
		if j < len(s.lastDims) {
			last = &s.lastDims[j]
		} else {
			last = &model.Dimension{}
		}
		var dim model.Dimension
		var seenName, seenValue bool
		ok := s.object(func(key []byte) bool {
			var ok bool
			switch {
			case string(key) == "Name" && !seenName:
				seenName = true
				dim.Name, ok = s.text(&last.Name)
			case string(key) == "Value" && !seenValue:
				seenValue = true
				dim.Value, ok = s.text(&last.Value)
			}
			return ok
		})
		if len(arena) == cap(arena) {
			// Move this datum's dimensions so far to a new arena, so
			// they stay one slice.
			grown := make([]model.Dimension, len(arena)-from, max(256, 2*(len(arena)-from)))
			copy(grown, arena[from:])
			arena, from = grown, 0
		}
		arena = append(arena, dim)
		return ok
	})
	if !ok {
		return nil, nil, false
	}
	if len(arena) == from {
		return []model.Dimension{}, arena, true
	}
	return arena[from:len(arena):len(arena)], arena, true
}

// statisticSet reads a StatisticValues object.
func (s *jsonScanner) statisticSet() (*statisticSet, bool) {
	st := &statisticSet{}
	ok := s.object(func(key []byte) bool {
		var field **float64
		switch string(key) {
		case "SampleCount":
			field = &st.SampleCount
		case "Sum":
			field = &st.Sum
		case "Minimum":
			field = &st.Minimum
		case "Maximum":
			field = &st.Maximum
		default:
			return false
		}
		if *field != nil {
			return false
		}
		f, ok := s.float()
		*field = &f
		return ok
	})
	return st, ok
}
