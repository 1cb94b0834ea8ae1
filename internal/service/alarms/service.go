// Package alarms holds the CloudWatch alarm use cases: PutMetricAlarm,
// DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState,
// Enable/DisableAlarmActions and DescribeAlarmHistory, and the Scheduler
// that evaluates metric alarms against their data. Alarms are kept in the
// catalog; datapoints are read through the MetricReader port, and the
// decision itself is internal/query/alarmeval's.
package alarms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/alarmeval"
)

// Alarm types as CloudWatch names them.
const (
	TypeMetric    = "MetricAlarm"
	TypeComposite = "CompositeAlarm"
)

// History item types.
const (
	HistoryConfigurationUpdate = "ConfigurationUpdate"
	HistoryStateUpdate         = "StateUpdate"
	HistoryAction              = "Action"
)

// Store is the part of the catalog the service uses.
type Store interface {
	PutAlarm(ctx context.Context, a model.Alarm, h model.AlarmHistoryItem) error
	ListAlarms(ctx context.Context, accountID string, q model.AlarmQuery) ([]model.Alarm, error)
	DeleteAlarms(ctx context.Context, accountID string, names []string) (int, error)
	SetAlarmState(ctx context.Context, a model.Alarm, h model.AlarmHistoryItem) error
	SetAlarmActionsEnabled(ctx context.Context, accountID string, names []string, enabled bool) error
	ListAlarmHistory(ctx context.Context, accountID string, q model.AlarmHistoryQuery) ([]model.AlarmHistoryItem, error)
}

// MetricReader reads the datapoints a metric alarm evaluates: the single
// metric's statistic, or the Metrics query whose ReturnData is true, per
// period between start and end.
type MetricReader interface {
	ReadAlarmData(ctx context.Context, accountID string, def Definition, start, end time.Time) ([]alarmeval.Datapoint, error)
}

// Options configure a Service.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Region goes into alarm ARNs; "" means us-east-1.
	Region string
	// Observers hear of every state change after it is stored, in order.
	// They run on the caller's goroutine (an API request or the
	// scheduler), so they must hand slow work such as deliveries off.
	Observers []StateObserver
}

// StateObserver is told of alarm state changes: alarm actions, topics and
// the event bus hang off it.
type StateObserver interface {
	AlarmStateChanged(ctx context.Context, change model.AlarmStateChange)
}

// Service runs the alarm use cases. It is safe for concurrent use.
type Service struct {
	store  Store
	reader MetricReader
	now    func() time.Time
	region string
	// observers hear of state changes.
	observers []StateObserver
	// kick asks the scheduler for an evaluation pass, so that a new alarm
	// is checked without waiting for the next tick.
	kick chan struct{}
}

