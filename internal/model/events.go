package model

// EventBus is one EventBridge-compatible event bus of an account. The bus
// named "default" exists in every account without being stored.
type EventBus struct {
	AccountID, Name, Description string
	// Tags is a JSON object of the bus's tags, read and written whole.
	Tags                    string
	CreatedAt, LastModified int64 // epoch milliseconds
}

// EventRule is a rule on an event bus: an event pattern, a schedule
// expression or both, and whether it is enabled.
type EventRule struct {
	AccountID, Bus, Name string
	EventPattern         string
	ScheduleExpression   string
	// State is ENABLED or DISABLED.
	State, Description, RoleARN string
	Tags                        string // JSON object
	CreatedAt                   int64  // epoch milliseconds
}

// EventTarget is one target of a rule. Definition is the target's
// configuration as JSON (Input, InputPath, InputTransformer, RoleArn…),
// which the events service owns; the catalog only keeps it.
type EventTarget struct {
	AccountID, Bus, Rule, ID, ARN string
	Definition                    string
}

// EventConnection holds how API destinations authorize their requests.
// AuthParameters is JSON the events service owns, secrets included.
type EventConnection struct {
	AccountID, Name, Description string
	AuthorizationType            string
	AuthParameters               string
	State                        string
	CreatedAt, LastModified      int64 // epoch milliseconds
}

// EventAPIDestination is an HTTP endpoint that rules can target, with the
// connection that authorizes requests to it.
type EventAPIDestination struct {
	AccountID, Name, Description string
	ConnectionARN                string
	InvocationEndpoint           string
	HTTPMethod                   string
	// RateLimitPerSecond is 0 when unset.
	RateLimitPerSecond      int64
	State                   string
	CreatedAt, LastModified int64 // epoch milliseconds
}
