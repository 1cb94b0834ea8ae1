package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
)

type listSubscriptionsByTopicInput struct {
	TopicArn  *string `json:"TopicArn"`
	NextToken *string `json:"NextToken"`
}

func (a *API) listSubscriptionsByTopic(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listSubscriptionsByTopicInput](c)
	if err != nil {
		return nil, err
	}
	if str(in.TopicArn) == "" {
		return nil, model.Errorf(model.ErrInvalidParameter, "Invalid parameter: TopicArn")
	}
	subs, next, err := a.svc.ListSubscriptions(ctx, caller(c), str(in.TopicArn), str(in.NextToken))
	if err != nil {
		return nil, err
	}
	return subscriptionsOut(subs, next), nil
}
