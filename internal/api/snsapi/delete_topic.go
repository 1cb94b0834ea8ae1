package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteTopicInput struct {
	TopicArn *string `json:"TopicArn"`
}

func (a *API) deleteTopic(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[deleteTopicInput](c)
	if err != nil {
		return nil, err
	}
	// DeleteTopic has no output shape.
	return nil, a.svc.DeleteTopic(ctx, caller(c), str(in.TopicArn))
}
