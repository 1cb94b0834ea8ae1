package colblock

// A reader that holds a block on storage need not read all of it: a
// version 2 block checks its head and each payload on their own, so a
// query that decodes two columns reads the head and those two payloads.
// The reader reads HeadLen bytes, asks PlanRead which payloads the
// decoding will touch, reads them into the same block-sized buffer, and
// calls Plan.Unmarshal, which fetches the columns messages turn out to
// need. Every payload is checked before it is decoded, so bytes that were
// not read are an error, never a wrong answer.

// Range is a run of a block's bytes, counted from the block's start.
type Range struct {
	Off, Len int
}

// MinHeadRead is the fewest first bytes of a block HeadLen needs.
const MinHeadRead = headPrefixLen

// mergeGap is the largest run of unwanted bytes PlanRead reads rather than
// start another read: a read costs more than copying a few pages.
const mergeGap = 4 << 10

// HeadLen returns how many of the first bytes of a block of size bytes
// PlanRead needs, from prefix, at least its first min(size, MinHeadRead)
// bytes: the head of a version 2 block, all of a version 1 block.
func HeadLen(prefix []byte, size int) (int, error) {
	if size < MinHeadRead || len(prefix) < MinHeadRead {
		return size, nil // too short to be a block: Unmarshal says so
	}
	if string(prefix[:len(blockMagic)]) != blockMagic {
		return 0, corruptf("bad magic")
	}
	switch v := prefix[len(blockMagic)]; v {
	case formatVersion1:
		return size, nil
	case formatVersion2, formatVersion3, formatVersion:
		return headEnd(prefix, size)
	default:
		return 0, corruptf("unsupported format version %d", v)
	}
}

// Plan is what PlanRead makes of a block: the ranges to read, and the
// parsed head, which Unmarshal then need not parse again.
type Plan struct {
	// Ranges are the ranges of the block beyond its first HeadLen bytes
	// that decoding reads, in order and not overlapping.
	Ranges []Range
	h      *header
}

// PlanRead returns the plan of reading the block in src, which holds its
// first HeadLen bytes and is as long as the block, to decode want; nil
// when HeadLen is the whole block. A decoding of the messages may need any
// field column, which only its skeletons tell: the plan reads the message
// column and leaves the other columns to Plan.Unmarshal's fetch, which
// reads them when the decoding first needs one.
func PlanRead(src []byte, want ColumnSet) (*Plan, error) {
	head, err := HeadLen(src, len(src))
	if err != nil || head == len(src) {
		return nil, err
	}
	h, err := parseHeader(src)
	if err != nil {
		return nil, err
	}
	p := &Plan{h: h}
	messages := want.needsMessages()
	var refs []*columnRef
	for i, on := range [numSystemColumns]bool{want.Streams, want.Timestamps, want.IngestionTimes, want.Seqs, messages} {
		if on {
			refs = append(refs, &h.sys[i])
		}
	}
	selected, _ := selectFields(h, want)
	for i, sel := range selected {
		if sel {
			refs = append(refs, &h.fields[i])
		}
	}
	for i := range h.sys {
		h.sys[i].missing = true
	}
	for i := range h.fields {
		h.fields[i].missing = true
	}
	for _, ref := range refs {
		ref.missing = false
	}
	for _, ref := range refs {
		if len(ref.payload) == 0 {
			continue
		}
		if n := len(p.Ranges); n > 0 && ref.offset-(p.Ranges[n-1].Off+p.Ranges[n-1].Len) <= mergeGap {
			p.Ranges[n-1].Len = ref.offset + len(ref.payload) - p.Ranges[n-1].Off
			continue
		}
		p.Ranges = append(p.Ranges, Range{ref.offset, len(ref.payload)})
	}
	return p, nil
}

// Unmarshal is the package's Unmarshal of the planned block, once its
// ranges are read into the buffer the plan was made from, for the want of
// the plan or a part of it. fetch reads the n bytes of the block at off
// into the same place of the buffer, for columns the ranges left out and
// the decoding needs; its errors are returned as they are. Without fetch,
// such a column is an error.
func (p *Plan) Unmarshal(want ColumnSet, fetch func(off, n int) error) (*Block, error) {
	return decode(p.h, want, fetch)
}
