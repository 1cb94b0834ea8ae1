package colblock

import "unsafe"

// MessageText receives, from MarshalWith, the text of a block's messages
// in pieces, for a caller that indexes their words: each message is the
// concatenation of some of the pieces, and every piece starts and ends at
// the start or end of its message or next to an ASCII byte that is not a
// letter or digit there. The words and the runs of letters and digits of
// the messages are thus those of the pieces. count is how many times the
// piece occurs in the block's messages. text is valid only during the
// call.
//
// The literal text of the skeletons, mostly JSON keys and punctuation, is
// shown once per distinct skeleton rather than once per row.
type MessageText func(text string, count int)

// showText shows the messages of b to text. templated says the
// skeletons of the templater are b's, enc the encoding chosen for them:
// the literals of a dictionary's or a constant's entries are shown once
// with their count, and so are the values of a string column whose
// distinct values its encoding found (see fieldText); the other leaves
// are shown row by row. Rows whose skeleton has a leaf that could join a
// word of its neighbours, and every row when the skeletons are not few,
// are shown whole.
func (e *blockEncoder) showText(b *Block, templated bool, enc encoding, text MessageText) {
	var entries []string
	switch {
	case !templated:
	case enc == encDict:
		entries = e.dict.entries
	case enc == encConst:
		entries = e.tmpl.out[:1]
	}
	if entries == nil {
		for _, m := range b.Messages {
			text(m, 1)
		}
		return
	}
	entryOf := func(r int) int {
		if enc == encConst {
			return 0
		}
		return int(e.dict.ids[r])
	}
	counts := e.textCounts[:0]
	for range entries {
		counts = append(counts, 0)
	}
	for r := range b.Messages {
		counts[entryOf(r)]++
	}
	// Each entry's codes are read out of it once, for all its rows.
	codes, codeEnds := e.textCodes[:0], e.textCodeEnds[:0]
	for i, s := range entries {
		if !separatedLeaves(s) {
			counts[i] = -1
			codeEnds = append(codeEnds, len(codes))
			continue
		}
		for s != "" {
			lit, code, rest, _ := nextPart(s)
			if lit != "" {
				text(lit, counts[i])
			}
			codes = append(codes, code)
			s = rest
		}
		codeEnds = append(codeEnds, len(codes))
	}
	e.textCounts, e.textCodes, e.textCodeEnds = counts, codes, codeEnds
	for r := range b.Messages {
		id := entryOf(r)
		if counts[id] < 0 {
			text(b.Messages[r], 1)
			continue
		}
		start := 0
		if id > 0 {
			start = codeEnds[id-1]
		}
		for _, code := range codes[start:codeEnds[id]] {
			switch {
			case code == codeEnd:
			case code == codeTimestamp:
				e.tmp = appendISOTime(e.tmp[:0], b.Timestamps[r])
				text(bytesString(e.tmp), 1)
			default:
				k := (code - codeFieldBase) / 2
				col := &b.Fields[k]
				quoted := (code-codeFieldBase)%2 == 1
				if ft := e.fieldTextOf(int(k)); ft != nil && !col.Null.Has(r) {
					if quoted {
						ft.quoted[ft.ids[r]]++
					} else {
						ft.plain[ft.ids[r]]++
					}
					continue
				}
				if col.Type == TypeString && !col.Null.Has(r) && (!quoted || !needsEscape(col.Strings[r])) {
					// The value's words are those of its rendering: quotes
					// separate words.
					text(col.Strings[r], 1)
					continue
				}
				e.tmp = appendRendered(e.tmp[:0], col, r, quoted)
				text(bytesString(e.tmp), 1)
			}
		}
	}
	e.showFieldTexts(text)
}

// bytesString is b as a string without a copy, for a callee that keeps
// nothing of it past the call (MessageText).
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// separatedLeaves reports whether every leaf of skeleton s, whatever its
// value, is separated from the text around it by the start or end of the
// message or by an ASCII byte that is no letter or digit: a quoted leaf
// starts and ends with a quote; another needs such a byte at the end of
// the text before it and at the start of the text after it.
func separatedLeaves(s string) bool {
	// before is the last byte before the current part: 0 at the start,
	// '"' after a quoted leaf, 'a' (a word byte) after another leaf.
	before := byte(0)
	for s != "" {
		lit, code, rest, ok := nextPart(s)
		if !ok {
			return false
		}
		s = rest
		if lit != "" {
			if before == 'a' && isWordByte(lit[0]) {
				return false
			}
			before = lit[len(lit)-1]
		}
		switch {
		case code == codeEnd:
			return rest == ""
		case code >= codeFieldBase && (code-codeFieldBase)%2 == 1:
			before = '"'
		default:
			if before != 0 && isWordByte(before) {
				return false
			}
			before = 'a'
		}
	}
	return false
}

// isWordByte reports whether c can be part of a word: an ASCII letter or
// digit, or a byte of a multi-byte character.
func isWordByte(c byte) bool {
	return c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
