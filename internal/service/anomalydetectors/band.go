package anomalydetectors

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/anomaly"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// historyID names the metric query that reads a single-metric history.
const historyID = "m1"

// Band computes an ANOMALY_DETECTION_BAND for the metrics service. The
// detector of the metric (or expression) gives the configuration; one
// is created when there is none, as CloudWatch does.
func (s *Service) Band(ctx context.Context, in metrics.BandInput) (lower, upper []float64, err error) {
	d := &Detector{}
	unit := ""
	switch {
	case in.MetricStat != nil:
		ms := in.MetricStat
		d.Single = &SingleMetric{Namespace: ms.Metric.Namespace, MetricName: ms.Metric.MetricName, Dimensions: ms.Metric.Dimensions, Stat: ms.Stat}
		unit = ms.Unit
	case len(in.Queries) > 0:
		d.MetricMath = &MetricMath{Queries: in.Queries}
	default:
		return nil, nil, model.Errorf(model.ErrInvalidParameter, "ANOMALY_DETECTION_BAND needs a metric or an expression to draw a band around")
	}
	if in.Period <= 0 {
		return nil, nil, model.Errorf(model.ErrInvalidParameter, "ANOMALY_DETECTION_BAND needs the period of its series")
	}
	if d, err = s.detector(ctx, in.AccountID, d); err != nil {
		return nil, nil, err
	}
	end := min(in.End, in.Now)
	if end <= 0 {
		end = s.now().UnixMilli()
	}
	tm, err := s.trained(ctx, in.AccountID, d, unit, in.Period, end)
	if err != nil {
		return nil, nil, err
	}
	ts := make([]time.Time, len(in.Timestamps))
	for i, t := range in.Timestamps {
		ts[i] = time.UnixMilli(t)
	}
	lower, upper = anomaly.Band(tm.model, ts, in.Stddevs)
	return lower, upper, nil
}

// detector returns the stored detector with d's key, creating it with
// the default configuration when there is none. A full account still
// gets its band, from the default configuration.
func (s *Service) detector(ctx context.Context, accountID string, d *Detector) (*Detector, error) {
	rec, err := s.store.GetAnomalyDetector(ctx, accountID, d.key())
	if err == nil {
		return decode(rec)
	}
	if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	err = s.store.PutAnomalyDetector(ctx, d.record(accountID, s.now().UnixMilli()), MaxDetectors, false)
	if err != nil && !errors.Is(err, model.ErrLimitExceeded) {
		return nil, fmt.Errorf("cannot create the anomaly detector of a band: %w", err)
	}
	return d, nil
}

// state is the training state of a detector, judged by the model of its
// history at CloudWatch's default period.
func (s *Service) state(ctx context.Context, accountID string, d *Detector) (string, error) {
	period := int64(describePeriod)
	if d.MetricMath != nil {
		for _, q := range d.MetricMath.Queries {
			if (q.ReturnData == nil || *q.ReturnData) && q.Period > 0 {
				period = q.Period
			}
		}
	}
	tm, err := s.trained(ctx, accountID, d, "", period, s.now().UnixMilli())
	if err != nil {
		return "", err
	}
	if tm.model.Samples() >= 3 && tm.last-tm.first >= trainedSpan.Milliseconds() {
		return StateTrained, nil
	}
	return StatePendingTraining, nil
}

// trainedModel is a model and the span of the history it learnt from.
type trainedModel struct {
	model       *anomaly.Model
	first, last int64 // epoch ms; 0 without history
}

// trained returns the model of d's history at period up to end, from the
// cache while it is fresh. end is rounded down to the refresh interval,
// so models are shared by requests close in time and the newest
// datapoints (those a band is usually asked about) do not train the model
// that judges them.
func (s *Service) trained(ctx context.Context, accountID string, d *Detector, unit string, period, end int64) (*trainedModel, error) {
	loc, err := checkConfiguration(d.Configuration)
	if err != nil {
		return nil, fmt.Errorf("cannot use the configuration of an anomaly detector: %w", err)
	}
	refresh := s.models.refresh.Milliseconds()
	end = end / refresh * refresh
	window := min(trainingWindow.Milliseconds(), maxTrainingPoints*period*1000)
	start := (end - window) / (period * 1000) * (period * 1000)
	rec := d.record(accountID, 0)
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d\x00%s", accountID, rec.Key, unit, period, end, rec.Definition)
	return s.models.get(key, func() (*trainedModel, error) {
		ts, vs, err := s.history(ctx, accountID, d, unit, period, start, end)
		if err != nil {
			return nil, err
		}
		opts := anomaly.Options{Location: loc}
		if c := d.Configuration; c != nil {
			for _, r := range c.ExcludedTimeRanges {
				opts.Excluded = append(opts.Excluded, anomaly.TimeRange{Start: time.UnixMilli(r.Start), End: time.UnixMilli(r.End)})
			}
		}
		times := make([]time.Time, len(ts))
		tm := &trainedModel{}
		for i, t := range ts {
			times[i] = time.UnixMilli(t)
			if math.IsNaN(vs[i]) || math.IsInf(vs[i], 0) {
				continue
			}
			if tm.first == 0 || t < tm.first {
				tm.first = t
			}
			tm.last = max(tm.last, t)
		}
		if tm.model, err = anomaly.Train(times, vs, opts); err != nil {
			return nil, fmt.Errorf("cannot train an anomaly model: %w", err)
		}
		return tm, nil
	})
}

// history reads what a model of d learns from: the metric's statistic,
// or the expression's values, per period between start and end.
func (s *Service) history(ctx context.Context, accountID string, d *Detector, unit string, period, start, end int64) ([]int64, []float64, error) {
	var qs []metrics.MetricDataQuery
	want := historyID
	if d.Single != nil {
		sm := d.Single
		qs = []metrics.MetricDataQuery{{ID: historyID, MetricStat: &metrics.MetricStat{
			Metric: metrics.Metric{Namespace: sm.Namespace, MetricName: sm.MetricName, Dimensions: sm.Dimensions},
			Period: period, Stat: sm.Stat, Unit: unit,
		}}}
	} else {
		qs = d.MetricMath.Queries
		for _, q := range qs {
			if q.ReturnData == nil || *q.ReturnData {
				want = q.ID
			}
		}
	}
	in := metrics.GetMetricDataInput{MetricDataQueries: qs, StartTime: start, EndTime: end, ScanBy: metrics.ScanTimestampAscending}
	if start >= end {
		return nil, nil, nil
	}
	var ts []int64
	var vs []float64
	for {
		out, err := s.reader.GetMetricData(ctx, accountID, in)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read the history of an anomaly model: %w", err)
		}
		series := 0
		for _, r := range out.MetricDataResults {
			if r.ID != want {
				continue
			}
			if series++; series > 1 {
				return nil, nil, model.Errorf(model.ErrInvalidParameter, "The expression %s of an anomaly detector must return a single time series.", want)
			}
			ts = append(ts, r.Timestamps...)
			vs = append(vs, r.Values...)
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	return ts, vs, nil
}
