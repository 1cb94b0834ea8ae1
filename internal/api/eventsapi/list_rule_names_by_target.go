package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type listRuleNamesByTargetInput struct {
	TargetArn    *string `json:"TargetArn"`
	EventBusName *string `json:"EventBusName"`
	NextToken    *string `json:"NextToken"`
	Limit        *int32  `json:"Limit"`
}

type listRuleNamesByTargetOutput struct {
	RuleNames []string `json:"RuleNames"`
	NextToken *string  `json:"NextToken,omitempty"`
}

func (a *API) listRuleNamesByTarget(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listRuleNamesByTargetInput](c)
	if err != nil {
		return nil, err
	}
	names, next, err := a.svc.ListRuleNamesByTarget(ctx, caller(c), events.ListRuleNamesByTargetInput{
		TargetARN: str(in.TargetArn), EventBusName: str(in.EventBusName), NextToken: str(in.NextToken), Limit: i32(in.Limit)})
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = []string{}
	}
	return listRuleNamesByTargetOutput{RuleNames: names, NextToken: opt(next)}, nil
}
