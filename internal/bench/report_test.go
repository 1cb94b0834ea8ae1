package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func sampleReport(withVictoria bool) *Report {
	qs := benchQueries("0123456789abcdef0123456789abcdef")
	ow := SystemResult{
		Ingest: &IngestResult{Events: 200000, Bytes: 58_012_345, Wall: 1830 * time.Millisecond,
			ClientCPU: 690 * time.Millisecond, ServerCPU: 1460 * time.Millisecond},
		PeakRSSIngest: 161_030_144, PeakRSSQueries: 132_700_160, DiskBytes: 66_790_000, WALBytesAfterStop: 58_826_660,
		Recovery: &Recovery{AfterCrash: true, WALBytes: 58_830_000, Ready: 320 * time.Millisecond},
	}
	for i, q := range qs {
		r := QueryResult{Name: q.Name, Query: q.OpenWatch, Want: -1}
		switch {
		case q.Kind == insightsQuery:
			r.Unsupported = true
		case i == 0:
			r.Median, r.Rows, r.Want = 47800*time.Microsecond, 1, 1
		case i == 1:
			// A wrong answer shows what it should have been.
			r.Median, r.Rows, r.Want = 132300*time.Microsecond, 7900, 7901
		default:
			r.Median, r.Rows = 103*time.Millisecond, 2252
		}
		ow.Queries = append(ow.Queries, r)
	}
	rep := &Report{
		Spec:    CorpusSpec{Seed: 1, Events: 200000, Streams: 32, End: testEnd, Span: 6 * time.Hour},
		Clients: 8, Runs: 5, RawBytes: 58_012_345,
		Kinds:     [numKinds]int64{160200, 19800, 20000},
		OpenWatch: ow,
	}
	if !withVictoria {
		rep.VictoriaNote = "not run; set VICTORIALOGS_BIN (or --victoria) to a victoria-logs binary to compare"
		return rep
	}
	vl := SystemResult{
		Ingest: &IngestResult{Events: 200000, Bytes: 58_012_345, Wall: 1130 * time.Millisecond,
			ClientCPU: 230 * time.Millisecond, ServerCPU: 1940 * time.Millisecond},
		PeakRSSIngest: 283_810_000, PeakRSSQueries: -1, DiskBytes: 10_400_000,
	}
	for i, q := range qs {
		r := QueryResult{Name: q.Name, Query: q.Victoria, Want: -1, Rows: 73, Median: time.Duration(i+1) * 1100 * time.Microsecond}
		if i == 5 {
			r = QueryResult{Name: q.Name, Query: q.Victoria, Want: -1, Err: "POST /select/logsql/query: 400 Bad Request: bad query"}
		}
		vl.Queries = append(vl.Queries, r)
	}
	rep.Victoria = &vl
	return rep
}

func TestReportText(t *testing.T) {
	for _, tt := range []struct {
		name     string
		victoria bool
	}{{"report_victoria.golden", true}, {"report_openwatch.golden", false}} {
		var b bytes.Buffer
		if err := sampleReport(tt.victoria).WriteText(&b); err != nil {
			t.Fatal(err)
		}
		golden(t, tt.name, b.Bytes())
	}
}

func TestReportJSON(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport(true).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "report_victoria.json.golden", b.Bytes())
	var doc struct {
		Rows []struct {
			Label string   `json:"label"`
			Ratio *float64 `json:"ratio"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Rows[0].Label != "wall clock" || doc.Rows[0].Ratio == nil || math.Abs(*doc.Rows[0].Ratio-1830.0/1130.0) > 1e-9 {
		t.Fatalf("first JSON row = %+v, want the ingest wall clock with its ratio", doc.Rows[0])
	}
}

func TestRatio(t *testing.T) {
	two, four, zero := val(2), val(4), val(0)
	tests := []struct {
		name   string
		ow, vl cell
		want   string
	}{
		{"both", two, four, "0.500"},
		{"inverse", four, two, "2.00"},
		{"ten times", val(123.4), val(1), "123"},
		{"tens", val(12.34), val(1), "12.3"},
		{"no OpenWatch figure", cell{Note: "not supported by this server"}, four, "-"},
		{"no VictoriaLogs figure", two, cell{}, "-"},
		{"divide by zero", two, zero, "-"},
		{"zero over something", zero, two, "0.000"},
	}
	for _, tt := range tests {
		if got := formatRatio(ratio(tt.ow, tt.vl)); got != tt.want {
			t.Errorf("%s: ratio = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}
