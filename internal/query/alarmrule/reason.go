package alarmrule

import (
	"fmt"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/query/alarmeval"
)

// Trigger is a child alarm's state change that made a composite alarm
// change state.
type Trigger struct {
	ARN       string
	State     alarmeval.State
	Timestamp time.Time
}

// Reason is the composite alarm's StateReason for a trigger, as
// CloudWatch writes it: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:
// cpu transitioned to ALARM at Friday 22 July, 2022 15:57:45 UTC".
func Reason(t Trigger) string {
	return t.ARN + " transitioned to " + string(t.State) + " at " + t.Timestamp.UTC().Format("Monday 2 January, 2006 15:04:05 UTC")
}

// ReasonData is the composite alarm's StateReasonData:
// {"triggeringAlarms":[{"arn":"…","state":{"value":"ALARM","timestamp":"2022-07-22T15:57:45.394+0000"}}]}.
func ReasonData(triggers []Trigger) string {
	var b strings.Builder
	b.WriteString(`{"triggeringAlarms":[`)
	for i, t := range triggers {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"arn":`)
		writeString(&b, t.ARN)
		b.WriteString(`,"state":{"value":`)
		writeString(&b, string(t.State))
		b.WriteString(`,"timestamp":"`)
		b.WriteString(t.Timestamp.UTC().Format("2006-01-02T15:04:05.000-0700"))
		b.WriteString(`"}}`)
	}
	b.WriteString("]}")
	return b.String()
}

// writeString writes s as a JSON string.
func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
