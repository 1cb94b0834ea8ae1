package exec

import (
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

// row is one row flowing through the pipeline. Rows read from a log event
// keep a pointer to it and read system and discovered fields lazily; rows
// made by stats, pattern and the like have no event.
type row struct {
	ev *Event
	// copyEv says ev is a worker's scratch event, which a kept row copies.
	copyEv bool
	seq    int64 // arrival order of the event, or the output position of a stats row
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
// field of the event, then a field of the event's columns or discovered in
// its message.
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
	if fc := r.ev.Fields; fc != nil && (r.limits == nil || r.limits.maxFields >= defaultMaxDiscoveredFields) {
		if v, ok := fc.lookup(r.ev.Row, name); ok {
			return v
		}
	}
	return r.discoveredField(name)
}

// discoveredField returns a field discovered in the event's message, or
// null.
func (r *row) discoveredField(name string) Value {
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

// fieldGetter returns r.get(name) for one name, quicker: it knows at
// compile time whether name is a system field, and remembers where the
// last event's columns keep it. Like every evaluator, it is used by one
// goroutine.
func fieldGetter(name string) evalFn {
	if name == "@timestamp" {
		return func(r *row) Value {
			if len(r.set) == 0 && r.ev != nil {
				return timeValue(r.ev.Timestamp)
			}
			return r.get(name)
		}
	}
	if name == "@message" {
		return func(r *row) Value {
			if len(r.set) == 0 && r.ev != nil {
				return strValue(r.ev.Message)
			}
			return r.get(name)
		}
	}
	if syntax.IsSystemField(name) {
		return func(r *row) Value { return r.get(name) }
	}
	single := isSingleAt(name)
	var (
		last *FieldColumns
		col  *model.FieldColumn
		ours bool // name is one of last's names
	)
	return func(r *row) Value {
		for i := len(r.set) - 1; i >= 0; i-- {
			if r.set[i].name == name {
				return r.set[i].v
			}
		}
		ev := r.ev
		if ev == nil {
			return null
		}
		if fc := ev.Fields; fc != nil && (r.limits == nil || r.limits.maxFields >= defaultMaxDiscoveredFields) {
			if fc != last {
				var i int
				last = fc
				i, ours = slices.BinarySearch(fc.names, name)
				if col = nil; ours && !single {
					col = fc.cols[i]
				}
			}
			if ours && fc.batch.IsExact(ev.Row) {
				if col == nil || !col.Has(ev.Row) || col.IsNull(ev.Row) {
					return null
				}
				return columnValue(col, ev.Row)
			}
		}
		return r.discoveredField(name)
	}
}

// assigned returns a field's assigned value, or null.
func (r *row) assigned(name string) Value {
	for i := len(r.set) - 1; i >= 0; i-- {
		if r.set[i].name == name {
			return r.set[i].v
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

// assignAfter is assign for a name that none of r.set past its first n
// entries holds: only those n are searched.
func (r *row) assignAfter(n int, name string, v Value) {
	for i := range r.set[:n] {
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
	if r.copyEv && r.ev != nil {
		ev := *r.ev
		c.ev = &ev
	}
	if len(r.set) > 0 {
		c.set = append([]field(nil), r.set...)
	}
	if len(r.disc) > 0 {
		c.disc = append([]field(nil), r.disc...)
	}
	return c
}
