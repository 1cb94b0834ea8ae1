package metrics

import (
	"context"
	"math"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/metricmath"
)

// BandSource computes the anomaly detection bands of
// ANOMALY_DETECTION_BAND from models trained on the history of what the
// band is drawn around.
//
// Band returns, for each of in.Timestamps, the lower and upper edge of
// the expected range, NaN where the model has nothing to go on. It may
// read metric data through the service (a model trains on history), but
// never for a query that itself draws a band. Errors keep their kind:
// model.ErrInvalidParameter for a band the inputs cannot give, wrapped
// model.ErrUnavailable for failures. Implementations are safe for
// concurrent use.
type BandSource interface {
	Band(ctx context.Context, in BandInput) (lower, upper []float64, err error)
}

// BandInput is one ANOMALY_DETECTION_BAND to compute.
type BandInput struct {
	AccountID string
	// MetricStat is the metric of a band around a metric query; nil for
	// a band around an expression.
	MetricStat *MetricStat
	// Queries, for a band around an expression, are the queries it needs,
	// with ReturnData true on the expression alone.
	Queries []MetricDataQuery
	// Period is the period of the series, in seconds.
	Period int64
	// Timestamps are where the band is wanted, epoch milliseconds,
	// ascending.
	Timestamps []int64
	// Stddevs is the width of the band in standard deviations.
	Stddevs float64
	// End is the end of the request's range, and Now the current time,
	// both epoch milliseconds: the model trains on the history before.
	End, Now int64
}

// bandFunc is Env.Band of one GetMetricData run: the series the band is
// drawn around must be a query of the request, named by its id.
func (r *dataRun) bandFunc(ctx context.Context, qs []dataQuery) metricmath.BandFunc {
	if r.svc.bands == nil {
		return nil
	}
	return func(s metricmath.Series, stddevs float64) (lower, upper metricmath.Series, err error) {
		var q *dataQuery
		for i := range qs {
			if s.ID != "" && qs[i].ID == s.ID {
				q = &qs[i]
			}
		}
		if q == nil {
			return lower, upper, model.Errorf(model.ErrInvalidParameter, "ANOMALY_DETECTION_BAND takes the id of a metric or of an expression of the request")
		}
		// Series count in seconds, the band's input in milliseconds.
		ms := make([]int64, len(s.Timestamps))
		for i, ts := range s.Timestamps {
			ms[i] = ts * 1000
		}
		in := BandInput{AccountID: r.account, Period: q.period, Timestamps: ms, Stddevs: stddevs, End: r.end, Now: r.now}
		if q.MetricStat != nil {
			stat := *q.MetricStat
			in.MetricStat = &stat
		} else if in.Queries, err = bandQueries(qs, q); err != nil {
			return lower, upper, err
		}
		lo, up, err := r.svc.bands.Band(ctx, in)
		if err != nil {
			return lower, upper, err
		}
		if len(lo) != len(s.Timestamps) || len(up) != len(s.Timestamps) {
			return lower, upper, model.Errorf(model.ErrInternal, "the anomaly model gave %d and %d band values for %d timestamps", len(lo), len(up), len(s.Timestamps))
		}
		// Timestamps without a model value are left out, as CloudWatch
		// leaves out periods it has no band for.
		for i, ts := range s.Timestamps {
			if math.IsNaN(lo[i]) || math.IsNaN(up[i]) || math.IsInf(lo[i], 0) || math.IsInf(up[i], 0) {
				continue
			}
			lower.Timestamps, lower.Values = append(lower.Timestamps, ts), append(lower.Values, lo[i])
			upper.Timestamps, upper.Values = append(upper.Timestamps, ts), append(upper.Values, up[i])
		}
		return lower, upper, nil
	}
}

// bandQueries returns the queries expression q needs, q returning data
// and the others not. A band inside them would make training recurse, so
// it is refused.
func bandQueries(qs []dataQuery, q *dataQuery) ([]MetricDataQuery, error) {
	byID := make(map[string]int, len(qs))
	for i := range qs {
		byID[qs[i].ID] = i
	}
	need := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		i, ok := byID[id]
		if !ok || need[id] {
			return
		}
		need[id] = true
		for _, ref := range qs[i].refs {
			walk(ref)
		}
	}
	walk(q.ID)
	var out []MetricDataQuery
	no, yes := false, true
	for i := range qs {
		if !need[qs[i].ID] {
			continue
		}
		mq := qs[i].MetricDataQuery
		if strings.Contains(strings.ToUpper(mq.Expression), "ANOMALY_DETECTION_BAND") {
			return nil, model.Errorf(model.ErrInvalidParameter, "ANOMALY_DETECTION_BAND cannot be drawn around an expression that uses ANOMALY_DETECTION_BAND")
		}
		mq.ReturnData = &no
		if mq.ID == q.ID {
			mq.ReturnData = &yes
			if mq.Period == 0 {
				mq.Period = q.period
			}
		}
		out = append(out, mq)
	}
	return out, nil
}
