package colblock

import "unsafe"

// stringDict is the scratch state of the dict encoding: chooseStringEncoding
// fills it, appendStrings reads it.
type stringDict struct {
	index   map[string]uint32
	entries []string
	ids     []uint32
	// complete is whether the last build saw every value, so that entries
	// are all the distinct ones.
	complete bool
	// recent holds, by a cheap hash of a value's length and end bytes, the
	// last value build met with that hash and its id: most values of a log
	// column are one of a few, found there without hashing their bytes.
	recent [recentSlots]dictSlot
}

const recentSlots = 64

type dictSlot struct {
	v  string
	id uint32
	ok bool
}

// recentSlot returns the slot of non-empty v in recent.
func recentSlot(v string) int {
	return int(uint(len(v))+31*uint(v[0])+131*uint(v[len(v)-1])) % recentSlots
}

// forget drops the values d holds, so that a pooled d keeps no block's
// memory alive.
func (d *stringDict) forget() {
	clear(d.index)
	clear(d.entries[:cap(d.entries)])
	d.recent = [recentSlots]dictSlot{}
}

// chooseStringEncoding picks the encoding that writes vals (at least one
// value) in the fewest bytes. When it picks encDict, d holds the dictionary.
func chooseStringEncoding(vals []string, d *stringDict) encoding {
	if allEqualStrings(vals) {
		return encConst
	}
	best, size := encPlain, plainSize(vals)
	if n, ok := hexSize(vals); ok {
		best, size = encHex, n
	}
	if dictSize, ok := d.build(vals); ok && dictSize < size {
		return encDict
	}
	return best
}

// appendStrings appends vals in encoding enc, as chosen by
// chooseStringEncoding with the same d.
func appendStrings(dst []byte, enc encoding, vals []string, d *stringDict) []byte {
	switch enc {
	case encConst:
		return appendConstStrings(dst, vals)
	case encDict:
		return d.append(dst)
	case encPlain:
		return appendPlainStrings(dst, vals)
	case encHex:
		return appendHexStrings(dst, vals)
	}
	panic("BUG: colblock: appendStrings with encoding " + enc.String())
}

// decodeStrings fills dst with len(dst) values written in encoding enc.
func decodeStrings(c *cursor, enc encoding, dst []string, bud *budget) {
	switch enc {
	case encConst:
		decodeConstStrings(c, dst, bud)
	case encDict:
		decodeDictStrings(c, dst, bud)
	case encPlain:
		decodePlainStrings(c, dst, bud)
	case encHex:
		decodeHexStrings(c, dst, bud)
	default:
		c.fail("bad string encoding %d", enc)
	}
}

// decodeStringIDs reads len(ids) values written in encoding enc as their
// distinct entries, and fills ids with each value's entry, so that a caller
// can work once per distinct value. Plain values are each their own entry.
// The entries share the cursor's bytes, and must be copied to outlive them.
func decodeStringIDs(c *cursor, enc encoding, ids []uint16, bud *budget) []string {
	switch enc {
	case encConst:
		n := c.length("const string")
		b := c.bytes(n, "const string")
		if c.err != nil {
			return nil
		}
		clear(ids)
		return []string{unsafe.String(unsafe.SliceData(b), len(b))}
	case encDict:
		return decodeDict(c, ids, bud, true)
	case encPlain:
		entries := make([]string, len(ids))
		decodePlainStringsAs(c, entries, bud, true)
		for i := range ids {
			ids[i] = uint16(i)
		}
		return entries
	case encHex:
		entries := make([]string, len(ids))
		decodeHexStrings(c, entries, bud)
		for i := range ids {
			ids[i] = uint16(i)
		}
		return entries
	}
	c.fail("bad string encoding %d", enc)
	return nil
}
