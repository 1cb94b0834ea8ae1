package exec

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestBatchStatsAgreesWithPipeline runs stats commands that read batches
// through their fast paths (columns, filters decided from columns, runs of
// one time bin) and requires the answers the pipeline gives from the
// messages, with rows of several streams, bins and kinds interleaved.
func TestBatchStatsAgreesWithPipeline(t *testing.T) {
	var events []Event
	for i := range 400 {
		level, kind := "INFO", "App"
		if i%7 == 0 {
			level = "ERROR"
		}
		if i%3 == 0 {
			kind = "Security"
		}
		msg := fmt.Sprintf(`{"pad":"a value long enough to be cut out of the message","level":%q,"extra":{"log_type":%q,"d":%d}}`, level, kind, i%50)
		switch i % 11 {
		case 2:
			// A literal in a column of strings, and rows without level.
			msg = fmt.Sprintf(`{"level":true,"extra":{"log_type":%d}}`, i%4)
		case 4:
			msg = fmt.Sprintf(`{"extra":{"d":%d}}`, i%50)
		case 5:
			msg = fmt.Sprintf("plain line %d level=ERROR", i) // never exact
		case 8:
			msg = fmt.Sprintf(`{"level":%q,"extra":{"log_type":"Security"}} trailing`, level)
		}
		events = append(events, Event{Timestamp: int64(i) * 7919 % 3_600_000, LogStream: fmt.Sprintf("s%d", i%3), LogGroup: "g", Message: msg})
	}
	queries := []string{
		`stats count(*) by bin(5m)`,
		`stats count() as n, count(*) as m by bin(1m)`,
		`filter extra.log_type = "Security" | stats count(*) by bin(5m)`,
		`filter extra.log_type = "Security" and level != "ERROR" | stats count(*) by bin(10m)`,
		`filter not (extra.log_type = "Security" and strlen(level) > 4) | stats count(*) by bin(5m)`,
		`filter extra.d > 20 | filter level = "INFO" | stats avg(extra.d), max(extra.d) by extra.log_type`,
		`filter @message like "ERROR" | stats count(*) by bin(5m)`,
		`stats count(extra.d) by bin(5m)`,
		`stats count(*) by level`,
		`stats count() as n, count(*) as m by extra.log_type`,
		`filter extra.d > 20 | stats count(*) by level`,
		`filter level = "INFO" | stats count(*) by extra.log_type`,
	}
	for _, src := range queries {
		q := mustParse(t, src)
		want := run(t, src, events, Options{})
		for _, blockRows := range []int{1000, 17} {
			got, err := runColumns(&scriptCase{}, q, &batchSource{batches: storeEvents(t, events, q, blockRows, false, blockRows%2 == 1)})
			if err != nil {
				t.Fatal(err)
			}
			if formatRows(got.Rows) != formatRows(want.Rows) || got.Stats.RecordsMatched != want.Stats.RecordsMatched {
				t.Errorf("%s (blocks of %d):\n%s%+v\nwant\n%s%+v", src, blockRows, formatRows(got.Rows), got.Stats, formatRows(want.Rows), want.Stats)
			}
			got, err = runColumns(&scriptCase{}, q, &pushSource{batchSource: batchSource{batches: storeEvents(t, events, q, blockRows, false, blockRows%2 == 1)}})
			if err != nil {
				t.Fatal(err)
			}
			if formatRows(got.Rows) != formatRows(want.Rows) || got.Stats.RecordsMatched != want.Stats.RecordsMatched || got.Stats.RecordsScanned != want.Stats.RecordsScanned {
				t.Errorf("%s (pushed, blocks of %d):\n%s%+v\nwant\n%s%+v", src, blockRows, formatRows(got.Rows), got.Stats, formatRows(want.Rows), want.Stats)
			}
		}
	}
}

// failingPush is a PushSource whose scan fails after its first batch.
type failingPush struct {
	pushSource
	err error
}

func (s *failingPush) Push(ctx context.Context, workers int, fn func(int, *EventBatch) error) error {
	eb, err := s.NextBatch(ctx)
	if err != nil {
		return err
	}
	if err := fn(0, eb); err != nil {
		return err
	}
	return s.err
}

// TestPushErrors checks that an error of a pushing source, and the end of
// the query's context, come back from Exec for the caller to tell apart.
func TestPushErrors(t *testing.T) {
	var events []Event
	for i := range 100 {
		events = append(events, Event{Timestamp: int64(i) * 1000, LogStream: "s", LogGroup: "g", Message: fmt.Sprintf(`{"n":%d}`, i)})
	}
	q := mustParse(t, `stats count(*) by bin(5m)`)
	batches := func() []storedBatch { return storeEvents(t, events, q, 10, false, false) }
	broken := errors.New("the disk is on fire")
	if _, err := runColumns(&scriptCase{}, q, &failingPush{pushSource: pushSource{batchSource: batchSource{batches: batches()}}, err: broken}); !errors.Is(err, broken) {
		t.Fatalf("Exec over a failing source = %v, want %v", err, broken)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Exec(ctx, q, &pushSource{batchSource: batchSource{batches: batches()}}, Options{Concurrency: 4, Run: goRunner})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Exec with a cancelled context = %v", err)
	}
}
