package metricstore

import "sync/atomic"

// series is the record of one series. It lives in a page of the index and
// is guarded by its stripe lock (Store.lock), except key, which the index
// writes under its own lock, and last, which is atomic.
//
// The chunk lists in cold are copy-on-write: an element below a list's
// length is never overwritten, appends go past it and removals build a new
// list. An image (see image) therefore shares them without copying.
type series struct {
	key string
	stream
	// last is one more than the latest datapoint time in seconds, 0 when
	// the series never had a point.
	last uint32
	// epoch is the checkpoint epoch whose snapshot already has this
	// series' image.
	epoch uint32
}

// stream is the data of one unit of a series.
type stream struct {
	head rawHead
	cold *cold
	unit Unit
}

// cold is the sealed data of a stream, allocated when it is first needed.
type cold struct {
	raw   []*rawChunk
	tiers [numTiers][]*rollupChunk
	// extra holds the series' streams of other units; only the first
	// stream's cold has any.
	extra []*stream
}

// lastTime returns the latest datapoint time, or -1.
func (sr *series) lastTime() int64 {
	return int64(atomic.LoadUint32(&sr.last)) - 1
}

// noteTime records a datapoint time.
func (sr *series) noteTime(t int64) {
	if v := uint32(t + 1); v > sr.last {
		atomic.StoreUint32(&sr.last, v)
	}
}

// streamFor returns the stream of unit u, creating it.
func (sr *series) streamFor(u Unit) *stream {
	if sr.unit == u {
		return &sr.stream
	}
	if sr.unit == UnitAny {
		sr.unit = u
		return &sr.stream
	}
	if sr.cold == nil {
		sr.cold = new(cold)
	}
	for _, st := range sr.cold.extra {
		if st.unit == u {
			return st
		}
	}
	st := &stream{unit: u}
	sr.cold.extra = append(sr.cold.extra, st)
	return st
}

// eachStream calls fn for every stream of the series.
func (sr *series) eachStream(fn func(*stream)) {
	if sr.unit == UnitAny {
		return
	}
	fn(&sr.stream)
	if sr.cold != nil {
		for _, st := range sr.cold.extra {
			fn(st)
		}
	}
}

// empty reports whether the series holds no data.
func (sr *series) empty() bool {
	e := true
	sr.eachStream(func(st *stream) { e = e && st.empty() })
	return e
}

// empty reports whether the stream holds no data.
func (st *stream) empty() bool {
	if st.head.n > 0 {
		return false
	}
	if c := st.cold; c != nil {
		if len(c.raw) > 0 {
			return false
		}
		for _, t := range c.tiers {
			if len(t) > 0 {
				return false
			}
		}
	}
	return true
}

// add appends a point, sealing the head first when the point does not fit.
func (st *stream) add(e *entry, m *meters) {
	if !st.head.fits(e.t) {
		st.sealHead(m)
	}
	st.head.append(e)
}

// sealHead seals the head into a raw chunk and its rollups.
func (st *stream) sealHead(m *meters) {
	c := st.head.seal()
	rollups, err := rollupRaw(c)
	if err != nil {
		// The head was encoded by this process a moment ago.
		panic("BUG: cannot decode a sealed head: " + err.Error())
	}
	if st.cold == nil {
		st.cold = new(cold)
	}
	st.cold.raw = append(st.cold.raw, c)
	m.rawChunks.Add(1)
	m.chunkBytes.Add(int64(len(c.b)))
	for k, r := range rollups {
		if r != nil {
			st.cold.tiers[k] = append(st.cold.tiers[k], r)
			m.rollupChunks.Add(1)
			m.chunkBytes.Add(int64(len(r.b)))
		}
	}
}

// meters are the store's gauges of stored data.
type meters struct {
	rawChunks    atomic.Int64
	rollupChunks atomic.Int64
	chunkBytes   atomic.Int64
}

// streamImage is a stream as of one moment: the head's bytes copied, the
// immutable chunks shared.
type streamImage struct {
	unit  Unit
	head  *rawChunk // nil when the head is empty
	raw   []*rawChunk
	tiers [numTiers][]*rollupChunk
}

// seriesImage is a series as of one moment.
type seriesImage struct {
	key     string
	last    uint32
	streams []streamImage
}

// image returns the series as it is now. The caller holds the series lock.
func (sr *series) image() *seriesImage {
	img := &seriesImage{key: sr.key, last: sr.last}
	sr.eachStream(func(st *stream) { img.streams = append(img.streams, st.image()) })
	return img
}

func (st *stream) image() streamImage {
	im := streamImage{unit: st.unit, head: st.head.view()}
	if c := st.cold; c != nil {
		im.raw = c.raw[:len(c.raw):len(c.raw)]
		for k := range c.tiers {
			im.tiers[k] = c.tiers[k][:len(c.tiers[k]):len(c.tiers[k])]
		}
	}
	return im
}
