package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

// ruleRef names a rule on a bus; several operations take only that.
type ruleRef struct {
	Name         *string `json:"Name"`
	EventBusName *string `json:"EventBusName"`
}

// rule is a rule as DescribeRule and ListRules return it.
type rule struct {
	Name               string  `json:"Name"`
	Arn                string  `json:"Arn"`
	EventPattern       *string `json:"EventPattern,omitempty"`
	ScheduleExpression *string `json:"ScheduleExpression,omitempty"`
	State              string  `json:"State"`
	Description        *string `json:"Description,omitempty"`
	RoleArn            *string `json:"RoleArn,omitempty"`
	EventBusName       string  `json:"EventBusName"`
	CreatedBy          *string `json:"CreatedBy,omitempty"`
}

func ruleOut(v events.RuleView) rule {
	return rule{Name: v.Name, Arn: v.ARN, EventPattern: opt(v.EventPattern), ScheduleExpression: opt(v.ScheduleExpression),
		State: v.State, Description: opt(v.Description), RoleArn: opt(v.RoleARN), EventBusName: v.EventBusName}
}

func (a *API) describeRule(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[ruleRef](c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DescribeRule(ctx, caller(c), str(in.Name), str(in.EventBusName))
	if err != nil {
		return nil, err
	}
	out := ruleOut(v)
	out.CreatedBy = opt(v.CreatedBy)
	return out, nil
}
