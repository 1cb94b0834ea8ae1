package metricstore

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
)

// Series live in pages of pageSize records indexed by series id. Ids are
// handed out in increasing order and never reused, so a page whose series
// have all been deleted is freed, and postings lists stay sorted by
// appending.
const (
	pageShift = 10
	pageSize  = 1 << pageShift
	// listFlag marks a term value that indexes lists rather than holding
	// the one series id of the term.
	listFlag = 1 << 31
	// maxSeriesID bounds ids so that they never collide with listFlag.
	maxSeriesID = listFlag - 1
)

// Term kinds of the inverted index. Every term is scoped to an account.
const (
	termAccount   = 'a' // account → series
	termNamespace = 'n' // account, namespace → series
	termMetric    = 'm' // account, namespace, metric name → series
	termDimName   = 'd' // account, dimension name → series
	termDimValue  = 'v' // account, dimension name, value → series
)

type page struct {
	series [pageSize]series
	live   int
}

// index maps series keys to series ids and holds the series records and
// the inverted index of ListMetrics.
//
// A series key is kept in memory in an interned form:
//
//	key := uvarint(scope) uvarint(metric) uvarint(ndims) { uvarint(name) uvarint(len) value }*
//
// where scope, metric and name are ids of interned strings (scope is
// "account\x00namespace") and dimensions are sorted by name.
//
// Terms map to postings: a term with one series holds its id directly,
// others an index into lists. Keys and terms live in hashTables: keys are
// told apart by comparing the series' key; terms whose hashes collide share
// postings, which only adds candidates that matching removes.
//
// mu guards every field. The key of a series record is written and cleared
// under mu (write side); the rest of the record is the series lock's.
type index struct {
	mu     sync.RWMutex
	seed   maphash.Seed
	keys   hashTable // key hash → series id
	strs   []string
	strIDs map[string]uint32
	terms  hashTable // term hash → series id, or list index | listFlag
	lists  [][]uint32
	free   []uint32 // unused slots of lists
	pages  []*page
	nextID uint32
	live   int
}

func newIndex() *index {
	return &index{seed: maphash.MakeSeed(), strIDs: make(map[string]uint32)}
}

// get returns the record of series id, or nil when its page is gone. The
// record is live when its key is not empty. Caller holds mu.
func (x *index) get(id uint32) *series {
	p := int(id >> pageShift)
	if p >= len(x.pages) || x.pages[p] == nil {
		return nil
	}
	return &x.pages[p].series[id&(pageSize-1)]
}

// intern returns the id of s, adding it when create is set (mu held for
// writing).
func (x *index) intern(s string, create bool) (uint32, bool) {
	if id, ok := x.strIDs[s]; ok {
		return id, true
	}
	if !create {
		return 0, false
	}
	s = strings.Clone(s)
	id := uint32(len(x.strs))
	x.strs = append(x.strs, s)
	x.strIDs[s] = id
	return id, true
}

// appendKey appends the interned key of k (normalized) to dst. Without
// create it fails when a string is not interned, which means the series
// does not exist.
func (x *index) appendKey(dst []byte, k *SeriesKey, create bool) ([]byte, bool) {
	var c idCache
	return x.appendKeyWith(dst, k, create, &c)
}

// idCache holds the interned ids of the strings of the keys appendKeyWith
// encoded last, by their place in the key: the keys of one batch mostly
// share their account, namespace, metric name and dimension names, which
// are then looked up once. Ids never change, so a cache stays right for as
// long as it lives; it holds on to the strings, so it lives for one call.
type idCache struct {
	account, namespace, metric string
	scope, metricID            uint32
	haveScope, haveMetric      bool
	names                      [maxDimensions]string
	nameIDs                    [maxDimensions]uint32
	nnames                     int // names[:nnames] are filled
}

