package model

import (
	"regexp"
	"time"
)

// DefaultAccountID is the account that owns the bootstrap key when
// OPENWATCH_ACCOUNT_ID is not set.
const DefaultAccountID = "000000000000"

var accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)

// ValidAccountID reports whether id is a 12-digit account id.
func ValidAccountID(id string) bool { return accountIDRe.MatchString(id) }

// Account is a tenant: every log group, metric and alarm belongs to exactly one.
type Account struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// AccessKey is an AWS-style access key pair. The secret is needed in clear
// text to verify SigV4 signatures, exactly as on AWS.
type AccessKey struct {
	ID        string
	Secret    string
	AccountID string
	Admin     bool
	Disabled  bool
	CreatedAt time.Time
}

// Principal is who a verified request acts as.
type Principal struct {
	AccountID   string
	AccessKeyID string
	Admin       bool
}
