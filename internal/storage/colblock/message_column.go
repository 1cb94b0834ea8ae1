package colblock

import (
	"slices"
	"unsafe"
)

// messageState is the message column of a block, parsed but not rebuilt.
type messageState struct {
	ids []uint16 // each row's entry
	// entries are the distinct messages or skeletons; they share the
	// message body, which lives as long as the reader.
	entries []string
	infos   []skeletonInfo
}

// messageEntries parses the message column into its distinct entries.
func (r *blockReader) messageEntries() (*messageState, error) {
	n := r.h.rows
	ref := &r.h.sys[colMessages]
	body, err := r.messageBody(ref, ref.name)
	if err != nil {
		return nil, err
	}
	if err := r.bud.charge(18*int64(n), ref.name); err != nil {
		return nil, err
	}
	c := cursor{b: body}
	mode := c.byte("message mode")
	enc := c.encoding("message encoding")
	m := &messageState{ids: make([]uint16, n)}
	switch {
	case c.err != nil:
	case mode != msgPlain && mode != msgTemplated:
		c.fail("bad message mode %d", mode)
	case n == 0 && enc != encNone, n > 0 && enc == encNone:
		c.fail("message encoding %s for %d rows", enc, n)
	case n > 0:
		m.entries = decodeStringIDs(&c, enc, m.ids, r.bud)
	}
	if err := c.done(ref.name); err != nil {
		return nil, err
	}
	m.infos = make([]skeletonInfo, len(m.entries))
	if mode == msgPlain {
		for i, s := range m.entries {
			m.infos[i] = skeletonInfo{plain: true, text: s}
		}
		return m, nil
	}
	if _, _, err := skeletonRefs(m.entries, len(r.h.fields)); err != nil {
		return nil, err
	}
	for i, s := range m.entries {
		if lit, code, rest, _ := nextPart(s); code == codeEnd && rest == "" {
			m.infos[i] = skeletonInfo{plain: true, text: lit}
		}
	}
	return m, nil
}

// messageColumn decodes what want asks of the message column: the exact
// rows (want.Exact; the selected field columns must already be in
// b.Fields), and the messages of the rows that need one: every row for
// want.Messages, the rows that are not exact for want.Exact, the rows
// want.Select picks when it is set, in any case only among the rows of
// b.Contains when it is set. Rows that need no message get "", and
// Messages stays nil when no row needs one and want.Messages is not set.
func (r *blockReader) messageColumn(b *Block, ms *messageState, want ColumnSet) error {
	if want.Exact {
		r.markExact(b, ms, want.Paths)
	}
	if want.Select != nil {
		return r.selectRows(b, ms, want)
	}
	need := func(row int) bool {
		return (b.Contains == nil || b.Contains.Has(row)) && (want.Messages || (want.Exact && !b.Exact.Has(row)))
	}
	return r.renderRows(b, ms, want.Messages, need)
}

// selectRows calls want.Select on the block decoded so far and decodes
// the messages of the rows it picks; ms is nil when the message column
// has not been parsed yet, which then happens only if a row is picked.
func (r *blockReader) selectRows(b *Block, ms *messageState, want ColumnSet) error {
	sel := want.Select(b)
	if len(sel) != (r.h.rows+63)/64 {
		panic("BUG: Select returned a bitmap of the wrong size")
	}
	if b.Contains != nil {
		for i := range sel {
			sel[i] &= b.Contains[i]
		}
	}
	b.Selected = sel
	if sel.Count() == 0 {
		return nil
	}
	if ms == nil {
		var err error
		if ms, err = r.messageEntries(); err != nil {
			return err
		}
	}
	return r.renderRows(b, ms, false, sel.Has)
}

// renderRows sets b.Messages to the messages of the rows need accepts,
// "" for the others; all says every row is needed, and b.Messages stays
// nil when none is and all is not set.
func (r *blockReader) renderRows(b *Block, ms *messageState, all bool, need func(row int) bool) error {
	n := r.h.rows
	ids, entries, infos := ms.ids, ms.entries, ms.infos
	var msgs []string
	if all {
		msgs = getMessages(n)
	}
	var plain, render []int
	switch {
	case b.Contains != nil:
		plain = make([]int, 0, b.Contains.Count())
	case all:
		plain = make([]int, 0, n)
	}
	for row, id := range ids {
		if !need(row) {
			continue
		}
		if msgs == nil {
			msgs = getMessages(n)
		}
		if infos[id].plain {
			plain = append(plain, row)
		} else {
			render = append(render, row)
		}
	}
	ownPlain(msgs, plain, ids, infos)
	b.Messages = msgs
	if len(render) == 0 {
		return nil
	}
	skeletons := make([]string, len(render))
	for i, row := range render {
		skeletons[i] = entries[ids[row]]
	}
	rendered, err := r.render(skeletons, render)
	if err != nil {
		return err
	}
	for i, row := range render {
		msgs[row] = rendered[i]
	}
	return nil
}

