package app

import (
	"context"
	"fmt"
	"time"

	"github.com/openwatch/openwatch/internal/query/alarmeval"
	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// alarmMetrics adapts the metrics service to the alarms service's
// MetricReader port: an alarm's data is a GetMetricData request.
type alarmMetrics struct{ svc *metrics.Service }

var _ alarms.MetricReader = alarmMetrics{}

// singleID names the one query of a single-metric alarm.
const singleID = "m1"

// alarmQueries is the GetMetricData form of the alarm's data, with the Id
// of the query it compares.
func alarmQueries(def alarms.Definition) ([]metrics.MetricDataQuery, string) {
	if len(def.Metrics) == 0 {
		stat := def.Statistic
		if stat == "" {
			stat = def.ExtendedStatistic
		}
		return []metrics.MetricDataQuery{{ID: singleID, MetricStat: &metrics.MetricStat{
			Metric: metrics.Metric{Namespace: def.Namespace, MetricName: def.MetricName, Dimensions: def.Dimensions},
			Period: int64(def.Period), Stat: stat, Unit: def.Unit,
		}}}, singleID
	}
	out := make([]metrics.MetricDataQuery, len(def.Metrics))
	want := ""
	for i, q := range def.Metrics {
		mq := metrics.MetricDataQuery{ID: q.ID, Expression: q.Expression, Label: q.Label,
			ReturnData: q.ReturnData, Period: int64(q.Period), AccountID: q.AccountID}
		if q.ID == def.ThresholdMetricID {
			yes := true
			mq.ReturnData = &yes
		} else if q.Returns() {
			want = q.ID
		}
		if ms := q.MetricStat; ms != nil {
			mq.MetricStat = &metrics.MetricStat{
				Metric: metrics.Metric{Namespace: ms.Metric.Namespace, MetricName: ms.Metric.MetricName, Dimensions: ms.Metric.Dimensions},
				Period: int64(ms.Period), Stat: ms.Stat, Unit: ms.Unit,
			}
		}
		out[i] = mq
	}
	return out, want
}

// ReadAlarmData reads every page of the alarm's query between start and
// end. An anomaly alarm's band, [upper, lower] under ThresholdMetricId,
// is joined to the datapoints by timestamp.
func (m alarmMetrics) ReadAlarmData(ctx context.Context, accountID string, def alarms.Definition, start, end time.Time) ([]alarmeval.Datapoint, error) {
	queries, want := alarmQueries(def)
	in := metrics.GetMetricDataInput{MetricDataQueries: queries, StartTime: start.UnixMilli(), EndTime: end.UnixMilli(),
		ScanBy: metrics.ScanTimestampAscending}
	values := map[int64]float64{}
	var band [2]map[int64]float64
	bands := 0
	for {
		out, err := m.svc.GetMetricData(ctx, accountID, in)
		if err != nil {
			return nil, fmt.Errorf("cannot read the data of alarm %q: %w", def.AlarmName, err)
		}
		k := 0 // band results seen on this page: upper, then lower
		for _, r := range out.MetricDataResults {
			var dst map[int64]float64
			switch {
			case r.ID == want:
				dst = values
			case r.ID == def.ThresholdMetricID && def.ThresholdMetricID != "" && k < 2:
				if band[k] == nil {
					band[k] = map[int64]float64{}
				}
				dst = band[k]
				k++
				bands = max(bands, k)
			default:
				continue
			}
			for i, ts := range r.Timestamps {
				dst[ts] = r.Values[i]
			}
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	if def.ThresholdMetricID != "" && bands != 2 {
		return nil, fmt.Errorf("alarm %q: ThresholdMetricId %s did not give an anomaly detection band", def.AlarmName, def.ThresholdMetricID)
	}
	out := make([]alarmeval.Datapoint, 0, len(values))
	for ts, v := range values {
		d := alarmeval.Datapoint{Timestamp: time.UnixMilli(ts).UTC(), Value: v}
		if bands == 2 {
			upper, okU := band[0][ts]
			lower, okL := band[1][ts]
			if !okU || !okL {
				continue
			}
			d.Upper, d.Lower = upper, lower
		}
		out = append(out, d)
	}
	return out, nil
}
