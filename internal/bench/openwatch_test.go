package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/openwatch/openwatch/internal/cli"
)

// fakeLogs answers CloudWatch Logs operations from a table of handlers,
// and UnknownOperationException for the rest.
type fakeLogs struct {
	t   *testing.T
	mu  sync.Mutex
	ops map[string]func(in map[string]any) (int, any)
	// calls counts requests per operation.
	calls map[string]int
}

func (f *fakeLogs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "Logs_20140328.")
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential="+benchKeyID+"/") {
		f.t.Errorf("%s is not signed with the benchmark key", op)
	}
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		f.t.Errorf("%s: bad body: %v", op, err)
	}
	f.mu.Lock()
	f.calls[op]++
	h := f.ops[op]
	f.mu.Unlock()
	status, out := http.StatusBadRequest, any(map[string]string{"__type": "UnknownOperationException", "message": "no " + op})
	if h != nil {
		status, out = h(in)
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(out); err != nil {
		f.t.Errorf("%s: cannot write response: %v", op, err)
	}
}

func newFakeLogs(t *testing.T, ops map[string]func(map[string]any) (int, any)) (*openWatch, *fakeLogs) {
	f := &fakeLogs{t: t, ops: ops, calls: map[string]int{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	client := cloudwatchlogs.New(cloudwatchlogs.Options{
		Region:           benchRegion,
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(benchKeyID, benchSecret, ""),
		RetryMaxAttempts: 1,
	})
	return &openWatch{url: srv.URL, client: client, put: newPutLogEventsClient(srv.URL, 2)}, f
}

func TestInsightsUnsupported(t *testing.T) {
	ow, f := newFakeLogs(t, nil)
	_, err := ow.insights(context.Background(), "stats count()", 0, 1000)
	if !errors.Is(err, errUnsupported) {
		t.Fatalf("insights on a server without StartQuery: %v, want errUnsupported", err)
	}
	results := runQueries(context.Background(), nil, benchQueries("x")[3:], 3, ow, nil, 0, 1000)
	for _, r := range results {
		if !r.Unsupported {
			t.Fatalf("%s: %+v, want unsupported", r.Name, r)
		}
	}
	if f.calls["StartQuery"] != 2 {
		t.Fatalf("StartQuery called %d times; after the first refusal the others are skipped", f.calls["StartQuery"])
	}
}

func TestInsightsPollsUntilComplete(t *testing.T) {
	polls := 0
	var start, end float64
	ow, _ := newFakeLogs(t, map[string]func(map[string]any) (int, any){
		"StartQuery": func(in map[string]any) (int, any) {
			start, end = in["startTime"].(float64), in["endTime"].(float64)
			return 200, map[string]string{"queryId": "q-1"}
		},
		"GetQueryResults": func(in map[string]any) (int, any) {
			polls++
			row := []map[string]string{{"field": "count()", "value": "3"}}
			switch {
			case polls < 3:
				return 200, map[string]any{"status": "Running", "results": []any{}}
			case in["nextToken"] == nil:
				return 200, map[string]any{"status": "Complete", "results": []any{row, row}, "nextToken": "p2"}
			default:
				return 200, map[string]any{"status": "Complete", "results": []any{row}}
			}
		},
	})
	n, err := ow.insights(context.Background(), "stats count()", 1_700_000_000_500, 1_700_000_100_001)
	if err != nil || n != 3 {
		t.Fatalf("insights = %d, %v; want 3 rows over two pages", n, err)
	}
	// Seconds, covering the whole millisecond range.
	if start != 1_700_000_000 || end != 1_700_000_101 {
		t.Fatalf("query range [%v, %v] s", start, end)
	}

	ow, _ = newFakeLogs(t, map[string]func(map[string]any) (int, any){
		"StartQuery":      func(map[string]any) (int, any) { return 200, map[string]string{"queryId": "q-2"} },
		"GetQueryResults": func(map[string]any) (int, any) { return 200, map[string]any{"status": "Failed"} },
	})
	if _, err := ow.insights(context.Background(), "stats count()", 0, 1000); err == nil || !strings.Contains(err.Error(), "Failed") {
		t.Fatalf("failed query: %v", err)
	}
}

func TestFilterPagesThroughAllResults(t *testing.T) {
	ow, f := newFakeLogs(t, map[string]func(map[string]any) (int, any){
		"FilterLogEvents": func(in map[string]any) (int, any) {
			if in["filterPattern"] != `{ $.a = 1 }` || in["logGroupName"] != benchGroup {
				return 400, map[string]string{"__type": "InvalidParameterException", "message": fmt.Sprint(in)}
			}
			ev := map[string]any{"message": "m", "timestamp": 1}
			if in["nextToken"] == nil {
				return 200, map[string]any{"events": []any{ev, ev}, "nextToken": "t"}
			}
			return 200, map[string]any{"events": []any{ev}}
		},
	})
	n, err := ow.filter(context.Background(), `{ $.a = 1 }`)
	if err != nil || n != 3 || f.calls["FilterLogEvents"] != 2 {
		t.Fatalf("filter = %d, %v after %d calls; want 3 events in 2 pages", n, err, f.calls["FilterLogEvents"])
	}
}

func TestSendReportsRejectedEvents(t *testing.T) {
	var got []any
	ow, _ := newFakeLogs(t, map[string]func(map[string]any) (int, any){
		"PutLogEvents": func(in map[string]any) (int, any) {
			got = in["logEvents"].([]any)
			if in["logStreamName"] == StreamName(1) {
				return 200, map[string]any{"rejectedLogEventsInfo": map[string]int{"tooOldLogEventEndIndex": 1}}
			}
			return 200, map[string]any{"nextSequenceToken": "1"}
		},
	})
	batch := []Event{{Timestamp: 5, Message: "a"}, {Timestamp: 6, Message: "b"}}
	if err := sendNow(ow.prepare, 0, batch); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].(map[string]any)["message"] != "b" || got[1].(map[string]any)["timestamp"] != 6.0 {
		t.Fatalf("sent events %v", got)
	}
	if err := sendNow(ow.prepare, 1, batch); err == nil || !strings.Contains(err.Error(), "rejected") {
		t.Fatalf("send with rejected events: %v", err)
	}
}

// closingBody behaves like the SDK's request body: once closed, reads
// report io.EOF.
type closingBody struct {
	r      *strings.Reader
	closed bool
	mu     sync.Mutex
}

func (b *closingBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, io.EOF
	}
	return b.r.Read(p)
}

