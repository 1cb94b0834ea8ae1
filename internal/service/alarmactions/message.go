package alarmactions

import (
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

// alarmTimeLayout is how CloudWatch writes times in alarm notifications.
const alarmTimeLayout = "2006-01-02T15:04:05.000-0700"

// regionNames are the display names CloudWatch puts in notifications.
var regionNames = map[string]string{
	"us-east-1":      "US East (N. Virginia)",
	"us-east-2":      "US East (Ohio)",
	"us-west-1":      "US West (N. California)",
	"us-west-2":      "US West (Oregon)",
	"ca-central-1":   "Canada (Central)",
	"sa-east-1":      "South America (Sao Paulo)",
	"eu-west-1":      "EU (Ireland)",
	"eu-west-2":      "EU (London)",
	"eu-west-3":      "EU (Paris)",
	"eu-central-1":   "EU (Frankfurt)",
	"eu-north-1":     "EU (Stockholm)",
	"eu-south-1":     "EU (Milan)",
	"ap-south-1":     "Asia Pacific (Mumbai)",
	"ap-northeast-1": "Asia Pacific (Tokyo)",
	"ap-northeast-2": "Asia Pacific (Seoul)",
	"ap-northeast-3": "Asia Pacific (Osaka)",
	"ap-southeast-1": "Asia Pacific (Singapore)",
	"ap-southeast-2": "Asia Pacific (Sydney)",
	"ap-east-1":      "Asia Pacific (Hong Kong)",
	"me-south-1":     "Middle East (Bahrain)",
	"af-south-1":     "Africa (Cape Town)",
}

func regionName(code string) string {
	if n, ok := regionNames[code]; ok {
		return n
	}
	return code
}

// AlarmMessage is the JSON CloudWatch publishes to SNS on a state change,
// members in its order, with OpenWatch's Evidence as an extra member that
// standard consumers ignore.
type AlarmMessage struct {
	AlarmName                          string    `json:"AlarmName"`
	AlarmDescription                   *string   `json:"AlarmDescription"`
	AWSAccountID                       string    `json:"AWSAccountId"`
	AlarmConfigurationUpdatedTimestamp string    `json:"AlarmConfigurationUpdatedTimestamp"`
	NewStateValue                      string    `json:"NewStateValue"`
	NewStateReason                     string    `json:"NewStateReason"`
	StateChangeTime                    string    `json:"StateChangeTime"`
	Region                             string    `json:"Region"`
	AlarmArn                           string    `json:"AlarmArn"`
	OldStateValue                      string    `json:"OldStateValue"`
	OKActions                          []string  `json:"OKActions"`
	AlarmActions                       []string  `json:"AlarmActions"`
	InsufficientDataActions            []string  `json:"InsufficientDataActions"`
	Trigger                            *Trigger  `json:"Trigger,omitempty"`
	AlarmRule                          string    `json:"AlarmRule,omitempty"`
	Evidence                           *Evidence `json:"Evidence,omitempty"`
}

// Trigger describes what a metric alarm watches.
type Trigger struct {
	MetricName                       string                   `json:"MetricName,omitempty"`
	Namespace                        string                   `json:"Namespace,omitempty"`
	StatisticType                    string                   `json:"StatisticType,omitempty"`
	Statistic                        string                   `json:"Statistic,omitempty"`
	Unit                             *string                  `json:"Unit"`
	Dimensions                       []TriggerDimension       `json:"Dimensions"`
	Period                           int                      `json:"Period"`
	EvaluationPeriods                int                      `json:"EvaluationPeriods"`
	DatapointsToAlarm                int                      `json:"DatapointsToAlarm,omitempty"`
	ComparisonOperator               string                   `json:"ComparisonOperator"`
	Threshold                        *float64                 `json:"Threshold,omitempty"`
	ThresholdMetricID                string                   `json:"ThresholdMetricId,omitempty"`
	TreatMissingData                 string                   `json:"TreatMissingData"`
	EvaluateLowSampleCountPercentile string                   `json:"EvaluateLowSampleCountPercentile"`
	Metrics                          []alarms.MetricDataQuery `json:"Metrics,omitempty"`
}

// TriggerDimension is a dimension as notifications spell it.
type TriggerDimension struct {
	Value string `json:"value"`
	Name  string `json:"name"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// baseMessage fills the members every alarm type shares.
func baseMessage(ch model.AlarmStateChange, description string, ok, alarm, insufficient []string) AlarmMessage {
	a := ch.Alarm
	return AlarmMessage{
		AlarmName:                          a.Name,
		AlarmDescription:                   optional(description),
		AWSAccountID:                       a.AccountID,
		AlarmConfigurationUpdatedTimestamp: time.UnixMilli(a.ConfigUpdated).UTC().Format(alarmTimeLayout),
		NewStateValue:                      a.State,
		NewStateReason:                     a.StateReason,
		StateChangeTime:                    ch.Time.UTC().Format(alarmTimeLayout),
		Region:                             regionName(ch.Region),
		AlarmArn:                           ch.ARN,
		OldStateValue:                      ch.PreviousState,
		OKActions:                          nonNil(ok),
		AlarmActions:                       nonNil(alarm),
		InsufficientDataActions:            nonNil(insufficient),
	}
}

// metricTrigger is the Trigger of a metric alarm.
func metricTrigger(d *alarms.Definition) *Trigger {
	t := &Trigger{
		MetricName: d.MetricName, Namespace: d.Namespace, Unit: optional(d.Unit), Dimensions: []TriggerDimension{},
		Period: d.Period, EvaluationPeriods: d.EvaluationPeriods, DatapointsToAlarm: d.DatapointsToAlarm,
		ComparisonOperator: d.ComparisonOperator, Threshold: d.Threshold, ThresholdMetricID: d.ThresholdMetricID,
		TreatMissingData: d.TreatMissingData, EvaluateLowSampleCountPercentile: d.EvaluateLowSampleCountPercentile,
		Metrics: d.Metrics,
	}
	switch {
	case d.Statistic != "":
		t.StatisticType, t.Statistic = "Statistic", strings.ToUpper(d.Statistic)
	case d.ExtendedStatistic != "":
		t.StatisticType, t.Statistic = "ExtendedStatistic", d.ExtendedStatistic
	}
	for _, dim := range d.Dimensions {
		t.Dimensions = append(t.Dimensions, TriggerDimension{Value: dim.Value, Name: dim.Name})
	}
	if len(d.Metrics) > 0 {
		t.Dimensions = nil
	}
	return t
}

// maxSubjectLen keeps subjects within what SNS accepts (under 100).
const maxSubjectLen = 99

// subject is AWS's notification subject, `ALARM: "name" in US East (N.
// Virginia)`, shortened and made ASCII so that SNS takes it.
func subject(state, name, region string) string {
	ascii := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r < 0x20 || r > 0x7e {
				return '?'
			}
			return r
		}, s)
	}
	suffix := `" in ` + ascii(region)
	prefix := state + `: "`
	name = ascii(name)
	if room := maxSubjectLen - len(prefix) - len(suffix); len(name) > room {
		if room < 4 {
			return (prefix + name)[:maxSubjectLen]
		}
		name = name[:room-3] + "..."
	}
	return prefix + name + suffix
}
