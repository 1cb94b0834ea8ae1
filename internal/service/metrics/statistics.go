package metrics

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/openwatch/openwatch/internal/model"
)

// Limits of GetMetricStatistics.
const (
	maxStatistics         = 5
	maxExtendedStatistics = 10
	maxStatisticsPoints   = 1440
)

// GetMetricStatisticsInput is a GetMetricStatistics request. Times are
// epoch milliseconds; zero means absent.
type GetMetricStatisticsInput struct {
	Namespace          string
	MetricName         string
	Dimensions         []model.Dimension
	StartTime, EndTime int64
	Period             int64
	Statistics         []string
	ExtendedStatistics []string
	Unit               string
}

// Datapoint is one period of GetMetricStatistics. Only the statistics
// asked for are set; a percentile that is not available (the period holds
// negative values) is left out of ExtendedStatistics.
type Datapoint struct {
	Timestamp          int64 // epoch ms, the start of the period
	SampleCount        *float64
	Average            *float64
	Sum                *float64
	Minimum            *float64
	Maximum            *float64
	Unit               string
	ExtendedStatistics map[string]float64
}

// GetMetricStatisticsOutput is the answer to GetMetricStatistics.
type GetMetricStatisticsOutput struct {
	Label      string
	Datapoints []Datapoint
}

// GetMetricStatistics returns statistics of one metric per period, oldest
// first. The metric's dimensions must match exactly. Without a Unit, data
// of each unit give their own datapoints.
func (s *Service) GetMetricStatistics(ctx context.Context, account string, in GetMetricStatisticsInput) (GetMetricStatisticsOutput, error) {
	m := Metric{Namespace: in.Namespace, MetricName: in.MetricName, Dimensions: in.Dimensions}
	if err := checkNamespace(top("Namespace"), m.Namespace, false); err != nil {
		return GetMetricStatisticsOutput{}, err
	}
	if err := checkText(top("MetricName"), m.MetricName, maxNameLen); err != nil {
		return GetMetricStatisticsOutput{}, err
	}
	if err := checkDimensions(top("Dimensions"), m.Dimensions); err != nil {
		return GetMetricStatisticsOutput{}, err
	}
	if err := checkRange(in.StartTime, in.EndTime); err != nil {
		return GetMetricStatisticsOutput{}, err
	}
	if err := checkPeriod(top("Period"), in.Period); err != nil {
		return GetMetricStatisticsOutput{}, err
	}
	if err := checkStatistics(in.Statistics, in.ExtendedStatistics); err != nil {
		return GetMetricStatisticsOutput{}, err
	}
	if err := checkUnit(top("Unit"), in.Unit); err != nil {
		return GetMetricStatisticsOutput{}, err
	}
	now := s.nowMs()
	start := alignStart(in.StartTime, now, in.Period)
	span := in.EndTime - start
	periodMs := in.Period * 1000
	if n := (span + periodMs - 1) / periodMs; n > maxStatisticsPoints {
		return GetMetricStatisticsOutput{}, model.Errorf(model.ErrInvalidParameterCombination,
			"You have requested up to %s datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.", thousands(n))
	}
	stats := append(slices.Clone(in.Statistics), in.ExtendedStatistics...)
	res, err := s.store.Query(ctx, SeriesQuery{
		AccountID: account, Metric: m, Start: start, End: in.EndTime,
		Period: in.Period, Statistics: stats, Unit: in.Unit, Now: now,
	})
	if err != nil {
		return GetMetricStatisticsOutput{}, fmt.Errorf("cannot read %s/%s: %w", m.Namespace, m.MetricName, err)
	}
	out := GetMetricStatisticsOutput{Label: m.MetricName, Datapoints: []Datapoint{}}
	for _, r := range res {
		for j, t := range r.Timestamps {
			dp := Datapoint{Timestamp: t, Unit: r.Unit}
			for i, name := range stats {
				v := r.Values[i][j]
				if math.IsNaN(v) {
					continue
				}
				if i >= len(in.Statistics) {
					if dp.ExtendedStatistics == nil {
						dp.ExtendedStatistics = make(map[string]float64, len(in.ExtendedStatistics))
					}
					dp.ExtendedStatistics[name] = v
					continue
				}
				switch name {
				case "SampleCount":
					dp.SampleCount = &v
				case "Average":
					dp.Average = &v
				case "Sum":
					dp.Sum = &v
				case "Minimum":
					dp.Minimum = &v
				case "Maximum":
					dp.Maximum = &v
				}
			}
			out.Datapoints = append(out.Datapoints, dp)
		}
	}
	// Units come one after the other; CloudWatch does not promise an
	// order, but oldest first is what every reader wants.
	slices.SortStableFunc(out.Datapoints, func(a, b Datapoint) int { return cmp.Compare(a.Timestamp, b.Timestamp) })
	return out, nil
}

// checkStatistics applies GetMetricStatistics' rules: Statistics (1 to 5
// of the simple ones) or ExtendedStatistics (1 to 10 others), not both.
func checkStatistics(stats, ext []string) error {
	statsParam, extParam := top("Statistics"), top("ExtendedStatistics")
	switch {
	case len(stats) > 0 && len(ext) > 0:
		return exclusive(statsParam, extParam)
	case len(stats) == 0 && len(ext) == 0:
		return model.Errorf(model.ErrMissingParameter, "One of the parameters Statistics and ExtendedStatistics must be specified.")
	case len(stats) > maxStatistics:
		return tooMany(statsParam, maxStatistics)
	case len(ext) > maxExtendedStatistics:
		return tooMany(extParam, maxExtendedStatistics)
	}
	for i, st := range stats {
		if !simpleStatistics[st] {
			return model.Errorf(model.ErrInvalidParameter, "The parameter %s must be a value in the set [ SampleCount, Average, Sum, Minimum, Maximum ].", statsParam.at(i).String())
		}
	}
	for i, st := range ext {
		if simpleStatistics[st] || !ValidStatistic(st) {
			return model.Errorf(model.ErrInvalidParameter, "The value %s for parameter %s is not a valid extended statistic.", clip(st), extParam.at(i).String())
		}
	}
	return nil
}

// thousands formats n ≥ 0 with comma separators, as CloudWatch's
// messages do.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
