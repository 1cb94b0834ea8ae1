package colblock

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// diffBlocks describes the first difference between a and b, or returns "".
// Nil and empty slices are equal; floats compare by bits.
func diffBlocks(a, b *Block) string {
	if d := diffSlices("streams", a.Streams, b.Streams, eq[int64]); d != "" {
		return d
	}
	if d := diffSlices("timestamps", a.Timestamps, b.Timestamps, eq[int64]); d != "" {
		return d
	}
	if d := diffSlices("ingestion times", a.IngestionTimes, b.IngestionTimes, eq[int64]); d != "" {
		return d
	}
	if d := diffSlices("seqs", a.Seqs, b.Seqs, eq[uint64]); d != "" {
		return d
	}
	if d := diffSlices("messages", a.Messages, b.Messages, eq[string]); d != "" {
		return d
	}
	if len(a.Fields) != len(b.Fields) {
		return fmt.Sprintf("%d fields vs %d", len(a.Fields), len(b.Fields))
	}
	for i := range a.Fields {
		x, y := &a.Fields[i], &b.Fields[i]
		switch {
		case x.Name != y.Name:
			return fmt.Sprintf("field %d: name %q vs %q", i, x.Name, y.Name)
		case x.Type != y.Type:
			return fmt.Sprintf("field %q: type %s vs %s", x.Name, x.Type, y.Type)
		case !x.Present.equal(y.Present):
			return fmt.Sprintf("field %q: presence %x vs %x", x.Name, x.Present, y.Present)
		case !x.Null.equal(y.Null):
			return fmt.Sprintf("field %q: nulls %x vs %x", x.Name, x.Null, y.Null)
		}
		name := "field " + x.Name
		for _, d := range []string{
			diffSlices(name, x.Strings, y.Strings, eq[string]),
			diffSlices(name, x.Ints, y.Ints, eq[int64]),
			diffSlices(name, x.Floats, y.Floats, func(p, q float64) bool { return math.Float64bits(p) == math.Float64bits(q) }),
			diffSlices(name, x.Bools, y.Bools, eq[bool]),
		} {
			if d != "" {
				return d
			}
		}
	}
	return ""
}

func eq[T comparable](a, b T) bool { return a == b }

func diffSlices[T any](what string, a, b []T, same func(T, T) bool) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%s: %d values vs %d", what, len(a), len(b))
	}
	for i := range a {
		if !same(a[i], b[i]) {
			return fmt.Sprintf("%s[%d]: %#v vs %#v", what, i, a[i], b[i])
		}
	}
	return ""
}

// roundTrip marshals b, decodes it whole and fails on any difference.
func roundTrip(t testing.TB, b *Block) []byte {
	t.Helper()
	data := b.Marshal(nil)
	got, err := Unmarshal(data, AllColumns())
	if err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if d := diffBlocks(b, got); d != "" {
		t.Fatalf("round trip changed the block: %s", d)
	}
	return data
}

func wantCorruption(t testing.TB, err error) {
	t.Helper()
	if !errors.Is(err, model.ErrCorruption) {
		t.Fatalf("got error %v, want one wrapping model.ErrCorruption", err)
	}
}

// event builds a Row without fields.
func event(stream, ts int64, seq uint64, msg string) Row {
	return Row{StoredEvent: model.StoredEvent{StreamID: stream, Timestamp: ts, IngestionTime: ts + 5, Seq: seq, Message: msg}}
}

// jsonRow builds a Row whose fields are FlattenJSON(msg).
func jsonRow(stream, ts int64, seq uint64, msg string) Row {
	r := event(stream, ts, seq, msg)
	r.Fields = FlattenJSON(msg, nil)
	return r
}
