package colblock

// A reader that holds a block on storage need not read all of it: a
// version 2 block checks its head and each payload on their own, so a
// query that decodes two columns reads the head and those two payloads.
// The reader reads HeadLen bytes, asks PlanRead which payloads the
// decoding will touch, reads them into the same block-sized buffer, and
// calls Unmarshal on the buffer. A payload that was not read fails its
// checksum, so a plan that missed one is an error, never a wrong answer.

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
	case formatVersion:
		return headEnd(prefix, size)
	default:
		return 0, corruptf("unsupported format version %d", v)
	}
}

// PlanRead returns the ranges of the block in src, beyond its first
// HeadLen bytes (which src must hold), that Unmarshal reads to decode
// want; src is as long as the block. The ranges are in order and do not
// overlap.
func PlanRead(src []byte, want ColumnSet) ([]Range, error) {
	head, err := HeadLen(src, len(src))
	if err != nil || head == len(src) {
		return nil, err
	}
	h, err := parseHeader(src)
	if err != nil {
		return nil, err
	}
	if want.needsMessages() {
		// The messages reference field columns and timestamps anywhere in
		// the block.
		return []Range{{head, len(src) - head}}, nil
	}
	var refs []*columnRef
	for i, on := range [numSystemColumns]bool{want.Streams, want.Timestamps, want.IngestionTimes, want.Seqs, false} {
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
	var out []Range
	for _, ref := range refs {
		if len(ref.payload) == 0 {
			continue
		}
		if n := len(out); n > 0 && ref.offset-(out[n-1].Off+out[n-1].Len) <= mergeGap {
			out[n-1].Len = ref.offset + len(ref.payload) - out[n-1].Off
			continue
		}
		out = append(out, Range{ref.offset, len(ref.payload)})
	}
	return out, nil
}
