package topics

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// Protocols a subscription may use.
var protocols = []string{"http", "https", "email", "email-json"}

// subscriptionAttributes are the attributes Subscribe and
// SetSubscriptionAttributes take.
var subscriptionAttributes = []string{"RawMessageDelivery"}

// Subscribe's answer for a subscription that awaits confirmation.
const (
	PendingConfirmation = "pending confirmation"
	// ListedPending is how listings show a pending subscription's ARN.
	ListedPending = "PendingConfirmation"
)

// subState is the stored form of a subscription's Attributes column: the
// attributes clients set, and what the service needs to build links.
type subState struct {
	Attributes map[string]string `json:"attributes"`
	// BaseURL is where the endpoint reaches this server.
	BaseURL string `json:"baseURL"`
	// Authenticated records a signed confirmation; such a subscription
	// cannot be cancelled through the unsigned UnsubscribeURL.
	Authenticated bool `json:"authenticated,omitempty"`
}

func decodeSubState(sub model.Subscription) (subState, error) {
	var st subState
	if err := json.Unmarshal([]byte(sub.Attributes), &st); err != nil {
		return subState{}, fmt.Errorf("subscription %s is unreadable: %w", sub.ARN, errors.Join(model.ErrCorruption, err))
	}
	if st.Attributes == nil {
		st.Attributes = map[string]string{}
	}
	return st, nil
}

func encodeSubState(st subState) (string, error) {
	b, err := json.Marshal(st)
	if err != nil {
		return "", fmt.Errorf("cannot encode subscription: %w", err)
	}
	return string(b), nil
}

func checkSubscriptionAttribute(name, value string) error {
	if !slices.Contains(subscriptionAttributes, name) {
		return invalid("Invalid parameter: AttributeName")
	}
	if value != "true" && value != "false" {
		return invalid("Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [%s]. Must be true or false.", value)
	}
	return nil
}

// SubscribeInput is a Subscribe request.
type SubscribeInput struct {
	TopicArn, Protocol, Endpoint string
	Attributes                   map[string]string
	ReturnSubscriptionArn        bool
}

func (s *Service) checkEndpoint(protocol, endpoint string) error {
	switch protocol {
	case "http", "https":
		u, err := url.Parse(endpoint)
		if err != nil || u.Scheme != protocol || u.Host == "" {
			return invalid("Invalid parameter: Endpoint must match the specified protocol")
		}
	case "email", "email-json":
		if !s.opts.EmailEnabled {
			return invalid("Invalid parameter: Email delivery is not configured on this server; set OPENWATCH_SMTP_ADDR and OPENWATCH_SMTP_FROM")
		}
		a, err := mail.ParseAddress(endpoint)
		if err != nil || a.Address != endpoint {
			return invalid("Invalid parameter: Email address")
		}
	default:
		return invalid("Invalid parameter: Amazon SNS does not support this protocol")
	}
	return nil
}

