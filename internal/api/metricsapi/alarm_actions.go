package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

// alarmNamesInput is the input of EnableAlarmActions and
// DisableAlarmActions.
type alarmNamesInput struct {
	AlarmNames []string `json:"AlarmNames,omitempty"`
}

func (a *API) enableAlarmActions(ctx context.Context, c *awsproto.Call) (any, error) {
	return a.setAlarmActions(ctx, c, true)
}

func (a *API) disableAlarmActions(ctx context.Context, c *awsproto.Call) (any, error) {
	return a.setAlarmActions(ctx, c, false)
}

func (a *API) setAlarmActions(ctx context.Context, c *awsproto.Call, enabled bool) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[alarmNamesInput](c)
	if err != nil {
		return nil, err
	}
	// Neither operation has an output shape.
	return nil, svc.SetActionsEnabled(ctx, c.Principal.AccountID, in.AlarmNames, enabled)
}
