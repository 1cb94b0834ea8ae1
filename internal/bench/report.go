package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// SystemResult is everything measured on one server.
type SystemResult struct {
	// Ingest is nil when nothing was ingested (--queries-only).
	Ingest *IngestResult
	// PeakRSSIngest is the server's peak resident set size (bytes) at the
	// end of ingest, PeakRSSQueries at the end of the queries; -1 when
	// unknown.
	PeakRSSIngest, PeakRSSQueries int64
	// DiskBytes is the size of the data directory after a clean stop, and
	// WALBytesAfterStop the part of it that is write-ahead log, which
	// stays on disk until the server trims it.
	DiskBytes, WALBytesAfterStop int64
	// Recovery is nil for a server whose start was not measured.
	Recovery *Recovery
	Queries  []QueryResult
}

// Recovery is how long a server took to serve again over data it had
// not flushed.
type Recovery struct {
	// AfterCrash says the server was killed with SIGKILL at the end of
	// ingest; otherwise it was started over an existing data directory.
	AfterCrash bool
	// WALBytes is the size of the write-ahead log it had to replay.
	WALBytes int64
	// Ready runs from process start to the first 200 of /healthz.
	Ready time.Duration
}

// Report is the outcome of a benchmark run.
type Report struct {
	Spec    CorpusSpec
	Clients int
	Runs    int
	// RawBytes and Kinds describe the corpus.
	RawBytes int64
	Kinds    [numKinds]int64
	// OpenWatch and Victoria hold the results; Victoria is nil when
	// VictoriaLogs was not run, and VictoriaNote then says why.
	OpenWatch    SystemResult
	Victoria     *SystemResult
	VictoriaNote string
}

// cell is one figure of the report.
type cell struct {
	// Value is nil when there is no figure (see Note).
	Value *float64
	Note  string
}

// row is one line of the report's table.
type row struct {
	Section   string
	Label     string
	Unit      string
	OpenWatch cell
	Victoria  cell
}

// ratio returns ow/vl when both figures exist and vl is not zero.
func ratio(ow, vl cell) *float64 {
	if ow.Value == nil || vl.Value == nil || *vl.Value == 0 {
		return nil
	}
	r := *ow.Value / *vl.Value
	return &r
}

func val(v float64) cell { return cell{Value: &v} }

// known is a cell for a measurement that is -1 when unknown.
func known(v int64, scale float64) cell {
	if v < 0 {
		return cell{Note: "n/a"}
	}
	return val(float64(v) / scale)
}

const mb = 1e6

// rows lays the results out as the table both formats print.
func (r *Report) rows() []row {
	var out []row
	add := func(section, label, unit string, f func(*SystemResult) cell) {
		rw := row{Section: section, Label: label, Unit: unit, OpenWatch: f(&r.OpenWatch)}
		if r.Victoria != nil {
			rw.Victoria = f(r.Victoria)
		}
		out = append(out, rw)
	}
	if r.OpenWatch.Ingest != nil {
		ing := func(f func(*IngestResult) cell) func(*SystemResult) cell {
			return func(s *SystemResult) cell {
				if s.Ingest == nil {
					return cell{}
				}
				return f(s.Ingest)
			}
		}
		add("ingest", "wall clock", "s", ing(func(i *IngestResult) cell { return val(i.Wall.Seconds()) }))
		add("ingest", "events/s", "events/s", ing(func(i *IngestResult) cell { return val(float64(i.Events) / i.Wall.Seconds()) }))
		add("ingest", "MB/s", "MB/s", ing(func(i *IngestResult) cell { return val(float64(i.Bytes) / mb / i.Wall.Seconds()) }))
		add("ingest", "client CPU", "s", ing(func(i *IngestResult) cell { return val(i.ClientCPU.Seconds()) }))
		add("ingest", "server CPU", "s", ing(func(i *IngestResult) cell { return val(i.ServerCPU.Seconds()) }))
		add("ingest", "server peak RSS", "MB", func(s *SystemResult) cell { return known(s.PeakRSSIngest, mb) })
	}
	add("storage", "data dir after stop", "MB", func(s *SystemResult) cell { return val(float64(s.DiskBytes) / mb) })
	add("storage", "of which write-ahead log", "MB", func(s *SystemResult) cell { return val(float64(s.WALBytesAfterStop) / mb) })
	perByte := func(size func(*SystemResult) int64) func(*SystemResult) cell {
		return func(s *SystemResult) cell {
			if n := size(s); n > 0 && r.RawBytes > 0 {
				return val(float64(r.RawBytes) / float64(n))
			}
			return cell{Note: "n/a"}
		}
	}
	add("storage", "raw bytes per disk byte", "x", perByte(func(s *SystemResult) int64 { return s.DiskBytes }))
	add("storage", "raw bytes per byte outside the WAL", "x", perByte(func(s *SystemResult) int64 { return s.DiskBytes - s.WALBytesAfterStop }))
	if rec := r.OpenWatch.Recovery; rec != nil {
		label := "restart after kill -9"
		if !rec.AfterCrash {
			label = "start on existing data"
		}
		recov := func(f func(*Recovery) cell) func(*SystemResult) cell {
			return func(s *SystemResult) cell {
				if s.Recovery == nil {
					return cell{Note: "-"}
				}
				return f(s.Recovery)
			}
		}
		add("recovery", "WAL size", "MB", recov(func(r *Recovery) cell { return val(float64(r.WALBytes) / mb) }))
		add("recovery", label+" until /healthz 200", "s", recov(func(r *Recovery) cell { return val(r.Ready.Seconds()) }))
	}
	section := fmt.Sprintf("queries (median of %d)", r.Runs)
	for i := range r.OpenWatch.Queries {
		add(section, r.OpenWatch.Queries[i].Name, "ms", func(s *SystemResult) cell {
			if i >= len(s.Queries) {
				return cell{}
			}
			return queryCell(&s.Queries[i])
		})
	}
	add(section, "server peak RSS", "MB", func(s *SystemResult) cell { return known(s.PeakRSSQueries, mb) })
	return out
}

