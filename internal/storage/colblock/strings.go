package colblock

// stringDict is the scratch state of the dict encoding: chooseStringEncoding
// fills it, appendStrings reads it.
type stringDict struct {
	index   map[string]uint32
	entries []string
	ids     []uint32
}

// chooseStringEncoding picks the encoding that writes vals (at least one
// value) in the fewest bytes. When it picks encDict, d holds the dictionary.
func chooseStringEncoding(vals []string, d *stringDict) encoding {
	if allEqualStrings(vals) {
		return encConst
	}
	plain := plainSize(vals)
	if dictSize, ok := d.build(vals); ok && dictSize < plain {
		return encDict
	}
	return encPlain
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
	default:
		c.fail("bad string encoding %d", enc)
	}
}
