package colblock

// fieldText is what showText needs of one string field column to show each
// of its distinct values once, with the number of message leaves that
// render it, rather than once per row: the values repeat from row to row,
// and tokenizing them again for every row was most of the cost of the
// message text.
type fieldText struct {
	// ok says the column's distinct values are known: entries holds them,
	// and ids[r] is the entry of row r wherever the row has a value.
	ok      bool
	entries []string
	ids     []uint16 // a dictionary has at most maxDictEntries
	// plain and quoted count, by entry, the leaves that render it as its
	// text and as a JSON string.
	plain, quoted []int
}

// noteFieldText records, after appendFieldBody of string column k, the
// column's distinct values, when its encoding found them all: a constant,
// or a dictionary that saw every value (chosen or not). e.rows are the
// rows with a value and e.strs their values, as appendFieldBody left them.
func (e *blockEncoder) noteFieldText(k int, c *FieldColumn, n int) {
	for len(e.fieldTexts) <= k {
		e.fieldTexts = append(e.fieldTexts, fieldText{})
	}
	ft := &e.fieldTexts[k]
	ft.ok = false
	if c.Type != TypeString || len(e.rows) == 0 {
		return
	}
	ft.ids = resize(ft.ids, n)
	switch {
	case e.valueEnc == encConst:
		ft.entries = append(ft.entries[:0], e.strs[0])
		for _, r := range e.rows {
			ft.ids[r] = 0
		}
	case e.dict.complete:
		ft.entries = append(ft.entries[:0], e.dict.entries...)
		for i, r := range e.rows {
			ft.ids[r] = uint16(e.dict.ids[i])
		}
	default:
		return
	}
	ft.plain = resize(ft.plain, len(ft.entries))
	ft.quoted = resize(ft.quoted, len(ft.entries))
	clear(ft.plain)
	clear(ft.quoted)
	ft.ok = true
}

// fieldTextOf returns what noteFieldText recorded of column k, or nil.
func (e *blockEncoder) fieldTextOf(k int) *fieldText {
	if k < len(e.fieldTexts) && e.fieldTexts[k].ok {
		return &e.fieldTexts[k]
	}
	return nil
}

// showFieldTexts shows each value counted in the fieldTexts once, with
// its count.
func (e *blockEncoder) showFieldTexts(text MessageText) {
	for k := range e.fieldTexts {
		ft := &e.fieldTexts[k]
		if !ft.ok {
			continue
		}
		for i, v := range ft.entries {
			if c := ft.plain[i]; c > 0 {
				text(v, c)
			}
			if c := ft.quoted[i]; c > 0 {
				if needsEscape(v) {
					e.tmp = appendJSONQuoted(e.tmp[:0], v)
					v = bytesString(e.tmp)
				}
				text(v, c)
			}
		}
	}
}

// releaseFieldTexts drops the references to a block's strings.
func (e *blockEncoder) releaseFieldTexts() {
	all := e.fieldTexts[:cap(e.fieldTexts)]
	for k := range all {
		ft := &all[k]
		clear(ft.entries[:cap(ft.entries)])
		ft.ok = false
	}
	e.fieldTexts = e.fieldTexts[:0]
}

// resize returns s with length n, reusing its array when it is large
// enough; the elements' values are left as they were.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