// New returns a Service over store and reader.
func New(store Store, reader MetricReader, opts Options) *Service {
	s := &Service{store: store, reader: reader, now: opts.Now, region: opts.Region, observers: opts.Observers, kick: make(chan struct{}, 1)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.region == "" {
		s.region = "us-east-1"
	}
	return s
}

// ARN is the alarm's ARN.
func (s *Service) ARN(accountID, name string) string {
	return "arn:aws:cloudwatch:" + s.region + ":" + accountID + ":alarm:" + name
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Metric names one metric.
type Metric struct {
	Namespace  string            `json:"Namespace,omitempty"`
	MetricName string            `json:"MetricName,omitempty"`
	Dimensions []model.Dimension `json:"Dimensions,omitempty"`
}

// MetricStat is a metric with a statistic and period.
type MetricStat struct {
	Metric Metric `json:"Metric"`
	Period int    `json:"Period"`
	Stat   string `json:"Stat"`
	Unit   string `json:"Unit,omitempty"`
}

// MetricDataQuery is one entry of a math alarm's Metrics.
type MetricDataQuery struct {
	ID         string      `json:"Id"`
	MetricStat *MetricStat `json:"MetricStat,omitempty"`
	Expression string      `json:"Expression,omitempty"`
	Label      string      `json:"Label,omitempty"`
	// ReturnData nil means true.
	ReturnData *bool  `json:"ReturnData,omitempty"`
	Period     int    `json:"Period,omitempty"`
	AccountID  string `json:"AccountId,omitempty"`
}

// Returns reports whether the query's data is returned.
func (q MetricDataQuery) Returns() bool { return q.ReturnData == nil || *q.ReturnData }

// Definition is a metric alarm's configuration, as PutMetricAlarm gives
// it; it is stored as JSON.
type Definition struct {
	AlarmName                        string            `json:"AlarmName"`
	AlarmDescription                 string            `json:"AlarmDescription,omitempty"`
	ActionsEnabled                   bool              `json:"ActionsEnabled"`
	OKActions                        []string          `json:"OKActions,omitempty"`
	AlarmActions                     []string          `json:"AlarmActions,omitempty"`
	InsufficientDataActions          []string          `json:"InsufficientDataActions,omitempty"`
	Namespace                        string            `json:"Namespace,omitempty"`
	MetricName                       string            `json:"MetricName,omitempty"`
	Dimensions                       []model.Dimension `json:"Dimensions,omitempty"`
	Statistic                        string            `json:"Statistic,omitempty"`
	ExtendedStatistic                string            `json:"ExtendedStatistic,omitempty"`
	Period                           int               `json:"Period,omitempty"`
	Unit                             string            `json:"Unit,omitempty"`
	EvaluationPeriods                int               `json:"EvaluationPeriods"`
	DatapointsToAlarm                int               `json:"DatapointsToAlarm,omitempty"`
	Threshold                        *float64          `json:"Threshold,omitempty"`
	ComparisonOperator               string            `json:"ComparisonOperator"`
	TreatMissingData                 string            `json:"TreatMissingData,omitempty"`
	EvaluateLowSampleCountPercentile string            `json:"EvaluateLowSampleCountPercentile,omitempty"`
	Metrics                          []MetricDataQuery `json:"Metrics,omitempty"`
	ThresholdMetricID                string            `json:"ThresholdMetricId,omitempty"`
}

// period is the alarm's period in seconds: Period, or that of its
// returned query.
func (d *Definition) period() int {
	if d.Period > 0 {
		return d.Period
	}
	for _, q := range d.Metrics {
		if q.MetricStat != nil && q.MetricStat.Period > 0 {
			return q.MetricStat.Period
		}
		if q.Period > 0 {
			return q.Period
		}
	}
	return 60
}

// evalAlarm is the definition as the evaluator takes it.
func (d *Definition) evalAlarm() alarmeval.Alarm {
	a := alarmeval.Alarm{
		Period:                           d.period(),
		EvaluationPeriods:                d.EvaluationPeriods,
		DatapointsToAlarm:                d.DatapointsToAlarm,
		ComparisonOperator:               alarmeval.ComparisonOperator(d.ComparisonOperator),
		TreatMissingData:                 alarmeval.TreatMissingData(d.TreatMissingData),
		EvaluateLowSampleCountPercentile: d.EvaluateLowSampleCountPercentile,
		Namespace:                        d.Namespace,
		Statistic:                        d.Statistic,
		ExtendedStatistic:                d.ExtendedStatistic,
		Unit:                             d.Unit,
	}
	if d.Threshold != nil {
		a.Threshold = *d.Threshold
	}
	return a
}

// MetricAlarm is a metric alarm with its state, as DescribeAlarms shows it.
type MetricAlarm struct {
	Definition
	AlarmArn                           string
	AlarmConfigurationUpdatedTimestamp time.Time
	StateValue                         string
	StateReason, StateReasonData       string
	StateUpdatedTimestamp              time.Time
}

func (s *Service) decodeAlarm(a model.Alarm) (MetricAlarm, error) {
	var d Definition
	if err := json.Unmarshal([]byte(a.Definition), &d); err != nil {
		return MetricAlarm{}, fmt.Errorf("alarm %q has an unreadable definition: %w", a.Name, errors.Join(model.ErrCorruption, err))
	}
	// Enable/DisableAlarmActions change the column, not the definition.
	d.ActionsEnabled = a.ActionsEnabled
	return MetricAlarm{
		Definition:                         d,
		AlarmArn:                           s.ARN(a.AccountID, a.Name),
		AlarmConfigurationUpdatedTimestamp: time.UnixMilli(a.ConfigUpdated).UTC(),
		StateValue:                         a.State,
		StateReason:                        a.StateReason,
		StateReasonData:                    a.StateReasonData,
		StateUpdatedTimestamp:              time.UnixMilli(a.StateUpdated).UTC(),
	}, nil
}
