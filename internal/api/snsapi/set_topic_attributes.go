package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type setTopicAttributesInput struct {
	TopicArn       *string `json:"TopicArn"`
	AttributeName  *string `json:"AttributeName"`
	AttributeValue *string `json:"AttributeValue"`
}

func (a *API) setTopicAttributes(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[setTopicAttributesInput](c)
	if err != nil {
		return nil, err
	}
	// SetTopicAttributes has no output shape.
	return nil, a.svc.SetTopicAttributes(ctx, caller(c), str(in.TopicArn), str(in.AttributeName), str(in.AttributeValue))
}
