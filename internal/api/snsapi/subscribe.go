package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/topics"
)

type subscribeInput struct {
	TopicArn              *string           `json:"TopicArn"`
	Protocol              *string           `json:"Protocol"`
	Endpoint              *string           `json:"Endpoint"`
	Attributes            map[string]string `json:"Attributes"`
	ReturnSubscriptionArn *bool             `json:"ReturnSubscriptionArn"`
}

type subscriptionArnOutput struct {
	SubscriptionArn *string `json:"SubscriptionArn,omitempty"`
}

func (a *API) subscribe(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[subscribeInput](c)
	if err != nil {
		return nil, err
	}
	arn, err := a.svc.Subscribe(ctx, caller(c), topics.SubscribeInput{
		TopicArn: str(in.TopicArn), Protocol: str(in.Protocol), Endpoint: str(in.Endpoint), Attributes: in.Attributes,
		ReturnSubscriptionArn: in.ReturnSubscriptionArn != nil && *in.ReturnSubscriptionArn,
	})
	if err != nil {
		return nil, err
	}
	return subscriptionArnOutput{SubscriptionArn: &arn}, nil
}
