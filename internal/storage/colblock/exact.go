package colblock

import "strings"

// A reader that needs a few fields of every row would rather not rebuild
// every message only to find those fields in it again. The skeletons tell,
// without rendering anything, which rows the field columns describe
// completely: a row whose skeleton cut out every leaf of its JSON has no
// field the columns lack, and each of its values reads in the message
// exactly as the column renders it. Skeletons repeat, so each distinct one
// is checked once per block and each row costs a lookup.

// isoProbe stands for a row's timestamp when a skeleton is checked; any
// text the walker accepts as a Lambda time does.
const isoProbe = "2006-01-02T15:04:05.000Z"

// How a skeleton references a selected column.
const (
	refNone   uint8 = iota
	refQuoted       // as a JSON string
	refText         // as the value's text
)

// fieldless reports whether no reader could find a field in msg: it holds
// no JSON object (no '{' at all) and is no Lambda platform line, whose
// "Key: value" pairs CloudWatch Logs Insights reads as fields.
func fieldless(msg string) bool {
	return strings.IndexByte(msg, '{') < 0 &&
		!strings.HasPrefix(msg, "START RequestId: ") &&
		!strings.HasPrefix(msg, "END RequestId: ") &&
		!strings.HasPrefix(msg, "REPORT RequestId: ")
}

// skeletonRef is one field code of a skeleton.
type skeletonRef struct {
	field  int // index into the block's field columns
	quoted bool
}

// skeletonInfo is what one distinct skeleton says about the rows using it.
type skeletonInfo struct {
	// plain: the skeleton has no code, and text is the whole message.
	plain bool
	text  string
	// exact: the field columns hold every leaf, as described at
	// Block.Exact, and refs lists the leaves' codes in document order.
	exact bool
	refs  []skeletonRef
	// object: the message may be a JSON object (mayBeObject); paths: it
	// is one, exact, whose names spell its paths (pathChecker).
	object, paths bool
}

// skeletonChecker checks skeletons; it keeps its buffers across them.
type skeletonChecker struct {
	h      *header
	walker jsonWalker
	probe  []byte
	spans  []probeSpan
	seen   []bool
	paths  pathChecker
}

// probeSpan is where a code's placeholder sits in a probe.
type probeSpan struct {
	start, end int
	code       uint64
}

// check analyses one skeleton, which skeletonRefs has accepted.
func (k *skeletonChecker) check(s string) skeletonInfo {
	lit, code, rest, ok := nextPart(s)
	if !ok {
		return skeletonInfo{}
	}
	if code == codeEnd && rest == "" {
		return skeletonInfo{plain: true, text: lit, exact: fieldless(lit)}
	}
	// Put a placeholder of the code's kind where each code is and walk the
	// result as FlattenJSON would walk the message: every leaf it finds,
	// but a Lambda line's time, must be a field placeholder, named as its
	// column. (A misplaced time placeholder breaks the JSON or lands in a
	// leaf that is no placeholder.)
	k.probe, k.spans = k.probe[:0], k.spans[:0]
	for {
		k.probe = append(k.probe, lit...)
		if code == codeEnd {
			break
		}
		start := len(k.probe)
		switch {
		case code == codeTimestamp:
			k.probe = append(k.probe, isoProbe...)
		case (code-codeFieldBase)%2 == 1:
			k.probe = append(k.probe, `""`...)
			k.spans = append(k.spans, probeSpan{start: start, end: len(k.probe), code: code})
		default:
			k.probe = append(k.probe, '0')
			k.spans = append(k.spans, probeSpan{start: start, end: len(k.probe), code: code})
		}
		if lit, code, rest, ok = nextPart(rest); !ok {
			return skeletonInfo{}
		}
	}
	w := &k.walker
	defer func() { w.s = "" }()
	if !w.walk(string(k.probe)) || w.dropped > 0 {
		return skeletonInfo{}
	}
	if len(k.seen) < len(k.h.fields) {
		k.seen = make([]bool, len(k.h.fields))
	}
	info := skeletonInfo{exact: true}
	defer func() {
		for _, ref := range info.refs {
			k.seen[ref.field] = false
		}
	}()
	next := 0
	for i := range w.leaves {
		l := &w.leaves[i]
		if l.kind == leafPrefixTimestamp {
			continue
		}
		if next == len(k.spans) {
			info.exact = false
			return info
		}
		sp := &k.spans[next]
		next++
		f := int((sp.code - codeFieldBase) / 2)
		quoted := (sp.code-codeFieldBase)%2 == 1
		name := w.leafName(l)
		col := &k.h.fields[f]
		// A leaf named "" or ".x" has an empty top-level key, whose
		// flattened names readers may spell differently; a repeated name
		// keeps only one value in its column.
		if int(l.start) != sp.start || int(l.end) != sp.end || quoted != (l.kind == leafString) ||
			(quoted && col.typ != TypeString) || string(name) != col.name ||
			len(name) == 0 || name[0] == '.' || k.seen[f] {
			info.exact = false
			return info
		}
		k.seen[f] = true
		info.refs = append(info.refs, skeletonRef{field: f, quoted: quoted})
	}
	if next != len(k.spans) {
		info.exact = false
		return info
	}
	info.paths = k.paths.spellsPaths(string(k.probe))
	return info
}

// rowMatches reports whether the selected columns agree, at row, with the
// references of the row's skeleton: present exactly where referenced, and
// holding a string where quoted.
func rowMatches(cols []FieldColumn, refs []uint8, row int) bool {
	for j := range cols {
		c := &cols[j]
		switch refs[j] {
		case refNone:
			if c.Present.Has(row) {
				return false
			}
		case refQuoted:
			if !c.Present.Has(row) || c.Null.Has(row) {
				return false
			}
		default:
			if !c.Present.Has(row) {
				return false
			}
		}
	}
	return true
}

// selectedIndexes returns the header indexes of the decoded columns, which
// come in header order.
func selectedIndexes(h *header, cols []FieldColumn) []int {
	out := make([]int, 0, len(cols))
	i := 0
	for _, c := range cols {
		for i < len(h.fields) && h.fields[i].name != c.Name {
			i++
		}
		out = append(out, i)
		i++
	}
	return out
}
