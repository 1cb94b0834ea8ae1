package logstore

import (
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// projection is the columns a scan fills.
type projection struct {
	set              colblock.ColumnSet
	messages, ingest bool
	allFields        bool
	fields           []string // sorted
	// exact asks for Batch.Exact, and so for the messages of the rows that
	// are not exact.
	exact bool
}

func newProjection(spec *model.ScanSpec) *projection {
	p := &projection{set: colblock.ColumnSet{Streams: true, Timestamps: true, Seqs: true}}
	if spec.AllColumns {
		p.messages, p.ingest, p.allFields = true, true, true
	} else {
		for _, name := range spec.Columns {
			switch name {
			case model.ColumnMessage:
				p.messages = true
			case model.ColumnIngestionTime:
				p.ingest = true
			default:
				p.fields = append(p.fields, name)
			}
		}
		slices.Sort(p.fields)
		p.fields = slices.Compact(p.fields)
	}
	p.exact = spec.Exact
	p.set.Messages, p.set.IngestionTimes = p.messages, p.ingest
	p.set.AllFields, p.set.Fields, p.set.Exact = p.allFields, p.fields, p.exact
	p.set.Contains = spec.Terms
	p.set.CodedStrings = spec.CodedStrings
	return p
}

func (p *projection) wantsFields() bool { return p.allFields || len(p.fields) > 0 }

func (p *projection) wantsField(name string) bool {
	if p.allFields {
		return true
	}
	_, ok := slices.BinarySearch(p.fields, name)
	return ok
}

// toBatch returns the projected columns of a complete or projected block
// as a batch; the batch shares the block's slices. rawBytes estimates the
// size of the block's messages when they are not all decoded.
func toBatch(group int64, b *colblock.Block, p *projection, rawBytes int64) *model.Batch {
	out := &model.Batch{GroupID: group, Timestamps: b.Timestamps, StreamIDs: b.Streams, Seqs: b.Seqs, Exact: b.Exact}
	if p.ingest {
		out.IngestionTimes = b.IngestionTimes
	}
	if p.messages || p.exact {
		out.Messages = b.Messages
	}
	if b.Messages != nil && (p.messages || b.Exact == nil) {
		rawBytes = 0
		for _, m := range b.Messages {
			rawBytes += int64(len(m))
		}
	}
	out.MessageBytes = rawBytes
	for i := range b.Fields {
		f := &b.Fields[i]
		if !p.wantsField(f.Name) {
			continue
		}
		out.Fields = append(out.Fields, model.FieldColumn{
			Name:    f.Name,
			Type:    fieldType(f.Type),
			Present: f.Present,
			Null:    f.Null,
			Strings: f.Strings,
			Ints:    f.Ints,
			Floats:  f.Floats,
			Bools:   f.Bools,
			Dict:    f.Dict,
			Codes:   f.Codes,
			Literal: f.Literal,
		})
	}
	return out
}

func fieldType(t colblock.FieldType) model.FieldType {
	switch t {
	case colblock.TypeString:
		return model.FieldString
	case colblock.TypeInt64:
		return model.FieldInt64
	case colblock.TypeFloat64:
		return model.FieldFloat64
	case colblock.TypeBool:
		return model.FieldBool
	}
	return model.FieldNull
}

// selectRows returns a batch of the rows of b listed in keep, in order.
func selectRows(b *model.Batch, keep []int) *model.Batch {
	if len(keep) == b.Len() {
		return b
	}
	out := &model.Batch{
		GroupID:        b.GroupID,
		Timestamps:     gather(b.Timestamps, keep),
		StreamIDs:      gather(b.StreamIDs, keep),
		Seqs:           gather(b.Seqs, keep),
		IngestionTimes: gather(b.IngestionTimes, keep),
		Messages:       gather(b.Messages, keep),
		Exact:          gatherBits(b.Exact, keep),
		MessageBytes:   b.MessageBytes * int64(len(keep)) / int64(max(b.Len(), 1)),
	}
	if b.Exact == nil && b.Messages != nil {
		out.MessageBytes = 0
		for _, m := range out.Messages {
			out.MessageBytes += int64(len(m))
		}
	}
	for i := range b.Fields {
		f := &b.Fields[i]
		c := model.FieldColumn{
			Name:    f.Name,
			Type:    f.Type,
			Present: make([]uint64, (len(keep)+63)/64),
			Null:    make([]uint64, (len(keep)+63)/64),
			Strings: gather(f.Strings, keep),
			Ints:    gather(f.Ints, keep),
			Floats:  gather(f.Floats, keep),
			Bools:   gather(f.Bools, keep),
			Dict:    f.Dict,
			Codes:   gather(f.Codes, keep),
			Literal: gatherBits(f.Literal, keep),
		}
		seen := false
		for j, r := range keep {
			if f.Has(r) {
				c.Present[j>>6] |= 1 << (uint(j) & 63)
				seen = true
			}
			if f.IsNull(r) {
				c.Null[j>>6] |= 1 << (uint(j) & 63)
			}
		}
		// A column none of the kept rows has is left out, as a block
		// leaves out fields none of its rows has.
		if seen {
			out.Fields = append(out.Fields, c)
		}
	}
	return out
}

// gather returns vals[keep[0]], vals[keep[1]], …; nil for a nil column.
func gather[T any](vals []T, keep []int) []T {
	if vals == nil {
		return nil
	}
	out := make([]T, len(keep))
	for j, r := range keep {
		out[j] = vals[r]
	}
	return out
}

// gatherBits returns the bitmap of the rows keep lists, renumbered in
// order; nil for a nil bitmap.
func gatherBits(bits []uint64, keep []int) []uint64 {
	if bits == nil {
		return nil
	}
	out := make([]uint64, (len(keep)+63)/64)
	for j, r := range keep {
		if bits[r>>6]&(1<<(uint(r)&63)) != 0 {
			out[j>>6] |= 1 << (uint(j) & 63)
		}
	}
	return out
}
