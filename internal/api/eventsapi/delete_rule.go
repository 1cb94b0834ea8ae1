package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteRuleInput struct {
	ruleRef
	Force *bool `json:"Force"`
}

func (a *API) deleteRule(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[deleteRuleInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.DeleteRule(ctx, caller(c), str(in.Name), str(in.EventBusName), in.Force != nil && *in.Force)
}
