package logsapi

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/bytepool"
	"github.com/openwatch/openwatch/internal/jsonscan"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type inputLogEvent struct {
	Timestamp *int64  `json:"timestamp"`
	Message   *string `json:"message"`
}

type putLogEventsInput struct {
	LogGroupName  *string         `json:"logGroupName"`
	LogStreamName *string         `json:"logStreamName"`
	LogEvents     []inputLogEvent `json:"logEvents"`
	SequenceToken *string         `json:"sequenceToken"`
}

type rejectedLogEventsInfo struct {
	TooNewLogEventStartIndex *int `json:"tooNewLogEventStartIndex,omitempty"`
	TooOldLogEventEndIndex   *int `json:"tooOldLogEventEndIndex,omitempty"`
	ExpiredLogEventEndIndex  *int `json:"expiredLogEventEndIndex,omitempty"`
}

type putLogEventsOutput struct {
	NextSequenceToken     string                 `json:"nextSequenceToken"`
	RejectedLogEventsInfo *rejectedLogEventsInfo `json:"rejectedLogEventsInfo,omitempty"`
}

func (a *API) putLogEvents(ctx context.Context, c *awsproto.Call) (any, error) {
	put, arena, err := decodePutLogEvents(c)
	if err != nil {
		return nil, err
	}
	// The service keeps nothing of the messages once it returns (the log
	// store copies them), and the answer holds none of them.
	defer arenas.Put(arena)
	res, err := a.svc.PutLogEvents(ctx, caller(c), put)
	if err != nil {
		return nil, err
	}
	out := putLogEventsOutput{NextSequenceToken: res.NextSequenceToken}
	if r := res.Rejected; r != nil {
		info := &rejectedLogEventsInfo{}
		if r.HasTooNew {
			info.TooNewLogEventStartIndex = &r.TooNewStart
		}
		if r.HasTooOld {
			info.TooOldLogEventEndIndex = &r.TooOldEnd
		}
		if r.HasExpired {
			info.ExpiredLogEventEndIndex = &r.ExpiredEnd
		}
		out.RejectedLogEventsInfo = info
	}
	return out, nil
}

// arenas holds the memory the messages of scanned requests are unescaped
// into: a fresh megabyte for every request, kept by the memtable until its
// flush, cost page faults and cache misses worth, with the memtable's own
// (see the log store's chunk pool), about a fifth of the ingest CPU.
var arenas = bytepool.New(4 << 20)

// decodePutLogEvents reads the request: in one pass over the body for the
// shape every SDK sends in JSON (see scanPutLogEvents), and through the
// generic decoder, with its error messages, for anything else. When arena
// is not nil the messages live in it, and it goes back to arenas once they
// are no longer used.
func decodePutLogEvents(c *awsproto.Call) (put logs.PutLogEventsInput, arena []byte, err error) {
	if _, ok := c.Protocol().(awsproto.JSON); ok {
		body := c.Body()
		arena := arenas.Get(len(body))
		if put, arena, ok := scanPutLogEvents(body, arena); ok {
			return put, arena, nil
		}
		arenas.Put(arena)
	}
	in, err := decode[putLogEventsInput](c)
	if err != nil {
		return logs.PutLogEventsInput{}, nil, err
	}
	events := make([]model.LogEvent, len(in.LogEvents))
	for i, e := range in.LogEvents {
		if e.Timestamp == nil || e.Message == nil {
			return logs.PutLogEventsInput{}, nil, model.Errorf(model.ErrInvalidParameter, "1 validation error detected: Value null at 'logEvents.%d.member.%s' failed to satisfy constraint: Member must not be null", i+1, missingMember(e))
		}
		events[i] = model.LogEvent{Timestamp: *e.Timestamp, Message: *e.Message}
	}
	return logs.PutLogEventsInput{Group: str(in.LogGroupName), Stream: str(in.LogStreamName), Events: events}, nil, nil
}

