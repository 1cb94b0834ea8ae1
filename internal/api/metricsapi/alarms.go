package metricsapi

import (
	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

// WithAlarms serves the alarm operations from svc; without it they answer
// that alarms are not available.
func WithAlarms(svc *alarms.Service) Option { return func(a *API) { a.alarms = svc } }

// alarmService is the alarms service, or the error to answer without one.
func (a *API) alarmService() (*alarms.Service, error) {
	if a.alarms == nil {
		return nil, model.Errorf(model.ErrUnavailable, "Alarms are not available on this server.")
	}
	return a.alarms, nil
}

// tag is the Tag shape.
type tag struct {
	Key   *string `json:"Key,omitempty"`
	Value *string `json:"Value,omitempty"`
}

// metricAlarm is the MetricAlarm shape.
type metricAlarm struct {
	AlarmName                          *string             `json:"AlarmName,omitempty"`
	AlarmArn                           *string             `json:"AlarmArn,omitempty"`
	AlarmDescription                   *string             `json:"AlarmDescription,omitempty"`
	AlarmConfigurationUpdatedTimestamp *awsproto.Timestamp `json:"AlarmConfigurationUpdatedTimestamp,omitempty"`
	ActionsEnabled                     *bool               `json:"ActionsEnabled,omitempty"`
	OKActions                          []string            `json:"OKActions"`
	AlarmActions                       []string            `json:"AlarmActions"`
	InsufficientDataActions            []string            `json:"InsufficientDataActions"`
	StateValue                         *string             `json:"StateValue,omitempty"`
	StateReason                        *string             `json:"StateReason,omitempty"`
	StateReasonData                    *string             `json:"StateReasonData,omitempty"`
	StateUpdatedTimestamp              *awsproto.Timestamp `json:"StateUpdatedTimestamp,omitempty"`
	StateTransitionedTimestamp         *awsproto.Timestamp `json:"StateTransitionedTimestamp,omitempty"`
	MetricName                         *string             `json:"MetricName,omitempty"`
	Namespace                          *string             `json:"Namespace,omitempty"`
	Statistic                          *string             `json:"Statistic,omitempty"`
	ExtendedStatistic                  *string             `json:"ExtendedStatistic,omitempty"`
	Dimensions                         []dimension         `json:"Dimensions"`
	Period                             *int32              `json:"Period,omitempty"`
	Unit                               *string             `json:"Unit,omitempty"`
	EvaluationPeriods                  *int32              `json:"EvaluationPeriods,omitempty"`
	DatapointsToAlarm                  *int32              `json:"DatapointsToAlarm,omitempty"`
	Threshold                          *float64            `json:"Threshold,omitempty"`
	ComparisonOperator                 *string             `json:"ComparisonOperator,omitempty"`
	TreatMissingData                   *string             `json:"TreatMissingData,omitempty"`
	EvaluateLowSampleCountPercentile   *string             `json:"EvaluateLowSampleCountPercentile,omitempty"`
	Metrics                            []metricDataQuery   `json:"Metrics,omitempty"`
	ThresholdMetricID                  *string             `json:"ThresholdMetricId,omitempty"`
}

func toQueries(in []metricDataQuery) []alarms.MetricDataQuery {
	var out []alarms.MetricDataQuery
	for _, q := range in {
		aq := alarms.MetricDataQuery{ID: str(q.ID), Expression: str(q.Expression), Label: str(q.Label),
			ReturnData: q.ReturnData, Period: int(i32(q.Period)), AccountID: str(q.AccountID)}
		if ms := q.MetricStat; ms != nil {
			m := toMetric(ms.Metric)
			aq.MetricStat = &alarms.MetricStat{
				Metric: alarms.Metric{Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: m.Dimensions},
				Period: int(i32(ms.Period)), Stat: str(ms.Stat), Unit: str(ms.Unit),
			}
		}
		out = append(out, aq)
	}
	return out
}

func fromQueries(in []alarms.MetricDataQuery) []metricDataQuery {
	var out []metricDataQuery
	for _, q := range in {
		wq := metricDataQuery{ID: opt(q.ID), Expression: opt(q.Expression), Label: opt(q.Label),
			ReturnData: q.ReturnData, Period: opt(int32(q.Period)), AccountID: opt(q.AccountID)}
		if ms := q.MetricStat; ms != nil {
			m := metric{Namespace: opt(ms.Metric.Namespace), MetricName: opt(ms.Metric.MetricName), Dimensions: fromDimensions(ms.Metric.Dimensions)}
			wq.MetricStat = &metricStat{Metric: &m, Period: opt(int32(ms.Period)), Stat: opt(ms.Stat), Unit: opt(ms.Unit)}
		}
		out = append(out, wq)
	}
	return out
}

func fromDimensions(in []model.Dimension) []dimension {
	out := make([]dimension, len(in))
	for i := range in {
		out[i] = dimension{Name: &in[i].Name, Value: &in[i].Value}
	}
	return out
}

func fromAlarm(a alarms.MetricAlarm) metricAlarm {
	d := a.Definition
	updated := awsproto.Timestamp(a.AlarmConfigurationUpdatedTimestamp)
	state := awsproto.Timestamp(a.StateUpdatedTimestamp)
	out := metricAlarm{
		AlarmName: opt(d.AlarmName), AlarmArn: opt(a.AlarmArn), AlarmDescription: opt(d.AlarmDescription),
		AlarmConfigurationUpdatedTimestamp: &updated, ActionsEnabled: &d.ActionsEnabled,
		OKActions: nonNil(d.OKActions), AlarmActions: nonNil(d.AlarmActions), InsufficientDataActions: nonNil(d.InsufficientDataActions),
		StateValue: opt(a.StateValue), StateReason: opt(a.StateReason), StateReasonData: opt(a.StateReasonData),
		StateUpdatedTimestamp: &state, StateTransitionedTimestamp: &state,
		MetricName: opt(d.MetricName), Namespace: opt(d.Namespace), Statistic: opt(d.Statistic),
		ExtendedStatistic: opt(d.ExtendedStatistic), Dimensions: fromDimensions(d.Dimensions), Period: opt(int32(d.Period)),
		Unit: opt(d.Unit), EvaluationPeriods: opt(int32(d.EvaluationPeriods)), DatapointsToAlarm: opt(int32(d.DatapointsToAlarm)),
		Threshold: d.Threshold, ComparisonOperator: opt(d.ComparisonOperator), TreatMissingData: opt(d.TreatMissingData),
		EvaluateLowSampleCountPercentile: opt(d.EvaluateLowSampleCountPercentile), Metrics: fromQueries(d.Metrics),
		ThresholdMetricID: opt(d.ThresholdMetricID),
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// i32 returns *p or 0.
func i32(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}
