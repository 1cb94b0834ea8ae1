package colblock

import (
	"strconv"
	"strings"
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
		if l.kind == leafPrefixTimestamp {
			continue
		}
		var v Value
		v, buf = leafValue(message[l.start:l.end], l.kind, buf)
		dst = append(dst, Field{Name: names[l.nameStart:l.nameEnd], Value: v})
	}
	return dst
}

// leafValue converts the raw text of a leaf to its value; buf is scratch for
// unescaping.
func leafValue(raw string, kind leafKind, buf []byte) (Value, []byte) {
	switch kind {
	case leafString:
		body := raw[1 : len(raw)-1]
		if strings.IndexByte(body, '\\') < 0 {
			return StringValue(body), buf
		}
		buf = appendUnescaped(buf[:0], body)
		return StringValue(string(buf)), buf
	case leafNumber:
		if !strings.ContainsAny(raw, ".eE") {
			if i, err := strconv.ParseInt(raw, 10, 64); err == nil {
				return IntValue(i), buf
			}
		} else if f, err := strconv.ParseFloat(raw, 64); err == nil {
			return FloatValue(f), buf
		}
		// Too large to keep exactly: keep the digits.
		return StringValue(raw), buf
	case leafTrue:
		return BoolValue(true), buf
	case leafFalse:
		return BoolValue(false), buf
	case leafNull:
		return NullValue(), buf
	}
	return StringValue(raw), buf
}
