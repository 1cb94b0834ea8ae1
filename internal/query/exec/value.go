package exec

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind is the dynamic type of a Value.
type Kind uint8

// Value kinds. Discovered fields are strings and numbers; functions add
// booleans, timestamps, and the maps and lists of jsonParse.
const (
	KindNull Kind = iota
	KindString
	KindNumber
	KindBool
	KindTime
	KindMap
	KindList
)

// Value is one field value. The zero Value is null.
type Value struct {
	kind Kind
	// raw marks a string that stands for a JSON literal (true, false) and
	// is written without quotes by jsonStringify.
	raw bool
	// s is the text of a string, or the original text of a number read
	// from a log event (kept so 1.50 prints as written); empty for computed
	// numbers.
	s string
	n float64 // number; 1 or 0 for a boolean
	t int64   // timestamp, epoch milliseconds
	c *composite
}

type composite struct {
	members []member // map entries in document order
	list    []Value
}

type member struct {
	key string
	val Value
}

var null Value

func strValue(s string) Value { return Value{kind: KindString, s: s} }

// numValue returns a number, or null for NaN and ±Inf, which CloudWatch
// never shows.
func numValue(f float64) Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return null
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	return Value{kind: KindNumber, n: f}
}

func boolValue(b bool) Value {
	if b {
		return Value{kind: KindBool, n: 1}
	}
	return Value{kind: KindBool}
}

func timeValue(ms int64) Value { return Value{kind: KindTime, t: ms} }

func listValue(l []Value) Value { return Value{kind: KindList, c: &composite{list: l}} }

func mapValue(m []member) Value { return Value{kind: KindMap, c: &composite{members: m}} }

// Kind returns the value's dynamic type.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether the value is null (a missing field).
func (v Value) IsNull() bool { return v.kind == KindNull }

// Number converts the value to a number: numbers and booleans as they are,
// timestamps as epoch milliseconds, strings when they are decimal numbers.
func (v Value) Number() (float64, bool) {
	switch v.kind {
	case KindNumber, KindBool:
		return v.n, true
	case KindTime:
		return float64(v.t), true
	case KindString:
		if n, ok := smallInteger(v.s); ok {
			return float64(n), true
		}
		if !isNumberText(v.s) {
			return 0, false
		}
		f, err := strconv.ParseFloat(v.s, 64)
		return f, err == nil
	}
	return 0, false
}

// smallInteger reads s when it is an optionally signed run of at most 15
// digits, which a float64 holds exactly: the numbers log fields mostly
// are (status codes, sizes), read without ParseFloat's generality.
func smallInteger(s string) (int64, bool) {
	d := s
	if len(d) > 0 && (d[0] == '-' || d[0] == '+') {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(d); i++ {
		c := d[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int64(c)
	}
	if s[0] == '-' {
		if n == 0 {
			return 0, false // -0, which ParseFloat keeps negative
		}
		n = -n
	}
	return n, true
}

// isNumberText reports whether s is a plain decimal number: an optional
// sign, digits with an optional fraction, and an optional exponent.
func isNumberText(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// isNumeric reports whether the value counts as a number when sorting and
// comparing.
func (v Value) isNumeric() bool {
	switch v.kind {
	case KindNumber, KindBool, KindTime:
		return true
	case KindString:
		return isNumberText(v.s)
	}
	return false
}

// timeLayouts are the timestamp spellings a string may use where a time is
// expected: the result format first, then ISO 8601.
var timeLayouts = []string{
	resultTimeLayout,
	"2006-01-02 15:04:05",
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000Z0700",
	"2006-01-02T15:04:05Z0700",
}

// Millis converts the value to epoch milliseconds: timestamps as they are,
// numbers as milliseconds, strings in the result format or ISO 8601.
func (v Value) Millis() (int64, bool) {
	switch v.kind {
	case KindTime:
		return v.t, true
	case KindNumber:
		if v.n < -9e15 || v.n > 9e15 {
			return 0, false
		}
		return int64(math.Floor(v.n)), true
	case KindString:
		if isNumberText(v.s) {
			if f, err := strconv.ParseFloat(v.s, 64); err == nil && f > -9e15 && f < 9e15 {
				return int64(math.Floor(f)), true
			}
			return 0, false
		}
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, v.s); err == nil {
				return t.UnixMilli(), true
			}
		}
	}
	return 0, false
}

// truthy is how a value reads as a condition: booleans and numbers by
// being non-zero, strings by being non-empty, null as false.
func (v Value) truthy() bool {
	switch v.kind {
	case KindBool, KindNumber:
		return v.n != 0
	case KindString:
		return v.s != ""
	case KindTime, KindMap, KindList:
		return true
	}
	return false
}

// resultTimeLayout is how CloudWatch prints timestamps in query results.
const resultTimeLayout = "2006-01-02 15:04:05.000"

// String formats the value exactly as query results show it: timestamps as
// 2006-01-02 15:04:05.000 (UTC), numbers without trailing zeros, booleans
// as 1 or 0, maps and lists as JSON. Null prints as "".
func (v Value) String() string {
	switch v.kind {
	case KindString:
		return v.s
	case KindNumber:
		if v.s != "" {
			return v.s
		}
		return formatFloat(v.n)
	case KindBool:
		if v.n != 0 {
			return "1"
		}
		return "0"
	case KindTime:
		return formatTime(v.t)
	case KindMap, KindList:
		var b strings.Builder
		writeJSON(&b, v)
		return b.String()
	}
	return ""
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func formatTime(ms int64) string {
	return time.UnixMilli(ms).UTC().Format(resultTimeLayout)
}
