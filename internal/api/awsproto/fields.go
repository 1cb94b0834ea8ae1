package awsproto

import (
	"reflect"
	"strings"
	"sync"
)

// wireField is one member of a wire struct as the form decoder and the XML
// encoder see it. The JSON and CBOR codecs read the same `json` tags
// themselves, so one set of wire structs serves every protocol.
type wireField struct {
	name      string
	index     []int
	omitEmpty bool
	omitZero  bool
}

// structFields lists the members of a struct type and indexes them by name.
type structFields struct {
	list   []wireField
	byName map[string]*wireField
}

// fieldCache memoizes structFields per type; wire types are a small, fixed
// set, so the cache stays small.
var fieldCache sync.Map // reflect.Type → *structFields

// fieldsOf returns the wire members of struct type t, following the
// encoding/json rules that matter for wire structs: exported fields only,
// `json:"-"` skipped, the tag name or else the Go name, and the members of
// untagged embedded structs promoted (the shallower one wins a clash).
func fieldsOf(t reflect.Type) *structFields {
	if sf, ok := fieldCache.Load(t); ok {
		return sf.(*structFields)
	}
	var all []wireField
	collectFields(t, nil, &all, map[reflect.Type]bool{})
	sf := &structFields{byName: make(map[string]*wireField, len(all))}
	seen := make(map[string]bool, len(all))
	for _, f := range all {
		if !seen[f.name] {
			seen[f.name] = true
			sf.list = append(sf.list, f)
		}
	}
	for i := range sf.list {
		sf.byName[sf.list[i].name] = &sf.list[i]
	}
	actual, _ := fieldCache.LoadOrStore(t, sf)
	return actual.(*structFields)
}

func collectFields(t reflect.Type, prefix []int, out *[]wireField, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	var embedded []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		index := append(append([]int(nil), prefix...), i)
		wf := wireField{name: name, index: index}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty":
				wf.omitEmpty = true
			case "omitzero":
				wf.omitZero = true
			}
		}
		*out = append(*out, wf)
	}
	// Promoted members come after the struct's own, so its own win clashes.
	for _, f := range embedded {
		collectFields(f.Type, append(append([]int(nil), prefix...), f.Index...), out, seen)
	}
}
