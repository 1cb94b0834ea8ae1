package logs

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// Limits from the CloudWatch Logs service model and quotas.
const (
	maxNameLen        = 512
	maxTags           = 50
	maxTagKeyLen      = 128
	maxTagValueLen    = 256
	maxKMSKeyIDLen    = 256
	maxDescribeLimit  = 50
	maxBatchEvents    = 10000
	maxBatchBytes     = 1048576
	eventOverhead     = 26
	maxBatchSpanMs    = 24 * 60 * 60 * 1000
	tooNewMs          = 2 * 60 * 60 * 1000
	tooOldMs          = 14 * 24 * 60 * 60 * 1000
	maxReadLimit      = 10000
	maxReadBytes      = 1048576
	maxFilterStreams  = 100
	maxFilterPatLen   = 1024
	maxResourceARNLen = 1011
)

var (
	groupNameRe = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]+$`)
	tagRe       = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
	arnRe       = regexp.MustCompile(`^[\w+=/:,.@-]*$`)
)

// retentionDays are the values PutRetentionPolicy accepts.
var retentionDays = map[int32]bool{
	1: true, 3: true, 5: true, 7: true, 14: true, 30: true, 60: true, 90: true,
	120: true, 150: true, 180: true, 365: true, 400: true, 545: true, 731: true,
	1096: true, 1827: true, 2192: true, 2557: true, 2922: true, 3288: true, 3653: true,
}

// logGroupClasses are the accepted logGroupClass values.
var logGroupClasses = map[string]bool{"STANDARD": true, "INFREQUENT_ACCESS": true, "DELIVERY": true, "ESSENTIALS": true}

func invalid(format string, args ...any) error {
	return model.Errorf(model.ErrInvalidParameter, format, args...)
}

// constraint formats AWS's wording for a failed member constraint.
func constraint(value, member, rule string) error {
	return invalid("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, member, rule)
}

func validateGroupName(name, member string) error {
	switch {
	case name == "":
		return constraint(name, member, "Member must have length greater than or equal to 1")
	case len(name) > maxNameLen:
		return constraint(name, member, "Member must have length less than or equal to 512")
	case !groupNameRe.MatchString(name):
		return constraint(name, member, `Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`)
	}
	return nil
}

func validateStreamName(name, member string) error {
	switch {
	case name == "":
		return constraint(name, member, "Member must have length greater than or equal to 1")
	case utf8.RuneCountInString(name) > maxNameLen:
		return constraint(name, member, "Member must have length less than or equal to 512")
	case strings.ContainsAny(name, ":*"):
		return constraint(name, member, "Member must satisfy regular expression pattern: [^:*]*")
	}
	return nil
}

func validateLimit(limit *int32, max int32, member string) (int, error) {
	if limit == nil {
		return int(max), nil
	}
	if *limit < 1 {
		return 0, constraint(fmt.Sprint(*limit), member, "Member must have value greater than or equal to 1")
	}
	if *limit > max {
		return 0, constraint(fmt.Sprint(*limit), member, fmt.Sprintf("Member must have value less than or equal to %d", max))
	}
	return int(*limit), nil
}

func validateTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return model.Errorf(model.ErrTooManyTags, "A resource can have no more than %d tags.", maxTags)
	}
	for k, v := range tags {
		if k == "" || utf8.RuneCountInString(k) > maxTagKeyLen || !tagRe.MatchString(k) {
			return invalid("Invalid tag key %q: tag keys must be 1 to %d characters of letters, digits, spaces and _.:/=+-@.", k, maxTagKeyLen)
		}
		if strings.HasPrefix(k, "aws:") {
			return invalid("Invalid tag key %q: the aws: prefix is reserved.", k)
		}
		if utf8.RuneCountInString(v) > maxTagValueLen || !tagRe.MatchString(v) {
			return invalid("Invalid value for tag %q: tag values must be at most %d characters of letters, digits, spaces and _.:/=+-@.", k, maxTagValueLen)
		}
	}
	return nil
}
