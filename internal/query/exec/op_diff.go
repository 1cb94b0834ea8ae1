package exec

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// BaselineRequiredError is returned when a query uses diff and the caller
// gave no Options.Baseline: run the query again with the events of
// [Start, End] as the baseline.
type BaselineRequiredError struct {
	Start, End time.Time
}

func (e *BaselineRequiredError) Error() string {
	return fmt.Sprintf("diff needs the log events from %s to %s to compare with",
		e.Start.UTC().Format(resultTimeLayout), e.End.UTC().Format(resultTimeLayout))
}

// Unwrap classifies the error as a missing parameter.
func (e *BaselineRequiredError) Unwrap() error { return model.ErrInvalidParameter }

// errNoRange is returned when diff cannot place the comparison range.
var errNoRange = errors.New("diff needs the query's start and end time to find the range to compare with")

// patternCounts reads pattern rows: the count of each @pattern, one per
// row without @sampleCount.
func patternCounts(rows []*row) map[string]int64 {
	out := map[string]int64{}
	for _, r := range rows {
		p := r.get("@pattern")
		if p.IsNull() {
			continue
		}
		n := int64(1)
		if f, ok := r.get("@sampleCount").Number(); ok {
			n = int64(f)
		}
		out[p.String()] += n
	}
	return out
}

// diffStage compares the patterns of the current rows with those of the
// baseline range, one row per pattern seen in either: @sampleCount now,
// @previousSampleCount then, @change between them and @diffStatus (NEW,
// GONE, INCREASED, DECREASED or UNCHANGED). Rows come largest change
// first.
func diffStage(baseline func(ctx context.Context) ([]*row, error)) stage {
	return func(ctx context.Context, in rowSet) (rowSet, error) {
		prevRows, err := baseline(ctx)
		if err != nil {
			return rowSet{}, err
		}
		cur, prev := patternCounts(in.rows), patternCounts(prevRows)
		keys := make([]string, 0, len(cur)+len(prev))
		for k := range cur {
			keys = append(keys, k)
		}
		for k := range prev {
			if _, ok := cur[k]; !ok {
				keys = append(keys, k)
			}
		}
		abs := func(x int64) int64 {
			if x < 0 {
				return -x
			}
			return x
		}
		slices.SortFunc(keys, func(a, b string) int {
			if c := cmp.Compare(abs(cur[b]-prev[b]), abs(cur[a]-prev[a])); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		out := make([]*row, len(keys))
		for i, k := range keys {
			c, p := cur[k], prev[k]
			status := "UNCHANGED"
			switch {
			case p == 0:
				status = "NEW"
			case c == 0:
				status = "GONE"
			case c > p:
				status = "INCREASED"
			case c < p:
				status = "DECREASED"
			}
			r := &row{seq: int64(i)}
			r.assign("@pattern", strValue(k))
			r.assign("@sampleCount", numValue(float64(c)))
			r.assign("@previousSampleCount", numValue(float64(p)))
			r.assign("@change", numValue(float64(c-p)))
			r.assign("@diffStatus", strValue(status))
			out[i] = r
		}
		return rowSet{rows: out, ordered: true}, nil
	}
}
