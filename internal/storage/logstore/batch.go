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
	p.set.Messages, p.set.IngestionTimes = p.messages, p.ingest
	p.set.AllFields, p.set.Fields = p.allFields, p.fields
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
// as a batch; the batch shares the block's slices.
func toBatch(group int64, b *colblock.Block, p *projection) *model.Batch {
	out := &model.Batch{GroupID: group, Timestamps: b.Timestamps, StreamIDs: b.Streams, Seqs: b.Seqs}
	if p.ingest {
		out.IngestionTimes = b.IngestionTimes
	}
	if p.messages {
		out.Messages = b.Messages
	}
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
