package cli

import (
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
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// maxRows is the most rows one query returns: far beyond CloudWatch's
// 10,000-row cap.
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
	limit := fs.Int("limit", maxRows, "rows to return when the query has no limit command")
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
	in := &cloudwatchlogs.StartQueryInput{
		QueryString: aws.String(fs.Arg(0)),
		StartTime:   aws.Int64(start.Unix()),
		EndTime:     aws.Int64(end.Unix()),
		Limit:       aws.Int32(int32(*limit)),
	}
	if len(groups) > 0 {
		in.LogGroupNames = groups
	}
	started, err := client.StartQuery(ctx, in)
	if err != nil {
		return err
	}
	id := started.QueryId
	for {
		out, err := client.GetQueryResults(ctx, &cloudwatchlogs.GetQueryResultsInput{QueryId: id})
		if err != nil {
			return err
		}
		if st := out.Statistics; st != nil {
			fmt.Fprintf(stderr, "\r%s: %.0f records scanned, %s scanned, %.0f matched   ", out.Status, st.RecordsScanned, humanBytes(st.BytesScanned), st.RecordsMatched)
		}
		switch out.Status {
		case types.QueryStatusComplete:
			fmt.Fprintln(stderr)
			return writeRows(stdout, *format, out.Results)
		case types.QueryStatusFailed, types.QueryStatusCancelled, types.QueryStatusTimeout:
			fmt.Fprintln(stderr)
			return fmt.Errorf("query %s ended with status %s", *id, out.Status)
		}
		select {
		case <-ctx.Done():
			_, _ = client.StopQuery(context.Background(), &cloudwatchlogs.StopQueryInput{QueryId: id})
			return ctx.Err()
		case <-time.After(*poll):
		}
	}
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
	var cols []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, f := range r {
			if n := aws.ToString(f.Field); n != "@ptr" && !seen[n] {
				seen[n] = true
				cols = append(cols, n)
			}
		}
	}
	get := func(r []types.ResultField) []string {
		vals := make([]string, len(cols))
		for _, f := range r {
			for i, c := range cols {
				if c == aws.ToString(f.Field) {
					vals[i] = aws.ToString(f.Value)
				}
			}
		}
		return vals
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		for _, r := range rows {
			m := map[string]string{}
			for _, f := range r {
				m[aws.ToString(f.Field)] = aws.ToString(f.Value)
			}
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(cols); err != nil {
			return err
		}
		for _, r := range rows {
			if err := cw.Write(get(r)); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	default:
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
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
