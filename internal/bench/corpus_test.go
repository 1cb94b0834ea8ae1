package bench

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var testEnd = time.Date(2024, 1, 2, 12, 0, 0, 0, time.UTC)

func testCorpus(t testing.TB, seed uint64, events, streams int) *Corpus {
	t.Helper()
	c, err := GenerateCorpus(CorpusSpec{Seed: seed, Events: events, Streams: streams, End: testEnd, Span: 6 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGenerateCorpusIsDeterministic(t *testing.T) {
	a, b := testCorpus(t, 7, 5000, 5), testCorpus(t, 7, 5000, 5)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same spec generated different corpora")
	}
	c := testCorpus(t, 8, 5000, 5)
	if reflect.DeepEqual(a.Streams, c.Streams) {
		t.Fatal("different seeds generated the same corpus")
	}
	// A stream's lines depend on the seed and its index only, so the same
	// trace id can be searched for in a data directory written earlier.
	later, err := GenerateCorpus(CorpusSpec{Seed: 7, Events: 5000, Streams: 5, End: testEnd.Add(time.Hour), Span: 6 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if later.Needle != a.Needle || later.Truth.Security != a.Truth.Security {
		t.Fatalf("the needle moved with the end time: %q vs %q", later.Needle, a.Needle)
	}
}

func TestGenerateCorpusRejectsBadSpecs(t *testing.T) {
	for _, spec := range []CorpusSpec{
		{Events: -1, Streams: 1, Span: time.Hour},
		{Events: 10, Streams: 0, Span: time.Hour},
		{Events: 10, Streams: 1, Span: 0},
	} {
		if _, err := GenerateCorpus(spec); err == nil {
			t.Errorf("GenerateCorpus(%+v) succeeded", spec)
		}
	}
}

var (
	lambdaRe = regexp.MustCompile(`^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\t[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\t(INFO|WARN|ERROR)\t(\{.*\})$`)
	accessRe = regexp.MustCompile(`^(\d+\.\d+\.\d+\.\d+) - (\S+) \[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000)\] "(GET|POST|PUT|DELETE) (\S+) HTTP/1\.1" (\d{3}) (\d+) "-" "[^"]+"$`)
)

type appLine struct {
	Timestamp string `json:"timestamp"`
	Level     string `json:"level"`
	Message   string `json:"message"`
	Status    *int   `json:"status"`
	Region    string `json:"region"`
	TraceID   string `json:"trace_id"`
	Extra     struct {
		LogType      string `json:"log_type"`
		UserEmail    string `json:"user_email"`
		DurationMS   *int   `json:"duration_ms"`
		Operation    string `json:"operation"`
		Service      string `json:"service"`
		ResourceType string `json:"resource_type"`
	} `json:"extra"`
}

// TestCorpusLines checks every line's shape, the mix of kinds, the
// timestamps, and that Truth agrees with a count made from the lines.
func TestCorpusLines(t *testing.T) {
	const events, streams = 20000, 7
	c := testCorpus(t, 1, events, streams)
	if got := c.Events(); got != events {
		t.Fatalf("corpus has %d events, want %d", got, events)
	}
	var (
		truth         Truth
		raw           int64
		bins, secBins = map[int64]bool{}, map[int64]bool{}
		methods       = map[string]bool{}
		needles       int
		jsonBytes     int
	)
	start, end := c.Start(), testEnd.UnixMilli()
	for s, evs := range c.Streams {
		if n := len(evs); n < events/streams || n > events/streams+1 {
			t.Fatalf("stream %d has %d events; streams must differ by at most one", s, n)
		}
		for j, e := range evs {
			if e.Timestamp < start || e.Timestamp >= end {
				t.Fatalf("stream %d event %d: timestamp %d outside [%d, %d)", s, j, e.Timestamp, start, end)
			}
			if j > 0 && e.Timestamp < evs[j-1].Timestamp {
				t.Fatalf("stream %d is not in timestamp order at %d", s, j)
			}
			raw += int64(len(e.Message))
			truth.Kinds[e.Kind]++
			bins[e.Timestamp/binMillis] = true
			stamp := time.UnixMilli(e.Timestamp).UTC()
			if strings.Contains(e.Message, c.Needle) {
				needles++
			}
			switch e.Kind {
			case KindJSON:
				jsonBytes += len(e.Message)
				var l appLine
				dec := json.NewDecoder(strings.NewReader(e.Message))
				dec.DisallowUnknownFields()
				if err := dec.Decode(&l); err != nil {
					t.Fatalf("JSON line %q: %v", e.Message, err)
				}
				if l.Timestamp != stamp.Format("2006-01-02T15:04:05.000Z") || l.Level == "" || l.Message == "" || l.Status == nil ||
					l.Region == "" || len(l.TraceID) != traceIDLen || l.Extra.LogType == "" || !strings.HasSuffix(l.Extra.UserEmail, "@example.com") ||
					l.Extra.DurationMS == nil || l.Extra.Operation == "" || l.Extra.Service == "" || l.Extra.ResourceType == "" {
					t.Fatalf("JSON line lacks a field: %q", e.Message)
				}
				if l.Extra.LogType == "Security" {
					truth.Security++
					secBins[e.Timestamp/binMillis] = true
				}
				if *l.Extra.DurationMS > 900 {
					truth.Slow++
				}
			case KindLambda:
				m := lambdaRe.FindStringSubmatch(e.Message)
				if m == nil {
					t.Fatalf("bad Lambda line %q", e.Message)
				}
				if m[1] != stamp.Format("2006-01-02T15:04:05.000Z") || !json.Valid([]byte(m[3])) {
					t.Fatalf("bad Lambda line %q", e.Message)
				}
			case KindAccess:
				m := accessRe.FindStringSubmatch(e.Message)
				if m == nil {
					t.Fatalf("bad access-log line %q", e.Message)
				}
				if m[3] != stamp.Format("02/Jan/2006:15:04:05 -0700") {
					t.Fatalf("access-log time %q, want %v", m[3], stamp)
				}
				if status, _ := strconv.Atoi(m[6]); status >= 500 {
					methods[m[4]] = true
				}
			default:
				t.Fatalf("unknown kind %d", e.Kind)
			}
		}
	}
	truth.Bins, truth.SecurityBins, truth.ErrorMethods = int64(len(bins)), int64(len(secBins)), int64(len(methods))
	if truth != c.Truth {
		t.Fatalf("Truth = %+v, counted from the lines %+v", c.Truth, truth)
	}
	if raw != c.RawBytes {
		t.Fatalf("RawBytes = %d, counted %d", c.RawBytes, raw)
	}
	if needles != 1 {
		t.Fatalf("needle %q occurs in %d events, want 1", c.Needle, needles)
	}
	for k, want := range kindWeights {
		got := 100 * float64(truth.Kinds[k]) / events
		if got < float64(want)-2 || got > float64(want)+2 {
			t.Errorf("%v lines are %.1f%% of the corpus, want %d%% ± 2", Kind(k), got, want)
		}
	}
	// The queries must have something to find, and not everything.
	if truth.Security == 0 || truth.Slow == 0 || truth.ErrorMethods == 0 || truth.Security > events/10 || truth.Slow > events/20 {
		t.Errorf("implausible Truth %+v", truth)
	}
	if avg := jsonBytes / int(truth.Kinds[KindJSON]); avg < 200 || avg > 400 {
		t.Errorf("JSON lines average %d bytes, want about 300", avg)
	}
}

func TestCorpusWithoutJSONInFirstStreamStillHasNeedle(t *testing.T) {
	// With one event per stream, stream 0's event is JSON only by chance;
	// the needle then comes from a later stream.
	for seed := range uint64(20) {
		c := testCorpus(t, seed, 8, 8)
		if c.Truth.Kinds[KindJSON] > 0 && c.Needle == "" {
			t.Fatalf("seed %d: JSON lines but no needle", seed)
		}
		if c.Needle != "" {
			found := 0
			for _, s := range c.Streams {
				for _, e := range s {
					if strings.Contains(e.Message, c.Needle) {
						found++
					}
				}
			}
			if found != 1 {
				t.Fatalf("seed %d: needle found %d times", seed, found)
			}
		}
	}
}

func BenchmarkGenerateCorpus(b *testing.B) {
	b.ReportAllocs()
	var raw int64
	for b.Loop() {
		raw = testCorpus(b, 1, 10000, 8).RawBytes
	}
	b.SetBytes(raw)
}
