package catalog

import (
	"context"
	"database/sql"
	"errors"

	"github.com/openwatch/openwatch/internal/model"
)

// SNS's wording for missing topics and subscriptions.
const (
	msgTopicNotFound        = "Topic does not exist"
	msgSubscriptionNotFound = "Subscription does not exist"
)

func errTopicNotFound() error { return model.Errorf(model.ErrNotFound, msgTopicNotFound) }
func errSubscriptionNotFound() error {
	return model.Errorf(model.ErrNotFound, msgSubscriptionNotFound)
}

const topicColumns = "account_id, name, attributes, tags, created_at"

func scanTopic(r rowScanner) (model.Topic, error) {
	var t model.Topic
	err := r.Scan(&t.AccountID, &t.Name, &t.Attributes, &t.Tags, &t.CreatedAt)
	return t, err
}

// CreateTopic stores a new topic; a topic of that name in the account is
// model.ErrAlreadyExists.
func (c *Catalog) CreateTopic(ctx context.Context, t model.Topic) error {
	const what = "create topic"
	_, err := c.writer.ExecContext(ctx, c.d.rebind(`INSERT INTO topics (`+topicColumns+`) VALUES (?, ?, ?, ?, ?)`),
		t.AccountID, t.Name, t.Attributes, t.Tags, t.CreatedAt)
	switch {
	case err != nil && c.d.isUniqueViolation(err):
		return model.Errorf(model.ErrAlreadyExists, "Topic %s already exists", t.Name)
	case err != nil:
		return unavailable(what, err)
	}
	return nil
}

// GetTopic returns the named topic of the account, or model.ErrNotFound.
func (c *Catalog) GetTopic(ctx context.Context, accountID, name string) (model.Topic, error) {
	t, err := scanTopic(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+topicColumns+" FROM topics WHERE account_id = ? AND name = ?"), accountID, name))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.Topic{}, errTopicNotFound()
	case err != nil:
		return model.Topic{}, unavailable("get topic", err)
	}
	return t, nil
}

// ListTopics returns the account's topics in name order, after the name
// after ("" from the start), at most limit of them (<= 0: all).
func (c *Catalog) ListTopics(ctx context.Context, accountID, after string, limit int) ([]model.Topic, error) {
	q := "SELECT " + topicColumns + " FROM topics WHERE account_id = ? AND name > ? ORDER BY name"
	args := []any{accountID, after}
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	const what = "list topics"
	return queryRows(ctx, c, what, q, args, scanTopic)
}

// UpdateTopic replaces the attributes and tags of an existing topic.
func (c *Catalog) UpdateTopic(ctx context.Context, t model.Topic) error {
	const what = "update topic"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("UPDATE topics SET attributes = ?, tags = ? WHERE account_id = ? AND name = ?"),
		t.Attributes, t.Tags, t.AccountID, t.Name)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, errTopicNotFound)
}

// DeleteTopic removes the topic and its subscriptions. Deleting a topic
// that does not exist succeeds, as on SNS.
func (c *Catalog) DeleteTopic(ctx context.Context, accountID, name string) error {
	const what = "delete topic"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		// Explicit, so the result does not depend on foreign keys being on.
		if _, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM topic_subscriptions WHERE account_id = ? AND topic_name = ?"), accountID, name); err != nil {
			return unavailable(what, err)
		}
		if _, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM topics WHERE account_id = ? AND name = ?"), accountID, name); err != nil {
			return unavailable(what, err)
		}
		return nil
	})
}

const subscriptionColumns = "arn, account_id, topic_name, protocol, endpoint, token, confirmed, attributes, created_at"

func scanSubscription(r rowScanner) (model.Subscription, error) {
	var s model.Subscription
	err := r.Scan(&s.ARN, &s.AccountID, &s.TopicName, &s.Protocol, &s.Endpoint, &s.Token, &s.Confirmed, &s.Attributes, &s.CreatedAt)
	return s, err
}

// PutSubscription stores a new subscription of an existing topic; a
// missing topic is model.ErrNotFound.
func (c *Catalog) PutSubscription(ctx context.Context, s model.Subscription) error {
	const what = "put subscription"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, c.d.rebind("SELECT 1 FROM topics WHERE account_id = ? AND name = ?"), s.AccountID, s.TopicName).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return errTopicNotFound()
		case err != nil:
			return unavailable(what, err)
		}
		_, err = tx.ExecContext(ctx, c.d.rebind(`INSERT INTO topic_subscriptions (`+subscriptionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			s.ARN, s.AccountID, s.TopicName, s.Protocol, s.Endpoint, s.Token, s.Confirmed, s.Attributes, s.CreatedAt)
		switch {
		case err != nil && c.d.isUniqueViolation(err):
			return model.Errorf(model.ErrAlreadyExists, "Subscription %s already exists", s.ARN)
		case err != nil:
			return unavailable(what, err)
		}
		return nil
	})
}

// GetSubscription returns the subscription with that ARN, or
// model.ErrNotFound.
func (c *Catalog) GetSubscription(ctx context.Context, arn string) (model.Subscription, error) {
	s, err := scanSubscription(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+subscriptionColumns+" FROM topic_subscriptions WHERE arn = ?"), arn))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.Subscription{}, errSubscriptionNotFound()
	case err != nil:
		return model.Subscription{}, unavailable("get subscription", err)
	}
	return s, nil
}

// ListSubscriptions returns the account's subscriptions in ARN order, of
// one topic when topic is not "", after the ARN after, at most limit of
// them (<= 0: all).
func (c *Catalog) ListSubscriptions(ctx context.Context, accountID, topic, after string, limit int) ([]model.Subscription, error) {
	q := "SELECT " + subscriptionColumns + " FROM topic_subscriptions WHERE account_id = ? AND arn > ?"
	args := []any{accountID, after}
	if topic != "" {
		q += " AND topic_name = ?"
		args = append(args, topic)
	}
	q += " ORDER BY arn"
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	const what = "list subscriptions"
	return queryRows(ctx, c, what, q, args, scanSubscription)
}

// UpdateSubscription records the confirmation and attributes of an
// existing subscription.
func (c *Catalog) UpdateSubscription(ctx context.Context, s model.Subscription) error {
	const what = "update subscription"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("UPDATE topic_subscriptions SET confirmed = ?, attributes = ? WHERE arn = ?"),
		s.Confirmed, s.Attributes, s.ARN)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, errSubscriptionNotFound)
}

// DeleteSubscription removes the subscription; a missing one is
// model.ErrNotFound.
func (c *Catalog) DeleteSubscription(ctx context.Context, arn string) error {
	const what = "delete subscription"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("DELETE FROM topic_subscriptions WHERE arn = ?"), arn)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, errSubscriptionNotFound)
}