const errorPrefix = "error: "

func queryCell(q *QueryResult) cell {
	switch {
	case q.Unsupported:
		return cell{Note: errUnsupported.Error()}
	case q.Err != "":
		return cell{Note: errorPrefix + q.Err}
	}
	c := val(float64(q.Median) / float64(time.Millisecond))
	c.Note = plural(q.Rows, "row")
	if q.Want >= 0 && q.Rows != q.Want {
		c.Note += ", want " + group(q.Want)
	}
	return c
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return group(n) + " " + noun + "s"
}

// group formats n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatValue prints v in unit with a precision that suits it.
func formatValue(v float64, unit string) string {
	switch unit {
	case "events/s":
		return group(int64(v+0.5)) + " events/s"
	case "x":
		return fmt.Sprintf("%.2f", v)
	case "ms":
		return fmt.Sprintf("%.1f ms", v)
	default:
		return fmt.Sprintf("%.2f %s", v, unit)
	}
}

// formatRatio prints a ratio with about three significant digits.
func formatRatio(r *float64) string {
	switch {
	case r == nil:
		return "-"
	case *r >= 100:
		return fmt.Sprintf("%.0f", *r)
	case *r >= 10:
		return fmt.Sprintf("%.1f", *r)
	case *r >= 1:
		return fmt.Sprintf("%.2f", *r)
	default:
		return fmt.Sprintf("%.3f", *r)
	}
}

func (c cell) text(unit string) string {
	switch {
	case strings.HasPrefix(c.Note, errorPrefix):
		// The whole message would stretch the table; it is printed
		// below it.
		return "error, see below"
	case c.Value == nil && c.Note == "":
		return "-"
	case c.Value == nil:
		return c.Note
	case c.Note == "":
		return formatValue(*c.Value, unit)
	default:
		return formatValue(*c.Value, unit) + " (" + c.Note + ")"
	}
}

// header describes the corpus and setup in one line.
func (r *Report) header() string {
	var mix []string
	total := int64(0)
	for _, n := range r.Kinds {
		total += n
	}
	for k, n := range r.Kinds {
		if total > 0 {
			mix = append(mix, fmt.Sprintf("%s %.1f%%", Kind(k), 100*float64(n)/float64(total)))
		}
	}
	return fmt.Sprintf("%s events in %d streams (%s), %.1f MB raw over %v, seed %d, %d clients",
		group(int64(r.Spec.Events)), r.Spec.Streams, strings.Join(mix, ", "), float64(r.RawBytes)/mb, r.Spec.Span, r.Spec.Seed, r.Clients)
}