// appendKeyWith is appendKey with the string ids remembered in c.
func (x *index) appendKeyWith(dst []byte, k *SeriesKey, create bool, c *idCache) ([]byte, bool) {
	if !c.haveScope || k.AccountID != c.account || k.Namespace != c.namespace {
		scope, ok := x.internScope(k.AccountID, k.Namespace, create)
		if !ok {
			return dst, false
		}
		c.account, c.namespace, c.scope, c.haveScope = k.AccountID, k.Namespace, scope, true
	}
	if !c.haveMetric || k.MetricName != c.metric {
		metric, ok := x.intern(k.MetricName, create)
		if !ok {
			return dst, false
		}
		c.metric, c.metricID, c.haveMetric = k.MetricName, metric, true
	}
	dst = binary.AppendUvarint(dst, uint64(c.scope))
	dst = binary.AppendUvarint(dst, uint64(c.metricID))
	dst = binary.AppendUvarint(dst, uint64(len(k.Dimensions)))
	for j, d := range k.Dimensions {
		if j >= c.nnames || c.names[j] != d.Name {
			name, ok := x.intern(d.Name, create)
			if !ok {
				return dst, false
			}
			// Slots run in order, so j ≤ c.nnames here.
			c.names[j], c.nameIDs[j] = d.Name, name
			c.nnames = max(c.nnames, j+1)
		}
		dst = binary.AppendUvarint(dst, uint64(c.nameIDs[j]))
		dst = binary.AppendUvarint(dst, uint64(len(d.Value)))
		dst = append(dst, d.Value...)
	}
	return dst, true
}

func (x *index) internScope(account, namespace string, create bool) (uint32, bool) {
	var buf [12 + 1 + maxNameLen]byte
	s := append(append(append(buf[:0], account...), 0), namespace...)
	if id, ok := x.strIDs[string(s)]; ok {
		return id, true
	}
	return x.intern(string(s), create)
}

func (x *index) hashKey(kb []byte) uint64 { return maphash.Bytes(x.seed, kb) }

// lookup returns the id of the series with interned key kb.
func (x *index) lookup(kb []byte, h uint64) (uint32, bool) {
	var id uint32
	found := false
	x.keys.each(h, func(v uint32) bool {
		if sr := x.get(v); sr != nil && sr.key == string(kb) {
			id, found = v, true
			return false
		}
		return true
	})
	return id, found
}

// insert places a series with the given id and key; ids must increase.
func (x *index) insert(id uint32, key string, h uint64) *series {
	p := int(id >> pageShift)
	for len(x.pages) <= p {
		x.pages = append(x.pages, nil)
	}
	if x.pages[p] == nil {
		x.pages[p] = new(page)
	}
	x.pages[p].live++
	x.live++
	sr := &x.pages[p].series[id&(pageSize-1)]
	*sr = series{key: key}
	x.keys.insert(h, id)
	x.eachTerm(key, func(t uint64) { x.addPosting(t, id) })
	return sr
}

// forget removes series id, whose record has been cleared, from the key
// maps and its page. mu is held for writing.
func (x *index) forget(id uint32, key string) {
	x.keys.remove(x.hashKey([]byte(key)), id)
	p := int(id >> pageShift)
	x.pages[p].live--
	x.live--
	// The page new series go to is kept even when empty.
	if x.pages[p].live == 0 && p != int(x.nextID>>pageShift) {
		x.pages[p] = nil
	}
}

func (x *index) addPosting(t uint64, id uint32) {
	v, ok := x.terms.get(t)
	switch {
	case !ok:
		x.terms.insert(t, id)
	case v&listFlag == 0:
		var li uint32
		if n := len(x.free); n > 0 {
			li, x.free = x.free[n-1], x.free[:n-1]
			x.lists[li] = append(x.lists[li][:0], v, id)
		} else {
			li = uint32(len(x.lists))
			x.lists = append(x.lists, []uint32{v, id})
		}
		x.terms.set(t, li|listFlag)
	default:
		li := v &^ listFlag
		x.lists[li] = append(x.lists[li], id)
	}
}

// removePostings removes ids, ascending, from the postings of term t.
func (x *index) removePostings(t uint64, ids []uint32) {
	v, ok := x.terms.get(t)
	switch {
	case !ok:
	case v&listFlag == 0:
		if _, found := slices.BinarySearch(ids, v); found {
			x.terms.remove(t, v)
		}
	default:
		li := v &^ listFlag
		l := x.lists[li]
		keep := l[:0]
		j := 0
		for _, id := range l {
			for j < len(ids) && ids[j] < id {
				j++
			}
			if j < len(ids) && ids[j] == id {
				continue
			}
			keep = append(keep, id)
		}
		if len(keep) == 0 {
			x.terms.remove(t, v)
			x.lists[li] = nil
			x.free = append(x.free, li)
			return
		}
		x.lists[li] = keep
	}
}

