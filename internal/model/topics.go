package model

// Topic is one SNS-compatible topic. Attributes and Tags are JSON objects
// of strings that the topics service owns; the catalog only keeps them.
type Topic struct {
	AccountID, Name string
	Attributes      string
	Tags            string
	CreatedAt       int64 // epoch milliseconds
}

// Subscription is one endpoint subscribed to a topic. An http, https or
// email endpoint is pending until it confirms with Token.
type Subscription struct {
	// ARN is the topic ARN, a colon and a random id; it is the key.
	ARN                  string
	AccountID, TopicName string
	// Protocol is "http", "https" or "email"; Endpoint the URL or address.
	Protocol, Endpoint string
	Token              string
	Confirmed          bool
	// Attributes is a JSON object of strings (RawMessageDelivery, …).
	Attributes string
	CreatedAt  int64 // epoch milliseconds
}

// Delivery is one outbound message in the delivery outbox: a webhook POST
// or an email, retried until it succeeds or is dead-lettered.
type Delivery struct {
	// ID is assigned when the delivery is enqueued.
	ID        int64
	AccountID string
	// URL is where it goes: http(s)://… or mailto:address.
	URL string
	// Method is the HTTP method of an http(s) delivery; "" means POST.
	Method  string
	Headers map[string]string
	Body    string
	// Source says what produced it, e.g. a topic or an event rule ARN.
	Source string
	// Attempts counts the attempts made so far.
	Attempts int
	// NextAttempt is when the next attempt is due, epoch milliseconds.
	NextAttempt int64
	LastError   string
	CreatedAt   int64 // epoch milliseconds
}

// DeadLetter is a delivery that failed for good, with the reason.
type DeadLetter struct {
	Delivery
	Reason   string
	FailedAt int64 // epoch milliseconds
}