// scanPutLogEvents reads a PutLogEvents body of the usual shape without
// reflection and with all messages in one allocation: the generic JSON
// decoder was a quarter of the server's ingest CPU. It accepts only input
// the generic decoder reads to the same values — the four members spelled
// exactly, each at most once, every event with exactly a timestamp that is
// a JSON integer and a message string, strings of valid UTF-8 without
// lone surrogates — and reports false for anything else, which the
// generic decoder then reads or rejects. The messages are unescaped into
// arena, grown to the body's size if it is smaller, which is returned; the
// names get memory of their own.
func scanPutLogEvents(body, arena []byte) (logs.PutLogEventsInput, []byte, bool) {
	sc := putScanner{b: body}
	// Unescaping never lengthens a string, so the arena is never
	// reallocated and the spans below stay valid.
	if cap(arena) < len(body) {
		arena = make([]byte, 0, len(body))
	}
	sc.arena = arena[:0]
	var put logs.PutLogEventsInput
	var group, stream span
	var events []span
	var seen [len(putMembers)]bool
	if !sc.skip('{') {
		return put, sc.arena, false
	}
	for first := true; ; first = false {
		if sc.skip('}') {
			break
		}
		if !first && !sc.skip(',') {
			return put, sc.arena, false
		}
		key, ok := sc.key()
		if !ok {
			return put, sc.arena, false
		}
		k := memberIndex(key)
		if k < 0 || seen[k] {
			return put, sc.arena, false
		}
		seen[k] = true
		switch k {
		case 0:
			group, ok = sc.str()
		case 1:
			stream, ok = sc.str()
		case 2:
			if !sc.null() {
				_, ok = sc.str()
			}
		case 3:
			events, ok = sc.events()
		}
		if !ok {
			return put, sc.arena, false
		}
	}
	sc.ws()
	if sc.i != len(sc.b) || len(events) == 0 {
		return put, sc.arena, false
	}
	// The arena is complete and not written again while the request
	// lasts: the messages can share it without a copy. The names may be
	// kept, in caches or errors, so they are copied.
	all := unsafe.String(unsafe.SliceData(sc.arena), len(sc.arena))
	put.Group, put.Stream = strings.Clone(all[group.from:group.to]), strings.Clone(all[stream.from:stream.to])
	put.Events = make([]model.LogEvent, len(events))
	for i, e := range events {
		put.Events[i] = model.LogEvent{Timestamp: e.ts, Message: all[e.from:e.to]}
	}
	return put, sc.arena, true
}

// putMembers are the members scanPutLogEvents reads.
var putMembers = [...]string{"logGroupName", "logStreamName", "sequenceToken", "logEvents"}

// memberIndex returns the index of key in putMembers, or -1.
func memberIndex(key []byte) int {
	for i, m := range putMembers {
		if string(key) == m {
			return i
		}
	}
	return -1
}

// span locates a string in the scanner's arena; for an event, ts is its
// timestamp.
type span struct {
	from, to int
	ts       int64
}

// putScanner reads JSON from b at i, copying string contents, unescaped,
// into arena.
type putScanner struct {
	b     []byte
	i     int
	arena []byte
}

