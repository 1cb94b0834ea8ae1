package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/topics"
)

type createTopicInput struct {
	Name       *string           `json:"Name"`
	Attributes map[string]string `json:"Attributes"`
	Tags       []tag             `json:"Tags"`
}

type createTopicOutput struct {
	TopicArn *string `json:"TopicArn,omitempty"`
}

func (a *API) createTopic(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[createTopicInput](c)
	if err != nil {
		return nil, err
	}
	arn, err := a.svc.CreateTopic(ctx, caller(c), topics.CreateTopicInput{Name: str(in.Name), Attributes: in.Attributes, Tags: tagsIn(in.Tags)})
	if err != nil {
		return nil, err
	}
	return createTopicOutput{TopicArn: &arn}, nil
}
