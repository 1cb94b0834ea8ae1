package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type listRulesInput struct {
	NamePrefix   *string `json:"NamePrefix"`
	EventBusName *string `json:"EventBusName"`
	NextToken    *string `json:"NextToken"`
	Limit        *int32  `json:"Limit"`
}

type listRulesOutput struct {
	Rules     []rule  `json:"Rules"`
	NextToken *string `json:"NextToken,omitempty"`
}

func (a *API) listRules(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listRulesInput](c)
	if err != nil {
		return nil, err
	}
	views, next, err := a.svc.ListRules(ctx, caller(c), events.ListRulesInput{
		NamePrefix: str(in.NamePrefix), EventBusName: str(in.EventBusName), NextToken: str(in.NextToken), Limit: i32(in.Limit)})
	if err != nil {
		return nil, err
	}
	out := listRulesOutput{Rules: make([]rule, len(views)), NextToken: opt(next)}
	for i, v := range views {
		out.Rules[i] = ruleOut(v)
	}
	return out, nil
}
