package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// insightsAPI is the part of the Logs API a query needs.
type insightsAPI interface {
	StartQuery(ctx context.Context, in *cloudwatchlogs.StartQueryInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.StartQueryOutput, error)
	GetQueryResults(ctx context.Context, in *cloudwatchlogs.GetQueryResultsInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.GetQueryResultsOutput, error)
	StopQuery(ctx context.Context, in *cloudwatchlogs.StopQueryInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.StopQueryOutput, error)
}

// runner runs queries and reports their progress on stderr.
type runner struct {
	api    insightsAPI
	groups []string
	poll   time.Duration
	stderr io.Writer
}

// run runs one query over [start, end] (epoch seconds, inclusive) and
// returns its rows once it is complete.
func (r *runner) run(ctx context.Context, query string, start, end int64, limit int) ([][]types.ResultField, error) {
	in := &cloudwatchlogs.StartQueryInput{
		QueryString: aws.String(query),
		StartTime:   aws.Int64(start),
		EndTime:     aws.Int64(end),
		Limit:       aws.Int32(int32(limit)),
	}
	if len(r.groups) > 0 {
		in.LogGroupNames = r.groups
	}
	started, err := r.api.StartQuery(ctx, in)
	if err != nil {
		return nil, err
	}
	id := started.QueryId
	for {
		asked := time.Now()
		out, err := r.api.GetQueryResults(ctx, &cloudwatchlogs.GetQueryResultsInput{QueryId: id}, WaitForQuery(r.poll))
		if err != nil {
			return nil, err
		}
		if st := out.Statistics; st != nil {
			fmt.Fprintf(r.stderr, "\r%s: %.0f records scanned, %s scanned, %.0f matched   ", out.Status, st.RecordsScanned, humanBytes(st.BytesScanned), st.RecordsMatched)
		}
		switch out.Status {
		case types.QueryStatusComplete:
			return out.Results, nil
		case types.QueryStatusFailed, types.QueryStatusCancelled, types.QueryStatusTimeout:
			return nil, fmt.Errorf("query %s ended with status %s", aws.ToString(id), out.Status)
		}
		// A server that held the answer for the poll interval is asked
		// again at once; one that ignores the wait is not asked in a loop.
		select {
		case <-ctx.Done():
			_, _ = r.api.StopQuery(context.Background(), &cloudwatchlogs.StopQueryInput{QueryId: id})
			return nil, ctx.Err()
		case <-time.After(r.poll - time.Since(asked)):
		}
	}
}

// streamable reports whether a query's rows are its events, one or more
// each, in the default newest-first order and without a row cap of its own:
// such a query can be run over consecutive time slices and the slices'
// rows printed one after another, which lifts the per-query row cap.
func streamable(query string) bool {
	q, err := syntax.Parse(query)
	if err != nil {
		return false
	}
	for _, c := range q.Commands {
		switch c.(type) {
		case *syntax.FieldsCmd, *syntax.DisplayCmd, *syntax.FilterCmd, *syntax.FilterIndexCmd,
			*syntax.ParseCmd, *syntax.UnnestCmd, *syntax.UnmaskCmd, *syntax.SourceCmd:
		default:
			return false
		}
	}
	return true
}

// window is a time slice in epoch seconds, [start, end).
type window struct {
	start, end int64
	rows       int64
}

// plan splits [start, end] (inclusive seconds) into slices, newest first,
// each expected to hold at most chunk result rows: a per-minute count of
// the query's rows, refined to seconds for minutes that hold more.
func (r *runner) plan(ctx context.Context, query string, start, end int64, chunk int) ([]window, error) {
	minutes, err := r.histogram(ctx, query, "1m", 60, start, end)
	if err != nil {
		return nil, err
	}
	var bins []window
	for _, m := range minutes {
		if m.rows <= int64(chunk) {
			bins = append(bins, m)
			continue
		}
		secs, err := r.histogram(ctx, query, "1s", 1, m.start, m.end-1)
		if err != nil {
			return nil, err
		}
		for _, s := range secs {
			if s.rows > int64(chunk) {
				return nil, fmt.Errorf("the second at %s holds %d result rows, more than the %d one query returns; use --limit or a narrower query",
					time.Unix(s.start, 0).UTC().Format(time.RFC3339), s.rows, chunk)
			}
		}
		bins = append(bins, secs...)
	}
	// Newest first, as the rows of each slice come.
	slices.SortFunc(bins, func(a, b window) int { return cmp.Compare(b.start, a.start) })
	var out []window
	for _, b := range bins {
		if n := len(out); n > 0 && out[n-1].rows+b.rows <= int64(chunk) && out[n-1].start == b.end {
			out[n-1].start = b.start
			out[n-1].rows += b.rows
			continue
		}
		out = append(out, b)
	}
	return out, nil
}

// histogram counts the query's rows per bin of the given width, clipped to
// [start, end] (inclusive seconds); empty bins are left out.
func (r *runner) histogram(ctx context.Context, query, bin string, width, start, end int64) ([]window, error) {
	field := "bin(" + bin + ")"
	rows, err := r.run(ctx, query+"\n| stats count(*) as rows by "+field, start, end, maxRows)
	if err != nil {
		return nil, fmt.Errorf("cannot count the rows to stream: %w", err)
	}
	out := make([]window, 0, len(rows))
	for _, row := range rows {
		var w window
		for _, f := range row {
			switch aws.ToString(f.Field) {
			case field:
				t, err := time.Parse("2006-01-02 15:04:05.000", aws.ToString(f.Value))
				if err != nil {
					return nil, fmt.Errorf("unexpected bin %q in the row count: %w", aws.ToString(f.Value), err)
				}
				w.start = max(t.Unix(), start)
				w.end = min(t.Unix()+width, end+1)
			case "rows":
				if w.rows, err = strconv.ParseInt(aws.ToString(f.Value), 10, 64); err != nil {
					return nil, fmt.Errorf("unexpected count %q in the row count: %w", aws.ToString(f.Value), err)
				}
			}
		}
		if w.rows > 0 && w.end > w.start {
			out = append(out, w)
		}
	}
	return out, nil
}

// stream runs the query slice by slice and hands each slice's rows to
// emit, newest first. A slice that comes back full (events arrived after
// the plan was made) is split in two and run again, so no row is lost.
func (r *runner) stream(ctx context.Context, query string, start, end int64, chunk int, emit func([][]types.ResultField) error) error {
	plan, err := r.plan(ctx, query, start, end, chunk)
	if err != nil {
		return err
	}
	var do func(w window) error
	do = func(w window) error {
		rows, err := r.run(ctx, query, w.start, w.end-1, chunk)
		if err != nil {
			return err
		}
		if len(rows) < chunk {
			return emit(rows)
		}
		if w.end-w.start < 2 {
			return fmt.Errorf("the second at %s holds %d or more result rows, more than one query returns; use --limit or a narrower query",
				time.Unix(w.start, 0).UTC().Format(time.RFC3339), chunk)
		}
		mid := w.start + (w.end-w.start)/2
		if err := do(window{start: mid, end: w.end}); err != nil {
			return err
		}
		return do(window{start: w.start, end: mid})
	}
	for _, w := range plan {
		if err := do(w); err != nil {
			return err
		}
	}
	return nil
}
