package alarms

import (
	"context"
	"slices"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// maxRecords is the largest MaxRecords of the Describe operations.
const maxRecords = 100

// DescribeAlarmsInput is a DescribeAlarms request.
type DescribeAlarmsInput struct {
	AlarmNames      []string
	AlarmNamePrefix string
	StateValue      string
	AlarmTypes      []string
	// ActionPrefix selects alarms with an action whose ARN starts with it.
	ActionPrefix string
	MaxRecords   int
	NextToken    string
}

// DescribeAlarmsOutput is one page of DescribeAlarms.
type DescribeAlarmsOutput struct {
	MetricAlarms    []MetricAlarm
	CompositeAlarms []CompositeAlarm
	NextToken       string
}

var states = []string{"OK", "ALARM", "INSUFFICIENT_DATA"}

func checkMaxRecords(n int) (int, error) {
	if n == 0 {
		return 50, nil
	}
	if n < 1 || n > maxRecords {
		return 0, invalid("The parameter MaxRecords must be between 1 and %d.", maxRecords)
	}
	return n, nil
}

// DescribeAlarms lists the account's alarms of AlarmTypes (metric alarms
// when it is empty) in name order.
func (s *Service) DescribeAlarms(ctx context.Context, accountID string, in DescribeAlarmsInput) (DescribeAlarmsOutput, error) {
	limit, err := checkMaxRecords(in.MaxRecords)
	if err != nil {
		return DescribeAlarmsOutput{}, err
	}
	if len(in.AlarmNames) > 0 && in.AlarmNamePrefix != "" {
		return DescribeAlarmsOutput{}, combination("AlarmNames and AlarmNamePrefix are mutually exclusive.")
	}
	if len(in.AlarmNames) > maxRecords {
		return DescribeAlarmsOutput{}, invalid("The collection AlarmNames must not have a size greater than %d.", maxRecords)
	}
	if in.StateValue != "" && !slices.Contains(states, in.StateValue) {
		return DescribeAlarmsOutput{}, invalid("The parameter StateValue must be one of %v.", states)
	}
	types, err := checkTypes(in.AlarmTypes)
	if err != nil {
		return DescribeAlarmsOutput{}, err
	}
	q := model.AlarmQuery{Names: in.AlarmNames, Prefix: in.AlarmNamePrefix, State: in.StateValue,
		Types: types, After: in.NextToken, Limit: limit + 1}
	if in.ActionPrefix != "" {
		// The actions live in the definitions, so the page is cut after
		// filtering.
		q.Limit = 0
	}
	recs, err := s.store.ListAlarms(ctx, accountID, q)
	if err != nil {
		return DescribeAlarmsOutput{}, err
	}
	if in.ActionPrefix != "" {
		if recs, err = s.withActionPrefix(recs, in.ActionPrefix, limit+1); err != nil {
			return DescribeAlarmsOutput{}, err
		}
	}
	var out DescribeAlarmsOutput
	if len(recs) > limit {
		recs = recs[:limit]
		out.NextToken = recs[limit-1].Name
	}
	for _, r := range recs {
		if r.Type == TypeComposite {
			c, err := s.decodeComposite(r)
			if err != nil {
				return DescribeAlarmsOutput{}, err
			}
			out.CompositeAlarms = append(out.CompositeAlarms, c)
			continue
		}
		a, err := s.decodeAlarm(r)
		if err != nil {
			return DescribeAlarmsOutput{}, err
		}
		out.MetricAlarms = append(out.MetricAlarms, a)
	}
	return out, nil
}

// checkTypes validates AlarmTypes; none means metric alarms, as in
// CloudWatch.
func checkTypes(types []string) ([]string, error) {
	for _, t := range types {
		if t != TypeMetric && t != TypeComposite {
			return nil, invalid("The parameter AlarmTypes must contain only MetricAlarm and CompositeAlarm.")
		}
	}
	if len(types) == 0 {
		return []string{TypeMetric}, nil
	}
	return types, nil
}

// withActionPrefix keeps up to n alarms with an action starting with
// prefix.
func (s *Service) withActionPrefix(recs []model.Alarm, prefix string, n int) ([]model.Alarm, error) {
	var out []model.Alarm
	for _, r := range recs {
		var lists [][]string
		if r.Type == TypeComposite {
			c, err := s.decodeComposite(r)
			if err != nil {
				return nil, err
			}
			lists = [][]string{c.OKActions, c.AlarmActions, c.InsufficientDataActions}
		} else {
			a, err := s.decodeAlarm(r)
			if err != nil {
				return nil, err
			}
			lists = [][]string{a.OKActions, a.AlarmActions, a.InsufficientDataActions}
		}
		if hasPrefix(lists, prefix) {
			out = append(out, r)
			if len(out) == n {
				break
			}
		}
	}
	return out, nil
}

func hasPrefix(lists [][]string, prefix string) bool {
	for _, l := range lists {
		for _, arn := range l {
			if strings.HasPrefix(arn, prefix) {
				return true
			}
		}
	}
	return false
}

// DescribeAlarmsForMetricInput is a DescribeAlarmsForMetric request;
// fields left empty match any alarm.
type DescribeAlarmsForMetricInput struct {
	Namespace, MetricName        string
	Dimensions                   []model.Dimension
	Statistic, ExtendedStatistic string
	Period                       int
	Unit                         string
}

// DescribeAlarmsForMetric lists the account's single-metric alarms on the
// metric.
func (s *Service) DescribeAlarmsForMetric(ctx context.Context, accountID string, in DescribeAlarmsForMetricInput) ([]MetricAlarm, error) {
	if in.MetricName == "" {
		return nil, missing("MetricName")
	}
	if in.Namespace == "" {
		return nil, missing("Namespace")
	}
	recs, err := s.store.ListAlarms(ctx, accountID, model.AlarmQuery{Types: []string{TypeMetric}})
	if err != nil {
		return nil, err
	}
	var out []MetricAlarm
	for _, r := range recs {
		a, err := s.decodeAlarm(r)
		if err != nil {
			return nil, err
		}
		d := a.Definition
		if d.Namespace != in.Namespace || d.MetricName != in.MetricName ||
			in.Dimensions != nil && !sameDimensions(d.Dimensions, in.Dimensions) ||
			in.Statistic != "" && d.Statistic != in.Statistic ||
			in.ExtendedStatistic != "" && d.ExtendedStatistic != in.ExtendedStatistic ||
			in.Period != 0 && d.Period != in.Period || in.Unit != "" && d.Unit != in.Unit {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// sameDimensions compares dimension sets regardless of order.
func sameDimensions(a, b []model.Dimension) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