// WriteText prints the report as an aligned table.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "OpenWatch bench: %s\n", r.header())
	if r.Victoria != nil {
		b.WriteString("ratio = OpenWatch / VictoriaLogs, measured in the same run\n")
	} else {
		fmt.Fprintf(&b, "VictoriaLogs: %s\n", r.VictoriaNote)
	}
	// Every line is [label, OpenWatch, VictoriaLogs, ratio]; section
	// headings carry the column titles so each section reads on its own.
	var lines [][]string
	section := ""
	for _, rw := range r.rows() {
		if rw.Section != section {
			section = rw.Section
			lines = append(lines, nil, []string{strings.ToUpper(section), "OpenWatch", "VictoriaLogs", "ratio"})
		}
		lines = append(lines, []string{"  " + rw.Label, rw.OpenWatch.text(rw.Unit), rw.Victoria.text(rw.Unit), formatRatio(ratio(rw.OpenWatch, rw.Victoria))})
	}
	cols := 4
	if r.Victoria == nil {
		cols = 2
	}
	width := make([]int, cols)
	for _, l := range lines {
		for i := range min(cols, len(l)) {
			width[i] = max(width[i], len(l[i]))
		}
	}
	for _, l := range lines {
		var line strings.Builder
		for i := range min(cols, len(l)) {
			fmt.Fprintf(&line, "%-*s", width[i]+3, l[i])
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	for _, sys := range []struct {
		name string
		res  *SystemResult
	}{{"OpenWatch", &r.OpenWatch}, {"VictoriaLogs", r.Victoria}} {
		if sys.res == nil {
			continue
		}
		for _, q := range sys.res.Queries {
			if q.Err != "" {
				fmt.Fprintf(&b, "\n%s failed %q: %s\n", sys.name, q.Name, q.Err)
			}
		}
	}
	b.WriteString("\nQueries:\n")
	for i, q := range r.OpenWatch.Queries {
		fmt.Fprintf(&b, "  %s\n    OpenWatch:    %s\n", q.Name, q.Query)
		if r.Victoria != nil && i < len(r.Victoria.Queries) {
			fmt.Fprintf(&b, "    VictoriaLogs: %s\n", r.Victoria.Queries[i].Query)
		}
	}
	if r.Victoria != nil {
		b.WriteString("\nOpenWatch acknowledges a batch once it is fsync'd in its write-ahead log;\n" +
			"VictoriaLogs acknowledges once the rows are buffered in memory. Both\n" +
			"get requests built (and, for OpenWatch, signed) before the clock starts.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonCell is a cell in the JSON report.
type jsonCell struct {
	Value *float64 `json:"value,omitempty"`
	Note  string   `json:"note,omitempty"`
}

type jsonRow struct {
	Section      string    `json:"section"`
	Label        string    `json:"label"`
	Unit         string    `json:"unit"`
	OpenWatch    jsonCell  `json:"openwatch"`
	VictoriaLogs *jsonCell `json:"victorialogs,omitempty"`
	Ratio        *float64  `json:"ratio,omitempty"`
}

type jsonQuery struct {
	Name         string `json:"name"`
	OpenWatch    string `json:"openwatch"`
	VictoriaLogs string `json:"victorialogs,omitempty"`
}

type jsonReport struct {
	Summary      string      `json:"summary"`
	Events       int         `json:"events"`
	Streams      int         `json:"streams"`
	Clients      int         `json:"clients"`
	Seed         uint64      `json:"seed"`
	RawBytes     int64       `json:"raw_bytes"`
	Runs         int         `json:"runs"`
	VictoriaNote string      `json:"victorialogs_note,omitempty"`
	Rows         []jsonRow   `json:"rows"`
	Queries      []jsonQuery `json:"queries"`
}

// WriteJSON prints the report as one JSON document with the same figures
// and ratios as the text form.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{
		Summary: r.header(), Events: r.Spec.Events, Streams: r.Spec.Streams, Clients: r.Clients,
		Seed: r.Spec.Seed, RawBytes: r.RawBytes, Runs: r.Runs, VictoriaNote: r.VictoriaNote,
	}
	for _, rw := range r.rows() {
		jr := jsonRow{Section: rw.Section, Label: rw.Label, Unit: rw.Unit, OpenWatch: jsonCell(rw.OpenWatch)}
		if r.Victoria != nil {
			jr.VictoriaLogs = &jsonCell{Value: rw.Victoria.Value, Note: rw.Victoria.Note}
			jr.Ratio = ratio(rw.OpenWatch, rw.Victoria)
		}
		out.Rows = append(out.Rows, jr)
	}
	for i, q := range r.OpenWatch.Queries {
		jq := jsonQuery{Name: q.Name, OpenWatch: q.Query}
		if r.Victoria != nil && i < len(r.Victoria.Queries) {
			jq.VictoriaLogs = r.Victoria.Queries[i].Query
		}
		out.Queries = append(out.Queries, jq)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
