package apptest

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestBenchSmoke runs `openwatch bench` on a small corpus: it starts its
// own server, ingests through its PutLogEvents client (whose requests the
// server must accept as signed) and answers every query with the rows the
// corpus holds.
func TestBenchSmoke(t *testing.T) {
	if openwatchBin == "" {
		t.Skip("the benchmark starts the real server; skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, openwatchBin, "bench", "--events", "3000", "--runs", "1", "--format", "json", "--victoria", "")
	cmd.Env = cleanEnv()
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("openwatch bench: %v\n%s", err, stderr)
	}
	var rep struct {
		Events int64 `json:"events"`
		Rows   []struct {
			Section, Label string
			OpenWatch      struct {
				Value float64
				Note  string
			}
		}
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	queries := 0
	for _, r := range rep.Rows {
		switch {
		case r.Section == "ingest" && r.Label == "events/s" && r.OpenWatch.Value <= 0:
			t.Errorf("ingest rate %v", r.OpenWatch.Value)
		case strings.HasPrefix(r.Section, "queries") && strings.HasSuffix(r.OpenWatch.Note, "rows") || strings.HasSuffix(r.OpenWatch.Note, "row"):
			queries++
		case strings.Contains(r.OpenWatch.Note, "want"):
			t.Errorf("%s: %s", r.Label, r.OpenWatch.Note)
		}
	}
	if rep.Events != 3000 || queries != 9 {
		t.Fatalf("%d events, %d queries with the rows the corpus holds; want 3000 and 9\n%s", rep.Events, queries, out)
	}
}
