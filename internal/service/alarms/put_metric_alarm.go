package alarms

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/alarmeval"
)

// Limits of PutMetricAlarm.
const (
	maxNameLen        = 255
	maxDescriptionLen = 1024
	maxActions        = 5
	maxDimensions     = 30
	maxMetrics        = 10
	maxTags           = 50
)

var (
	statistics  = []string{"SampleCount", "Average", "Sum", "Minimum", "Maximum"}
	comparisons = []string{
		string(alarmeval.GreaterThanOrEqualToThreshold), string(alarmeval.GreaterThanThreshold),
		string(alarmeval.LessThanThreshold), string(alarmeval.LessThanOrEqualToThreshold),
		string(alarmeval.LessThanLowerOrGreaterThanUpperThreshold), string(alarmeval.LessThanLowerThreshold),
		string(alarmeval.GreaterThanUpperThreshold),
	}
	missingPolicies = []string{"missing", "ignore", "breaching", "notBreaching"}
	// extendedStatRe accepts the percentile family CloudWatch alarms take.
	extendedStatRe = regexp.MustCompile(`^(p|tm|tc|ts|wm|PR|TM|TC|TS)\(?[0-9.:%]+\)?$|^IQM$`)
)

// PutMetricAlarmInput is a PutMetricAlarm request.
type PutMetricAlarmInput struct {
	Definition
	Tags []Tag
}

func invalid(format string, args ...any) error {
	return model.Errorf(model.ErrInvalidParameter, format, args...)
}

func missing(name string) error {
	return model.Errorf(model.ErrMissingParameter, "The parameter %s is required.", name)
}

func combination(format string, args ...any) error {
	return model.Errorf(model.ErrInvalidParameterCombination, format, args...)
}

// validPeriod reports whether p is 10, 20, 30 or a multiple of 60.
func validPeriod(p int) bool {
	return p == 10 || p == 20 || p == 30 || p >= 60 && p%60 == 0
}

// validate checks d as CloudWatch does, with its parameter names.
func validate(d *Definition, tags []Tag) error {
	if d.AlarmName == "" {
		return missing("AlarmName")
	}
	if utf8.RuneCountInString(d.AlarmName) > maxNameLen {
		return invalid("The parameter AlarmName must be shorter than %d characters.", maxNameLen+1)
	}
	if utf8.RuneCountInString(d.AlarmDescription) > maxDescriptionLen {
		return invalid("The parameter AlarmDescription must be shorter than %d characters.", maxDescriptionLen+1)
	}
	if err := checkActions(d.OKActions, d.AlarmActions, d.InsufficientDataActions); err != nil {
		return err
	}
	if d.EvaluationPeriods < 1 {
		if d.EvaluationPeriods == 0 {
			return missing("EvaluationPeriods")
		}
		return invalid("The parameter EvaluationPeriods must be greater than or equal to 1.")
	}
	if d.DatapointsToAlarm < 0 || d.DatapointsToAlarm > d.EvaluationPeriods {
		return invalid("DatapointsToAlarm must be less than or equal to EvaluationPeriods.")
	}
	if d.ComparisonOperator == "" {
		return missing("ComparisonOperator")
	}
	if !slices.Contains(comparisons, d.ComparisonOperator) {
		return invalid("The parameter ComparisonOperator must be one of %v.", comparisons)
	}
	if d.TreatMissingData != "" && !slices.Contains(missingPolicies, d.TreatMissingData) {
		return invalid("The parameter TreatMissingData must be one of %v.", missingPolicies)
	}
	switch d.EvaluateLowSampleCountPercentile {
	case "", "evaluate", "ignore":
	default:
		return invalid("Option unknown for parameter EvaluateLowSampleCountPercentile. Valid options are 'evaluate' or 'ignore'.")
	}
	if err := validateThreshold(d); err != nil {
		return err
	}
	if len(d.Metrics) > 0 {
		if err := validateMetrics(d); err != nil {
			return err
		}
	} else if err := validateSingle(d); err != nil {
		return err
	}
	return checkTags(tags)
}

// checkActions checks the three action lists of an alarm.
func checkActions(ok, alarm, insufficient []string) error {
	for _, l := range []struct {
		name string
		arns []string
	}{{"OKActions", ok}, {"AlarmActions", alarm}, {"InsufficientDataActions", insufficient}} {
		if len(l.arns) > maxActions {
			return invalid("The collection %s must not have a size greater than %d.", l.name, maxActions)
		}
	}
	return nil
}

func checkTags(tags []Tag) error {
	if len(tags) > maxTags {
		return invalid("The collection Tags must not have a size greater than %d.", maxTags)
	}
	for i, t := range tags {
		if n := utf8.RuneCountInString(t.Key); n < 1 || n > 128 {
			return invalid("The parameter Tags.member.%d.Key must be between 1 and 128 characters.", i+1)
		}
		if utf8.RuneCountInString(t.Value) > 256 {
			return invalid("The parameter Tags.member.%d.Value must be at most 256 characters.", i+1)
		}
	}
	return nil
}

// encodeTags is the stored form of an alarm's tags.
func encodeTags(alarm string, tags []Tag) (string, error) {
	if tags == nil {
		tags = []Tag{}
	}
	b, err := json.Marshal(tags)
	if err != nil {
		return "", fmt.Errorf("cannot encode tags of alarm %q: %w", alarm, err)
	}
	return string(b), nil
}