func (b *closingBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}

// lateReader answers at once and reads the request body only afterwards,
// as the HTTP transport's final check of a body does.
type lateReader struct {
	read chan []byte
}

func (l *lateReader) RoundTrip(r *http.Request) (*http.Response, error) {
	go func() {
		time.Sleep(10 * time.Millisecond)
		b, err := io.ReadAll(r.Body)
		if err != nil {
			b = []byte("error: " + err.Error())
		}
		l.read <- b
	}()
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
}

func TestOwnBodyTransportSurvivesAnEarlyClose(t *testing.T) {
	const payload = `{"queryId":"q-1"}`
	late := &lateReader{read: make(chan []byte, 1)}
	body := &closingBody{r: strings.NewReader(payload)}
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(payload))
	if _, err := (cli.OwnBodyTransport{Next: late}).RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	// The SDK closes its body as soon as RoundTrip returns.
	if err := body.Close(); err != nil {
		t.Fatal(err)
	}
	if got := string(<-late.read); got != payload {
		t.Fatalf("the transport read %q after the caller closed its body, want %q", got, payload)
	}

	// Without the wrapper the late read loses the body.
	body = &closingBody{r: strings.NewReader(payload)}
	req, err = http.NewRequest(http.MethodPost, "http://127.0.0.1:1/", body)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := late.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	if err := body.Close(); err != nil {
		t.Fatal(err)
	}
	if got := string(<-late.read); got == payload {
		t.Fatal("the race this wrapper avoids did not show without it; the test no longer proves anything")
	}
}
