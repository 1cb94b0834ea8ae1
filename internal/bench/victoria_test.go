package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestAppendVictoriaRow(t *testing.T) {
	c := testCorpus(t, 1, 3000, 1)
	seen := map[Kind]bool{}
	for _, e := range c.Streams[0] {
		line := appendVictoriaRow(nil, "bench-000", &e)
		if line[len(line)-1] != '\n' {
			t.Fatalf("row %q does not end a line", line)
		}
		var row map[string]any
		if err := json.Unmarshal(line, &row); err != nil {
			t.Fatalf("row %q: %v", line, err)
		}
		if row["stream"] != "bench-000" || row["timestamp"] == nil {
			t.Fatalf("row %q lacks stream or timestamp", line)
		}
		seen[e.Kind] = true
		switch e.Kind {
		case KindJSON:
			// The JSON line's own fields are the row's fields.
			var orig map[string]any
			if err := json.Unmarshal([]byte(e.Message), &orig); err != nil {
				t.Fatal(err)
			}
			for k, v := range orig {
				if fmt.Sprint(row[k]) != fmt.Sprint(v) {
					t.Fatalf("field %s = %v, want %v", k, row[k], v)
				}
			}
		default:
			if row["_msg"] != e.Message {
				t.Fatalf("_msg = %q, want %q", row["_msg"], e.Message)
			}
		}
	}
	if len(seen) != int(numKinds) {
		t.Fatalf("only kinds %v were checked", seen)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "tab\tquote\"back\\slash", "\x00\x1f\x7f", "ñandú €"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("corpus lines are UTF-8")
		}
		var back string
		if err := json.Unmarshal(appendJSONString(nil, s), &back); err != nil || back != s {
			t.Fatalf("appendJSONString(%q) decodes to %q, %v", s, back, err)
		}
	})
}

// fakeVictoria imitates the VictoriaLogs endpoints the benchmark uses,
// including its habit of answering 200 to a body it cannot read.
type fakeVictoria struct {
	mu      sync.Mutex
	rows    int64
	queries []string
}

func (f *fakeVictoria) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/insert/jsonline":
		if r.URL.RawQuery != victoriaIngestArgs {
			http.Error(w, "unexpected args "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		if r.Header.Get("Content-Type") != "application/x-ndjson" {
			return // stored nothing, said nothing
		}
		sc := bufio.NewScanner(r.Body)
		sc.Buffer(nil, 1<<20)
		var n int64
		for sc.Scan() {
			if !json.Valid(sc.Bytes()) {
				http.Error(w, "bad row", http.StatusBadRequest)
				return
			}
			n++
		}
		f.mu.Lock()
		f.rows += n
		f.mu.Unlock()
	case "/internal/force_flush":
	case "/select/logsql/query":
		q := r.FormValue("query")
		f.mu.Lock()
		f.queries = append(f.queries, q)
		rows := f.rows
		f.mu.Unlock()
		switch q {
		case "* | stats count() as n":
			fmt.Fprintf(w, `{"n":"%d"}`+"\n", rows)
		case "bad":
			http.Error(w, "cannot parse query", http.StatusBadRequest)
		default:
			io.WriteString(w, "{\"a\":1}\n{\"a\":2}\n")
		}
	default:
		http.NotFound(w, r)
	}
}

func TestVictoriaClient(t *testing.T) {
	fake := &fakeVictoria{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	v := &victoria{url: srv.URL, client: srv.Client()}
	ctx := context.Background()
	c := testCorpus(t, 2, 2500, 2)
	for s, events := range c.Streams {
		for _, b := range splitBatches(events) {
			if err := sendNow(v.prepare, s, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := v.flush(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := v.count(ctx)
	if err != nil || n != 2500 {
		t.Fatalf("count = %d, %v; want 2500", n, err)
	}
	rows, err := v.query(ctx, "extra.log_type:=Security")
	if err != nil || rows != 2 {
		t.Fatalf("query = %d, %v; want 2 rows", rows, err)
	}
	if _, err := v.query(ctx, "bad"); err == nil || !strings.Contains(err.Error(), "cannot parse query") {
		t.Fatalf("bad query: %v, want the server's message", err)
	}
}
