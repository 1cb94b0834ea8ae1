package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Kind is the shape of a corpus line.
type Kind uint8

// The three line shapes of the corpus.
const (
	// KindJSON is a structured application log: one JSON object whose
	// nested "extra" object is what users query as extra.log_type.
	KindJSON Kind = iota
	// KindLambda is a Lambda runtime line: timestamp, request id and level
	// separated by tabs, then a JSON payload.
	KindLambda
	// KindAccess is a web server access-log line in combined log format.
	KindAccess
	numKinds
)

// String names the kind as the report prints it.
func (k Kind) String() string {
	switch k {
	case KindJSON:
		return "JSON"
	case KindLambda:
		return "Lambda"
	case KindAccess:
		return "access"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// kindWeights is the corpus mix in percent, indexed by Kind.
var kindWeights = [numKinds]int{KindJSON: 80, KindLambda: 10, KindAccess: 10}

// Event is one corpus line with its timestamp (epoch ms).
type Event struct {
	Timestamp int64
	Message   string
	Kind      Kind
}

// CorpusSpec says which corpus to generate. The same spec always yields
// the same events.
type CorpusSpec struct {
	Seed    uint64
	Events  int
	Streams int
	// End is the exclusive upper bound of the timestamps; events are spread
	// over [End-Span, End).
	End  time.Time
	Span time.Duration
}

// Truth holds what the queries of the benchmark must find, counted while
// the corpus is generated, so a wrong answer shows in the report.
type Truth struct {
	Kinds [numKinds]int64
	// Security counts JSON lines whose extra.log_type is "Security".
	Security int64
	// Slow counts JSON lines whose extra.duration_ms is above 900.
	Slow int64
	// Bins and SecurityBins count the distinct 5-minute bins holding any
	// event and any Security event.
	Bins, SecurityBins int64
	// ErrorMethods counts the distinct HTTP methods of access-log lines
	// with a 5xx status.
	ErrorMethods int64
}

// Corpus is a generated set of log streams.
type Corpus struct {
	Spec CorpusSpec
	// Streams holds each stream's events in timestamp order.
	Streams [][]Event
	// RawBytes is the total message size.
	RawBytes int64
	Truth    Truth
	// Needle is a trace id that occurs in exactly one event ("" when the
	// corpus has no JSON line).
	Needle string
}

// StreamName is the log stream name of stream i.
func StreamName(i int) string { return fmt.Sprintf("bench-%03d", i) }

// Start is the lowest possible timestamp (epoch ms) of the corpus.
func (c *Corpus) Start() int64 { return c.Spec.End.Add(-c.Spec.Span).UnixMilli() }

// Events is the number of events in the corpus.
func (c *Corpus) Events() int {
	n := 0
	for _, s := range c.Streams {
		n += len(s)
	}
	return n
}

const binMillis = 5 * 60 * 1000

// GenerateCorpus builds the corpus of spec. Each stream has its own random
// source seeded by (Seed, stream), so a stream's lines do not depend on
// End or on the other streams.
func GenerateCorpus(spec CorpusSpec) (*Corpus, error) {
	if spec.Events < 0 || spec.Streams < 1 || spec.Span <= 0 {
		return nil, fmt.Errorf("invalid corpus: %d events, %d streams, span %v", spec.Events, spec.Streams, spec.Span)
	}
	c := &Corpus{Spec: spec, Streams: make([][]Event, spec.Streams)}
	start, span := c.Start(), spec.Span.Milliseconds()
	bins := make(map[int64]bool)
	secBins := make(map[int64]bool)
	methods := make(map[string]bool)
	fallback := ""
	for s := range spec.Streams {
		n := spec.Events / spec.Streams
		if s < spec.Events%spec.Streams {
			n++
		}
		g := newLineGen(spec.Seed, s)
		events := make([]Event, n)
		for j := range events {
			// Event j falls in the j-th of n equal slots of the span, so a
			// stream is in timestamp order by construction.
			lo, hi := start+int64(j)*span/int64(n), start+int64(j+1)*span/int64(n)
			ts := lo + g.rng.Int64N(max(hi-lo, 1))
			e := g.next(ts)
			events[j] = e
			c.RawBytes += int64(len(e.Message))
			c.Truth.Kinds[e.Kind]++
			bins[ts/binMillis] = true
			if g.security {
				c.Truth.Security++
				secBins[ts/binMillis] = true
			}
			if g.slow {
				c.Truth.Slow++
			}
			if g.errorMethod != "" {
				methods[g.errorMethod] = true
			}
			if e.Kind == KindJSON {
				if s == 0 && c.Needle == "" && j >= n/2 {
					c.Needle = g.traceID
				}
				if fallback == "" {
					fallback = g.traceID
				}
			}
		}
		c.Streams[s] = events
	}
	if c.Needle == "" {
		c.Needle = fallback
	}
	c.Truth.Bins, c.Truth.SecurityBins, c.Truth.ErrorMethods = int64(len(bins)), int64(len(secBins)), int64(len(methods))
	return c, nil
}

const traceIDLen = 32

// lineGen produces the lines of one stream and remembers facts about the
// last line for Truth.
type lineGen struct {
	rng       *rand.Rand
	buf       []byte
	requestID string // current Lambda invocation
	// facts about the last line
	security    bool
	slow        bool
	errorMethod string
	traceID     string
}

func newLineGen(seed uint64, stream int) *lineGen {
	return &lineGen{rng: rand.New(rand.NewPCG(seed, uint64(stream)+1))}
}

// pick returns an element of items chosen with the given weights.
func pick[T any](rng *rand.Rand, items []T, weights []int) T {
	total := 0
	for _, w := range weights {
		total += w
	}
	r := rng.IntN(total)
	for i, w := range weights {
		if r < w {
			return items[i]
		}
		r -= w
	}
	return items[len(items)-1]
}

func oneOf[T any](rng *rand.Rand, items []T) T { return items[rng.IntN(len(items))] }

func (g *lineGen) next(ts int64) Event {
	g.security, g.slow, g.errorMethod, g.traceID = false, false, "", ""
	kind := pick(g.rng, []Kind{KindJSON, KindLambda, KindAccess}, kindWeights[:])
	g.buf = g.buf[:0]
	switch kind {
	case KindJSON:
		g.jsonLine(ts)
	case KindLambda:
		g.lambdaLine(ts)
	default:
		g.accessLine(ts)
	}
	return Event{Timestamp: ts, Message: string(g.buf), Kind: kind}
}

func (g *lineGen) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := 0; i < n; i += 16 {
		v := g.rng.Uint64()
		for k := 0; k < 16 && i+k < n; k++ {
			b[i+k] = digits[v&15]
			v >>= 4
		}
	}
	return string(b)
}

// duration draws a log-normal latency in ms: median about 100 ms, and
// about 1.4% of values above 900 ms.
func (g *lineGen) duration() int {
	d := math.Exp(4.6 + g.rng.NormFloat64())
	return int(min(d, 30000))
}

func appendTime(b []byte, ts int64) []byte {
	return time.UnixMilli(ts).UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
}

func (g *lineGen) jsonLine(ts int64) {
	rng := g.rng
	svc := oneOf(rng, services)
	level := pick(rng, levels, levelWeights)
	logType := pick(rng, logTypes, logTypeWeights)
	dur := g.duration()
	status := 200
	switch level {
	case "WARN":
		status = oneOf(rng, []int{400, 403, 404, 429})
	case "ERROR":
		status = oneOf(rng, []int{500, 502, 503})
	}
	g.security, g.slow = logType == "Security", dur > 900
	g.traceID = g.hex(traceIDLen)

	b := append(g.buf, `{"timestamp":"`...)
	b = appendTime(b, ts)
	b = append(b, `","level":"`...)
	b = append(b, level...)
	b = append(b, `","message":"`...)
	b = append(b, oneOf(rng, messages[level])...)
	b = append(b, `","status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"region":"`...)
	b = append(b, oneOf(rng, regions)...)
	b = append(b, `","trace_id":"`...)
	b = append(b, g.traceID...)
	b = append(b, `","extra":{"log_type":"`...)
	b = append(b, logType...)
	b = append(b, `","user_email":"`...)
	b = append(b, oneOf(rng, firstNames)...)
	b = append(b, '.')
	b = append(b, oneOf(rng, lastNames)...)
	b = append(b, `@example.com","duration_ms":`...)
	b = strconv.AppendInt(b, int64(dur), 10)
	b = append(b, `,"operation":"`...)
	b = append(b, oneOf(rng, svc.operations)...)
	b = append(b, `","service":"`...)
	b = append(b, svc.name...)
	b = append(b, `","resource_type":"`...)
	b = append(b, oneOf(rng, resourceTypes)...)
	b = append(b, `"}}`...)
	g.buf = b
}

func (g *lineGen) lambdaLine(ts int64) {
	rng := g.rng
	if g.requestID == "" || rng.IntN(4) == 0 {
		h := g.hex(32)
		g.requestID = h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	}
	b := appendTime(g.buf, ts)
	b = append(b, '\t')
	b = append(b, g.requestID...)
	b = append(b, '\t')
	level := pick(rng, []string{"INFO", "WARN", "ERROR"}, []int{85, 10, 5})
	b = append(b, level...)
	b = append(b, "\t{\"message\":\""...)
	b = append(b, oneOf(rng, lambdaMessages)...)
	b = append(b, `","function":"`...)
	b = append(b, oneOf(rng, functions)...)
	b = append(b, `","records":`...)
	b = strconv.AppendInt(b, int64(1+rng.IntN(50)), 10)
	b = append(b, `,"duration_ms":`...)
	b = strconv.AppendInt(b, int64(g.duration()), 10)
	b = append(b, '}')
	g.buf = b
}

func (g *lineGen) accessLine(ts int64) {
	rng := g.rng
	b := append(g.buf, "10"...)
	for range 3 {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(rng.IntN(256)), 10)
	}
	b = append(b, " - "...)
	if rng.IntN(10) < 6 {
		b = append(b, '-')
	} else {
		b = append(b, oneOf(rng, firstNames)...)
	}
	b = append(b, " ["...)
	b = time.UnixMilli(ts).UTC().AppendFormat(b, "02/Jan/2006:15:04:05 -0700")
	b = append(b, "] \""...)
	method := pick(rng, httpMethods, httpMethodWeights)
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, oneOf(rng, paths)...)
	if rng.IntN(2) == 0 {
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(rng.IntN(100000)), 10)
	}
	b = append(b, " HTTP/1.1\" "...)
	status := pick(rng, httpStatuses, httpStatusWeights)
	if status >= 500 {
		g.errorMethod = method
	}
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(200+rng.IntN(20000)), 10)
	b = append(b, ` "-" "`...)
	b = append(b, oneOf(rng, userAgents)...)
	b = append(b, '"')
	g.buf = b
}
