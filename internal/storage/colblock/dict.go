package colblock

import "encoding/binary"

// The dict encoding suits low-cardinality strings (level, service, message
// skeletons): each distinct value is written once, in order of first
// appearance, and every row stores its index, one byte when the dictionary has
// at most 256 entries.

// maxDictEntries keeps the indexes within three varint bytes.
const maxDictEntries = 1 << 16

// build fills d for vals and returns the encoded size, or false when vals has
// too many distinct values for a dictionary to pay off.
func (d *stringDict) build(vals []string) (int, bool) {
	if d.index == nil {
		d.index = make(map[string]uint32)
	}
	clear(d.index)
	d.entries = d.entries[:0]
	d.ids = d.ids[:0]
	d.complete = false
	d.recent = [recentSlots]dictSlot{}
	limit := min(len(vals)/2, maxDictEntries)
	for i, v := range vals {
		// Neighbouring rows often repeat a value (a stream's lines of one
		// format share a skeleton): comparing with the last is cheaper
		// than hashing.
		if i > 0 && len(v) == len(vals[i-1]) && v == vals[i-1] {
			d.ids = append(d.ids, d.ids[i-1])
			continue
		}
		var slot *dictSlot
		if v != "" {
			slot = &d.recent[recentSlot(v)]
			if slot.ok && len(slot.v) == len(v) && slot.v == v {
				d.ids = append(d.ids, slot.id)
				continue
			}
		}
		id, ok := d.index[v]
		if !ok {
			if len(d.entries) == limit {
				return 0, false
			}
			id = uint32(len(d.entries))
			d.index[v] = id
			d.entries = append(d.entries, v)
		}
		if slot != nil {
			*slot = dictSlot{v: v, id: id, ok: true}
		}
		d.ids = append(d.ids, id)
	}
	d.complete = true
	size := uvarintLen(uint64(len(d.entries))) + plainSize(d.entries)
	if len(d.entries) <= 256 {
		return size + len(d.ids), true
	}
	for _, id := range d.ids {
		size += uvarintLen(uint64(id))
	}
	return size, true
}

// append writes the dictionary size, the entries as plain strings, then one
// index per value.
func (d *stringDict) append(dst []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(d.entries)))
	dst = appendPlainStrings(dst, d.entries)
	if len(d.entries) <= 256 {
		for _, id := range d.ids {
			dst = append(dst, byte(id))
		}
		return dst
	}
	for _, id := range d.ids {
		dst = binary.AppendUvarint(dst, uint64(id))
	}
	return dst
}

func decodeDictStrings(c *cursor, dst []string, bud *budget) {
	ids := make([]uint16, len(dst))
	entries := decodeDict(c, ids, bud, false)
	if c.err != nil {
		return
	}
	for i, id := range ids {
		dst[i] = entries[id]
	}
}

// decodeDict reads a dictionary section of len(ids) values: it returns the
// entries (sharing the cursor's bytes when alias is set) and fills ids with
// each value's entry.
func decodeDict(c *cursor, ids []uint16, bud *budget, alias bool) []string {
	n := c.count("dict size", min(len(ids), maxDictEntries))
	if c.err == nil && n == 0 {
		c.fail("empty dict")
	}
	if c.err != nil {
		return nil
	}
	if err := bud.charge(16*int64(n), "dict entries"); err != nil {
		c.err = err
		return nil
	}
	entries := make([]string, n)
	decodePlainStringsAs(c, entries, bud, alias)
	if c.err != nil {
		return nil
	}
	if n <= 256 {
		raw := c.bytes(len(ids), "dict indexes")
		if c.err != nil {
			return nil
		}
		for i, id := range raw {
			if int(id) >= n {
				c.fail("dict index %d out of %d", id, n)
				return nil
			}
			ids[i] = uint16(id)
		}
		return entries
	}
	// The indexes are the hot loop of every big dictionary (the message
	// templates): one-byte ones take a branch of their own.
	b, pos := c.b, 0
	for i := range ids {
		var id uint64
		if pos < len(b) && b[pos] < 0x80 {
			id = uint64(b[pos])
			pos++
		} else {
			v, k := binary.Uvarint(b[pos:])
			if k <= 0 {
				c.b = b[pos:]
				c.fail("bad varint in dict index")
				return nil
			}
			id, pos = v, pos+k
		}
		if id >= uint64(n) {
			c.fail("dict index %d out of %d", id, n)
			return nil
		}
		ids[i] = uint16(id)
	}
	c.b = b[pos:]
	return entries
}
