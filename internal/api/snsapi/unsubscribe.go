package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/topics"
)

type unsubscribeInput struct {
	SubscriptionArn *string `json:"SubscriptionArn"`
}

func (a *API) unsubscribe(ctx context.Context, c *awsproto.Call) (any, error) {
	return a.unsubscribeAs(ctx, c, caller(c))
}

func (a *API) unsubscribeAs(ctx context.Context, c *awsproto.Call, who topics.Caller) (any, error) {
	in, err := decode[unsubscribeInput](c)
	if err != nil {
		return nil, err
	}
	// Unsubscribe has no output shape.
	return nil, a.svc.Unsubscribe(ctx, who, str(in.SubscriptionArn))
}
