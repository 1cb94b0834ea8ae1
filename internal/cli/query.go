package cli

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// maxRows is the most rows one query returns: far beyond CloudWatch's
// 10,000-row cap. Queries whose rows are their events stream past it, in
// time slices.
const maxRows = 1_000_000

// Query runs `openwatch query`: a Logs Insights query, with progress on
// stderr and the rows on stdout as a table, JSON lines or CSV.
func Query(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf ClientFlags
	cf.Register(fs)
	var groups stringList
	fs.Var(&groups, "group", "log group to query (repeatable; a trailing * selects by prefix)")
	since := fs.Duration("since", time.Hour, "query the last duration (ignored when --start is given)")
	startS := fs.String("start", "", "start time, RFC 3339")
	endS := fs.String("end", "", "end time, RFC 3339 (default now)")
	format := fs.String("format", "table", "output format: table, json or csv")
	limit := fs.Int("limit", 0, "rows to return when the query has no limit command; 0 streams every row of a query made of fields, display, filter, parse and unnest, and returns at most 1,000,000 of any other")
	chunk := fs.Int("chunk-rows", maxRows, "most rows one query of a streamed output returns; the time range is sliced to stay under it")
	poll := fs.Duration("poll", 250*time.Millisecond, "how often to poll for results")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New(`usage: openwatch query [--group G ...] [--since 1h | --start T --end T] [--format table|json|csv] 'QUERY'`)
	}
	if *format != "table" && *format != "json" && *format != "csv" {
		return fmt.Errorf("unknown --format %q", *format)
	}
	if *limit < 0 || *limit > maxRows {
		return fmt.Errorf("--limit must be between 0 and %d", maxRows)
	}
	if *chunk < 1 || *chunk > maxRows {
		return fmt.Errorf("--chunk-rows must be between 1 and %d", maxRows)
	}
	end := time.Now()
	if *endS != "" {
		t, err := time.Parse(time.RFC3339, *endS)
		if err != nil {
			return fmt.Errorf("invalid --end: %w", err)
		}
		end = t
	}
	start := end.Add(-*since)
	if *startS != "" {
		t, err := time.Parse(time.RFC3339, *startS)
		if err != nil {
			return fmt.Errorf("invalid --start: %w", err)
		}
		start = t
	}
	client, err := cf.Logs(ctx)
	if err != nil {
		return err
	}
	r := &runner{api: client, groups: groups, poll: *poll, stderr: stderr}
	out := &rowWriter{w: stdout, format: *format}
	query := fs.Arg(0)
	if *limit == 0 && streamable(query) {
		err = r.stream(ctx, query, start.Unix(), end.Unix(), *chunk, out.write)
	} else {
		var rows [][]types.ResultField
		if rows, err = r.run(ctx, query, start.Unix(), end.Unix(), cmp.Or(*limit, maxRows)); err == nil {
			err = out.write(rows)
		}
	}
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	return out.close()
}

func humanBytes(b float64) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	i := 0
	for b >= 1000 && i < len(units)-1 {
		b /= 1000
		i++
	}
	return fmt.Sprintf("%.1f %s", b, units[i])
}

// writeRows prints result rows; columns are the fields in first-seen order,
// without @ptr.
func writeRows(w io.Writer, format string, rows [][]types.ResultField) error {
	rw := &rowWriter{w: w, format: format}
	if err := rw.write(rows); err != nil {
		return err
	}
	return rw.close()
}

// rowWriter prints rows as they come, in batches. The columns of the table
// and CSV formats are those of the first batch that has any: the header is
// printed once.
type rowWriter struct {
	w      io.Writer
	format string
	cols   []string
	csv    *csv.Writer
	json   *json.Encoder
	// tableHeader is set until the table's header is printed, with the
	// first batch so that the two share column widths.
	tableHeader bool
}

func (rw *rowWriter) write(rows [][]types.ResultField) error {
	if rw.cols == nil && len(rows) > 0 {
		seen := map[string]bool{}
		rw.cols = []string{}
		for _, r := range rows {
			for _, f := range r {
				if n := aws.ToString(f.Field); n != "@ptr" && !seen[n] {
					seen[n] = true
					rw.cols = append(rw.cols, n)
				}
			}
		}
		if err := rw.header(); err != nil {
			return err
		}
	}
	get := func(r []types.ResultField) []string {
		vals := make([]string, len(rw.cols))
		for _, f := range r {
			for i, c := range rw.cols {
				if c == aws.ToString(f.Field) {
					vals[i] = aws.ToString(f.Value)
				}
			}
		}
		return vals
	}
	switch rw.format {
	case "json":
		if rw.json == nil {
			rw.json = json.NewEncoder(rw.w)
		}
		for _, r := range rows {
			m := map[string]string{}
			for _, f := range r {
				m[aws.ToString(f.Field)] = aws.ToString(f.Value)
			}
			if err := rw.json.Encode(m); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		if rw.csv == nil {
			// No header yet: no batch has had rows.
			return nil
		}
		for _, r := range rows {
			if err := rw.csv.Write(get(r)); err != nil {
				return err
			}
		}
		rw.csv.Flush()
		return rw.csv.Error()
	default:
		// Column widths follow each batch: a table printed as it streams
		// cannot know the widest value to come.
		tw := tabwriter.NewWriter(rw.w, 0, 4, 2, ' ', 0)
		if rw.tableHeader {
			fmt.Fprintln(tw, strings.Join(rw.cols, "\t"))
			rw.tableHeader = false
		}
		for _, r := range rows {
			vals := get(r)
			for i, v := range vals {
				vals[i] = strings.ReplaceAll(v, "\n", " ")
			}
			fmt.Fprintln(tw, strings.Join(vals, "\t"))
		}
		return tw.Flush()
	}
}

func (rw *rowWriter) header() error {
	switch rw.format {
	case "json":
		return nil
	case "csv":
		rw.csv = csv.NewWriter(rw.w)
		return rw.csv.Write(rw.cols)
	default:
		rw.tableHeader = true
		return nil
	}
}

// close prints the header of an empty result, as a table or CSV with no
// rows still has one line.
func (rw *rowWriter) close() error {
	if rw.cols != nil {
		return nil
	}
	rw.cols = []string{}
	if err := rw.header(); err != nil {
		return err
	}
	return rw.write(nil)
}
