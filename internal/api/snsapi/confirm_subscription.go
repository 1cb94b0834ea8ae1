package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/topics"
)

type confirmSubscriptionInput struct {
	TopicArn                  *string `json:"TopicArn"`
	Token                     *string `json:"Token"`
	AuthenticateOnUnsubscribe *string `json:"AuthenticateOnUnsubscribe"`
}

func (a *API) confirmSubscription(ctx context.Context, c *awsproto.Call) (any, error) {
	return a.confirm(ctx, c, caller(c))
}

// confirm serves signed requests and followed SubscribeURLs alike; the
// caller says which.
func (a *API) confirm(ctx context.Context, c *awsproto.Call, who topics.Caller) (any, error) {
	in, err := decode[confirmSubscriptionInput](c)
	if err != nil {
		return nil, err
	}
	arn, err := a.svc.ConfirmSubscription(ctx, who, str(in.TopicArn), str(in.Token), str(in.AuthenticateOnUnsubscribe) == "true")
	if err != nil {
		return nil, err
	}
	return subscriptionArnOutput{SubscriptionArn: &arn}, nil
}
