package model

import "time"

// AlarmStateChange is one transition of an alarm's state, as the alarm
// service stored it. Notifications, alarm actions and "CloudWatch Alarm
// State Change" events are all derived from it.
type AlarmStateChange struct {
	// Alarm is the alarm after the change: State, StateReason,
	// StateReasonData and StateUpdated hold the new values.
	Alarm Alarm
	// ARN is the alarm's ARN and Region the region it lives in.
	ARN, Region string
	// Previous* are the values before the change.
	PreviousState, PreviousReason, PreviousReasonData string
	PreviousUpdated                                   int64 // epoch milliseconds
	Time                                              time.Time
}
