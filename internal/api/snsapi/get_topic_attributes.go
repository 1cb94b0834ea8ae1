package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type getTopicAttributesInput struct {
	TopicArn *string `json:"TopicArn"`
}

type attributesOutput struct {
	Attributes map[string]string `json:"Attributes"`
}

func (a *API) getTopicAttributes(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[getTopicAttributesInput](c)
	if err != nil {
		return nil, err
	}
	attrs, err := a.svc.GetTopicAttributes(ctx, caller(c), str(in.TopicArn))
	if err != nil {
		return nil, err
	}
	return attributesOutput{Attributes: attrs}, nil
}
