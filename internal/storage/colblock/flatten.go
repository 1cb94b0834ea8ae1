package colblock

import (
	"bytes"
	"strconv"
	"sync"
)

var walkerPool = sync.Pool{New: func() any { return new(jsonWalker) }}

// FlattenJSON appends the leaves of a JSON-object message to dst as fields,
// in document order, the way CloudWatch Logs Insights discovers them: nested
// objects give dotted names (extra.user_email), array elements their index
// (items.0.id), and a top-level name that starts with @ gets a second @. A
// Lambda line "time\trequestId\tLEVEL\t{...}" gives @requestId and the
// leaves of its JSON object. Numbers become int64 when they are integers
// that fit, float64 when they parse, and otherwise keep their text as a
// string. At most 1000 leaves are extracted; names longer than
// MaxFieldNameLen are skipped. Any other message, including invalid or too
// deeply nested JSON, adds nothing.
//
// String values and names may share memory with message.
func FlattenJSON(message string, dst []Field) []Field {
	w := walkerPool.Get().(*jsonWalker)
	defer func() {
		w.s = "" // do not keep message alive in the pool
		walkerPool.Put(w)
	}()
	if !w.walk(message) {
		return dst
	}
	names := string(w.names)
	var buf []byte
	for i := range w.leaves {
		l := &w.leaves[i]
		if l.kind != leafPrefixTimestamp {
			dst = append(dst, Field{Name: names[l.nameStart:l.nameEnd], Value: leafValue(message[l.start:l.end], l, &buf)})
		}
	}
	return dst
}

// Flattener finds the leaves of many rows' messages, as FlattenJSON does,
// and keeps where each lies: a block of those rows then takes its field
// columns straight from the leaves, with no Field per row in between, and
// cuts its message skeletons without parsing the messages a second time.
// It is reused across blocks.
type Flattener struct {
	walker jsonWalker
	// leaves are those of every row, their name spans in names; row r's
	// are leaves[ends[r-1]:ends[r]], none when its message is not JSON.
	leaves []jsonLeaf
	names  []byte
	ends   []int
	buf    []byte
	// nameText is names as one string, which the fields' names share.
	nameText string
	// first is the first of the rows flattened last, to know them again.
	first *Row
}

// recentLayouts is how many sets of leaf names Flatten shares among the
// rows that follow: a stream's lines come in a few formats (JSON logs,
// Lambda lines, access-log lines), interleaved.
const recentLayouts = 4

// Flatten finds and keeps the leaves of each row's message, for NewBlock.
func (f *Flattener) Flatten(rows []Row) {
	f.leaves, f.names, f.ends = f.leaves[:0], f.names[:0], f.ends[:0]
	f.first = nil
	if len(rows) > 0 {
		f.first = &rows[0]
	}
	// Rows of one log format name the same leaves: a row whose names are
	// those of one of the last few formats shares them, so that its
	// fields' names are the same strings, which compare equal without
	// reading their bytes, and NewBlock knows the format by where its
	// names start.
	var recent [recentLayouts]struct{ start, end int }
	next := 0
	w := &f.walker
	for r := range rows {
		// The walker appends the row's leaves to the block's.
		w.leaves, w.kept = f.leaves, len(f.leaves)
		if w.walk(rows[r].Message) {
			base := -1
			for _, l := range recent {
				if l.end-l.start == len(w.names) && bytes.Equal(f.names[l.start:l.end], w.names) {
					base = l.start
					break
				}
			}
			if base < 0 {
				base = len(f.names)
				f.names = append(f.names, w.names...)
				recent[next] = struct{ start, end int }{base, len(f.names)}
				next = (next + 1) % recentLayouts
			}
			f.leaves = w.leaves
			if base > 0 {
				for i := w.kept; i < len(f.leaves); i++ {
					f.leaves[i].nameStart += base
					f.leaves[i].nameEnd += base
				}
			}
		}
		f.ends = append(f.ends, len(f.leaves))
	}
	// Other callers of the walker see each message's leaves alone.
	w.leaves, w.kept = nil, 0
	w.s = "" // do not keep the last message alive
	// One string for the names of every row rather than one per row.
	f.nameText = string(f.names)
}

// NewBlock is NewBlock of the rows Flatten has just flattened, unchanged,
// as if each had FlattenJSON of its message as its Fields, whatever Fields
// they hold; Marshal then takes the leaves of their messages from f, which
// must not be reused before the block is marshalled. A block of other
// rows is NewBlock's.
func (f *Flattener) NewBlock(rows []Row) *Block {
	if len(rows) == 0 || len(rows) != len(f.ends) || &rows[0] != f.first {
		return NewBlock(rows)
	}
	n := len(rows)
	b := newBuiltBlock(n)
	fs := newFieldsBuilder(n)
	start := 0
	for r := range rows {
		b.setRow(r, &rows[r])
		msg := rows[r].Message
		if start < f.ends[r] {
			fs.layout(f.leaves[start].nameStart)
		}
		j := 0
		for i := start; i < f.ends[r]; i++ {
			l := &f.leaves[i]
			if l.kind == leafPrefixTimestamp {
				continue
			}
			if v := fs.slot(r, j, f.nameText[l.nameStart:l.nameEnd]); v != nil {
				setLeafValue(v, msg[l.start:l.end], l, &f.buf)
			}
			j++
		}
		start = f.ends[r]
	}
	b.setFields(fs.order, n)
	b.flat = f
	return b
}

// rowLeaves returns the leaves of row r's message and the names they
// point into; ok is false when it has none, as a message that is not JSON.
// (A JSON message without leaves has no skeleton to cut either.)
func (f *Flattener) rowLeaves(r int) (leaves []jsonLeaf, names []byte, ok bool) {
	start := 0
	if r > 0 {
		start = f.ends[r-1]
	}
	leaves = f.leaves[start:f.ends[r]]
	return leaves, f.names, len(leaves) > 0
}

// leafValue converts the raw text of leaf l to its value; *buf is scratch
// for unescaping.
func leafValue(raw string, l *jsonLeaf, buf *[]byte) Value {
	var v Value
	setLeafValue(&v, raw, l, buf)
	return v
}

// setLeafValue sets *v, all of it, to leafValue of raw. It writes v field
// by field: a Value returned and then copied whole made the processor wait
// for the copy's load, which spans several smaller stores of the result.
func setLeafValue(v *Value, raw string, l *jsonLeaf, buf *[]byte) {
	v.Str, v.Int, v.Float, v.Bool = "", 0, 0, false
	switch l.kind {
	case leafString:
		v.Type, v.Str = TypeString, raw[1:len(raw)-1]
		if l.escaped {
			*buf = appendUnescaped((*buf)[:0], v.Str)
			v.Str = string(*buf)
		}
	case leafNumber:
		if !l.fraction {
			if i, err := strconv.ParseInt(raw, 10, 64); err == nil {
				v.Type, v.Int = TypeInt64, i
				return
			}
		} else if f, err := strconv.ParseFloat(raw, 64); err == nil {
			v.Type, v.Float = TypeFloat64, f
			return
		}
		// Too large to keep exactly: keep the digits.
		v.Type, v.Str = TypeString, raw
	case leafTrue, leafFalse:
		v.Type, v.Bool = TypeBool, l.kind == leafTrue
	case leafNull:
		v.Type = TypeNull
	default:
		v.Type, v.Str = TypeString, raw
	}
}
