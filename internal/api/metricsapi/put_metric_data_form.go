package metricsapi

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"

	"github.com/openwatch/openwatch/internal/model"
)

// Bounds of the generic form decoder; a body that reaches them goes there
// to be refused.
const (
	formMaxParams      = 100_000
	formMaxMemberIndex = 100_000
)

// scanPutMetricDataForm reads, in one pass, the PutMetricData body that
// query-protocol clients (the AWS CLI, boto3) write: Action, Version,
// Namespace, StrictEntityValidation and MetricData.member.N with the
// datum's members, lists as "Name.member.K" or "Name=" when empty, names
// without escapes, values with %XX and '+' escapes, timestamps as ISO 8601
// in UTC. The generic decoder parses the whole form into strings and walks
// each name by reflection, which left the query protocol at a seventh of
// the throughput of the others. It reports false for anything else,
// including a name given twice, which the generic decoder then reads or
// rejects; what it accepts it reads as the generic decoder does.
//
// The body must name the Action itself: a GET, or a POST that keeps its
// parameters in the URL, has them where the generic decoder looks.
func scanPutMetricDataForm(body []byte) (*putMetricDataInput, bool) {
	s := formScanner{maxData: len(body) / 16}
	if n := dataHint(body); n > 0 {
		n = min(n+n/16+1, s.maxData)
		s.data = make([]metricDatum, 0, n)
		s.rows = make([]formRow, 0, n)
	}
	in := &putMetricDataInput{}
	var seenAction, seenVersion, seenData bool
	params := 0
	for rest := body; len(rest) > 0; {
		var pair []byte
		if i := bytes.IndexByte(rest, '&'); i >= 0 {
			pair, rest = rest[:i], rest[i+1:]
		} else {
			pair, rest = rest, nil
		}
		if len(pair) == 0 {
			continue
		}
		if params++; params > formMaxParams {
			return nil, false
		}
		key, value := pair, []byte(nil)
		if i := bytes.IndexByte(pair, '='); i >= 0 {
			key, value = pair[:i], pair[i+1:]
		}
		var ok bool
		switch {
		case len(key) > len(dataPrefix) && string(key[:len(dataPrefix)]) == dataPrefix:
			ok = s.member(key[len(dataPrefix):], value)
		case string(key) == "Namespace":
			var v []byte
			if v, ok = s.unescape(value); ok && in.Namespace == nil {
				ns := string(v)
				in.Namespace = &ns
			} else {
				ok = false
			}
		case string(key) == "StrictEntityValidation":
			var v []byte
			if v, ok = s.unescape(value); ok && in.StrictEntityValidation == nil {
				var b bool
				b, ok = parseFormBool(v)
				in.StrictEntityValidation = &b
			} else {
				ok = false
			}
		case string(key) == "MetricData":
			// "MetricData=" is an empty list.
			ok = len(value) == 0 && !seenData
			seenData = true
		case string(key) == "Action":
			_, ok = s.unescape(value)
			ok = ok && !seenAction
			seenAction = true
		case string(key) == "Version":
			_, ok = s.unescape(value)
			ok = ok && !seenVersion
			seenVersion = true
		}
		if !ok {
			return nil, false
		}
	}
	if !seenAction {
		return nil, false
	}
	if seenData || len(s.data) > 0 {
		if !s.finish() {
			return nil, false
		}
		in.MetricData = s.data
	}
	return in, true
}

// dataHint guesses how many data body holds from the member index of the
// last datum it names: the clients write the data in order, or sorted by
// name, which puts the last index but one at the end.
func dataHint(body []byte) int {
	i := bytes.LastIndex(body, []byte("&"+dataPrefix))
	if i < 0 {
		return 0
	}
	n, _, ok := memberIndex(body[i+1+len(dataPrefix):])
	if !ok {
		return 0
	}
	return int(n)
}

// dataPrefix begins the names of the data's members.
const dataPrefix = "MetricData.member."

// parseFormBool reads a boolean as the generic decoder does.
func parseFormBool(v []byte) (bool, bool) {
	switch {
	case bytes.EqualFold(v, []byte("true")):
		return true, true
	case bytes.EqualFold(v, []byte("false")):
		return false, true
	}
	return false, false
}

// formScanner collects the data of a form. Names may come in any order and
// lists may have gaps, so the elements of lists inside a datum are kept as
// entries naming their datum and index, and put in order once at the end.
type formScanner struct {
	scanState

	// data holds the datum with member index N at N-1, and rows what the
	// scanner keeps of it; finish drops the indexes no name used.
	data []metricDatum
	rows []formRow
	// maxData bounds the member indexes: a body names a datum in more
	// than 16 bytes, so a larger index leaves gaps, which the generic
	// decoder closes without the memory a slot for each would take.
	maxData int

	// The dimensions and the Values and Counts elements, in the order they
	// came, each beside the key that places it; a body that gives a
	// datum's lists in order leaves them as the runs the data point into.
	dims    []model.Dimension
	dimKeys []formKey
	nums    []float64
	numKeys []formKey

	// buf holds the value unescape returned last.
	buf []byte
	// The previous timestamp's text and what it read as: data of one
	// request usually share it.
	lastStamp   []byte
	lastStampMS int64
}

