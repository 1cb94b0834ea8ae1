package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// Tail runs `openwatch tail`: it prints a group's new events as they
// arrive, optionally through a filter pattern, until interrupted.
func Tail(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tail", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf ClientFlags
	cf.Register(fs)
	group := fs.String("group", "", "log group to follow")
	filter := fs.String("filter", "", "filter pattern")
	since := fs.Duration("since", 10*time.Second, "also print events this far back")
	poll := fs.Duration("poll", 500*time.Millisecond, "how often to look for new events")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *group == "" || fs.NArg() > 0 {
		return errors.New("usage: openwatch tail --group G [--filter PATTERN]")
	}
	client, err := cf.Logs(ctx)
	if err != nil {
		return err
	}
	from := time.Now().Add(-*since).UnixMilli()
	// Events of the last few seconds are read again on every poll, since
	// a slow client may still be putting them; ids already printed are
	// skipped.
	const overlap = 5 * time.Second
	seen := map[string]int64{}
	for {
		in := &cloudwatchlogs.FilterLogEventsInput{LogGroupName: group, StartTime: aws.Int64(from)}
		if *filter != "" {
			in.FilterPattern = filter
		}
		p := cloudwatchlogs.NewFilterLogEventsPaginator(client, in)
		newest := from
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, e := range out.Events {
				id := aws.ToString(e.EventId)
				ts := aws.ToInt64(e.Timestamp)
				if _, dup := seen[id]; dup {
					continue
				}
				seen[id] = ts
				newest = max(newest, ts)
				fmt.Fprintf(stdout, "%s %s %s\n", time.UnixMilli(ts).UTC().Format("2006-01-02T15:04:05.000Z"), aws.ToString(e.LogStreamName), aws.ToString(e.Message))
			}
		}
		from = max(from, newest-overlap.Milliseconds())
		for id, ts := range seen {
			if ts < from {
				delete(seen, id)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*poll):
		}
	}
}
