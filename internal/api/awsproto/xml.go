package awsproto

import (
	"encoding"
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"
)

// xmlContentType is what query services answer with.
const xmlContentType = "text/xml"

// maxXMLDepth bounds nesting, so a cyclic value fails instead of
// exhausting the stack.
const maxXMLDepth = 64

// appendQueryResponse appends a query protocol success envelope:
//
//	<OpResponse xmlns="ns"><OpResult>…</OpResult>
//	<ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></OpResponse>
//
// without line breaks; a nil result leaves out OpResult.
func appendQueryResponse(dst []byte, ns string, rp Reply, result any) ([]byte, error) {
	dst = appendStart(dst, rp.Operation+"Response", ns)
	if result != nil {
		v := reflect.ValueOf(result)
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return nil, fmt.Errorf("cannot encode %s result: nil %s", rp.Operation, v.Type())
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct || isTextMarshaler(v) {
			return nil, fmt.Errorf("cannot encode %s result: a %s is not a structure", rp.Operation, v.Type())
		}
		var err error
		dst = appendStart(dst, rp.Operation+"Result", "")
		if dst, err = appendXMLFields(dst, v, 1); err != nil {
			return nil, fmt.Errorf("cannot encode %s result: %w", rp.Operation, err)
		}
		dst = appendEnd(dst, rp.Operation+"Result")
	}
	dst = append(dst, "<ResponseMetadata><RequestId>"...)
	dst = appendXMLText(dst, rp.RequestID)
	dst = append(dst, "</RequestId></ResponseMetadata>"...)
	return appendEnd(dst, rp.Operation+"Response"), nil
}

// appendQueryError appends the query protocol error envelope:
//
//	<ErrorResponse xmlns="ns"><Error><Type>Sender</Type><Code>…</Code>
//	<Message>…</Message>…fields…</Error><RequestId>id</RequestId></ErrorResponse>
func appendQueryError(dst []byte, ns string, rp Reply, e *APIError) []byte {
	code, _ := e.queryError()
	dst = appendStart(dst, "ErrorResponse", ns)
	dst = append(dst, "<Error><Type>"...)
	dst = append(dst, e.fault()...)
	dst = append(dst, "</Type><Code>"...)
	dst = appendXMLText(dst, code)
	dst = append(dst, "</Code><Message>"...)
	dst = appendXMLText(dst, e.Message)
	dst = append(dst, "</Message>"...)
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		if k != "Type" && k != "Code" && k != "Message" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		out, err := appendXMLValue(dst, k, reflect.ValueOf(e.Fields[k]), false, 1)
		if err != nil {
			continue // a field that cannot be encoded is left out; the code and message still go
		}
		dst = out
	}
	dst = append(dst, "</Error><RequestId>"...)
	dst = appendXMLText(dst, rp.RequestID)
	dst = append(dst, "</RequestId>"...)
	return appendEnd(dst, "ErrorResponse")
}

func appendStart(dst []byte, name, ns string) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	if ns != "" {
		dst = append(dst, ` xmlns="`...)
		dst = appendXMLText(dst, ns)
		dst = append(dst, '"')
	}
	return append(dst, '>')
}

func appendEnd(dst []byte, name string) []byte {
	dst = append(dst, "</"...)
	dst = append(dst, name...)
	return append(dst, '>')
}