// formRow is what the scanner keeps of a datum besides the datum itself.
type formRow struct {
	// seen has a bit per member name met, so a repeated one falls back.
	seen uint16
	// named is whether any name has the datum's index.
	named bool
}

// Bits of formRow.seen.
const (
	seenName uint16 = 1 << iota
	seenTimestamp
	seenValue
	seenUnit
	seenResolution
	seenSampleCount
	seenSum
	seenMinimum
	seenMaximum
	seenEmptyDims
	seenEmptyValues
	seenEmptyCounts
)

// formKey places an element of a list inside a datum: the datum's
// position in data, the list (0 for Values or Dimensions, 1 for Counts) and the
// element's member index. has records which of a dimension's Name (1) and
// Value (2) came.
type formKey struct {
	row, index int32
	list, has  uint8
}

func (a formKey) compare(b formKey) int {
	return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.list, b.list), cmp.Compare(a.index, b.index))
}

// member reads "N.<member>" of MetricData.
func (s *formScanner) member(key, value []byte) bool {
	n, key, ok := memberIndex(key)
	if !ok || len(key) == 0 || key[0] != '.' {
		return false
	}
	key = key[1:]
	r, ok := s.row(n)
	if !ok {
		return false
	}
	d, row := &s.data[r], &s.rows[r]
	var bit uint16
	switch string(key) {
	case "MetricName":
		bit = seenName
	case "Timestamp":
		bit = seenTimestamp
	case "Value":
		bit = seenValue
	case "Unit":
		bit = seenUnit
	case "StorageResolution":
		bit = seenResolution
	case "StatisticValues.SampleCount":
		bit = seenSampleCount
	case "StatisticValues.Sum":
		bit = seenSum
	case "StatisticValues.Minimum":
		bit = seenMinimum
	case "StatisticValues.Maximum":
		bit = seenMaximum
	case "Dimensions":
		bit = seenEmptyDims
	case "Values":
		bit = seenEmptyValues
	case "Counts":
		bit = seenEmptyCounts
	default:
		return s.listMember(r, key, value)
	}
	if row.seen&bit != 0 {
		return false
	}
	row.seen |= bit
	if bit >= seenEmptyDims {
		// "Name=" is an empty list; a list given as anything else is an
		// error the generic decoder words.
		return len(value) == 0
	}
	v, ok := s.unescape(value)
	if !ok {
		return false
	}
	switch bit {
	case seenName:
		d.MetricName, ok = intern(&s.lastName, v)
	case seenTimestamp:
		var ms int64
		if ms, ok = s.timestamp(v); ok {
			d.Timestamp = s.stamp(ms)
		}
	case seenValue:
		var f float64
		if f, ok = parseFormFloat(v); ok {
			d.Value = s.value(f)
		}
	case seenUnit:
		d.Unit, ok = intern(&s.lastUnit, v)
	case seenResolution:
		r, err := strconv.ParseInt(string(v), 10, 32)
		if ok = err == nil; ok {
			r32 := int32(r)
			d.StorageResolution = &r32
		}
	default:
		var f float64
		if f, ok = parseFormFloat(v); !ok {
			return false
		}
		st := d.StatisticValues
		if st == nil {
			st = &statisticSet{}
			d.StatisticValues = st
		}
		switch bit {
		case seenSampleCount:
			st.SampleCount = s.value(f)
		case seenSum:
			st.Sum = s.value(f)
		case seenMinimum:
			st.Minimum = s.value(f)
		default:
			st.Maximum = s.value(f)
		}
	}
	return ok
}