func (sc *putScanner) ws() {
	for sc.i < len(sc.b) {
		switch sc.b[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// skip consumes c, after blanks, when it comes next.
func (sc *putScanner) skip(c byte) bool {
	sc.ws()
	if sc.i < len(sc.b) && sc.b[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

// null consumes a JSON null when it comes next.
func (sc *putScanner) null() bool {
	sc.ws()
	if bytes.HasPrefix(sc.b[sc.i:], []byte("null")) {
		sc.i += 4
		return true
	}
	return false
}

// key reads a member name without escapes and the colon after it.
func (sc *putScanner) key() ([]byte, bool) {
	if !sc.skip('"') {
		return nil, false
	}
	end := bytes.IndexByte(sc.b[sc.i:], '"')
	if end < 0 {
		return nil, false
	}
	k := sc.b[sc.i : sc.i+end]
	sc.i += end + 1
	if bytes.IndexByte(k, '\\') >= 0 || !sc.skip(':') {
		return nil, false
	}
	return k, true
}

// str reads a JSON string into the arena. Runs of eight bytes that need
// no look are copied as one word: JSON messages inside JSON are mostly such
// runs between escaped quotes.
func (sc *putScanner) str() (span, bool) {
	if !sc.skip('"') {
		return span{}, false
	}
	from := len(sc.arena)
	// The arena never outgrows the body, and what is written trails what
	// is read, so a word store at len(arena) stays within its capacity
	// whenever a word load at sc.i stays within the body.
	b, dst := sc.b, sc.arena[:cap(sc.arena)]
	i, j := sc.i, from
	var high uint64
	for {
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			// The word is stored whole even when only the bytes before
			// the first that needs a look belong to the string: what
			// follows is overwritten or left beyond the arena's length.
			binary.LittleEndian.PutUint64(dst[j:], x)
			high |= x
			m := jsonscan.Special(x)
			if m == 0 {
				i, j = i+8, j+8
				continue
			}
			// A word whose only specials are escaped quotes is taken whole:
			// each escape's backslash is dropped by storing the rest of the
			// word again one byte back. (No backslash is the word's last
			// byte, so the stores end within 14 bytes of j.)
			if bs, ok := jsonscan.QuotePairs(x); ok && j+16 <= len(dst) {
				used := 0 // bytes of x up to the last backslash dropped, itself included
				for ; bs != 0; bs &= bs - 1 {
					p := bits.TrailingZeros64(bs) >> 3
					j += p - used
					used = p + 1
					binary.LittleEndian.PutUint64(dst[j:], x>>(8*used))
				}
				i, j = i+8, j+8-used
				continue
			}
			k := bits.TrailingZeros64(m) >> 3
			i, j = i+k, j+k
			break
		}
		if i >= len(b) {
			return span{}, false
		}
		switch c := b[i]; {
		case c == '"':
			sc.i, sc.arena = i+1, dst[:j]
			// The generic decoder replaces invalid UTF-8; leave that to
			// it. Escapes add only whole runes, so checking the result
			// checks the raw runs.
			if high&0x8080808080808080 != 0 && !utf8.Valid(sc.arena[from:]) {
				return span{}, false
			}
			return span{from: from, to: j}, true
		case c == '\\':
			// An escaped quote, the usual escape of JSON in JSON, is
			// taken here; the others by escape.
			if i+1 < len(b) && b[i+1] == '"' {
				dst[j] = '"'
				i, j = i+2, j+1
				continue
			}
			sc.i, sc.arena = i, dst[:j]
			if !sc.escape() {
				return span{}, false
			}
			i, j = sc.i, len(sc.arena)
		case c < 0x20:
			return span{}, false
		default:
			dst[j] = c
			high |= uint64(c)
			i, j = i+1, j+1
		}
	}
}

// escape reads the escape sequence at sc.i into the arena.
func (sc *putScanner) escape() bool {
	if sc.i+1 >= len(sc.b) {
		return false
	}
	c := sc.b[sc.i+1]
	sc.i += 2
	switch c {
	case '"', '\\', '/':
		sc.arena = append(sc.arena, c)
	case 'b':
		sc.arena = append(sc.arena, '\b')
	case 'f':
		sc.arena = append(sc.arena, '\f')
	case 'n':
		sc.arena = append(sc.arena, '\n')
	case 'r':
		sc.arena = append(sc.arena, '\r')
	case 't':
		sc.arena = append(sc.arena, '\t')
	case 'u':
		r, ok := sc.hex4()
		if !ok {
			return false
		}
		if utf16.IsSurrogate(r) {
			// Only a well-formed pair; the generic decoder replaces
			// lone halves.
			if sc.i+1 >= len(sc.b) || sc.b[sc.i] != '\\' || sc.b[sc.i+1] != 'u' {
				return false
			}
			sc.i += 2
			lo, ok := sc.hex4()
			if !ok {
				return false
			}
			if r = utf16.DecodeRune(r, lo); r == utf8.RuneError {
				return false
			}
		}
		sc.arena = utf8.AppendRune(sc.arena, r)
	default:
		return false
	}
	return true
}

func (sc *putScanner) hex4() (rune, bool) {
	if sc.i+4 > len(sc.b) {
		return 0, false
	}
	var r rune
	for _, c := range sc.b[sc.i : sc.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	sc.i += 4
	return r, true
}

// int reads a JSON integer that fits an int64.
func (sc *putScanner) int() (int64, bool) {
	sc.ws()
	start := sc.i
	if sc.i < len(sc.b) && sc.b[sc.i] == '-' {
		sc.i++
	}
	digits := sc.i
	for sc.i < len(sc.b) && '0' <= sc.b[sc.i] && sc.b[sc.i] <= '9' {
		sc.i++
	}
	n := sc.i - digits
	if n == 0 || n > 1 && sc.b[digits] == '0' {
		return 0, false
	}
	if sc.i < len(sc.b) {
		if c := sc.b[sc.i]; c == '.' || c == 'e' || c == 'E' {
			return 0, false
		}
	}
	v, err := strconv.ParseInt(string(sc.b[start:sc.i]), 10, 64)
	return v, err == nil
}

// events reads the logEvents array: objects with exactly a timestamp and
// a message.
func (sc *putScanner) events() ([]span, bool) {
	if !sc.skip('[') {
		return nil, false
	}
	// Most requests carry events of a few hundred bytes.
	out := make([]span, 0, (len(sc.b)-sc.i)/256+1)
	for first := true; ; first = false {
		if sc.skip(']') {
			return out, true
		}
		if !first && !sc.skip(',') || !sc.skip('{') {
			return nil, false
		}
		var e span
		var hasTs, hasMsg bool
		for f := true; ; f = false {
			if sc.skip('}') {
				break
			}
			if !f && !sc.skip(',') {
				return nil, false
			}
			key, ok := sc.key()
			if !ok {
				return nil, false
			}
			switch {
			case string(key) == "timestamp" && !hasTs:
				hasTs = true
				e.ts, ok = sc.int()
			case string(key) == "message" && !hasMsg:
				hasMsg = true
				var s span
				s, ok = sc.str()
				e.from, e.to = s.from, s.to
			default:
				ok = false
			}
			if !ok {
				return nil, false
			}
		}
		if !hasTs || !hasMsg {
			return nil, false
		}
		out = append(out, e)
	}
}

func missingMember(e inputLogEvent) string {
	if e.Timestamp == nil {
		return "timestamp"
	}
	return "message"
}
