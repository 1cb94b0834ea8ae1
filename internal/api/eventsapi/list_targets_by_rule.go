package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type listTargetsByRuleInput struct {
	Rule         *string `json:"Rule"`
	EventBusName *string `json:"EventBusName"`
	NextToken    *string `json:"NextToken"`
	Limit        *int32  `json:"Limit"`
}

type listTargetsByRuleOutput struct {
	Targets   []target `json:"Targets"`
	NextToken *string  `json:"NextToken,omitempty"`
}

func (a *API) listTargetsByRule(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listTargetsByRuleInput](c)
	if err != nil {
		return nil, err
	}
	ts, next, err := a.svc.ListTargetsByRule(ctx, caller(c), events.ListTargetsByRuleInput{
		Rule: str(in.Rule), EventBusName: str(in.EventBusName), NextToken: str(in.NextToken), Limit: i32(in.Limit)})
	if err != nil {
		return nil, err
	}
	out := listTargetsByRuleOutput{Targets: make([]target, len(ts)), NextToken: opt(next)}
	for i, t := range ts {
		out.Targets[i] = targetOut(t)
	}
	return out, nil
}
