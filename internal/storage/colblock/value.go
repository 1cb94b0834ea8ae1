package colblock

import (
	"math"
	"strconv"
	"time"

	"github.com/openwatch/openwatch/internal/jsonscan"
)

// FieldType is the type of a field column. The values are part of the
// on-disk format: never renumber them.
type FieldType uint8

// Field types. A column holds one type; NewBlock widens int64 and float64
// to float64, and turns any other mix into strings.
const (
	TypeString  FieldType = 1
	TypeInt64   FieldType = 2
	TypeFloat64 FieldType = 3
	TypeBool    FieldType = 4
	// TypeNull is a column whose present values are all JSON null.
	TypeNull FieldType = 5
)

func (t FieldType) String() string {
	switch t {
	case TypeString:
		return "string"
	case TypeInt64:
		return "int64"
	case TypeFloat64:
		return "float64"
	case TypeBool:
		return "bool"
	case TypeNull:
		return "null"
	}
	return "FieldType(" + strconv.Itoa(int(t)) + ")"
}

func (t FieldType) valid() bool { return t >= TypeString && t <= TypeNull }

// Value is one typed field value; Type says which of the other members holds
// it (none for TypeNull).
type Value struct {
	Type  FieldType
	Str   string
	Int   int64
	Float float64
	Bool  bool
}

// StringValue returns a string Value.
func StringValue(s string) Value { return Value{Type: TypeString, Str: s} }

// IntValue returns an int64 Value.
func IntValue(i int64) Value { return Value{Type: TypeInt64, Int: i} }

// FloatValue returns a float64 Value.
func FloatValue(f float64) Value { return Value{Type: TypeFloat64, Float: f} }

// BoolValue returns a bool Value.
func BoolValue(b bool) Value { return Value{Type: TypeBool, Bool: b} }

// NullValue returns the JSON null Value.
func NullValue() Value { return Value{Type: TypeNull} }

// AppendText appends v as text: strings as they are, numbers and literals as
// JSON writes them. It is how a value reads in a string column after a type
// mix, and how message skeletons render values.
func (v Value) AppendText(dst []byte) []byte {
	switch v.Type {
	case TypeString:
		return append(dst, v.Str...)
	case TypeInt64:
		return strconv.AppendInt(dst, v.Int, 10)
	case TypeFloat64:
		return appendFloatText(dst, v.Float)
	case TypeBool:
		return strconv.AppendBool(dst, v.Bool)
	}
	return append(dst, "null"...)
}

// Field is one named value of a row, such as a flattened JSON leaf.
type Field struct {
	Name  string
	Value Value
}

// appendFloatText formats f the way JavaScript's JSON.stringify (and Go's
// encoding/json) do, the most common writers of JSON logs, so that skeletons
// can reproduce their numbers.
func appendFloatText(dst []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		start := len(dst)
		dst = strconv.AppendFloat(dst, f, 'e', -1, 64)
		// Go writes e-07 where JavaScript writes e-7.
		if n := len(dst) - start; n >= 4 && dst[len(dst)-4] == 'e' && dst[len(dst)-3] == '-' && dst[len(dst)-2] == '0' {
			dst[len(dst)-2] = dst[len(dst)-1]
			dst = dst[:len(dst)-1]
		}
		return dst
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

// appendJSONQuoted appends s as a JSON string with the minimal escaping
// JSON.stringify uses: quote, backslash and control characters only.
func appendJSONQuoted(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	if !needsEscape(s) {
		return append(append(dst, s...), '"')
	}
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// needsEscape reports whether appendJSONQuoted must escape any byte of s.
func needsEscape(s string) bool { return jsonscan.IndexSpecial(s) < len(s) }

// isoTimeLayout is how Lambda runtimes print the time at the start of a line.
const isoTimeLayout = "2006-01-02T15:04:05.000Z"

// appendISOTime appends the epoch-millisecond ts in isoTimeLayout, UTC.
func appendISOTime(dst []byte, ts int64) []byte {
	return time.UnixMilli(ts).UTC().AppendFormat(dst, isoTimeLayout)
}
