package metricstore

// hashTable is an open-addressing hash table from 64-bit hashes to uint32
// values, for the index: a slot is 8 bytes, where a Go map costs about 45
// bytes per entry at a million entries. A slot holds the top 32 bits of the
// hash (its fragment, with the low bit forced to 1 so that no slot is
// zero) and the value; 0 is an empty slot. Slots are found by linear
// probing from the top bits of the hash, and deletion shifts later entries
// back, so there are no tombstones.
//
// Several entries may share a fragment; callers tell them apart by the
// value (the key index does) or do not need to (postings are verified).
type hashTable struct {
	slots []uint64
	n     int
	shift uint // 64 - log2(len(slots))
}

const minHashSlots = 16

func fragment(h uint64) uint64 { return h>>32 | 1 }

// home returns the slot an entry with fragment f starts probing from.
func (t *hashTable) home(f uint64) int { return int(f << 32 >> t.shift) }

// each calls fn with the value of every entry whose fragment matches h's,
// until fn returns false.
func (t *hashTable) each(h uint64, fn func(v uint32) bool) {
	if t.n == 0 {
		return
	}
	f := fragment(h)
	mask := len(t.slots) - 1
	for i := t.home(f); t.slots[i] != 0; i = (i + 1) & mask {
		if t.slots[i]>>32 == f && !fn(uint32(t.slots[i])) {
			return
		}
	}
}

// get returns the value of the first entry matching h.
func (t *hashTable) get(h uint64) (uint32, bool) {
	var v uint32
	found := false
	t.each(h, func(x uint32) bool { v, found = x, true; return false })
	return v, found
}

// insert adds an entry; an entry with the same hash may already be there.
func (t *hashTable) insert(h uint64, v uint32) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.resize(max(2*len(t.slots), minHashSlots))
	}
	t.place(fragment(h)<<32 | uint64(v))
	t.n++
}

func (t *hashTable) place(slot uint64) {
	mask := len(t.slots) - 1
	i := t.home(slot >> 32)
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = slot
}

func (t *hashTable) resize(size int) {
	old := t.slots
	t.slots = make([]uint64, size)
	t.shift = 64
	for s := size; s > 1; s >>= 1 {
		t.shift--
	}
	for _, s := range old {
		if s != 0 {
			t.place(s)
		}
	}
}

// set replaces the value of the first entry matching h, or inserts one.
func (t *hashTable) set(h uint64, v uint32) {
	if t.n > 0 {
		f := fragment(h)
		mask := len(t.slots) - 1
		for i := t.home(f); t.slots[i] != 0; i = (i + 1) & mask {
			if t.slots[i]>>32 == f {
				t.slots[i] = f<<32 | uint64(v)
				return
			}
		}
	}
	t.insert(h, v)
}

// remove deletes the entry matching h with value v, if any.
func (t *hashTable) remove(h uint64, v uint32) {
	if t.n == 0 {
		return
	}
	want := fragment(h)<<32 | uint64(v)
	mask := len(t.slots) - 1
	i := t.home(want >> 32)
	for ; t.slots[i] != want; i = (i + 1) & mask {
		if t.slots[i] == 0 {
			return
		}
	}
	// Shift back the entries after i that may not stay after the hole.
	for j := i; ; {
		j = (j + 1) & mask
		if t.slots[j] == 0 {
			break
		}
		k := t.home(t.slots[j] >> 32)
		var stays bool
		if i <= j {
			stays = i < k && k <= j
		} else {
			stays = i < k || k <= j
		}
		if !stays {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = 0
	t.n--
	if len(t.slots) > minHashSlots && t.n*8 < len(t.slots) {
		t.resize(len(t.slots) / 2)
	}
}
