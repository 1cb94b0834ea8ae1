package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/topics"
)

type publishInput struct {
	TopicArn         *string `json:"TopicArn"`
	TargetArn        *string `json:"TargetArn"`
	PhoneNumber      *string `json:"PhoneNumber"`
	Message          *string `json:"Message"`
	Subject          *string `json:"Subject"`
	MessageStructure *string `json:"MessageStructure"`
}

type publishOutput struct {
	MessageID *string `json:"MessageId,omitempty"`
}

func (a *API) publish(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[publishInput](c)
	if err != nil {
		return nil, err
	}
	if in.PhoneNumber != nil {
		return nil, model.Errorf(model.ErrInvalidParameter, "Invalid parameter: PhoneNumber Reason: SMS delivery is not supported")
	}
	id, err := a.svc.Publish(ctx, caller(c), topics.PublishInput{
		TopicArn: str(in.TopicArn), TargetArn: str(in.TargetArn), Message: str(in.Message),
		Subject: str(in.Subject), MessageStructure: str(in.MessageStructure),
	})
	if err != nil {
		return nil, err
	}
	return publishOutput{MessageID: &id}, nil
}
