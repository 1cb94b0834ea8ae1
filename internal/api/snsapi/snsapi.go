// Package snsapi serves the SNS-compatible topic API on the protocols SNS
// clients speak: the query protocol (Version 2010-03-31, every current AWS
// SDK and CLI) and AWS JSON 1.0, under SigV4 signing name "sns". Each
// operation has its own file with its wire shapes, named as the AWS model
// names their members, and a handler that decodes, calls the topics
// service and encodes; the rules live in internal/service/topics.
//
// links.go serves the one unsigned exception: following the SubscribeURL
// and UnsubscribeURL links that deliveries carry.
package snsapi

import (
	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/topics"
)

// Service coordinates of SNS.
const (
	// TargetPrefix names the service in X-Amz-Target.
	TargetPrefix = "AmazonSimpleNotificationService"
	// SigningName is the SigV4 service name.
	SigningName = "sns"
	// APIVersion is the query protocol's Version.
	APIVersion = "2010-03-31"
	// XMLNamespace is the xmlns of query protocol responses.
	XMLNamespace = "http://sns.amazonaws.com/doc/2010-03-31/"
)

// API binds the topics service to its wire operations.
type API struct {
	svc *topics.Service
}

// New returns the SNS API.
func New(svc *topics.Service) *API { return &API{svc: svc} }

func protocols() []awsproto.Protocol {
	return []awsproto.Protocol{
		awsproto.JSON{Version: "1.0", QueryCompatible: true},
		awsproto.Query{Version: APIVersion, Namespace: XMLNamespace},
	}
}

// Service returns the operation table for the protocol dispatcher.
func (a *API) Service() awsproto.Service {
	return awsproto.Service{
		TargetPrefix: TargetPrefix,
		SigningName:  SigningName,
		Protocols:    protocols(),
		Operations: map[string]awsproto.Handler{
			"CreateTopic":               a.createTopic,
			"DeleteTopic":               a.deleteTopic,
			"ListTopics":                a.listTopics,
			"GetTopicAttributes":        a.getTopicAttributes,
			"SetTopicAttributes":        a.setTopicAttributes,
			"Subscribe":                 a.subscribe,
			"ConfirmSubscription":       a.confirmSubscription,
			"Unsubscribe":               a.unsubscribe,
			"ListSubscriptions":         a.listSubscriptions,
			"ListSubscriptionsByTopic":  a.listSubscriptionsByTopic,
			"GetSubscriptionAttributes": a.getSubscriptionAttributes,
			"SetSubscriptionAttributes": a.setSubscriptionAttributes,
			"Publish":                   a.publish,
			"TagResource":               a.tagResource,
			"UntagResource":             a.untagResource,
			"ListTagsForResource":       a.listTagsForResource,
		},
		Errors: awsproto.SNSErrors(),
	}
}

func caller(c *awsproto.Call) topics.Caller {
	return topics.Caller{AccountID: c.Principal.AccountID, Region: c.Region, BaseURL: c.BaseURL()}
}

// decode is the common first step of every handler.
func decode[T any](c *awsproto.Call) (*T, error) {
	in := new(T)
	if err := c.Decode(in); err != nil {
		return nil, err
	}
	return in, nil
}

// str returns *p or "".
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// opt returns a pointer to s, or nil when s is "", so absent members are
// left out of responses.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// tag is the Tag shape.
type tag struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

func tagsIn(in []tag) []topics.Tag {
	out := make([]topics.Tag, len(in))
	for i, t := range in {
		out[i] = topics.Tag{Key: str(t.Key), Value: str(t.Value)}
	}
	return out
}

type empty struct{}
