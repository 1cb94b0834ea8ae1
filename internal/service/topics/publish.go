package topics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Limits of Publish.
const (
	maxMessageBytes = 256 * 1024
	maxSubjectLen   = 100
)

// PublishInput is a Publish request.
type PublishInput struct {
	TopicArn, TargetArn string
	Message, Subject    string
	// MessageStructure "json" makes Message a JSON object of per-protocol
	// messages with a "default" one.
	MessageStructure string
}

func checkSubject(subject string) error {
	if subject == "" {
		return nil
	}
	if len(subject) >= maxSubjectLen {
		return invalid("Invalid parameter: Subject must be less than %d characters long", maxSubjectLen)
	}
	for _, r := range subject {
		if r < 0x20 || r > 0x7e {
			return invalid("Invalid parameter: Subject must be ASCII text without line breaks or control characters")
		}
	}
	return nil
}

// messageFor picks the message a protocol gets under MessageStructure
// "json".
func messageFor(structured map[string]string, protocol, fallback string) string {
	if structured == nil {
		return fallback
	}
	if m, ok := structured[protocol]; ok {
		return m
	}
	return structured["default"]
}

// Publish sends a message to every confirmed subscription of the topic
// and returns the message id. Each delivery is durable in the outbox
// before Publish returns.
func (s *Service) Publish(ctx context.Context, c Caller, in PublishInput) (string, error) {
	arn := in.TopicArn
	switch {
	case arn != "" && in.TargetArn != "":
		return "", invalid("Invalid parameter: TopicArn or TargetArn Reason: Only one of TopicArn or TargetArn may be specified")
	case arn == "":
		arn = in.TargetArn
	}
	if arn == "" {
		return "", invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter")
	}
	t, err := s.topicOf(ctx, c, arn, "TopicArn")
	if err != nil {
		return "", err
	}
	if in.Message == "" {
		return "", invalid("Invalid parameter: Empty message")
	}
	if len(in.Message) > maxMessageBytes {
		return "", invalid("Invalid parameter: Message too long")
	}
	if !utf8.ValidString(in.Message) {
		return "", invalid("Invalid parameter: Message must be UTF-8 text")
	}
	if err := checkSubject(in.Subject); err != nil {
		return "", err
	}
	var structured map[string]string
	switch in.MessageStructure {
	case "":
	case "json":
		if err := json.Unmarshal([]byte(in.Message), &structured); err != nil {
			return "", invalid("Invalid parameter: Message Structure - JSON message body failed to parse")
		}
		if _, ok := structured["default"]; !ok {
			return "", invalid("Invalid parameter: Message Structure - No default entry in JSON message body")
		}
	default:
		return "", invalid("Invalid parameter: MessageStructure")
	}
	id, err := newID()
	if err != nil {
		return "", err
	}
	version, err := signatureVersion(t)
	if err != nil {
		return "", err
	}
	subs, err := s.store.ListSubscriptions(ctx, c.AccountID, t.Name, "", 0)
	if err != nil {
		return "", err
	}
	now := s.opts.Now()
	var errs []error
	for _, sub := range subs {
		if !sub.Confirmed {
			continue
		}
		st, err := decodeSubState(sub)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		d, err := s.notification(sub, st, arn, version, id, in.Subject, messageFor(structured, sub.Protocol, in.Message), now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := s.sender.Enqueue(ctx, d); err != nil {
			errs = append(errs, fmt.Errorf("cannot enqueue the delivery to %s: %w", sub.ARN, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	return id, nil
}