// ownPlain sets the messages of rows, whose entries are plain, to copies
// of their texts: the entries share the message body, a buffer of the
// reader. Each entry is copied once, all into one allocation.
func ownPlain(msgs []string, rows []int, ids []uint16, infos []skeletonInfo) {
	// at[id] is one past where entry id's copy starts in buf, 0 before it
	// has one.
	at := make([]uint32, len(infos))
	size := 0
	for _, row := range rows {
		if id := ids[row]; at[id] == 0 {
			at[id] = 1 // counted
			size += len(infos[id].text)
		}
	}
	buf := make([]byte, 0, size)
	clear(at)
	for _, row := range rows {
		id := ids[row]
		text := infos[id].text
		if at[id] == 0 {
			at[id] = uint32(len(buf)) + 1
			// buf never grows past size, so earlier texts stay put.
			buf = append(buf, text...)
		}
		if len(text) > 0 {
			msgs[row] = unsafe.String(&buf[at[id]-1], len(text))
		}
	}
}

// render rebuilds the messages of rows from their skeletons, decoding the
// columns they reference.
func (r *blockReader) render(skeletons []string, rows []int) ([]string, error) {
	refs, needTS, err := skeletonRefs(skeletons, len(r.h.fields))
	if err != nil {
		return nil, err
	}
	var ts []int64
	if needTS {
		if ts, err = r.timestamps(); err != nil {
			return nil, err
		}
	}
	cols := make([]*FieldColumn, len(refs))
	for i, used := range refs {
		if used {
			if cols[i], err = r.field(i); err != nil {
				return nil, err
			}
		}
	}
	return renderMessages(skeletons, rows, cols, ts, r.bud)
}

// markExact fills b.Exact and the Literal bitmaps of b's string columns,
// and with paths, b.Objects and b.Paths.
func (r *blockReader) markExact(b *Block, ms *messageState, paths bool) {
	n := r.h.rows
	ids, entries, infos := ms.ids, ms.entries, ms.infos
	b.Exact = NewBitmap(n)
	k := skeletonChecker{h: r.h}
	for i := range infos {
		if infos[i].plain {
			infos[i].exact = fieldless(infos[i].text)
			infos[i].object = mayBeObject(infos[i].text, true)
		} else {
			infos[i] = k.check(entries[i])
			infos[i].object = mayBeObject(entries[i], false)
		}
	}
	sel := selectedIndexes(r.h, b.Fields)
	// Per distinct skeleton: which selected columns it references, and how.
	selRefs := make([][]uint8, len(infos))
	for i := range infos {
		if !infos[i].exact {
			continue
		}
		m := make([]uint8, len(sel))
		for _, ref := range infos[i].refs {
			if j, ok := slices.BinarySearch(sel, ref.field); ok {
				m[j] = refText
				if ref.quoted {
					m[j] = refQuoted
				}
			}
		}
		selRefs[i] = m
	}
	for i := range b.Fields {
		if b.Fields[i].Type == TypeString {
			b.Fields[i].Literal = NewBitmap(n)
		}
	}
	objects, pathRows := NewBitmap(n), NewBitmap(n)
	if paths {
		b.Objects, b.Paths = objects, pathRows
	}
	all := true
	for row, id := range ids {
		if infos[id].object {
			objects.Set(row)
		}
		if !infos[id].exact || !rowMatches(b.Fields, selRefs[id], row) {
			all = false
			continue
		}
		b.Exact.Set(row)
		if infos[id].paths {
			pathRows.Set(row)
		}
		for j, how := range selRefs[id] {
			if how == refText && b.Fields[j].Literal != nil {
				b.Fields[j].Literal.Set(row)
			}
		}
	}
	if !all {
		return
	}
	// Every row is exact: what the next reader of any fields needs is
	// which rows of which string columns hold literals.
	b.ExactRows = &ExactRows{objects: objects, paths: pathRows}
	for row, id := range ids {
		for _, ref := range infos[id].refs {
			if ref.quoted || r.h.fields[ref.field].typ != TypeString {
				continue
			}
			name := r.h.fields[ref.field].name
			if b.ExactRows.literal == nil {
				b.ExactRows.literal = map[string]Bitmap{}
			}
			bm := b.ExactRows.literal[name]
			if bm == nil {
				bm = NewBitmap(n)
				b.ExactRows.literal[name] = bm
			}
			bm.Set(row)
		}
	}
}

// ExactRows is what the message column of a block whose every row is
// exact says about it, whatever fields are decoded: a reader may keep it
// and hand it back (ColumnSet.KnownExact) to decode the block again for
// Exact without its message column.
type ExactRows struct {
	// literal holds, by name, the Literal rows of the string columns that
	// have any.
	literal map[string]Bitmap
	// objects and paths are what Block.Objects and Block.Paths hold.
	objects, paths Bitmap
}

// useKnownExact fills b.Exact and the Literal bitmaps of b's string
// columns, and with paths b.Objects and b.Paths, from what an earlier
// decoding learnt.
func (r *blockReader) useKnownExact(b *Block, known *ExactRows, paths bool) {
	n := r.h.rows
	b.Exact = NewBitmap(n)
	for i := range b.Exact {
		b.Exact[i] = ^uint64(0)
	}
	if rem := n & 63; rem != 0 {
		b.Exact[len(b.Exact)-1] = 1<<uint(rem) - 1
	}
	for i := range b.Fields {
		if c := &b.Fields[i]; c.Type == TypeString {
			if c.Literal = known.literal[c.Name]; c.Literal == nil {
				c.Literal = NewBitmap(n)
			}
		}
	}
	if paths {
		b.Objects, b.Paths = known.objects, known.paths
	}
	b.ExactRows = known
}
