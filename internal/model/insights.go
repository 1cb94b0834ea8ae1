package model

// QueryDefinition is a saved Logs Insights query.
type QueryDefinition struct {
	AccountID     string
	ID            string
	Name          string
	QueryString   string
	LogGroupNames []string
	LastModified  int64 // epoch ms
}