// listMember reads "Dimensions.member.M.Name", "Dimensions.member.M.Value",
// "Values.member.K" or "Counts.member.K" of the datum at r.
func (s *formScanner) listMember(r int32, key, value []byte) bool {
	var list uint8
	switch {
	case bytes.HasPrefix(key, []byte("Dimensions.member.")):
		m, rest, ok := memberIndex(key[len("Dimensions.member."):])
		if !ok {
			return false
		}
		var has uint8
		switch string(rest) {
		case ".Name":
			has = 1
		case ".Value":
			has = 2
		default:
			return false
		}
		v, ok := s.unescape(value)
		if !ok {
			return false
		}
		last := &model.Dimension{}
		if m <= int32(len(s.lastDims)) {
			last = &s.lastDims[m-1]
		}
		key := formKey{row: r, index: m}
		// A dimension's Name and Value usually come one after the other.
		if n := len(s.dimKeys) - 1; n < 0 || s.dimKeys[n].compare(key) != 0 {
			if s.dims == nil {
				// Two dimensions a datum is a common size.
				s.dims = make([]model.Dimension, 0, 2*cap(s.data))
				s.dimKeys = make([]formKey, 0, 2*cap(s.data))
			}
			s.dimKeys = append(s.dimKeys, key)
			s.dims = append(s.dims, model.Dimension{})
		}
		k, dim := &s.dimKeys[len(s.dimKeys)-1], &s.dims[len(s.dims)-1]
		if k.has&has != 0 {
			return false
		}
		k.has |= has
		if has == 1 {
			dim.Name, ok = intern(&last.Name, v)
		} else {
			dim.Value, ok = intern(&last.Value, v)
		}
		return ok
	case bytes.HasPrefix(key, []byte("Values.member.")):
		key = key[len("Values.member."):]
	case bytes.HasPrefix(key, []byte("Counts.member.")):
		key, list = key[len("Counts.member."):], 1
	default:
		return false
	}
	k, rest, ok := memberIndex(key)
	if !ok || len(rest) != 0 {
		return false
	}
	v, ok := s.unescape(value)
	if !ok {
		return false
	}
	f, ok := parseFormFloat(v)
	s.numKeys = append(s.numKeys, formKey{row: r, index: k, list: list})
	s.nums = append(s.nums, f)
	return ok
}

// memberIndex reads the index that begins key, as the generic decoder
// takes it: decimal, no sign or leading zero, 1 … formMaxMemberIndex.
func memberIndex(key []byte) (int32, []byte, bool) {
	n, i := int32(0), 0
	for ; i < len(key) && key[i] >= '0' && key[i] <= '9'; i++ {
		if n = n*10 + int32(key[i]-'0'); n > formMaxMemberIndex {
			return 0, nil, false
		}
	}
	if i == 0 || key[0] == '0' {
		return 0, nil, false
	}
	return n, key[i:], true
}

// row returns the position in data of the datum with member index n.
func (s *formScanner) row(n int32) (int32, bool) {
	if int(n) > len(s.data) {
		if int(n) > s.maxData {
			return 0, false
		}
		s.data = append(s.data, make([]metricDatum, int(n)-len(s.data))...)
		s.rows = append(s.rows, make([]formRow, int(n)-len(s.rows))...)
	}
	s.rows[n-1].named = true
	return n - 1, true
}

// unescape undoes the form encoding of v as url.QueryUnescape does; the
// result is valid until the next call.
func (s *formScanner) unescape(v []byte) ([]byte, bool) {
	i := 0
	for i < len(v) && v[i] != '%' && v[i] != '+' {
		i++
	}
	if i == len(v) {
		return v, true
	}
	out := append(s.buf[:0], v[:i]...)
	for ; i < len(v); i++ {
		switch c := v[i]; c {
		case '+':
			out = append(out, ' ')
		case '%':
			if i+2 >= len(v) {
				return nil, false
			}
			hi, ok1 := unhex(v[i+1])
			lo, ok2 := unhex(v[i+2])
			if !ok1 || !ok2 {
				return nil, false
			}
			out = append(out, hi<<4|lo)
			i += 2
		default:
			out = append(out, c)
		}
	}
	s.buf = out
	return out, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// parseFormFloat reads a number as the generic decoder does.
func parseFormFloat(v []byte) (float64, bool) {
	f, err := strconv.ParseFloat(string(v), 64)
	return f, err == nil
}

// timestamp reads YYYY-MM-DDThh:mm:ss[.f…]Z, at most nine fractional
// digits, as epoch milliseconds; the generic decoder reads other forms.
func (s *formScanner) timestamp(v []byte) (int64, bool) {
	if s.lastStamp != nil && bytes.Equal(v, s.lastStamp) {
		return s.lastStampMS, true
	}
	ms, ok := parseISOMillis(v)
	if ok {
		s.lastStamp, s.lastStampMS = append(s.lastStamp[:0], v...), ms
	}
	return ms, ok
}

func parseISOMillis(v []byte) (int64, bool) {
	if len(v) < len("2006-01-02T15:04:05Z") || v[len(v)-1] != 'Z' ||
		v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' {
		return 0, false
	}
	num := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(v[0:4])
	month, ok2 := num(v[5:7])
	day, ok3 := num(v[8:10])
	hour, ok4 := num(v[11:13])
	minute, ok5 := num(v[14:16])
	sec, ok6 := num(v[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 ||
		year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return 0, false
	}
	frac := v[19 : len(v)-1]
	ms := 0
	if len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return 0, false
		}
		digits, ok := num(frac[1:])
		if !ok {
			return 0, false
		}
		// Milliseconds are the first three digits: time.Time keeps the
		// rest and UnixMilli drops it.
		for n := len(frac) - 1; n > 3; n-- {
			digits /= 10
		}
		for n := len(frac) - 1; n < 3; n++ {
			digits *= 10
		}
		ms = digits
	}
	days := daysFromCivil(year, month, day)
	return ((days*24+int64(hour))*60+int64(minute))*60_000 + int64(sec)*1000 + int64(ms), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to a date of the proleptic
