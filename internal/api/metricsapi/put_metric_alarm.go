package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

type putMetricAlarmInput struct {
	AlarmName                        *string           `json:"AlarmName,omitempty"`
	AlarmDescription                 *string           `json:"AlarmDescription,omitempty"`
	ActionsEnabled                   *bool             `json:"ActionsEnabled,omitempty"`
	OKActions                        []string          `json:"OKActions,omitempty"`
	AlarmActions                     []string          `json:"AlarmActions,omitempty"`
	InsufficientDataActions          []string          `json:"InsufficientDataActions,omitempty"`
	MetricName                       *string           `json:"MetricName,omitempty"`
	Namespace                        *string           `json:"Namespace,omitempty"`
	Statistic                        *string           `json:"Statistic,omitempty"`
	ExtendedStatistic                *string           `json:"ExtendedStatistic,omitempty"`
	Dimensions                       []dimension       `json:"Dimensions,omitempty"`
	Period                           *int32            `json:"Period,omitempty"`
	Unit                             *string           `json:"Unit,omitempty"`
	EvaluationPeriods                *int32            `json:"EvaluationPeriods,omitempty"`
	DatapointsToAlarm                *int32            `json:"DatapointsToAlarm,omitempty"`
	Threshold                        *float64          `json:"Threshold,omitempty"`
	ComparisonOperator               *string           `json:"ComparisonOperator,omitempty"`
	TreatMissingData                 *string           `json:"TreatMissingData,omitempty"`
	EvaluateLowSampleCountPercentile *string           `json:"EvaluateLowSampleCountPercentile,omitempty"`
	Metrics                          []metricDataQuery `json:"Metrics,omitempty"`
	Tags                             []tag             `json:"Tags,omitempty"`
	ThresholdMetricID                *string           `json:"ThresholdMetricId,omitempty"`
}

func (a *API) putMetricAlarm(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[putMetricAlarmInput](c)
	if err != nil {
		return nil, err
	}
	req := alarms.PutMetricAlarmInput{Definition: alarms.Definition{
		AlarmName: str(in.AlarmName), AlarmDescription: str(in.AlarmDescription),
		ActionsEnabled: in.ActionsEnabled == nil || *in.ActionsEnabled,
		OKActions:      in.OKActions, AlarmActions: in.AlarmActions, InsufficientDataActions: in.InsufficientDataActions,
		MetricName: str(in.MetricName), Namespace: str(in.Namespace), Statistic: str(in.Statistic),
		ExtendedStatistic: str(in.ExtendedStatistic), Dimensions: toDimensions(in.Dimensions), Period: int(i32(in.Period)),
		Unit: str(in.Unit), EvaluationPeriods: int(i32(in.EvaluationPeriods)), DatapointsToAlarm: int(i32(in.DatapointsToAlarm)),
		Threshold: in.Threshold, ComparisonOperator: str(in.ComparisonOperator), TreatMissingData: str(in.TreatMissingData),
		EvaluateLowSampleCountPercentile: str(in.EvaluateLowSampleCountPercentile), Metrics: toQueries(in.Metrics),
		ThresholdMetricID: str(in.ThresholdMetricID),
	}}
	for _, t := range in.Tags {
		req.Tags = append(req.Tags, alarms.Tag{Key: str(t.Key), Value: str(t.Value)})
	}
	// PutMetricAlarm has no output shape.
	return nil, svc.PutMetricAlarm(ctx, c.Principal.AccountID, req)
}
