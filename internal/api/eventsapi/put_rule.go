package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type putRuleInput struct {
	Name               *string `json:"Name"`
	ScheduleExpression *string `json:"ScheduleExpression"`
	EventPattern       *string `json:"EventPattern"`
	State              *string `json:"State"`
	Description        *string `json:"Description"`
	RoleArn            *string `json:"RoleArn"`
	Tags               []tag   `json:"Tags"`
	EventBusName       *string `json:"EventBusName"`
}

type putRuleOutput struct {
	RuleArn string `json:"RuleArn"`
}

func (a *API) putRule(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[putRuleInput](c)
	if err != nil {
		return nil, err
	}
	arn, err := a.svc.PutRule(ctx, caller(c), events.PutRuleInput{
		Name: str(in.Name), EventBusName: str(in.EventBusName), EventPattern: str(in.EventPattern),
		ScheduleExpression: str(in.ScheduleExpression), State: str(in.State), Description: str(in.Description),
		RoleARN: str(in.RoleArn), Tags: tags(in.Tags),
	})
	if err != nil {
		return nil, err
	}
	return putRuleOutput{RuleArn: arn}, nil
}
