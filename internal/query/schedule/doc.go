// Package schedule parses EventBridge schedule expressions and computes
// when they fire next, following the EventBridge user guide ("Creating an
// Amazon EventBridge rule that runs on a schedule"):
//
//	rate(1 minute)   rate(5 minutes)   rate(1 hour)   rate(12 hours)   rate(1 day)
//	cron(Minutes Hours Day-of-month Month Day-of-week Year)
//
// A rate's unit is singular for 1 and plural otherwise. A cron expression
// has six fields: Minutes 0-59, Hours 0-23, Day-of-month 1-31, Month 1-12
// or JAN-DEC, Day-of-week 1-7 or SUN-SAT (1 is Sunday) and Year 1970-2199.
// Fields take "," lists, "-" ranges (a range may wrap, as 20-2 in Hours),
// "*" and "/" increments; Day-of-month also "?", "L", "LW" and "nW"
// (the weekday nearest day n), Day-of-week also "?", "L" (Saturday), "nL"
// (the last day n of the month) and "n#k" (the k-th day n, alone in its
// field). Exactly one of Day-of-month and Day-of-week must be "?".
//
// All times are UTC and schedules have minute precision. Errors read as
// EventBridge's ValidationException ("Parameter ScheduleExpression is not
// valid.") and wrap model.ErrValidation.
//
// The package is pure: no I/O, no clock, no goroutines.
package schedule
