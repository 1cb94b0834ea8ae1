package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

type describeAlarmsForMetricInput struct {
	MetricName        *string     `json:"MetricName,omitempty"`
	Namespace         *string     `json:"Namespace,omitempty"`
	Statistic         *string     `json:"Statistic,omitempty"`
	ExtendedStatistic *string     `json:"ExtendedStatistic,omitempty"`
	Dimensions        []dimension `json:"Dimensions,omitempty"`
	Period            *int32      `json:"Period,omitempty"`
	Unit              *string     `json:"Unit,omitempty"`
}

type describeAlarmsForMetricOutput struct {
	MetricAlarms []metricAlarm `json:"MetricAlarms"`
}

func (a *API) describeAlarmsForMetric(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[describeAlarmsForMetricInput](c)
	if err != nil {
		return nil, err
	}
	res, err := svc.DescribeAlarmsForMetric(ctx, c.Principal.AccountID, alarms.DescribeAlarmsForMetricInput{
		Namespace: str(in.Namespace), MetricName: str(in.MetricName), Dimensions: toDimensions(in.Dimensions),
		Statistic: str(in.Statistic), ExtendedStatistic: str(in.ExtendedStatistic), Period: int(i32(in.Period)), Unit: str(in.Unit),
	})
	if err != nil {
		return nil, err
	}
	out := describeAlarmsForMetricOutput{MetricAlarms: make([]metricAlarm, len(res))}
	for i, m := range res {
		out.MetricAlarms[i] = fromAlarm(m)
	}
	return out, nil
}
