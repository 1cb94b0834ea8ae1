package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteAlarmsInput struct {
	AlarmNames []string `json:"AlarmNames,omitempty"`
}

func (a *API) deleteAlarms(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.alarmService()
	if err != nil {
		return nil, err
	}
	in, err := decode[deleteAlarmsInput](c)
	if err != nil {
		return nil, err
	}
	// DeleteAlarms has no output shape.
	return nil, svc.DeleteAlarms(ctx, c.Principal.AccountID, in.AlarmNames)
}
