package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type listTopicsInput struct {
	NextToken *string `json:"NextToken"`
}

type topicEntry struct {
	TopicArn *string `json:"TopicArn,omitempty"`
}

type listTopicsOutput struct {
	Topics    []topicEntry `json:"Topics"`
	NextToken *string      `json:"NextToken,omitempty"`
}

func (a *API) listTopics(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listTopicsInput](c)
	if err != nil {
		return nil, err
	}
	arns, next, err := a.svc.ListTopics(ctx, caller(c), str(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := listTopicsOutput{Topics: make([]topicEntry, len(arns)), NextToken: opt(next)}
	for i := range arns {
		out.Topics[i] = topicEntry{TopicArn: &arns[i]}
	}
	return out, nil
}