// Gregorian calendar, in eras of 400 years that start on 1 March so that
// leap days come last.
func daysFromCivil(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := year / 400 // year ≥ 0 here
	yoe := year - era*400
	m := month + 9
	if month > 2 {
		m = month - 3
	}
	doy := (153*m+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// finish puts the data in the order of their member indexes and the list
// elements into their data, or reports false for an element given twice.
func (s *formScanner) finish() bool {
	if s.data == nil {
		s.data = []metricDatum{}
	}
	if !s.finishDims() || !s.finishNums() {
		return false
	}
	for i := range s.data {
		d, seen := &s.data[i], s.rows[i].seen
		if d.Dimensions == nil && seen&seenEmptyDims != 0 {
			d.Dimensions = []model.Dimension{}
		}
		if d.Values == nil && seen&seenEmptyValues != 0 {
			d.Values = []float64{}
		}
		if d.Counts == nil && seen&seenEmptyCounts != 0 {
			d.Counts = []float64{}
		}
	}
	s.closeGaps()
	return true
}

// closeGaps drops the data of indexes no name used, as the generic
// decoder builds a list only of the indexes it met.
func (s *formScanner) closeGaps() {
	n := 0
	for n < len(s.data) && s.rows[n].named {
		n++
	}
	for i := n; i < len(s.data); i++ {
		if s.rows[i].named {
			s.data[n] = s.data[i]
			n++
		}
	}
	clear(s.data[n:])
	s.data = s.data[:n]
}

func (s *formScanner) finishDims() bool {
	keys, dims := s.dimKeys, s.dims
	if !strictlySorted(keys) {
		var ok bool
		if keys, dims, ok = sortList(keys, dims, mergeDims); !ok {
			return false
		}
	}
	for i := 0; i < len(keys); {
		j := runEnd(keys, i)
		s.data[keys[i].row].Dimensions = dims[i:j:j]
		i = j
	}
	return true
}

// mergeDims joins the Name and the Value of one dimension that came apart.
func mergeDims(into *model.Dimension, intoKey *formKey, from model.Dimension, fromKey formKey) bool {
	if intoKey.has&fromKey.has != 0 {
		return false
	}
	intoKey.has |= fromKey.has
	if fromKey.has&1 != 0 {
		into.Name = from.Name
	}
	if fromKey.has&2 != 0 {
		into.Value = from.Value
	}
	return true
}

func (s *formScanner) finishNums() bool {
	keys, nums := s.numKeys, s.nums
	if !strictlySorted(keys) {
		var ok bool
		if keys, nums, ok = sortList(keys, nums, func(*float64, *formKey, float64, formKey) bool { return false }); !ok {
			return false
		}
	}
	for i := 0; i < len(keys); {
		j := runEnd(keys, i)
		if d := &s.data[keys[i].row]; keys[i].list == 0 {
			d.Values = nums[i:j:j]
		} else {
			d.Counts = nums[i:j:j]
		}
		i = j
	}
	return true
}

// strictlySorted reports whether every key follows the one before it.
func strictlySorted(keys []formKey) bool {
	for i := 1; i < len(keys); i++ {
		if keys[i-1].compare(keys[i]) >= 0 {
			return false
		}
	}
	return true
}

// runEnd returns the end of the run of keys of one list that starts at i.
func runEnd(keys []formKey, i int) int {
	j := i + 1
	for j < len(keys) && keys[j].row == keys[i].row && keys[j].list == keys[i].list {
		j++
	}
	return j
}

// sortList sorts the elements of lists that came out of order into new
// slices, joining elements with the same key by merge, which reports false
// for what the generic decoder would take from a repeated name.
func sortList[T any](keys []formKey, elems []T, merge func(*T, *formKey, T, formKey) bool) ([]formKey, []T, bool) {
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return keys[a].compare(keys[b]) })
	outKeys, out := make([]formKey, 0, len(keys)), make([]T, 0, len(elems))
	for _, i := range order {
		if n := len(outKeys) - 1; n >= 0 && outKeys[n].compare(keys[i]) == 0 {
			if !merge(&out[n], &outKeys[n], elems[i], keys[i]) {
				return nil, nil, false
			}
			continue
		}
		outKeys, out = append(outKeys, keys[i]), append(out, elems[i])
	}
	return outKeys, out, true
}
