package awsproto

import (
	"encoding"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Limits on query-protocol parameters. They bound what a hostile form can
// make the decoder allocate: every parameter creates at most one value per
// nesting level, and list indices never size an allocation (lists are
// built from the indices present, in order).
const (
	// maxFormParams caps the parameters of one request (URL query and body
	// together). The largest PutMetricData AWS accepts (1 MB) has fewer.
	maxFormParams = 100_000
	// maxMemberIndex caps N in "Name.member.N" and "Name.entry.N".
	maxMemberIndex = 100_000
	// maxKeyDepth caps the dot-separated parts of one parameter name;
	// CloudWatch's deepest is about ten.
	maxKeyDepth = 32
)

// formParam is one decoded name=value pair.
type formParam struct{ key, value string }

// errMalformedQuery is the query protocol's answer to a form it cannot
// parse. AWS documents MalformedQueryString with status 404.
func errMalformedQuery(msg string) *APIError {
	return &APIError{Code: "MalformedQueryString", Message: msg, Status: http.StatusNotFound}
}

// errInvalidValue is the answer to a parameter whose value does not fit
// its member's type.
func errInvalidValue(key, value, want string) *APIError {
	return NewError("InvalidParameterValue", fmt.Sprintf("Value (%s) for parameter %s is invalid. Expected %s.", truncate(value, 64), truncate(key, 256), want))
}

// parseForm appends the pairs of an application/x-www-form-urlencoded
// string to dst, unescaping names and values ('+' is a space).
func parseForm(dst []formParam, raw string) ([]formParam, error) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		if len(dst) >= maxFormParams {
			return nil, errMalformedQuery(fmt.Sprintf("The request has more than %d parameters.", maxFormParams))
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, errMalformedQuery(fmt.Sprintf("The parameter name %q is not valid form encoding.", truncate(k, 64)))
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return nil, errMalformedQuery(fmt.Sprintf("The value of parameter %s is not valid form encoding.", truncate(key, 256)))
		}
		dst = append(dst, formParam{key, value})
	}
	return dst, nil
}

// decodeForm fills v, a pointer to a wire struct, from query-protocol
// parameters. Member names are the `json` tag names; lists are
// "Name.member.N" (or flattened "Name.N"), maps "Name.entry.N.key" and
// "Name.entry.N.value", and "Name=" alone is an empty list. Scalars are
// strings, integers, floats, booleans ("true"/"false"), base64 blobs and
// anything with an UnmarshalText method, such as Timestamp. Unknown names
// are ignored, as the JSON decoder ignores unknown members, and for a
// repeated name the last one wins. Failures are *APIError:
// MalformedQueryString for names it cannot parse, InvalidParameterValue for
// values that do not fit.
func decodeForm(params []formParam, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("BUG: decodeForm needs a pointer to a struct, got %T", v)
	}
	d := formDecoder{holders: map[uintptr]*sparse{}}
	root := rv.Elem()
	for _, p := range params {
		if err := d.set(root, p.key, p.value); err != nil {
			return err
		}
	}
	return d.finish()
}

// sparse collects the elements of one list or map by their 1-based index
// until every parameter is in; finish then builds the Go value.
type sparse struct {
	name   string        // the parameter name of the list or map, for errors
	target reflect.Value // the slice or map field
	elems  map[int]*sparseElem
}

type sparseElem struct {
	value  reflect.Value // pointer to the element (or map value)
	key    string        // map entries only
	hasKey bool
}

type formDecoder struct {
	holders map[uintptr]*sparse
	order   []*sparse // creation order; inner holders come after outer ones
}

// holder returns the sparse collector for the addressable slice or map v,
// which parameter name reaches.
func (d *formDecoder) holder(v reflect.Value, name string) *sparse {
	addr := v.UnsafeAddr()
	if h, ok := d.holders[addr]; ok {
		return h
	}
	h := &sparse{name: name, target: v, elems: map[int]*sparseElem{}}
	d.holders[addr] = h
	d.order = append(d.order, h)
	return h
}

func (h *sparse) elem(i int, t reflect.Type) *sparseElem {
	e, ok := h.elems[i]
	if !ok {
		e = &sparseElem{value: reflect.New(t)}
		h.elems[i] = e
	}
	return e
}

