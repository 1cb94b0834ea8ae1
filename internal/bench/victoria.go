package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// victoriaIngestArgs are the query args of /insert/jsonline: the stream
// field identifies the log stream, JSON lines keep their own "message" as
// the log message and the other lines carry theirs in _msg.
const victoriaIngestArgs = "_stream_fields=stream&_time_field=timestamp&_msg_field=message,_msg"

// victoria is a VictoriaLogs child process and a client of it.
type victoria struct {
	*child
	url    string
	client *http.Client
}

// startVictoria runs the VictoriaLogs binary over dataDir on a free
// 127.0.0.1 port and waits until it is ready.
func startVictoria(ctx context.Context, bin, dataDir, logPath string, conns int) (*victoria, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	// The default retention of 7 days would drop part of a corpus spread
	// over a longer --span.
	args := []string{"-storageDataPath=" + dataDir, "-httpListenAddr=" + addr, "-retentionPeriod=30d", "-loggerLevel=WARN"}
	c, err := startChild("VictoriaLogs", bin, args, nil, logPath)
	if err != nil {
		return nil, err
	}
	u := "http://" + addr
	if err := c.waitHealthy(ctx, u+"/health", 2*time.Minute); err != nil {
		c.kill()
		return nil, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	return &victoria{child: c, url: u, client: client}, nil
}

// appendVictoriaRow appends e as one JSON line for /insert/jsonline. A
// JSON event keeps its fields as they are, which is how VictoriaLogs is fed
// structured logs, plus the stream field; any other line becomes _msg next
// to its timestamp.
func appendVictoriaRow(b []byte, stream string, e *Event) []byte {
	b = append(b, `{"stream":`...)
	b = appendJSONString(b, stream)
	if e.Kind == KindJSON && strings.HasPrefix(e.Message, "{") {
		b = append(b, ',')
		b = append(b, e.Message[1:]...)
	} else {
		b = append(b, `,"timestamp":"`...)
		b = appendTime(b, e.Timestamp)
		b = append(b, `","_msg":`...)
		b = appendJSONString(b, e.Message)
		b = append(b, '}')
	}
	return append(b, '\n')
}

// appendJSONString appends s as a JSON string. Runs of bytes that need
// no escape are appended at once: it writes every message of the corpus.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	done := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[done:i]...)
		done = i + 1
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}

// prepare is the prepareFunc of /insert/jsonline.
func (v *victoria) prepare(ctx context.Context, stream int, batch []Event) (func() error, error) {
	name := StreamName(stream)
	var body []byte
	for i := range batch {
		body = appendVictoriaRow(body, name, &batch[i])
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, v.url+"/insert/jsonline?"+victoriaIngestArgs, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("cannot build ingest request: %w", err)
	}
	// Any other content type, a form one in particular, is accepted with
	// 200 and stores nothing.
	req.Header.Set("Content-Type", "application/x-ndjson")
	return func() error { return v.do(req, io.Discard) }, nil
}

// do runs req and copies a successful response body to w.
func (v *victoria) do(req *http.Request, w io.Writer) (err error) {
	resp, err := v.client.Do(req)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := resp.Body.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if resp.StatusCode/100 != 2 {
		// The body only explains the status; a failure to read it leaves
		// the status to speak alone.
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("%s %s: %s: %s", req.Method, req.URL.Path, resp.Status, bytes.TrimSpace(msg))
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("cannot read response of %s: %w", req.URL.Path, err)
	}
	return nil
}

// flush makes everything ingested so far searchable.
func (v *victoria) flush(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.url+"/internal/force_flush", nil)
	if err != nil {
		return fmt.Errorf("cannot build flush request: %w", err)
	}
	if err := v.do(req, io.Discard); err != nil {
		return fmt.Errorf("cannot flush VictoriaLogs: %w", err)
	}
	return nil
}

// lineCounter counts the lines written to it.
type lineCounter struct{ n int64 }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += int64(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// query runs a LogsQL query and returns the number of result lines.
func (v *victoria) query(ctx context.Context, q string) (int64, error) {
	var n lineCounter
	if err := v.queryTo(ctx, q, &n); err != nil {
		return 0, err
	}
	return n.n, nil
}

func (v *victoria) queryTo(ctx context.Context, q string, w io.Writer) error {
	form := url.Values{"query": {q}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, v.url+"/select/logsql/query", strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("cannot build query request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.do(req, w)
}

// count returns how many events VictoriaLogs holds.
func (v *victoria) count(ctx context.Context) (int64, error) {
	var buf bytes.Buffer
	if err := v.queryTo(ctx, "* | stats count() as n", &buf); err != nil {
		return 0, fmt.Errorf("cannot count events: %w", err)
	}
	var row struct {
		N string `json:"n"`
	}
	line, _, _ := bytes.Cut(buf.Bytes(), []byte{'\n'})
	if err := json.Unmarshal(line, &row); err != nil {
		return 0, fmt.Errorf("cannot read event count from %q: %w", line, err)
	}
	n, err := strconv.ParseInt(row.N, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("cannot read event count from %q: %w", line, err)
	}
	return n, nil
}
