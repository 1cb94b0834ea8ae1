package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/topics"
)

type listSubscriptionsInput struct {
	NextToken *string `json:"NextToken"`
}

type subscriptionEntry struct {
	SubscriptionArn *string `json:"SubscriptionArn,omitempty"`
	Owner           *string `json:"Owner,omitempty"`
	Protocol        *string `json:"Protocol,omitempty"`
	Endpoint        *string `json:"Endpoint,omitempty"`
	TopicArn        *string `json:"TopicArn,omitempty"`
}

type listSubscriptionsOutput struct {
	Subscriptions []subscriptionEntry `json:"Subscriptions"`
	NextToken     *string             `json:"NextToken,omitempty"`
}

func subscriptionsOut(subs []topics.SubscriptionInfo, next string) listSubscriptionsOutput {
	out := listSubscriptionsOutput{Subscriptions: make([]subscriptionEntry, len(subs)), NextToken: opt(next)}
	for i, s := range subs {
		out.Subscriptions[i] = subscriptionEntry{SubscriptionArn: opt(s.SubscriptionArn), Owner: opt(s.Owner),
			Protocol: opt(s.Protocol), Endpoint: opt(s.Endpoint), TopicArn: opt(s.TopicArn)}
	}
	return out
}

func (a *API) listSubscriptions(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listSubscriptionsInput](c)
	if err != nil {
		return nil, err
	}
	subs, next, err := a.svc.ListSubscriptions(ctx, caller(c), "", str(in.NextToken))
	if err != nil {
		return nil, err
	}
	return subscriptionsOut(subs, next), nil
}
