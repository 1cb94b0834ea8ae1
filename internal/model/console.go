package model

import "time"

// ConsoleUser is a web console sign-in: a name and password acting in one
// account with administrator rights. Names are unique across accounts, so
// signing in needs no account id.
type ConsoleUser struct {
	Name      string
	AccountID string
	// PasswordHash is a self-describing password hash (PHC string format);
	// the password itself is never stored.
	PasswordHash      string
	CreatedAt         time.Time
	PasswordChangedAt time.Time
}

// ConsoleSession is a signed-in browser. IDHash is a digest of the cookie
// value, which is never stored. Exactly one of AccessKeyID and UserName
// names what the session was opened with.
type ConsoleSession struct {
	IDHash      string
	AccountID   string
	AccessKeyID string
	UserName    string
	CreatedAt   time.Time
	// ExpiresAt moves forward while the session is used, up to a limit
	// counted from CreatedAt.
	ExpiresAt time.Time
}

// DashboardShare is a read-only link to one dashboard for people without
// an account. TokenHash is a digest of the link's token, which is never
// stored; it doubles as the share's public id.
type DashboardShare struct {
	TokenHash     string
	AccountID     string
	DashboardName string
	// CreatedBy names the key or user that created the share.
	CreatedBy string
	CreatedAt time.Time
}
