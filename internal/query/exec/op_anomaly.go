package exec

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Anomaly detection over patterns. CloudWatch uses a learned model;
// OpenWatch applies two documented rules to each pattern row (which
// carries the timestamps of its events), over the query's time range cut
// into anomalyBuckets equal buckets:
//
//   - PatternFrequency: the busiest bucket holds at least
//     minAnomalyCount events and more than twice the pattern's mean per
//     bucket plus two standard deviations. Priority is HIGH when it
//     exceeds mean plus three standard deviations, MEDIUM otherwise.
//   - NewPattern: the pattern has at least two events and none before the
//     last quarter of the range. Priority LOW.
const (
	anomalyBuckets  = 12
	minAnomalyCount = 3
)

func anomalyStage(rangeStart, rangeEnd int64, hasRange bool) stage {
	return func(ctx context.Context, in rowSet) (rowSet, error) {
		if err := ctx.Err(); err != nil {
			return rowSet{}, err
		}
		lo, hi := rangeStart, rangeEnd
		if !hasRange {
			first := true
			for _, r := range in.rows {
				if len(r.times) == 0 {
					continue
				}
				a, b := r.times[0], r.times[len(r.times)-1]
				if first || a < lo {
					lo = a
				}
				if first || b > hi {
					hi = b
				}
				first = false
			}
		}
		type found struct {
			r        *row
			priority int // 0 HIGH, 1 MEDIUM, 2 LOW
			count    int64
		}
		var out []found
		width := (hi - lo + anomalyBuckets) / anomalyBuckets // ceil((hi-lo+1)/buckets)
		if hi > lo && width > 0 {
			for _, r := range in.rows {
				if len(r.times) == 0 {
					continue
				}
				if f, ok := detectAnomaly(r, lo, hi, width); ok {
					out = append(out, found{r: f.row, priority: f.priority, count: int64(len(r.times))})
				}
			}
		}
		slices.SortStableFunc(out, func(a, b found) int {
			if c := cmp.Compare(a.priority, b.priority); c != 0 {
				return c
			}
			return cmp.Compare(b.count, a.count)
		})
		rows := make([]*row, len(out))
		for i, f := range out {
			f.r.seq = int64(i)
			rows[i] = f.r
		}
		return rowSet{rows: rows, ordered: true}, nil
	}
}

type anomalyFinding struct {
	row      *row
	priority int
}

func detectAnomaly(r *row, lo, hi, width int64) (anomalyFinding, bool) {
	var counts [anomalyBuckets]int64
	for _, t := range r.times {
		if t < lo || t > hi {
			continue
		}
		counts[min((t-lo)/width, anomalyBuckets-1)]++
	}
	n := int64(len(r.times))
	mean := float64(n) / anomalyBuckets
	var ss float64
	peak := 0
	for i, c := range counts {
		d := float64(c) - mean
		ss += d * d
		if c > counts[peak] {
			peak = i
		}
	}
	sd := math.Sqrt(ss / anomalyBuckets)
	pattern := r.get("@pattern")
	report := func(kind, priority, desc string, start, end int64, prio int) (anomalyFinding, bool) {
		o := &row{}
		o.assign("@pattern", pattern)
		o.assign("@sampleCount", numValue(float64(n)))
		o.assign("@anomalyType", strValue(kind))
		o.assign("@priority", strValue(priority))
		o.assign("@description", strValue(desc))
		o.assign("@anomalyStart", timeValue(start))
		o.assign("@anomalyEnd", timeValue(end))
		return anomalyFinding{row: o, priority: prio}, true
	}
	c := float64(counts[peak])
	if counts[peak] >= minAnomalyCount && c > 2*mean && c > mean+2*sd {
		start := lo + int64(peak)*width
		end := min(start+width-1, hi)
		prio, label := 1, "MEDIUM"
		if c > mean+3*sd {
			prio, label = 0, "HIGH"
		}
		desc := fmt.Sprintf("%d events between %s and %s, against an average of %s per %s",
			counts[peak], formatTime(start), formatTime(end), formatFloat(math.Round(mean*100)/100), describeSpan(width))
		return report("PatternFrequency", label, desc, start, end, prio)
	}
	if n >= 2 && r.times[0] >= lo+(hi-lo)*3/4 {
		desc := fmt.Sprintf("new pattern: first seen at %s, %d events since", formatTime(r.times[0]), n)
		return report("NewPattern", "LOW", desc, r.times[0], r.times[len(r.times)-1], 2)
	}
	return anomalyFinding{}, false
}

func describeSpan(ms int64) string {
	units := []struct {
		ms   int64
		name string
	}{{86400000, "day"}, {3600000, "hour"}, {60000, "minute"}, {1000, "second"}}
	for _, u := range units {
		if ms >= u.ms && ms%u.ms == 0 {
			n := ms / u.ms
			if n == 1 {
				return u.name
			}
			return fmt.Sprintf("%d %ss", n, u.name)
		}
	}
	return strings.TrimSpace(fmt.Sprintf("%d ms", ms))
}
