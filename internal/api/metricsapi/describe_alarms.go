package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

type describeAlarmsInput struct {
	AlarmNames      []string `json:"AlarmNames,omitempty"`
	AlarmNamePrefix *string  `json:"AlarmNamePrefix,omitempty"`
	AlarmTypes      []string `json:"AlarmTypes,omitempty"`
	StateValue      *string  `json:"StateValue,omitempty"`
	ActionPrefix    *string  `json:"ActionPrefix,omitempty"`
	MaxRecords      *int32   `json:"MaxRecords,omitempty"`
	NextToken       *string  `json:"NextToken,omitempty"`
}

type describeAlarmsOutput struct {
	CompositeAlarms []compositeAlarm `json:"CompositeAlarms"`
	MetricAlarms    []metricAlarm    `json:"MetricAlarms"`
	NextToken       *string          `json:"NextToken,omitempty"`
}

func (a *API) describeAlarms(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[describeAlarmsInput](c)
	if err != nil {
		return nil, err
	}
	res, err := svc.DescribeAlarms(ctx, c.Principal.AccountID, alarms.DescribeAlarmsInput{
		AlarmNames: in.AlarmNames, AlarmNamePrefix: str(in.AlarmNamePrefix), StateValue: str(in.StateValue),
		AlarmTypes: in.AlarmTypes, ActionPrefix: str(in.ActionPrefix), MaxRecords: int(i32(in.MaxRecords)), NextToken: str(in.NextToken),
	})
	if err != nil {
		return nil, err
	}
	out := describeAlarmsOutput{
		CompositeAlarms: make([]compositeAlarm, len(res.CompositeAlarms)),
		MetricAlarms:    make([]metricAlarm, len(res.MetricAlarms)),
		NextToken:       opt(res.NextToken),
	}
	for i, m := range res.MetricAlarms {
		out.MetricAlarms[i] = fromAlarm(m)
	}
	for i, c := range res.CompositeAlarms {
		out.CompositeAlarms[i] = fromComposite(c)
	}
	return out, nil
}
