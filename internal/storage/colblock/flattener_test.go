package colblock

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// flattenerMessages mix the shapes a block holds: JSON logs of one format
// with leaves that skeletons cut and leaves they cannot, Lambda lines,
// plain text and JSON that is not valid.
var flattenerMessages = []string{
	`{"level":"info","status":200,"ms":12.5,"ok":true,"err":null,"extra":{"user":"a@b.c","tags":["x","y"]}}`,
	`{"level":"warn","status":503,"ms":1e3,"ok":false,"err":"time\"out","extra":{"user":"\u00e9","tags":[]}}`,
	`{"level":"info","status":200,"ms":12.50,"ok":true,"err":null,"extra":{"user":"a@b.c","tags":["x","y"]}}`,
	"2024-05-01T12:51:30.123Z\tc0ffee-11\tINFO\t{\"msg\":\"hi\",\"n\":1}",
	"2024-05-01T12:51:30.123Z\tid\tINFO\tplain text",
	"GET /index.html 200",
	`{"a":1,"a":2}`,
	`{}`,
	`{"e":[],"o":{}}`,
	`{"a":1`,
	`  {"@timestamp":"x","a":{"@b":9223372036854775808}}  `,
	"",
}

// checkFlattener holds Flattener to FlattenJSON: a block of the rows it
// flattened, which have no fields of their own, must be byte for byte
// NewBlock's of the rows with FlattenJSON's fields.
func checkFlattener(t *testing.T, msgs []string) {
	t.Helper()
	want := make([]Row, len(msgs))
	got := make([]Row, len(msgs))
	for i, m := range msgs {
		want[i] = jsonRow(1, int64(1000+i), uint64(i), m)
		got[i] = event(1, int64(1000+i), uint64(i), m)
	}
	var fl Flattener
	// Twice, so that the second pass runs on the buffers of the first.
	for pass := range 2 {
		fl.Flatten(got)
		if a, b := NewBlock(want).Marshal(nil), fl.NewBlock(got).Marshal(nil); !bytes.Equal(a, b) {
			t.Fatalf("pass %d: the block of a Flattener's rows differs from NewBlock's (%d and %d bytes)", pass, len(b), len(a))
		}
	}
}

func TestFlattener(t *testing.T) {
	checkFlattener(t, flattenerMessages)
	// Many rows of one format, as a flushed block has them.
	var msgs []string
	for i := range 500 {
		msgs = append(msgs, fmt.Sprintf(`{"level":"info","i":%d,"user":"u%d@x.io","ms":%d.%d}`, i, i%7, i, i%10))
	}
	checkFlattener(t, msgs)
}

// TestFlattenerNewBlockOtherRows checks that a block of rows other than the
// ones flattened last parses its messages itself.
func TestFlattenerNewBlockOtherRows(t *testing.T) {
	var fl Flattener
	rows := []Row{event(1, 1, 1, `{"a":"x"}`), event(1, 2, 2, `{"a":"y"}`)}
	fl.Flatten(rows)
	other := []Row{jsonRow(1, 1, 1, `{"b":"z"}`)}
	if a, b := NewBlock(other).Marshal(nil), fl.NewBlock(other).Marshal(nil); !bytes.Equal(a, b) {
		t.Fatal("a block of other rows took the Flattener's leaves")
	}
	// As many rows as were flattened, but others.
	others := []Row{jsonRow(1, 1, 1, `{"b":"z"}`), jsonRow(1, 2, 2, `{"c":1}`)}
	if a, b := NewBlock(others).Marshal(nil), fl.NewBlock(others).Marshal(nil); !bytes.Equal(a, b) {
		t.Fatal("a block of as many other rows took the Flattener's leaves")
	}
}

// FuzzFlattener checks Flattener against FlattenJSON on blocks of the
// lines of its input.
func FuzzFlattener(f *testing.F) {
	f.Add(strings.Join(flattenerMessages, "\n"))
	f.Add(`{"a":{"b":[1,"x",null,true]},"c":"\u00e9\n"}` + "\n" + `{"a":{"b":[2,"y",null,false]},"c":"z"}`)
	f.Fuzz(func(t *testing.T, in string) {
		msgs := strings.Split(in, "\n")
		if len(msgs) > 64 {
			msgs = msgs[:64]
		}
		checkFlattener(t, msgs)
	})
}

// TestFlattenerSharesInterleavedNames gives a Flattener rows of two log
// formats and plain text taking turns: each format's names must be kept
// once, so that NewBlock knows the format of a row by where its names
// start, and the block must still be NewBlock's.
func TestFlattenerSharesInterleavedNames(t *testing.T) {
	formats := []string{
		`{"level":"info","extra":{"user":"x"}}`,
		"2024-05-01T12:51:30.123Z\tid\tINFO\t{\"msg\":\"hi\",\"n\":1}",
		"GET /index.html 200",
	}
	var msgs []string
	for i := range 30 {
		msgs = append(msgs, formats[i%len(formats)])
	}
	rows := make([]Row, len(msgs))
	for i, m := range msgs {
		rows[i] = event(1, int64(1000+i), uint64(i), m)
	}
	var f Flattener
	f.Flatten(rows)
	if want := len("level" + "extra.user" + "@requestId" + "msg" + "n"); len(f.names) != want {
		t.Errorf("names hold %d bytes (%q), want %d", len(f.names), f.names, want)
	}
	checkFlattener(t, msgs)
}
