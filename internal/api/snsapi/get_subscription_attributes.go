package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type getSubscriptionAttributesInput struct {
	SubscriptionArn *string `json:"SubscriptionArn"`
}

func (a *API) getSubscriptionAttributes(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[getSubscriptionAttributesInput](c)
	if err != nil {
		return nil, err
	}
	attrs, err := a.svc.GetSubscriptionAttributes(ctx, caller(c), str(in.SubscriptionArn))
	if err != nil {
		return nil, err
	}
	return attributesOutput{Attributes: attrs}, nil
}
