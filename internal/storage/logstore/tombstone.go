package logstore

import "maps"

// Deletes are tombstones: a group or stream and a Seq watermark. A
// tombstone deletes the rows of its group or stream whose Seq is below the
// watermark, in memory at once and in parts as they are read, until merges
// have rewritten every part holding such rows. Each tombstone has an
// epoch, from one store-wide counter; a part records the epoch its rows
// reflect (part.clean), so a tombstone of an older epoch is known to be
// already applied to it.

// groupTombs holds the tombstones of one group. A value is never modified
// once published: updates build a new one, so a reader can keep using the
// one it took.
type groupTombs struct {
	// below is the group tombstone's watermark, 0 when there is none.
	below   uint64
	epoch   uint64
	streams map[int64]tomb
}

// tomb is one stream tombstone.
type tomb struct {
	below, epoch uint64
}

// deleted reports whether the row of stream with seq is deleted. Applied to
// a batch's first Seq it tells whether the batch is deleted: a batch takes
// its Seqs at once, so a tombstone deletes it whole or not at all.
func (t *groupTombs) deleted(stream int64, seq uint64) bool {
	if t == nil {
		return false
	}
	if seq < t.below {
		return true
	}
	st, ok := t.streams[stream]
	return ok && seq < st.below
}

// withGroup returns t with a group tombstone, dropping the stream
// tombstones it subsumes.
func (t *groupTombs) withGroup(below, epoch uint64) *groupTombs {
	n := &groupTombs{below: below, epoch: epoch}
	if t != nil {
		n.below = max(n.below, t.below)
		for id, st := range t.streams {
			if st.below > n.below {
				if n.streams == nil {
					n.streams = make(map[int64]tomb)
				}
				n.streams[id] = st
			}
		}
	}
	return n
}

// withStream returns t with a stream tombstone.
func (t *groupTombs) withStream(stream int64, below, epoch uint64) *groupTombs {
	n := &groupTombs{}
	if t != nil {
		*n = *t
		n.streams = maps.Clone(t.streams)
	}
	if below <= n.below {
		return n
	}
	if n.streams == nil {
		n.streams = make(map[int64]tomb)
	}
	if old, ok := n.streams[stream]; ok {
		below = max(below, old.below)
	}
	n.streams[stream] = tomb{below: below, epoch: epoch}
	return n
}

// dirties reports whether a tombstone of t may delete rows of p that p
// still holds.
func (t *groupTombs) dirties(p *part) bool {
	if t == nil {
		return false
	}
	if t.below > 0 && dirtiedBy(p, t.below, t.epoch, 0, false) {
		return true
	}
	for id, st := range t.streams {
		if dirtiedBy(p, st.below, st.epoch, id, true) {
			return true
		}
	}
	return false
}

// dirtiedBy reports whether a tombstone (of one stream when isStream) may
// delete rows p still holds: it is newer than p's rows, p has rows below
// its watermark, and, for a stream, p's streams may include it.
func dirtiedBy(p *part, below, epoch uint64, stream int64, isStream bool) bool {
	return epoch > p.clean && p.meta.minSeq < below &&
		(!isStream || stream >= p.meta.minStream && stream <= p.meta.maxStream)
}

// deletesPart reports whether every row of p is deleted.
func (t *groupTombs) deletesPart(p *part) bool {
	if t == nil {
		return false
	}
	if p.meta.maxSeq < t.below {
		return true
	}
	st, ok := t.streams[p.meta.minStream]
	return ok && p.meta.minStream == p.meta.maxStream && p.meta.maxSeq < st.below
}

// collect returns t without the tombstones that are no longer needed: those
// whose rows are all below the flushed watermark (so none is in a memtable,
// in flight, or replayed from the WAL) and that dirty none of the group's
// parts. It returns nil when none is left.
func (t *groupTombs) collect(parts []*part, watermark uint64) *groupTombs {
	dirty := func(below, epoch uint64, stream int64, isStream bool) bool {
		if below > watermark {
			return true
		}
		for _, p := range parts {
			if dirtiedBy(p, below, epoch, stream, isStream) {
				return true
			}
		}
		return false
	}
	n := &groupTombs{}
	if t.below > 0 && dirty(t.below, t.epoch, 0, false) {
		n.below, n.epoch = t.below, t.epoch
	}
	for id, st := range t.streams {
		if dirty(st.below, st.epoch, id, true) {
			if n.streams == nil {
				n.streams = make(map[int64]tomb)
			}
			n.streams[id] = st
		}
	}
	if n.below == 0 && len(n.streams) == 0 {
		return nil
	}
	return n
}
