package exec

// row is one row flowing through the pipeline. Rows read from a log event
// keep a pointer to it and read system and discovered fields lazily; rows
// made by stats, pattern and the like have no event.
type row struct {
	ev  *Event
	seq int64 // arrival order of the event, or the output position of a stats row
	// sub orders the rows unnest makes from one event: 20 bits per
	// element index, per unnest.
	sub int64
	// set holds fields assigned by the query; an assignment replaces the
	// earlier value, and a null entry hides a discovered field.
	set []field
	// disc holds the fields discovered in the event's message, filled on
	// first use.
	disc       []field
	discovered bool
	// aggs holds aggregate results while stats evaluates its items.
	aggs []Value
	// times holds, for a pattern row, the timestamps of its events, which
	// anomaly needs.
	times  []int64
	limits *discoveryLimits
}

type field struct {
	name string
	v    Value
}

// discoveryLimits caps how many fields discovery extracts from one event.
type discoveryLimits struct {
	maxFields int
}

func (r *row) reset(ev *Event, seq int64) {
	r.ev = ev
	r.seq = seq
	r.sub = 0
	r.set = r.set[:0]
	r.disc = r.disc[:0]
	r.discovered = false
	r.aggs = nil
	r.times = nil
}

// get returns a field's value: an assigned value first, then a system
// field of the event, then a field discovered in its message.
func (r *row) get(name string) Value {
	for i := len(r.set) - 1; i >= 0; i-- {
		if r.set[i].name == name {
			return r.set[i].v
		}
	}
	if r.ev == nil {
		return null
	}
	switch name {
	case "@timestamp":
		return timeValue(r.ev.Timestamp)
	case "@message":
		return strValue(r.ev.Message)
	case "@logStream":
		return strValue(r.ev.LogStream)
	case "@log":
		return strValue(r.ev.LogGroup)
	case "@ingestionTime":
		return timeValue(r.ev.IngestionTime)
	case "@ptr":
		return strValue(r.ev.ptr())
	}
	if !r.discovered {
		r.discovered = true
		max := defaultMaxDiscoveredFields
		if r.limits != nil {
			max = r.limits.maxFields
		}
		r.disc = discover(r.disc[:0], r.ev.Message, max)
	}
	for i := range r.disc {
		if r.disc[i].name == name {
			return r.disc[i].v
		}
	}
	return null
}

// assign sets a field, replacing an earlier assignment of the same name.
func (r *row) assign(name string, v Value) {
	for i := range r.set {
		if r.set[i].name == name {
			r.set[i].v = v
			return
		}
	}
	r.set = append(r.set, field{name: name, v: v})
}

// clone copies the row so the copy can outlive the scratch row it came from.
func (r *row) clone() *row {
	c := &row{ev: r.ev, seq: r.seq, sub: r.sub, discovered: r.discovered, limits: r.limits, times: r.times}
	if len(r.set) > 0 {
		c.set = append([]field(nil), r.set...)
	}
	if len(r.disc) > 0 {
		c.disc = append([]field(nil), r.disc...)
	}
	return c
}