func validateThreshold(d *Definition) error {
	band := alarmeval.ComparisonOperator(d.ComparisonOperator).IsBand()
	switch {
	case d.ThresholdMetricID != "" && d.Threshold != nil:
		return combination("Threshold and ThresholdMetricId are mutually exclusive.")
	case band && d.ThresholdMetricID == "":
		return missing("ThresholdMetricId")
	case !band && d.ThresholdMetricID != "":
		return invalid("ThresholdMetricId can only be used with the operators LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold and GreaterThanUpperThreshold.")
	case !band && d.Threshold == nil:
		return missing("Threshold")
	}
	return nil
}

func validateSingle(d *Definition) error {
	if d.MetricName == "" {
		return missing("MetricName")
	}
	if d.Namespace == "" {
		return missing("Namespace")
	}
	if len(d.Dimensions) > maxDimensions {
		return invalid("The collection Dimensions must not have a size greater than %d.", maxDimensions)
	}
	switch {
	case d.Statistic != "" && d.ExtendedStatistic != "":
		return combination("Statistic and ExtendedStatistic are mutually exclusive.")
	case d.Statistic == "" && d.ExtendedStatistic == "":
		return missing("Statistic or ExtendedStatistic")
	case d.Statistic != "" && !slices.Contains(statistics, d.Statistic):
		return invalid("The parameter Statistic must be one of %v.", statistics)
	case d.ExtendedStatistic != "" && !extendedStatRe.MatchString(d.ExtendedStatistic):
		return invalid("The value %s for parameter ExtendedStatistic is not supported.", d.ExtendedStatistic)
	}
	if d.Period == 0 {
		return missing("Period")
	}
	return validateRange(d.Period, d.EvaluationPeriods)
}

// validateRange checks the period and how far back the alarm looks.
func validateRange(period, n int) error {
	if !validPeriod(period) {
		return invalid("Period must be 10, 20, 30 or a multiple of 60.")
	}
	total := period * n
	if total > 604800 {
		return invalid("The evaluation period multiplied by the number of periods must not exceed one week (604800 seconds).")
	}
	if period < 3600 && total > 86400 {
		return invalid("Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).")
	}
	return nil
}

func validateMetrics(d *Definition) error {
	if d.MetricName != "" || d.Namespace != "" || len(d.Dimensions) > 0 || d.Period != 0 || d.Unit != "" ||
		d.Statistic != "" || d.ExtendedStatistic != "" {
		return combination("The parameters MetricName, Namespace, Dimensions, Period, Unit, Statistic and ExtendedStatistic cannot be used with Metrics.")
	}
	if len(d.Metrics) > maxMetrics {
		return invalid("The collection Metrics must not have a size greater than %d.", maxMetrics)
	}
	returned, period := 0, 0
	ids := map[string]bool{}
	for i, q := range d.Metrics {
		if q.ID == "" {
			return missing(fmt.Sprintf("Metrics.member.%d.Id", i+1))
		}
		if ids[q.ID] {
			return invalid("The Id %s is used more than once in Metrics.", q.ID)
		}
		ids[q.ID] = true
		if (q.MetricStat == nil) == (q.Expression == "") {
			return combination("Exactly one of MetricStat and Expression must be set in Metrics.member.%d.", i+1)
		}
		// The band of an anomaly alarm returns data beside the metric.
		if q.Returns() && q.ID != d.ThresholdMetricID {
			returned++
		}
		p := q.Period
		if q.MetricStat != nil {
			if q.MetricStat.Metric.MetricName == "" || q.MetricStat.Metric.Namespace == "" || q.MetricStat.Stat == "" {
				return missing(fmt.Sprintf("Metrics.member.%d.MetricStat.Metric", i+1))
			}
			p = q.MetricStat.Period
		}
		if p == 0 {
			continue
		}
		if period != 0 && p != period {
			return invalid("All metrics in an alarm must have the same period.")
		}
		period = p
	}
	if returned != 1 {
		return invalid("Exactly one element of the metrics list should return data.")
	}
	if d.ThresholdMetricID != "" && !ids[d.ThresholdMetricID] {
		return invalid("ThresholdMetricId %s does not name an entry of Metrics.", d.ThresholdMetricID)
	}
	if period == 0 {
		return missing("Metrics.member.1.MetricStat.Period")
	}
	return validateRange(period, d.EvaluationPeriods)
}

// PutMetricAlarm creates or updates a metric alarm. A new alarm starts in
// INSUFFICIENT_DATA; an updated one keeps its state and tags.
func (s *Service) PutMetricAlarm(ctx context.Context, accountID string, in PutMetricAlarmInput) error {
	d := in.Definition
	if err := validate(&d, in.Tags); err != nil {
		return err
	}
	def, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("cannot encode alarm %q: %w", d.AlarmName, err)
	}
	tagJSON, err := encodeTags(d.AlarmName, in.Tags)
	if err != nil {
		return err
	}
	now := s.now().UnixMilli()
	rec := model.Alarm{
		AccountID: accountID, Name: d.AlarmName, Type: TypeMetric, Definition: string(def),
		State: string(alarmeval.StateInsufficientData), StateReason: "Unchecked: Initial alarm creation",
		StateReasonData: "", StateUpdated: now, ConfigUpdated: now, ActionsEnabled: d.ActionsEnabled, Tags: tagJSON,
	}
	h := model.AlarmHistoryItem{
		AccountID: accountID, AlarmName: d.AlarmName, AlarmType: TypeMetric, Timestamp: now,
		Type: HistoryConfigurationUpdate, Summary: fmt.Sprintf("Alarm %q updated", d.AlarmName), Data: string(def),
	}
	if err := s.store.PutAlarm(ctx, rec, h); err != nil {
		return err
	}
	s.Kick()
	return nil
}

// Kick asks a running Scheduler for an evaluation pass soon; it never
// blocks.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}
