package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

type putCompositeAlarmInput struct {
	AlarmName                        *string  `json:"AlarmName,omitempty"`
	AlarmDescription                 *string  `json:"AlarmDescription,omitempty"`
	AlarmRule                        *string  `json:"AlarmRule,omitempty"`
	ActionsEnabled                   *bool    `json:"ActionsEnabled,omitempty"`
	OKActions                        []string `json:"OKActions,omitempty"`
	AlarmActions                     []string `json:"AlarmActions,omitempty"`
	InsufficientDataActions          []string `json:"InsufficientDataActions,omitempty"`
	Tags                             []tag    `json:"Tags,omitempty"`
	ActionsSuppressor                *string  `json:"ActionsSuppressor,omitempty"`
	ActionsSuppressorWaitPeriod      *int32   `json:"ActionsSuppressorWaitPeriod,omitempty"`
	ActionsSuppressorExtensionPeriod *int32   `json:"ActionsSuppressorExtensionPeriod,omitempty"`
}

// compositeAlarm is the CompositeAlarm shape.
type compositeAlarm struct {
	AlarmName                          *string             `json:"AlarmName,omitempty"`
	AlarmArn                           *string             `json:"AlarmArn,omitempty"`
	AlarmDescription                   *string             `json:"AlarmDescription,omitempty"`
	AlarmRule                          *string             `json:"AlarmRule,omitempty"`
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
	ActionsSuppressor                  *string             `json:"ActionsSuppressor,omitempty"`
	ActionsSuppressorWaitPeriod        *int32              `json:"ActionsSuppressorWaitPeriod,omitempty"`
	ActionsSuppressorExtensionPeriod   *int32              `json:"ActionsSuppressorExtensionPeriod,omitempty"`
}

func (a *API) putCompositeAlarm(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[putCompositeAlarmInput](c)
	if err != nil {
		return nil, err
	}
	req := alarms.PutCompositeAlarmInput{CompositeDefinition: alarms.CompositeDefinition{
		AlarmName: str(in.AlarmName), AlarmDescription: str(in.AlarmDescription), AlarmRule: str(in.AlarmRule),
		ActionsEnabled: in.ActionsEnabled == nil || *in.ActionsEnabled,
		OKActions:      in.OKActions, AlarmActions: in.AlarmActions, InsufficientDataActions: in.InsufficientDataActions,
		ActionsSuppressor:                str(in.ActionsSuppressor),
		ActionsSuppressorWaitPeriod:      int(i32(in.ActionsSuppressorWaitPeriod)),
		ActionsSuppressorExtensionPeriod: int(i32(in.ActionsSuppressorExtensionPeriod)),
	}}
	for _, t := range in.Tags {
		req.Tags = append(req.Tags, alarms.Tag{Key: str(t.Key), Value: str(t.Value)})
	}
	// PutCompositeAlarm has no output shape.
	return nil, svc.PutCompositeAlarm(ctx, c.Principal.AccountID, req)
}

func fromComposite(a alarms.CompositeAlarm) compositeAlarm {
	d := a.CompositeDefinition
	updated := awsproto.Timestamp(a.AlarmConfigurationUpdatedTimestamp)
	state := awsproto.Timestamp(a.StateUpdatedTimestamp)
	return compositeAlarm{
		AlarmName: opt(d.AlarmName), AlarmArn: opt(a.AlarmArn), AlarmDescription: opt(d.AlarmDescription), AlarmRule: opt(d.AlarmRule),
		AlarmConfigurationUpdatedTimestamp: &updated, ActionsEnabled: &d.ActionsEnabled,
		OKActions: nonNil(d.OKActions), AlarmActions: nonNil(d.AlarmActions), InsufficientDataActions: nonNil(d.InsufficientDataActions),
		StateValue: opt(a.StateValue), StateReason: opt(a.StateReason), StateReasonData: opt(a.StateReasonData),
		StateUpdatedTimestamp: &state, StateTransitionedTimestamp: &state,
		ActionsSuppressor:                opt(d.ActionsSuppressor),
		ActionsSuppressorWaitPeriod:      opt(int32(d.ActionsSuppressorWaitPeriod)),
		ActionsSuppressorExtensionPeriod: opt(int32(d.ActionsSuppressorExtensionPeriod)),
	}
}
