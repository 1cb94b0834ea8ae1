package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type removeTargetsInput struct {
	Rule         *string  `json:"Rule"`
	EventBusName *string  `json:"EventBusName"`
	Ids          []string `json:"Ids"`
	Force        *bool    `json:"Force"`
}

func (a *API) removeTargets(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[removeTargetsInput](c)
	if err != nil {
		return nil, err
	}
	failed, err := a.svc.RemoveTargets(ctx, caller(c), events.RemoveTargetsInput{
		Rule: str(in.Rule), EventBusName: str(in.EventBusName), IDs: in.Ids, Force: in.Force != nil && *in.Force})
	if err != nil {
		return nil, err
	}
	return failedOut(failed), nil
}
