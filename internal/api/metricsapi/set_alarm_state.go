package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

type setAlarmStateInput struct {
	AlarmName       *string `json:"AlarmName,omitempty"`
	StateValue      *string `json:"StateValue,omitempty"`
	StateReason     *string `json:"StateReason,omitempty"`
	StateReasonData *string `json:"StateReasonData,omitempty"`
}

func (a *API) setAlarmState(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[setAlarmStateInput](c)
	if err != nil {
		return nil, err
	}
	// SetAlarmState has no output shape.
	return nil, svc.SetAlarmState(ctx, c.Principal.AccountID, alarms.SetAlarmStateInput{
		AlarmName: str(in.AlarmName), StateValue: str(in.StateValue), StateReason: str(in.StateReason), StateReasonData: str(in.StateReasonData),
	})
}