// set stores one parameter, walking the wire struct along the name.
func (d *formDecoder) set(root reflect.Value, key, value string) error {
	if strings.Count(key, ".") >= maxKeyDepth {
		return errMalformedQuery(fmt.Sprintf("The parameter name %s has more than %d parts.", truncate(key, 256), maxKeyDepth))
	}
	cur := root
	rest := key
	for {
		if rest != "" && !hasMembers(cur.Type()) {
			return nil // "Timestamp.x", "Namespace.member.1": nothing to set
		}
		for cur.Kind() == reflect.Pointer {
			if cur.IsNil() {
				cur.Set(reflect.New(cur.Type().Elem()))
			}
			cur = cur.Elem()
		}
		if rest == "" {
			return setScalar(d, cur, key, value)
		}
		path := strings.TrimSuffix(key[:len(key)-len(rest)], ".")
		var seg string
		seg, rest, _ = strings.Cut(rest, ".")
		switch cur.Kind() {
		case reflect.Struct:
			f, ok := fieldsOf(cur.Type()).byName[seg]
			if !ok {
				return nil
			}
			next, ok := fieldByIndex(cur, f.index)
			if !ok {
				return nil
			}
			cur = next
		case reflect.Slice:
			if seg == "member" {
				if seg, rest, _ = strings.Cut(rest, "."); seg == "" {
					return errMalformedQuery(fmt.Sprintf("The parameter name %s lacks a member index.", truncate(key, 256)))
				}
			}
			i, err := memberIndex(seg, key)
			if err != nil {
				return err
			}
			cur = d.holder(cur, path).elem(i, cur.Type().Elem()).value.Elem()
		case reflect.Map:
			if cur.Type().Key().Kind() != reflect.String || seg != "entry" {
				return nil
			}
			if seg, rest, _ = strings.Cut(rest, "."); seg == "" {
				return errMalformedQuery(fmt.Sprintf("The parameter name %s lacks an entry index.", truncate(key, 256)))
			}
			i, err := memberIndex(seg, key)
			if err != nil {
				return err
			}
			e := d.holder(cur, path).elem(i, cur.Type().Elem())
			switch seg, rest, _ = strings.Cut(rest, "."); seg {
			case "key":
				if rest == "" {
					e.key, e.hasKey = value, true
				}
				return nil
			case "value":
				cur = e.value.Elem()
			default:
				return nil
			}
		}
	}
}

// hasMembers reports whether values of type t have parts a longer
// parameter name can reach: structures, lists and maps, but not blobs or
// values that decode themselves from text.
func hasMembers(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return false
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return true
	case reflect.Slice:
		return t.Elem().Kind() != reflect.Uint8
	}
	return false
}

// fieldByIndex is reflect.Value.FieldByIndex that allocates nil embedded
// pointers on the way; ok is false for an unexported embedded pointer it
// cannot set.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// memberIndex parses the N of "member.N": decimal, no sign or leading zero,
// 1 … maxMemberIndex.
func memberIndex(s, key string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxMemberIndex || s[0] == '0' || s[0] == '+' {
		return 0, errMalformedQuery(fmt.Sprintf("The parameter name %s has index %q; indices run from 1 to %d.", truncate(key, 256), truncate(s, 16), maxMemberIndex))
	}
	return n, nil
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// isTextValue reports whether v decodes itself from text (Timestamp).
func isTextValue(v reflect.Value) bool {
	return v.CanAddr() && v.Addr().Type().Implements(textUnmarshalerType)
}

// setScalar stores value into v, which the name ends at.
func setScalar(d *formDecoder, v reflect.Value, key, value string) error {
	if isTextValue(v) {
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(value)); err != nil {
			return NewError("InvalidParameterValue", fmt.Sprintf("Value (%s) for parameter %s is invalid. %v.", truncate(value, 64), truncate(key, 256), err))
		}
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(value)
	case reflect.Bool:
		switch {
		case strings.EqualFold(value, "true"):
			v.SetBool(true)
		case strings.EqualFold(value, "false"):
			v.SetBool(false)
		default:
			return errInvalidValue(key, value, "true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(value, 10, v.Type().Bits())
		if err != nil {
			return errInvalidValue(key, value, fmt.Sprintf("a %d-bit integer", v.Type().Bits()))
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(value, 10, v.Type().Bits())
		if err != nil {
			return errInvalidValue(key, value, fmt.Sprintf("an unsigned %d-bit integer", v.Type().Bits()))
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(value, v.Type().Bits())
		if err != nil {
			return errInvalidValue(key, value, "a number")
		}
		v.SetFloat(f)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b, err := base64.StdEncoding.DecodeString(value)
			if err != nil {
				return errInvalidValue(key, value, "base64 data")
			}
			v.SetBytes(b)
			return nil
		}
		if value != "" {
			return errInvalidValue(key, value, "a list (Name.member.N)")
		}
		d.holder(v, key) // "Name=" is an empty list
	case reflect.Map:
		if value != "" {
			return errInvalidValue(key, value, "a map (Name.entry.N.key/value)")
		}
		d.holder(v, key)
	case reflect.Interface:
		if v.NumMethod() == 0 {
			v.Set(reflect.ValueOf(value))
		}
	case reflect.Struct:
		// "Name=" for a structure names it present; its members follow.
	}
	return nil
}

// finish builds every list and map from its collected elements, innermost
// first, so a copied element already holds its own lists.
func (d *formDecoder) finish() error {
	for i := len(d.order) - 1; i >= 0; i-- {
		h := d.order[i]
		idx := make([]int, 0, len(h.elems))
		for n := range h.elems {
			idx = append(idx, n)
		}
		slices.Sort(idx)
		t := h.target
		switch t.Kind() {
		case reflect.Slice:
			s := reflect.MakeSlice(t.Type(), len(idx), len(idx))
			for j, n := range idx {
				s.Index(j).Set(h.elems[n].value.Elem())
			}
			t.Set(s)
		case reflect.Map:
			m := reflect.MakeMapWithSize(t.Type(), len(idx))
			for _, n := range idx {
				e := h.elems[n]
				if !e.hasKey {
					return NewError("MissingParameter", fmt.Sprintf("The parameter %s.entry.%d.key is required.", truncate(h.name, 256), n))
				}
				m.SetMapIndex(reflect.ValueOf(e.key).Convert(t.Type().Key()), e.value.Elem())
			}
			t.Set(m)
		}
	}
	return nil
}
