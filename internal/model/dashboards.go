package model

// Dashboard is a CloudWatch dashboard: a name in an account and the JSON
// body its clients render, kept byte for byte as it was put.
type Dashboard struct {
	AccountID string
	Name      string
	Body      string
	// LastModified is in epoch milliseconds.
	LastModified int64
	// Size is the length of Body in bytes; listings fill it and leave
	// Body empty.
	Size int64
}
