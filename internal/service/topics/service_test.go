package topics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

const acct = "111111111111"

var caller = Caller{AccountID: acct, Region: "us-east-1", BaseURL: "http://127.0.0.1:4590"}

func newService(t *testing.T, email bool) (*Service, *recorder) {
	t.Helper()
	rec := &recorder{}
	now := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)
	return New(newMemStore(), rec, Options{Now: func() time.Time { return now }, EmailEnabled: email}), rec
}

func wantKind(t *testing.T, err, kind error, msg string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) || !errors.Is(err, kind) || (msg != "" && !strings.Contains(me.Message, msg)) {
		t.Fatalf("error = %v, want %v containing %q", err, kind, msg)
	}
}

func TestCreateTopic(t *testing.T) {
	s, _ := newService(t, false)
	ctx := context.Background()
	arn, err := s.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops", Attributes: map[string]string{"DisplayName": "Ops"}})
	if err != nil || arn != "arn:aws:sns:us-east-1:111111111111:ops" {
		t.Fatalf("CreateTopic = %q %v", arn, err)
	}
	// Idempotent with the same attributes, refused with others.
	if again, err := s.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops"}); err != nil || again != arn {
		t.Fatalf("again = %q %v", again, err)
	}
	_, err = s.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops", Attributes: map[string]string{"DisplayName": "Other"}})
	wantKind(t, err, model.ErrInvalidParameter, "different attributes")

	tests := []struct {
		name string
		in   CreateTopicInput
		msg  string
	}{
		{"empty name", CreateTopicInput{}, "Topic Name"},
		{"bad character", CreateTopicInput{Name: "a b"}, "Topic Name"},
		{"too long", CreateTopicInput{Name: strings.Repeat("a", 257)}, "Topic Name"},
		{"fifo without suffix", CreateTopicInput{Name: "x", Attributes: map[string]string{"FifoTopic": "true"}}, ".fifo"},
		{"unknown attribute", CreateTopicInput{Name: "x", Attributes: map[string]string{"Color": "red"}}, "AttributeName"},
		{"bad policy", CreateTopicInput{Name: "x", Attributes: map[string]string{"Policy": "{"}}, "JSON"},
		{"reserved tag", CreateTopicInput{Name: "x", Tags: []Tag{{Key: "aws:x", Value: "1"}}}, "reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateTopic(ctx, caller, tt.in)
			wantKind(t, err, model.ErrInvalidParameter, tt.msg)
		})
	}

	attrs, err := s.GetTopicAttributes(ctx, caller, arn)
	if err != nil || attrs["DisplayName"] != "Ops" || attrs["TopicArn"] != arn || attrs["Owner"] != acct ||
		attrs["SubscriptionsPending"] != "0" || !strings.Contains(attrs["Policy"], arn) {
		t.Fatalf("attributes: %v %v", attrs, err)
	}
	if err := s.SetTopicAttributes(ctx, caller, arn, "DisplayName", "Operations"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.SetTopicAttributes(ctx, caller, arn, "FifoTopic", "true"), model.ErrInvalidParameter, "created")
	if attrs, _ := s.GetTopicAttributes(ctx, caller, arn); attrs["DisplayName"] != "Operations" {
		t.Fatalf("DisplayName = %q", attrs["DisplayName"])
	}
	// Another account's topic is not the caller's.
	_, err = s.GetTopicAttributes(ctx, Caller{AccountID: "222222222222"}, arn)
	wantKind(t, err, model.ErrAccessDenied, "")
	_, err = s.GetTopicAttributes(ctx, caller, "arn:aws:sns:us-east-1:111111111111:nope")
	wantKind(t, err, model.ErrNotFound, "Topic does not exist")

	if err := s.TagResource(ctx, caller, arn, []Tag{{Key: "team", Value: "core"}, {Key: "env", Value: "prod"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.UntagResource(ctx, caller, arn, []string{"env"}); err != nil {
		t.Fatal(err)
	}
	if tags, err := s.ListTagsForResource(ctx, caller, arn); err != nil || len(tags) != 1 || tags[0] != (Tag{"team", "core"}) {
		t.Fatalf("tags: %v %v", tags, err)
	}

	arns, next, err := s.ListTopics(ctx, caller, "")
	if err != nil || len(arns) != 1 || next != "" {
		t.Fatalf("ListTopics: %v %q %v", arns, next, err)
	}
	for range 2 {
		if err := s.DeleteTopic(ctx, caller, arn); err != nil {
			t.Fatal(err)
		}
	}
	if arns, _, _ := s.ListTopics(ctx, caller, ""); len(arns) != 0 {
		t.Fatalf("after delete: %v", arns)
	}
}

func TestListTopicsPages(t *testing.T) {
	s, _ := newService(t, false)
	ctx := context.Background()
	for i := range 150 {
		if _, err := s.CreateTopic(ctx, caller, CreateTopicInput{Name: fmt.Sprintf("t%03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	first, next, err := s.ListTopics(ctx, caller, "")
	if err != nil || len(first) != 100 || next == "" {
		t.Fatalf("first page: %d %q %v", len(first), next, err)
	}
	second, next2, err := s.ListTopics(ctx, caller, next)
	if err != nil || len(second) != 50 || next2 != "" || !strings.HasSuffix(second[0], ":t100") {
		t.Fatalf("second page: %d %q %v %v", len(second), next2, second[:1], err)
	}
	_, _, err = s.ListTopics(ctx, caller, "!!")
	wantKind(t, err, model.ErrInvalidParameter, "NextToken")
}

// decodeMessage parses an HTTP delivery body.
func decodeMessage(t *testing.T, body string) httpMessage {
	t.Helper()
	var m httpMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return m
}

func TestSubscribeConfirmPublish(t *testing.T) {
	s, rec := newService(t, false)
	ctx := context.Background()
	topic, err := s.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Subscribe(ctx, caller, SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: "https://hooks.example.test/a"})
	if err != nil || got != PendingConfirmation {
		t.Fatalf("Subscribe = %q %v", got, err)
	}
	sent := rec.take()
	if len(sent) != 1 {
		t.Fatalf("confirmations: %+v", sent)
	}
	conf := sent[0]
	m := decodeMessage(t, conf.Body)
	if conf.URL != "https://hooks.example.test/a" || conf.Headers["x-amz-sns-message-type"] != TypeSubscriptionConfirmation ||
		m.Type != TypeSubscriptionConfirmation || m.TopicArn != topic || m.Token == "" || m.Timestamp != "2026-01-02T03:04:05.006Z" ||
		!strings.HasPrefix(m.SubscribeURL, "http://127.0.0.1:4590/?Action=ConfirmSubscription&TopicArn=") {
		t.Fatalf("confirmation: %+v %+v", conf, m)
	}
	u, _ := url.Parse(m.SubscribeURL)
	if u.Query().Get("Token") != m.Token || u.Query().Get("TopicArn") != topic {
		t.Fatalf("SubscribeURL %q", m.SubscribeURL)
	}

	// Nothing goes to a pending subscription.
	if _, err := s.Publish(ctx, caller, PublishInput{TopicArn: topic, Message: "early"}); err != nil {
		t.Fatal(err)
	}
	if sent := rec.take(); len(sent) != 0 {
		t.Fatalf("published to a pending subscription: %+v", sent)
	}
	subs, _, _ := s.ListSubscriptions(ctx, caller, topic, "")
	if len(subs) != 1 || subs[0].SubscriptionArn != ListedPending {
		t.Fatalf("pending listing: %+v", subs)
	}

	_, err = s.ConfirmSubscription(ctx, caller, topic, "wrong", false)
	wantKind(t, err, model.ErrInvalidParameter, "Invalid token")
	unsigned := Caller{AccountID: acct, Unsigned: true}
	subArn, err := s.ConfirmSubscription(ctx, unsigned, topic, m.Token, true)
	if err != nil || !strings.HasPrefix(subArn, topic+":") {
		t.Fatalf("ConfirmSubscription = %q %v", subArn, err)
	}
	attrs, err := s.GetSubscriptionAttributes(ctx, caller, subArn)
	if err != nil || attrs["PendingConfirmation"] != "false" || attrs["ConfirmationWasAuthenticated"] != "false" || attrs["Endpoint"] != "https://hooks.example.test/a" {
		t.Fatalf("subscription attributes: %v %v", attrs, err)
	}

	id, err := s.Publish(ctx, caller, PublishInput{TopicArn: topic, Subject: "Hello", Message: "world"})
	if err != nil {
		t.Fatal(err)
	}
	sent = rec.take()
	if len(sent) != 1 {
		t.Fatalf("notifications: %+v", sent)
	}
	n := decodeMessage(t, sent[0].Body)
	if n.Type != TypeNotification || n.MessageID != id || n.Subject != "Hello" || n.Message != "world" ||
		sent[0].Headers["x-amz-sns-subscription-arn"] != subArn || n.UnsubscribeURL != UnsubscribeURL("http://127.0.0.1:4590", subArn) {
		t.Fatalf("notification: %+v %+v", sent[0], n)
	}

	// Raw delivery sends the message alone; a JSON structure picks the
	// protocol's entry.
	if err := s.SetSubscriptionAttributes(ctx, caller, subArn, "RawMessageDelivery", "true"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, caller, PublishInput{TopicArn: topic, MessageStructure: "json",
		Message: `{"default":"d","https":"for https"}`}); err != nil {
		t.Fatal(err)
	}
	if sent := rec.take(); len(sent) != 1 || sent[0].Body != "for https" {
		t.Fatalf("raw structured: %+v", sent)
	}

	// An unsigned unsubscribe works for an unauthenticated confirmation.
	if err := s.Unsubscribe(ctx, unsigned, subArn); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.Unsubscribe(ctx, caller, subArn), model.ErrNotFound, "Subscription does not exist")
}

func TestAuthenticatedUnsubscribe(t *testing.T) {
	s, rec := newService(t, false)
	ctx := context.Background()
	topic, _ := s.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops"})
	if _, err := s.Subscribe(ctx, caller, SubscribeInput{TopicArn: topic, Protocol: "http", Endpoint: "http://127.0.0.1:9/x"}); err != nil {
		t.Fatal(err)
	}
	m := decodeMessage(t, rec.take()[0].Body)
	subArn, err := s.ConfirmSubscription(ctx, caller, topic, m.Token, true)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.Unsubscribe(ctx, Caller{AccountID: acct, Unsigned: true}, subArn), model.ErrAccessDenied, "")
	if err := s.Unsubscribe(ctx, caller, subArn); err != nil {
		t.Fatal(err)
	}
}

func TestSubscribeValidation(t *testing.T) {
	s, _ := newService(t, false)
	withEmail, rec := newService(t, true)
	ctx := context.Background()
	topic, _ := s.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops"})
	tests := []struct {
		name string
		in   SubscribeInput
		msg  string
	}{
		{"no protocol", SubscribeInput{TopicArn: topic, Endpoint: "http://x"}, "Protocol"},
		{"unsupported", SubscribeInput{TopicArn: topic, Protocol: "sqs", Endpoint: "arn:aws:sqs:us-east-1:1:q"}, "does not support"},
		{"scheme mismatch", SubscribeInput{TopicArn: topic, Protocol: "https", Endpoint: "http://x"}, "match the specified protocol"},
		{"email without smtp", SubscribeInput{TopicArn: topic, Protocol: "email", Endpoint: "ops@example.test"}, "OPENWATCH_SMTP_ADDR"},
		{"bad raw attribute", SubscribeInput{TopicArn: topic, Protocol: "http", Endpoint: "http://x", Attributes: map[string]string{"RawMessageDelivery": "yes"}}, "true or false"},
		{"bad topic arn", SubscribeInput{TopicArn: "arn:aws:sqs:x", Protocol: "http", Endpoint: "http://x"}, "TopicArn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Subscribe(ctx, caller, tt.in)
			wantKind(t, err, model.ErrInvalidParameter, tt.msg)
		})
	}
	// With SMTP configured, an email subscription gets a confirmation mail.
	etopic, _ := withEmail.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops"})
	if _, err := withEmail.Subscribe(ctx, caller, SubscribeInput{TopicArn: etopic, Protocol: "email", Endpoint: "ops@example.test"}); err != nil {
		t.Fatal(err)
	}
	sent := rec.take()
	if len(sent) != 1 || sent[0].URL != "mailto:ops@example.test" || !strings.Contains(sent[0].Body, "Action=ConfirmSubscription") ||
		sent[0].Headers["Subject"] == "" {
		t.Fatalf("email confirmation: %+v", sent)
	}
}

func TestPublishValidation(t *testing.T) {
	s, _ := newService(t, false)
	ctx := context.Background()
	topic, _ := s.CreateTopic(ctx, caller, CreateTopicInput{Name: "ops"})
	tests := []struct {
		name string
		in   PublishInput
		msg  string
	}{
		{"no target", PublishInput{Message: "m"}, "TopicArn or TargetArn"},
		{"both targets", PublishInput{TopicArn: topic, TargetArn: topic, Message: "m"}, "Only one"},
		{"empty message", PublishInput{TopicArn: topic}, "Empty message"},
		{"long subject", PublishInput{TopicArn: topic, Message: "m", Subject: strings.Repeat("s", 100)}, "Subject"},
		{"subject line break", PublishInput{TopicArn: topic, Message: "m", Subject: "a\nb"}, "Subject"},
		{"structure without default", PublishInput{TopicArn: topic, Message: `{"http":"x"}`, MessageStructure: "json"}, "default"},
		{"structure not json", PublishInput{TopicArn: topic, Message: `x`, MessageStructure: "json"}, "parse"},
		{"too long", PublishInput{TopicArn: topic, Message: strings.Repeat("m", 256*1024+1)}, "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Publish(ctx, caller, tt.in)
			wantKind(t, err, model.ErrInvalidParameter, tt.msg)
		})
	}
}