// postings returns the ids of term t in increasing order. The slice must
// not be modified.
func (x *index) postings(t uint64) []uint32 {
	v, ok := x.terms.get(t)
	switch {
	case !ok:
		return nil
	case v&listFlag == 0:
		return []uint32{v}
	default:
		return x.lists[v&^listFlag]
	}
}

// termHash hashes a term of the given kind and parts.
func (x *index) termHash(kind byte, parts ...string) uint64 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	_ = h.WriteByte(kind)
	var lb [binary.MaxVarintLen64]byte
	for _, p := range parts {
		_, _ = h.Write(binary.AppendUvarint(lb[:0], uint64(len(p))))
		_, _ = h.WriteString(p)
	}
	return h.Sum64()
}

// eachTerm calls fn with every term of a series key.
func (x *index) eachTerm(key string, fn func(uint64)) {
	kr := keyReader{s: key}
	scope := x.strs[kr.uvarint()]
	account, namespace, _ := strings.Cut(scope, "\x00")
	metric := x.strs[kr.uvarint()]
	fn(x.termHash(termAccount, account))
	fn(x.termHash(termNamespace, account, namespace))
	fn(x.termHash(termMetric, account, namespace, metric))
	for range kr.uvarint() {
		name := x.strs[kr.uvarint()]
		value := kr.str()
		fn(x.termHash(termDimName, account, name))
		fn(x.termHash(termDimValue, account, name, value))
	}
}

// decodeKey returns the SeriesKey of an interned key. Caller holds mu.
func (x *index) decodeKey(key string) SeriesKey {
	kr := keyReader{s: key}
	account, namespace, _ := strings.Cut(x.strs[kr.uvarint()], "\x00")
	k := SeriesKey{AccountID: account, Namespace: namespace, MetricName: x.strs[kr.uvarint()]}
	if n := kr.uvarint(); n > 0 {
		k.Dimensions = make([]Dimension, n)
		for i := range k.Dimensions {
			k.Dimensions[i].Name = x.strs[kr.uvarint()]
			k.Dimensions[i].Value = strings.Clone(kr.str())
		}
	}
	return k
}

// checkKey validates an interned key read from a snapshot: string ids in
// range, dimensions sorted by name and within limits, nothing left over.
func (x *index) checkKey(key string) bool {
	kr := keyReader{s: key}
	scope, metric, ndims := kr.uvarint(), kr.uvarint(), kr.uvarint()
	if kr.bad || scope >= uint64(len(x.strs)) || metric >= uint64(len(x.strs)) || ndims > maxDimensions {
		return false
	}
	account, namespace, ok := strings.Cut(x.strs[scope], "\x00")
	if !ok || len(account) != 12 || len(namespace) == 0 || len(namespace) > maxNameLen {
		return false
	}
	if m := x.strs[metric]; len(m) == 0 || len(m) > maxNameLen {
		return false
	}
	prev := ""
	for i := range ndims {
		id := kr.uvarint()
		if kr.bad || id >= uint64(len(x.strs)) {
			return false
		}
		name := x.strs[id]
		value := kr.str()
		if kr.bad || len(name) == 0 || len(name) > maxNameLen || len(value) == 0 || len(value) > maxDimValueLen || (i > 0 && name <= prev) {
			return false
		}
		prev = name
	}
	return !kr.bad && kr.s == ""
}

// keyReader reads the fields of an interned key. On malformed input it
// sets bad and returns zeros.
type keyReader struct {
	s   string
	bad bool
}

func (r *keyReader) uvarint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if len(r.s) == 0 {
			r.bad = true
			return 0
		}
		c := r.s[0]
		r.s = r.s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.bad = true
	return 0
}

func (r *keyReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.s)) {
		r.bad = true
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}