// appendXMLFields appends the members of struct v as elements named by
// their `json` tags; nil members are left out, as XML has no null.
func appendXMLFields(dst []byte, v reflect.Value, depth int) ([]byte, error) {
	for _, f := range fieldsOf(v.Type()).list {
		fv, ok := fieldValue(v, f.index)
		if !ok || (f.omitZero && isZeroValue(fv)) || (f.omitEmpty && isEmptyValue(fv)) {
			continue
		}
		var err error
		if dst, err = appendXMLValue(dst, f.name, fv, true, depth); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// fieldValue follows index through embedded pointers; ok is false when one
// of them is nil.
func fieldValue(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

var textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

func isTextMarshaler(v reflect.Value) bool { return v.Type().Implements(textMarshalerType) }

// appendXMLValue appends <name>v</name>. Lists are <member> elements, maps
// <entry><key/><value/></entry> in key order; member structs follow the
// same rules as the result. In a struct (inStruct), nil pointers, slices,
// maps and interfaces are left out.
func appendXMLValue(dst []byte, name string, v reflect.Value, inStruct bool, depth int) ([]byte, error) {
	if depth > maxXMLDepth {
		return nil, fmt.Errorf("member %s is nested more than %d deep", name, maxXMLDepth)
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return dst, nil
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return dst, nil
	}
	if isTextMarshaler(v) {
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return nil, fmt.Errorf("cannot encode member %s: %w", name, err)
		}
		return appendElement(dst, name, string(text)), nil
	}
	var err error
	switch v.Kind() {
	case reflect.Struct:
		dst = appendStart(dst, name, "")
		if dst, err = appendXMLFields(dst, v, depth+1); err != nil {
			return nil, err
		}
		return appendEnd(dst, name), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() && inStruct {
			return dst, nil
		}
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			dst = appendStart(dst, name, "")
			dst = base64.StdEncoding.AppendEncode(dst, v.Bytes())
			return appendEnd(dst, name), nil
		}
		dst = appendStart(dst, name, "")
		for i := range v.Len() {
			if dst, err = appendXMLValue(dst, "member", v.Index(i), false, depth+1); err != nil {
				return nil, err
			}
		}
		return appendEnd(dst, name), nil
	case reflect.Map:
		if v.IsNil() && inStruct {
			return dst, nil
		}
		if v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("cannot encode member %s: map keys are %s, not strings", name, v.Type().Key())
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			switch {
			case a.String() < b.String():
				return -1
			case a.String() > b.String():
				return 1
			}
			return 0
		})
		dst = appendStart(dst, name, "")
		for _, k := range keys {
			dst = append(dst, "<entry>"...)
			dst = appendElement(dst, "key", k.String())
			if dst, err = appendXMLValue(dst, "value", v.MapIndex(k), false, depth+1); err != nil {
				return nil, err
			}
			dst = append(dst, "</entry>"...)
		}
		return appendEnd(dst, name), nil
	case reflect.String:
		return appendElement(dst, name, v.String()), nil
	}
	// Scalars whose text needs no escaping.
	dst = appendStart(dst, name, "")
	switch v.Kind() {
	case reflect.Bool:
		dst = strconv.AppendBool(dst, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		dst = strconv.AppendInt(dst, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		dst = strconv.AppendUint(dst, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		dst = appendXMLFloat(dst, v.Float(), v.Type().Bits())
	default:
		return nil, fmt.Errorf("cannot encode member %s of type %s", name, v.Type())
	}
	return appendEnd(dst, name), nil
}

// appendElement appends <name>text</name>, escaping text.
func appendElement(dst []byte, name, text string) []byte {
	dst = appendStart(dst, name, "")
	dst = appendXMLText(dst, text)
	return appendEnd(dst, name)
}

// appendXMLFloat formats like encoding/json (plain decimals, exponents only
// for very large or small magnitudes) and spells the non-finite values as
// the Smithy protocols do.
func appendXMLFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(dst, f, format, -1, bits)
}

// appendXMLText appends s escaped for element text and attribute values.
// Characters XML cannot carry (most C0 controls, invalid UTF-8) become
// U+FFFD; a carriage return is kept as a reference, since parsers turn a
// literal one into a line feed.
func appendXMLText(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '&':
			dst = append(dst, "&amp;"...)
		case r == '<':
			dst = append(dst, "&lt;"...)
		case r == '>':
			dst = append(dst, "&gt;"...)
		case r == '"':
			dst = append(dst, "&quot;"...)
		case r == '\r':
			dst = append(dst, "&#xD;"...)
		case r == utf8.RuneError && size == 1, !isXMLChar(r):
			dst = utf8.AppendRune(dst, utf8.RuneError)
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// isEmptyValue is encoding/json's omitempty test.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZeroValue is encoding/json's omitzero test: an IsZero method when the
// type has one, the language's zero value otherwise.
func isZeroValue(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return true
		}
		return z.IsZero()
	}
	return v.IsZero()
}
