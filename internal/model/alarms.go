package model

// Alarm is one stored CloudWatch alarm. Definition and Tags are JSON that
// the alarms service owns; the catalog only keeps them.
type Alarm struct {
	AccountID, Name string
	// Type is "MetricAlarm" or "CompositeAlarm".
	Type                        string
	Definition                  string
	State                       string
	StateReason                 string
	StateReasonData             string
	StateUpdated, ConfigUpdated int64 // epoch milliseconds
	ActionsEnabled              bool
	Tags                        string
}

// AlarmHistoryItem is one entry of an alarm's history.
type AlarmHistoryItem struct {
	// ID orders the items; it is assigned on insert.
	ID                              int64
	AccountID, AlarmName, AlarmType string
	Timestamp                       int64 // epoch milliseconds
	// Type is ConfigurationUpdate, StateUpdate or Action.
	Type, Summary, Data string
}

// AlarmQuery selects alarms. Empty fields select everything.
type AlarmQuery struct {
	Names  []string
	Prefix string
	State  string
	Types  []string
	// After continues a listing after that alarm name.
	After string
	Limit int
}

// AlarmHistoryQuery selects history items. Times are epoch milliseconds,
// 0 for no bound; AfterID continues a listing past that item. Items are
// ordered by ID, which grows as they are written.
type AlarmHistoryQuery struct {
	AlarmName, Type string
	AlarmTypes      []string
	Start, End      int64
	Ascending       bool
	AfterID         int64
	Limit           int
}
