package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type setSubscriptionAttributesInput struct {
	SubscriptionArn *string `json:"SubscriptionArn"`
	AttributeName   *string `json:"AttributeName"`
	AttributeValue  *string `json:"AttributeValue"`
}

func (a *API) setSubscriptionAttributes(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[setSubscriptionAttributesInput](c)
	if err != nil {
		return nil, err
	}
	// SetSubscriptionAttributes has no output shape.
	return nil, a.svc.SetSubscriptionAttributes(ctx, caller(c), str(in.SubscriptionArn), str(in.AttributeName), str(in.AttributeValue))
}
