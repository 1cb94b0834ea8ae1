package catalog

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestTopics(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	for _, name := range []string{"ops", "alerts", "billing"} {
		if err := c.CreateTopic(ctx, model.Topic{AccountID: acct, Name: name, Attributes: `{}`, Tags: `{}`, CreatedAt: 1}); err != nil {
			t.Fatal(err)
		}
	}
	err := c.CreateTopic(ctx, model.Topic{AccountID: acct, Name: "ops", Attributes: `{}`, Tags: `{}`})
	wantErr(t, err, model.ErrAlreadyExists, "")
	// Another account may use the same name.
	if err := c.CreateTopic(ctx, model.Topic{AccountID: "222222222222", Name: "ops", Attributes: `{}`, Tags: `{}`}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		after string
		limit int
		want  string
	}{
		{"all", "", 0, "alerts billing ops"},
		{"page", "", 2, "alerts billing"},
		{"next page", "billing", 2, "ops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ListTopics(ctx, acct, tt.after, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, tp := range got {
				names = append(names, tp.Name)
			}
			if s := strings.Join(names, " "); s != tt.want {
				t.Fatalf("topics = %q, want %q", s, tt.want)
			}
		})
	}

	if err := c.UpdateTopic(ctx, model.Topic{AccountID: acct, Name: "ops", Attributes: `{"DisplayName":"Ops"}`, Tags: `{"team":"core"}`}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetTopic(ctx, acct, "ops")
	if err != nil || got.Attributes != `{"DisplayName":"Ops"}` || got.Tags != `{"team":"core"}` || got.CreatedAt != 1 {
		t.Fatalf("updated topic: %+v %v", got, err)
	}
	_, err = c.GetTopic(ctx, acct, "nope")
	wantErr(t, err, model.ErrNotFound, "Topic does not exist")
	wantErr(t, c.UpdateTopic(ctx, model.Topic{AccountID: acct, Name: "nope"}), model.ErrNotFound, "")
}

func TestSubscriptions(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	for _, name := range []string{"ops", "alerts"} {
		if err := c.CreateTopic(ctx, model.Topic{AccountID: acct, Name: name, Attributes: `{}`, Tags: `{}`}); err != nil {
			t.Fatal(err)
		}
	}
	sub := func(topic, id string) model.Subscription {
		return model.Subscription{ARN: "arn:aws:sns:us-east-1:" + acct + ":" + topic + ":" + id, AccountID: acct, TopicName: topic,
			Protocol: "https", Endpoint: "https://example.test/" + id, Token: "tok-" + id, Attributes: `{}`, CreatedAt: 5}
	}
	for _, s := range []model.Subscription{sub("ops", "a"), sub("ops", "b"), sub("alerts", "c")} {
		if err := c.PutSubscription(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, c.PutSubscription(ctx, sub("ops", "a")), model.ErrAlreadyExists, "")
	wantErr(t, c.PutSubscription(ctx, sub("gone", "d")), model.ErrNotFound, "Topic does not exist")

	list := func(topic, after string, limit int) string {
		t.Helper()
		subs, err := c.ListSubscriptions(ctx, acct, topic, after, limit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range subs {
			ids = append(ids, s.ARN[strings.LastIndexByte(s.ARN, ':')+1:])
		}
		return strings.Join(ids, " ")
	}
	if got := list("", "", 0); got != "c a b" {
		t.Fatalf("all subscriptions = %q", got)
	}
	if got := list("ops", "", 1); got != "a" {
		t.Fatalf("first of ops = %q", got)
	}
	if got := list("ops", sub("ops", "a").ARN, 0); got != "b" {
		t.Fatalf("after a = %q", got)
	}

	s := sub("ops", "a")
	s.Confirmed, s.Attributes = true, `{"RawMessageDelivery":"true"}`
	if err := c.UpdateSubscription(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetSubscription(ctx, s.ARN)
	if err != nil || !got.Confirmed || got.Attributes != s.Attributes || got.Token != "tok-a" || got.Endpoint != s.Endpoint {
		t.Fatalf("subscription: %+v %v", got, err)
	}
	if err := c.DeleteSubscription(ctx, sub("ops", "b").ARN); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.DeleteSubscription(ctx, sub("ops", "b").ARN), model.ErrNotFound, "Subscription does not exist")

	// Deleting the topic takes its subscriptions along; deleting it again
	// succeeds.
	for range 2 {
		if err := c.DeleteTopic(ctx, acct, "ops"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.GetSubscription(ctx, s.ARN); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("subscription of a deleted topic: %v", err)
	}
	if got := list("", "", 0); got != "c" {
		t.Fatalf("after delete = %q", got)
	}
}
