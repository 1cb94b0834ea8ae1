package logs

import (
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// GroupARN is the log group ARN with the trailing ":*" that the "arn" member
// of LogGroup carries.
func GroupARN(c Caller, name string) string {
	return "arn:aws:logs:" + c.Region + ":" + c.AccountID + ":log-group:" + name + ":*"
}

// GroupARNNoStar is the log group ARN used by logGroupArn, logGroupIdentifier
// and the tagging operations.
func GroupARNNoStar(c Caller, name string) string {
	return "arn:aws:logs:" + c.Region + ":" + c.AccountID + ":log-group:" + name
}

// StreamARN is a log stream's ARN.
func StreamARN(c Caller, group, stream string) string {
	return GroupARNNoStar(c, group) + ":log-stream:" + stream
}

// groupNameFromIdentifier accepts a log group name or ARN (with or without
// ":*") and returns the name. An ARN of another account or service names a
// group this caller cannot see.
func groupNameFromIdentifier(c Caller, id, member string) (string, error) {
	if !strings.HasPrefix(id, "arn:") {
		return id, validateGroupName(id, member)
	}
	// arn:partition:logs:region:account:log-group:name[:*]
	parts := strings.SplitN(id, ":", 7)
	if len(parts) != 7 || parts[2] != "logs" || parts[5] != "log-group" {
		return "", invalid("Invalid ARN %q for %s: expected arn:aws:logs:REGION:ACCOUNT:log-group:NAME.", id, member)
	}
	name := strings.TrimSuffix(parts[6], ":*")
	if parts[4] != c.AccountID {
		return "", errGroupNotFound()
	}
	if err := validateGroupName(name, member); err != nil {
		return "", err
	}
	return name, nil
}

func errGroupNotFound() error {
	return model.Errorf(model.ErrNotFound, "The specified log group does not exist.")
}

func errStreamNotFound() error {
	return model.Errorf(model.ErrNotFound, "The specified log stream does not exist.")
}
