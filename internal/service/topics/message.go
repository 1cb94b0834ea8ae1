package topics

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/delivery"
)

// Message types of SNS HTTP/HTTPS deliveries, sent in the
// x-amz-sns-message-type header and the body's Type.
const (
	TypeSubscriptionConfirmation = "SubscriptionConfirmation"
	TypeNotification             = "Notification"
)

// timestampLayout is SNS's message timestamp: ISO 8601 UTC with
// milliseconds.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// httpMessage is the JSON body of an HTTP/HTTPS (and email-json)
// delivery, members in SNS's order. The signature members are present
// only when the service has a Signer.
type httpMessage struct {
	Type             string `json:"Type"`
	MessageID        string `json:"MessageId"`
	Token            string `json:"Token,omitempty"`
	TopicArn         string `json:"TopicArn"`
	Subject          string `json:"Subject,omitempty"`
	Message          string `json:"Message"`
	SubscribeURL     string `json:"SubscribeURL,omitempty"`
	Timestamp        string `json:"Timestamp"`
	SignatureVersion string `json:"SignatureVersion,omitempty"`
	Signature        string `json:"Signature,omitempty"`
	SigningCertURL   string `json:"SigningCertURL,omitempty"`
	UnsubscribeURL   string `json:"UnsubscribeURL,omitempty"`
}

// SubscribeURL is the link that confirms a subscription: a GET of
// ConfirmSubscription that needs no signature, the token being the secret.
func SubscribeURL(base, topicArn, token string) string {
	return base + "/?Action=ConfirmSubscription&TopicArn=" + url.QueryEscape(topicArn) + "&Token=" + url.QueryEscape(token)
}

// UnsubscribeURL is the link that cancels a subscription.
func UnsubscribeURL(base, subArn string) string {
	return base + "/?Action=Unsubscribe&SubscriptionArn=" + url.QueryEscape(subArn)
}

// marshalMessage encodes m as SNS does, without escaping <, > and &.
func marshalMessage(m httpMessage) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return "", fmt.Errorf("cannot encode %s message: %w", m.Type, err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// httpHeaders are the x-amz-sns-* headers of an HTTP delivery.
func httpHeaders(typ, messageID, topicArn, subArn string) map[string]string {
	h := map[string]string{
		"Content-Type":           "text/plain; charset=UTF-8",
		"x-amz-sns-message-type": typ,
		"x-amz-sns-message-id":   messageID,
		"x-amz-sns-topic-arn":    topicArn,
	}
	if subArn != "" {
		h["x-amz-sns-subscription-arn"] = subArn
	}
	return h
}

// endpointURL is where a subscription's deliveries go.
func endpointURL(sub model.Subscription) string {
	switch sub.Protocol {
	case "email", "email-json":
		return "mailto:" + sub.Endpoint
	}
	return sub.Endpoint
}

// sendConfirmation hands the SubscriptionConfirmation of sub to the
// sender.
func (s *Service) sendConfirmation(ctx context.Context, topicArn, version string, sub model.Subscription, st subState) error {
	id, err := newID()
	if err != nil {
		return err
	}
	subscribeURL := SubscribeURL(st.BaseURL, topicArn, sub.Token)
	text := fmt.Sprintf("You have chosen to subscribe to the topic %s.\nTo confirm the subscription, visit the SubscribeURL included in this message.", topicArn)
	m := httpMessage{Type: TypeSubscriptionConfirmation, MessageID: id, Token: sub.Token, TopicArn: topicArn, Message: text,
		SubscribeURL: subscribeURL, Timestamp: s.opts.Now().UTC().Format(timestampLayout)}
	if err := s.sign(&m, version, st.BaseURL); err != nil {
		return err
	}
	d := delivery.Delivery{AccountID: sub.AccountID, URL: endpointURL(sub), Source: topicArn}
	switch sub.Protocol {
	case "email":
		d.Headers = map[string]string{"Subject": "Notification - Subscription Confirmation"}
		d.Body = fmt.Sprintf("You have chosen to subscribe to the topic:\n%s\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary):\n%s\n", topicArn, subscribeURL)
	case "email-json":
		d.Headers = map[string]string{"Subject": "Notification - Subscription Confirmation"}
		if d.Body, err = marshalMessage(m); err != nil {
			return err
		}
	default:
		d.Headers = httpHeaders(TypeSubscriptionConfirmation, id, topicArn, "")
		if d.Body, err = marshalMessage(m); err != nil {
			return err
		}
	}
	return s.sender.Enqueue(ctx, d)
}

// notification builds the delivery of one published message to sub.
func (s *Service) notification(sub model.Subscription, st subState, topicArn, version, messageID, subject, message string, now time.Time) (delivery.Delivery, error) {
	unsubscribeURL := UnsubscribeURL(st.BaseURL, sub.ARN)
	m := httpMessage{Type: TypeNotification, MessageID: messageID, TopicArn: topicArn, Subject: subject, Message: message,
		Timestamp: now.UTC().Format(timestampLayout), UnsubscribeURL: unsubscribeURL}
	if err := s.sign(&m, version, st.BaseURL); err != nil {
		return delivery.Delivery{}, err
	}
	d := delivery.Delivery{AccountID: sub.AccountID, URL: endpointURL(sub), Source: topicArn}
	var err error
	switch sub.Protocol {
	case "email":
		if subject == "" {
			subject = "Notification Message"
		}
		d.Headers = map[string]string{"Subject": subject}
		d.Body = message + "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n" + unsubscribeURL + "\n"
	case "email-json":
		if subject == "" {
			subject = "Notification Message"
		}
		d.Headers = map[string]string{"Subject": subject}
		d.Body, err = marshalMessage(m)
	default:
		d.Headers = httpHeaders(TypeNotification, messageID, topicArn, sub.ARN)
		if st.Attributes["RawMessageDelivery"] == "true" {
			d.Body = message
		} else {
			d.Body, err = marshalMessage(m)
		}
	}
	return d, err
}