// Subscribe subscribes an endpoint to a topic and sends it the
// SubscriptionConfirmation message. It returns "pending confirmation"
// until the endpoint confirms, unless ReturnSubscriptionArn. Subscribing
// the same endpoint again returns the existing subscription and, while it
// is pending, sends the confirmation again.
func (s *Service) Subscribe(ctx context.Context, c Caller, in SubscribeInput) (string, error) {
	t, err := s.topicOf(ctx, c, in.TopicArn, "TopicArn")
	if err != nil {
		return "", err
	}
	if in.Protocol == "" {
		return "", invalid("Invalid parameter: Protocol")
	}
	if !slices.Contains(protocols, in.Protocol) {
		return "", invalid("Invalid parameter: Amazon SNS does not support this protocol")
	}
	if err := s.checkEndpoint(in.Protocol, in.Endpoint); err != nil {
		return "", err
	}
	for k, v := range in.Attributes {
		if err := checkSubscriptionAttribute(k, v); err != nil {
			return "", err
		}
	}
	version, err := signatureVersion(t)
	if err != nil {
		return "", err
	}
	subs, err := s.store.ListSubscriptions(ctx, c.AccountID, t.Name, "", 0)
	if err != nil {
		return "", err
	}
	for _, sub := range subs {
		if sub.Protocol != in.Protocol || sub.Endpoint != in.Endpoint {
			continue
		}
		if sub.Confirmed || in.ReturnSubscriptionArn {
			return sub.ARN, nil
		}
		st, err := decodeSubState(sub)
		if err != nil {
			return "", err
		}
		if err := s.sendConfirmation(ctx, in.TopicArn, version, sub, st); err != nil {
			return "", err
		}
		return PendingConfirmation, nil
	}
	id, err := newID()
	if err != nil {
		return "", err
	}
	token, err := newToken()
	if err != nil {
		return "", err
	}
	base := s.opts.PublicURL
	if base == "" {
		base = c.BaseURL
	}
	st := subState{Attributes: map[string]string{}, BaseURL: base}
	for k, v := range in.Attributes {
		st.Attributes[k] = v
	}
	attrs, err := encodeSubState(st)
	if err != nil {
		return "", err
	}
	sub := model.Subscription{ARN: in.TopicArn + ":" + id, AccountID: c.AccountID, TopicName: t.Name, Protocol: in.Protocol,
		Endpoint: in.Endpoint, Token: token, Attributes: attrs, CreatedAt: s.opts.Now().UnixMilli()}
	if err := s.store.PutSubscription(ctx, sub); err != nil {
		return "", err
	}
	if err := s.sendConfirmation(ctx, in.TopicArn, version, sub, st); err != nil {
		// Without its confirmation message the subscription could never be
		// confirmed; the caller may subscribe again.
		return "", errors.Join(err, s.store.DeleteSubscription(ctx, sub.ARN))
	}
	if in.ReturnSubscriptionArn {
		return sub.ARN, nil
	}
	return PendingConfirmation, nil
}

// ConfirmSubscription confirms the topic's pending subscription whose
// token is token and returns its ARN. The token is the secret: unsigned
// callers may confirm too, which is how a SubscribeURL works.
func (s *Service) ConfirmSubscription(ctx context.Context, c Caller, topicArn, token string, authenticateOnUnsubscribe bool) (string, error) {
	if token == "" {
		return "", invalid("Invalid parameter: Token")
	}
	if topicArn == "" {
		return "", invalid("Invalid parameter: TopicArn")
	}
	t, err := s.topicOf(ctx, c, topicArn, "TopicArn")
	if err != nil {
		return "", err
	}
	subs, err := s.store.ListSubscriptions(ctx, c.AccountID, t.Name, "", 0)
	if err != nil {
		return "", err
	}
	for _, sub := range subs {
		if subtle.ConstantTimeCompare([]byte(sub.Token), []byte(token)) != 1 {
			continue
		}
		if sub.Confirmed {
			return sub.ARN, nil
		}
		st, err := decodeSubState(sub)
		if err != nil {
			return "", err
		}
		st.Authenticated = authenticateOnUnsubscribe && !c.Unsigned
		if sub.Attributes, err = encodeSubState(st); err != nil {
			return "", err
		}
		sub.Confirmed = true
		if err := s.store.UpdateSubscription(ctx, sub); err != nil {
			return "", err
		}
		return sub.ARN, nil
	}
	return "", invalid("Invalid token")
}

// subscriptionOf resolves a subscription ARN of the caller's account.
func (s *Service) subscriptionOf(ctx context.Context, c Caller, arn string) (model.Subscription, error) {
	if arn == "" || arn == PendingConfirmation || arn == ListedPending {
		return model.Subscription{}, invalid("Invalid parameter: SubscriptionArn")
	}
	i := strings.LastIndexByte(arn, ':')
	if i < 0 {
		return model.Subscription{}, invalid("Invalid parameter: SubscriptionArn")
	}
	_, acct, _, ok := ParseTopicARN(arn[:i])
	if !ok {
		return model.Subscription{}, invalid("Invalid parameter: SubscriptionArn")
	}
	if acct != c.AccountID {
		return model.Subscription{}, authorization("User: %s is not authorized to access this subscription.", c.AccountID)
	}
	return s.store.GetSubscription(ctx, arn)
}

