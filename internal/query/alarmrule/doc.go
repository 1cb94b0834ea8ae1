// Package alarmrule parses and evaluates the AlarmRule of CloudWatch
// composite alarms:
//
//	ALARM(CPUUtilizationTooHigh) AND NOT ALARM("DeploymentInProgress")
//	(ALARM(cpu) OR ALARM(disk)) AND OK("arn:aws:cloudwatch:us-east-1:123456789012:alarm:net")
//
// ALARM(x), OK(x) and INSUFFICIENT_DATA(x) are true when alarm x (a name
// or an ARN, in double quotes or not) is in that state; TRUE and FALSE are
// constants; NOT binds tighter than AND, which binds tighter than OR;
// parentheses group. Keywords are upper case. An unquoted name runs to the
// next blank or parenthesis; a quoted one to the next double quote.
//
// A rule is at most 10,240 characters, references at most 100 alarms and
// has at most 500 elements (alarm functions, TRUE and FALSE, parenthesized
// groups). Errors are *ParseError, worded as CloudWatch's ValidationError
// ("Error in AlarmRule [Unsupported token 'x' at char 12, must be: ')']"),
// wrapping model.ErrValidation.
//
// Rule.String prints a canonical form that parses back to the same rule.
// The package is pure.
package alarmrule
