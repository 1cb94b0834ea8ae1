package topics

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// Limits of SNS topics.
const (
	maxTopicNameLen   = 256
	maxDisplayNameLen = 100
	maxTags           = 50
)

var topicNameRe = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.fifo)?$`)

func validTopicName(name string) bool {
	return len(name) <= maxTopicNameLen && topicNameRe.MatchString(name)
}

// topicAttributes are the attributes CreateTopic and SetTopicAttributes
// take; the others GetTopicAttributes shows are computed.
var topicAttributes = []string{"DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "SignatureVersion",
	"TracingConfig", "FifoTopic", "ContentBasedDeduplication"}

// createOnly are attributes fixed when the topic is created.
var createOnly = []string{"FifoTopic"}

func checkTopicAttribute(name, value string) error {
	if !slices.Contains(topicAttributes, name) {
		return invalid("Invalid parameter: AttributeName")
	}
	switch name {
	case "DisplayName":
		if utf8.RuneCountInString(value) > maxDisplayNameLen {
			return invalid("Invalid parameter: DisplayName must be at most %d characters long", maxDisplayNameLen)
		}
	case "Policy", "DeliveryPolicy":
		if value != "" && !json.Valid([]byte(value)) {
			return invalid("Invalid parameter: %s Error: the policy is not valid JSON", name)
		}
	case "FifoTopic", "ContentBasedDeduplication":
		if value != "true" && value != "false" {
			return invalid("Invalid parameter: %s must be true or false", name)
		}
	case "SignatureVersion":
		if value != "1" && value != "2" {
			return invalid("Invalid parameter: SignatureVersion must be 1 or 2")
		}
	case "TracingConfig":
		if value != "PassThrough" && value != "Active" {
			return invalid("Invalid parameter: TracingConfig must be PassThrough or Active")
		}
	}
	return nil
}

func checkTags(tags []Tag) error {
	if len(tags) > maxTags {
		return model.Errorf(model.ErrTooManyTags, "Could not complete request: tag quota of per resource exceeded")
	}
	for _, t := range tags {
		if n := utf8.RuneCountInString(t.Key); n < 1 || n > 128 {
			return invalid("Invalid parameter: Tags Reason: tag keys must be 1 to 128 characters long")
		}
		if utf8.RuneCountInString(t.Value) > 256 {
			return invalid("Invalid parameter: Tags Reason: tag values must be at most 256 characters long")
		}
		if strings.HasPrefix(t.Key, "aws:") {
			return invalid("Invalid parameter: Tags Reason: the aws: prefix is reserved")
		}
	}
	return nil
}

// CreateTopicInput is a CreateTopic request.
type CreateTopicInput struct {
	Name       string
	Attributes map[string]string
	Tags       []Tag
}

// CreateTopic creates a topic and returns its ARN. As on SNS it is
// idempotent: asking again for an existing topic with the same attributes
// returns its ARN.
func (s *Service) CreateTopic(ctx context.Context, c Caller, in CreateTopicInput) (string, error) {
	if !validTopicName(in.Name) {
		return "", invalid("Invalid parameter: Topic Name")
	}
	for k, v := range in.Attributes {
		if err := checkTopicAttribute(k, v); err != nil {
			return "", err
		}
	}
	fifo := in.Attributes["FifoTopic"] == "true"
	if fifo != strings.HasSuffix(in.Name, ".fifo") {
		return "", invalid("Invalid parameter: Fifo Topic names must end with .fifo and Standard Topic names must not")
	}
	if err := checkTags(in.Tags); err != nil {
		return "", err
	}
	attrs, err := encodeMap(in.Attributes)
	if err != nil {
		return "", err
	}
	tags, err := encodeMap(tagMap(in.Tags))
	if err != nil {
		return "", err
	}
	arn := c.TopicARN(in.Name)
	err = s.store.CreateTopic(ctx, model.Topic{AccountID: c.AccountID, Name: in.Name, Attributes: attrs, Tags: tags, CreatedAt: s.opts.Now().UnixMilli()})
	if !errors.Is(err, model.ErrAlreadyExists) {
		return arn, err
	}
	old, err := s.store.GetTopic(ctx, c.AccountID, in.Name)
	if err != nil {
		return "", err
	}
	have, err := decodeMap(old.Attributes, "topic attributes")
	if err != nil {
		return "", err
	}
	for k, v := range in.Attributes {
		if have[k] != v {
			return "", invalid("Invalid parameter: Attributes Reason: Topic already exists with different attributes")
		}
	}
	if len(in.Tags) > 0 {
		oldTags, err := decodeMap(old.Tags, "topic tags")
		if err != nil {
			return "", err
		}
		if !maps.Equal(oldTags, tagMap(in.Tags)) {
			return "", invalid("Invalid parameter: Tags Reason: Topic already exists with different tags")
		}
	}
	return arn, nil
}

func tagMap(tags []Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}

// DeleteTopic deletes the topic and its subscriptions; deleting a topic
// that does not exist succeeds, as on SNS.
func (s *Service) DeleteTopic(ctx context.Context, c Caller, arn string) error {
	_, err := s.topicOf(ctx, c, arn, "TopicArn")
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	_, _, name, _ := ParseTopicARN(arn)
	return s.store.DeleteTopic(ctx, c.AccountID, name)
}

// ListTopics returns a page of the account's topic ARNs and the token of
// the next page ("" at the end).
func (s *Service) ListTopics(ctx context.Context, c Caller, nextToken string) ([]string, string, error) {
	after := ""
	if nextToken != "" {
		var err error
		if after, err = decodeToken(nextToken); err != nil {
			return nil, "", err
		}
	}
	ts, err := s.store.ListTopics(ctx, c.AccountID, after, pageSize+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(ts) > pageSize {
		ts = ts[:pageSize]
		next = encodeToken(ts[pageSize-1].Name)
	}
	arns := make([]string, len(ts))
	for i, t := range ts {
		arns[i] = c.TopicARN(t.Name)
	}
	return arns, next, nil
}

// GetTopicAttributes returns the topic's attributes with the computed
// ones: TopicArn, Owner and the subscription counts.
func (s *Service) GetTopicAttributes(ctx context.Context, c Caller, arn string) (map[string]string, error) {
	t, err := s.topicOf(ctx, c, arn, "TopicArn")
	if err != nil {
		return nil, err
	}
	attrs, err := decodeMap(t.Attributes, "topic attributes")
	if err != nil {
		return nil, err
	}
	subs, err := s.store.ListSubscriptions(ctx, c.AccountID, t.Name, "", 0)
	if err != nil {
		return nil, err
	}
	confirmed := 0
	for _, sub := range subs {
		if sub.Confirmed {
			confirmed++
		}
	}
	attrs["TopicArn"] = arn
	attrs["Owner"] = c.AccountID
	if _, ok := attrs["DisplayName"]; !ok {
		attrs["DisplayName"] = ""
	}
	if _, ok := attrs["Policy"]; !ok {
		attrs["Policy"] = defaultPolicy(arn, c.AccountID)
	}
	attrs["SubscriptionsConfirmed"] = strconv.Itoa(confirmed)
	attrs["SubscriptionsPending"] = strconv.Itoa(len(subs) - confirmed)
	attrs["SubscriptionsDeleted"] = "0"
	return attrs, nil
}

// defaultPolicy is the access policy of a topic nobody set one on: the
// owner's account may do everything.
func defaultPolicy(arn, owner string) string {
	b, _ := json.Marshal(map[string]any{
		"Version": "2008-10-17",
		"Id":      "__default_policy_ID",
		"Statement": []map[string]any{{
			"Sid":       "__default_statement_ID",
			"Effect":    "Allow",
			"Principal": map[string]string{"AWS": "*"},
			"Action": []string{"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
				"SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"},
			"Resource":  arn,
			"Condition": map[string]any{"StringEquals": map[string]string{"AWS:SourceOwner": owner}},
		}},
	})
	return string(b)
}

// SetTopicAttributes sets one attribute; an empty value removes it.
func (s *Service) SetTopicAttributes(ctx context.Context, c Caller, arn, name, value string) error {
	t, err := s.topicOf(ctx, c, arn, "TopicArn")
	if err != nil {
		return err
	}
	if name == "" {
		return invalid("Invalid parameter: AttributeName")
	}
	if slices.Contains(createOnly, name) {
		return invalid("Invalid parameter: AttributeName Reason: %s can only be set when the topic is created", name)
	}
	if value != "" || name == "DisplayName" {
		if err := checkTopicAttribute(name, value); err != nil {
			return err
		}
	} else if !slices.Contains(topicAttributes, name) {
		return invalid("Invalid parameter: AttributeName")
	}
	attrs, err := decodeMap(t.Attributes, "topic attributes")
	if err != nil {
		return err
	}
	if value == "" {
		delete(attrs, name)
	} else {
		attrs[name] = value
	}
	if t.Attributes, err = encodeMap(attrs); err != nil {
		return err
	}
	return s.store.UpdateTopic(ctx, t)
}

// TagResource adds or replaces tags of a topic.
func (s *Service) TagResource(ctx context.Context, c Caller, arn string, tags []Tag) error {
	t, err := s.topicOf(ctx, c, arn, "ResourceArn")
	if err != nil {
		return err
	}
	if err := checkTags(tags); err != nil {
		return err
	}
	have, err := decodeMap(t.Tags, "topic tags")
	if err != nil {
		return err
	}
	maps.Copy(have, tagMap(tags))
	if len(have) > maxTags {
		return model.Errorf(model.ErrTooManyTags, "Could not complete request: tag quota of per resource exceeded")
	}
	if t.Tags, err = encodeMap(have); err != nil {
		return err
	}
	return s.store.UpdateTopic(ctx, t)
}

// UntagResource removes tags of a topic; missing keys are ignored.
func (s *Service) UntagResource(ctx context.Context, c Caller, arn string, keys []string) error {
	t, err := s.topicOf(ctx, c, arn, "ResourceArn")
	if err != nil {
		return err
	}
	have, err := decodeMap(t.Tags, "topic tags")
	if err != nil {
		return err
	}
	for _, k := range keys {
		delete(have, k)
	}
	if t.Tags, err = encodeMap(have); err != nil {
		return err
	}
	return s.store.UpdateTopic(ctx, t)
}

// ListTagsForResource returns a topic's tags in key order.
func (s *Service) ListTagsForResource(ctx context.Context, c Caller, arn string) ([]Tag, error) {
	t, err := s.topicOf(ctx, c, arn, "ResourceArn")
	if err != nil {
		return nil, err
	}
	have, err := decodeMap(t.Tags, "topic tags")
	if err != nil {
		return nil, err
	}
	out := []Tag{}
	for _, k := range slices.Sorted(maps.Keys(have)) {
		out = append(out, Tag{Key: k, Value: have[k]})
	}
	return out, nil
}