// Unsubscribe deletes a subscription. Unsigned callers (an UnsubscribeURL)
// may not cancel a subscription whose confirmation was authenticated.
func (s *Service) Unsubscribe(ctx context.Context, c Caller, arn string) error {
	sub, err := s.subscriptionOf(ctx, c, arn)
	if err != nil {
		return err
	}
	if c.Unsigned {
		st, err := decodeSubState(sub)
		if err != nil {
			return err
		}
		if st.Authenticated {
			return authorization("Unsubscribe requires authentication for this subscription.")
		}
	}
	return s.store.DeleteSubscription(ctx, arn)
}

// SubscriptionInfo is one entry of a subscription listing.
type SubscriptionInfo struct {
	SubscriptionArn, Owner, Protocol, Endpoint, TopicArn string
}

// ListSubscriptions lists a page of the account's subscriptions, of one
// topic when topicArn is not "".
func (s *Service) ListSubscriptions(ctx context.Context, c Caller, topicArn, nextToken string) ([]SubscriptionInfo, string, error) {
	topic := ""
	if topicArn != "" {
		t, err := s.topicOf(ctx, c, topicArn, "TopicArn")
		if err != nil {
			return nil, "", err
		}
		topic = t.Name
	}
	after := ""
	if nextToken != "" {
		var err error
		if after, err = decodeToken(nextToken); err != nil {
			return nil, "", err
		}
	}
	subs, err := s.store.ListSubscriptions(ctx, c.AccountID, topic, after, pageSize+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(subs) > pageSize {
		subs = subs[:pageSize]
		next = encodeToken(subs[pageSize-1].ARN)
	}
	out := make([]SubscriptionInfo, len(subs))
	for i, sub := range subs {
		arn := sub.ARN
		if !sub.Confirmed {
			arn = ListedPending
		}
		out[i] = SubscriptionInfo{SubscriptionArn: arn, Owner: sub.AccountID, Protocol: sub.Protocol, Endpoint: sub.Endpoint,
			TopicArn: c.TopicARN(sub.TopicName)}
	}
	return out, next, nil
}

// GetSubscriptionAttributes returns the subscription's attributes.
func (s *Service) GetSubscriptionAttributes(ctx context.Context, c Caller, arn string) (map[string]string, error) {
	sub, err := s.subscriptionOf(ctx, c, arn)
	if err != nil {
		return nil, err
	}
	st, err := decodeSubState(sub)
	if err != nil {
		return nil, err
	}
	out := map[string]string{
		"SubscriptionArn":              sub.ARN,
		"TopicArn":                     c.TopicARN(sub.TopicName),
		"Owner":                        sub.AccountID,
		"Protocol":                     sub.Protocol,
		"Endpoint":                     sub.Endpoint,
		"PendingConfirmation":          strconv.FormatBool(!sub.Confirmed),
		"ConfirmationWasAuthenticated": strconv.FormatBool(st.Authenticated),
		"RawMessageDelivery":           "false",
	}
	for k, v := range st.Attributes {
		out[k] = v
	}
	return out, nil
}

// SetSubscriptionAttributes sets one attribute of a subscription.
func (s *Service) SetSubscriptionAttributes(ctx context.Context, c Caller, arn, name, value string) error {
	sub, err := s.subscriptionOf(ctx, c, arn)
	if err != nil {
		return err
	}
	if err := checkSubscriptionAttribute(name, value); err != nil {
		return err
	}
	st, err := decodeSubState(sub)
	if err != nil {
		return err
	}
	st.Attributes[name] = value
	if sub.Attributes, err = encodeSubState(st); err != nil {
		return err
	}
	return s.store.UpdateSubscription(ctx, sub)
}
