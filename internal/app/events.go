package app

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/delivery"
	"github.com/openwatch/openwatch/internal/service/events"
	"github.com/openwatch/openwatch/internal/service/logs"
	"github.com/openwatch/openwatch/internal/service/topics"
)

// eventsOptions connects the events service's targets: log groups through
// the logs service, topics and API destinations
// through the topics stack and its delivery outbox.
func eventsOptions(ts *topicsStack, evLogs eventLogs, log *slog.Logger) events.Options {
	return events.Options{Logger: log, Logs: evLogs, Topics: eventTopics{ts.svc}, Deliverer: eventDeliveries{ts.deliverer}}
}

// eventTopics adapts the topics service to the events service's
// TopicPublisher port.
type eventTopics struct{ svc *topics.Service }

var _ events.TopicPublisher = eventTopics{}

func (t eventTopics) Publish(ctx context.Context, accountID, topicARN, subject, message string) error {
	_, err := t.svc.Publish(ctx, topics.Caller{AccountID: accountID}, topics.PublishInput{TopicArn: topicARN, Subject: subject, Message: message})
	if err != nil {
		return fmt.Errorf("cannot publish to %s: %w", topicARN, err)
	}
	return nil
}

// eventDeliveries adapts the delivery outbox to the events service's
// Deliverer port.
type eventDeliveries struct{ d *delivery.Deliverer }

var _ events.Deliverer = eventDeliveries{}

func (e eventDeliveries) Enqueue(ctx context.Context, d events.Delivery) error {
	return e.d.Enqueue(ctx, delivery.Delivery{AccountID: d.AccountID, URL: d.URL, Method: d.Method, Headers: d.Headers, Body: string(d.Body), Source: d.Source})
}

// eventLogs adapts the logs service to the events service's LogWriter
// port.
type eventLogs struct{ svc *logs.Service }

var _ events.LogWriter = eventLogs{}

// WriteLogEvent writes one event into its own stream, creating the stream
// first as EventBridge does.
func (l eventLogs) WriteLogEvent(ctx context.Context, accountID, region, group, stream string, timestamp int64, message string) error {
	c := logs.Caller{AccountID: accountID, Region: region}
	if err := l.svc.CreateLogStream(ctx, c, group, stream); err != nil && !errors.Is(err, model.ErrAlreadyExists) {
		return fmt.Errorf("cannot create log stream %q in %q: %w", stream, group, err)
	}
	_, err := l.svc.PutLogEvents(ctx, c, logs.PutLogEventsInput{Group: group, Stream: stream, Events: []model.LogEvent{{Timestamp: timestamp, Message: message}}})
	if err != nil {
		return fmt.Errorf("cannot write event to log group %q: %w", group, err)
	}
	return nil
}

// alarmEvents publishes every alarm state change on the default bus of
// the alarm's account as CloudWatch's "CloudWatch Alarm State Change"
// event. Publish only queues, so the alarm path never waits on delivery.
type alarmEvents struct{ svc *events.Service }

var _ alarms.StateObserver = alarmEvents{}

func (o alarmEvents) AlarmStateChanged(_ context.Context, ch model.AlarmStateChange) {
	detail, err := json.Marshal(alarmEventDetail(ch))
	if err != nil {
		return
	}
	o.svc.Publish(events.PublishedEvent{AccountID: ch.Alarm.AccountID, Source: "aws.cloudwatch", DetailType: "CloudWatch Alarm State Change",
		Time: ch.Time, Resources: []string{ch.ARN}, Detail: detail})
}

// alarmStateDetail is "state" and "previousState" of the event.
type alarmStateDetail struct {
	Value      string `json:"value"`
	Reason     string `json:"reason"`
	ReasonData string `json:"reasonData,omitempty"`
	Timestamp  string `json:"timestamp"`
}

type alarmDetail struct {
	AlarmName     string           `json:"alarmName"`
	State         alarmStateDetail `json:"state"`
	PreviousState alarmStateDetail `json:"previousState"`
	Configuration any              `json:"configuration"`
}

type alarmMetricDetail struct {
	ID         string           `json:"id"`
	MetricStat *alarmMetricStat `json:"metricStat,omitempty"`
	Expression string           `json:"expression,omitempty"`
	Label      string           `json:"label,omitempty"`
	ReturnData bool             `json:"returnData"`
}

type alarmMetricStat struct {
	Metric struct {
		Namespace  string            `json:"namespace"`
		Name       string            `json:"name"`
		Dimensions map[string]string `json:"dimensions"`
	} `json:"metric"`
	Period int    `json:"period"`
	Stat   string `json:"stat"`
	Unit   string `json:"unit,omitempty"`
}

type metricAlarmConfiguration struct {
	Description string              `json:"description,omitempty"`
	Metrics     []alarmMetricDetail `json:"metrics"`
}

type compositeAlarmConfiguration struct {
	AlarmRule                        string `json:"alarmRule"`
	ActionsSuppressor                string `json:"actionsSuppressor,omitempty"`
	ActionsSuppressorWaitPeriod      int    `json:"actionsSuppressorWaitPeriod,omitempty"`
	ActionsSuppressorExtensionPeriod int    `json:"actionsSuppressorExtensionPeriod,omitempty"`
	Description                      string `json:"description,omitempty"`
}

// alarmTimestamp is the event's state timestamp form,
// "2019-10-02T17:04:40.985+0000".
func alarmTimestamp(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000-0700")
}

func alarmEventDetail(ch model.AlarmStateChange) alarmDetail {
	a := ch.Alarm
	d := alarmDetail{
		AlarmName: a.Name,
		State:     alarmStateDetail{Value: a.State, Reason: a.StateReason, ReasonData: a.StateReasonData, Timestamp: alarmTimestamp(a.StateUpdated)},
		PreviousState: alarmStateDetail{Value: ch.PreviousState, Reason: ch.PreviousReason, ReasonData: ch.PreviousReasonData,
			Timestamp: alarmTimestamp(ch.PreviousUpdated)},
	}
	if a.Type == alarms.TypeComposite {
		var def alarms.CompositeDefinition
		_ = json.Unmarshal([]byte(a.Definition), &def)
		d.Configuration = compositeAlarmConfiguration{AlarmRule: def.AlarmRule, ActionsSuppressor: def.ActionsSuppressor,
			ActionsSuppressorWaitPeriod: def.ActionsSuppressorWaitPeriod, ActionsSuppressorExtensionPeriod: def.ActionsSuppressorExtensionPeriod,
			Description: def.AlarmDescription}
		return d
	}
	var def alarms.Definition
	_ = json.Unmarshal([]byte(a.Definition), &def)
	cfg := metricAlarmConfiguration{Description: def.AlarmDescription, Metrics: []alarmMetricDetail{}}
	if len(def.Metrics) == 0 {
		stat := def.Statistic
		if stat == "" {
			stat = def.ExtendedStatistic
		}
		ms := metricStat(alarms.MetricStat{Metric: alarms.Metric{Namespace: def.Namespace, MetricName: def.MetricName, Dimensions: def.Dimensions},
			Period: def.Period, Stat: stat, Unit: def.Unit})
		cfg.Metrics = append(cfg.Metrics, alarmMetricDetail{ID: metricID(ch.ARN), MetricStat: ms, ReturnData: true})
	}
	for _, q := range def.Metrics {
		m := alarmMetricDetail{ID: q.ID, Expression: q.Expression, Label: q.Label, ReturnData: q.Returns()}
		if q.MetricStat != nil {
			m.MetricStat = metricStat(*q.MetricStat)
		}
		cfg.Metrics = append(cfg.Metrics, m)
	}
	d.Configuration = cfg
	return d
}

func metricStat(s alarms.MetricStat) *alarmMetricStat {
	out := &alarmMetricStat{Period: s.Period, Stat: s.Stat, Unit: s.Unit}
	out.Metric.Namespace, out.Metric.Name = s.Metric.Namespace, s.Metric.MetricName
	out.Metric.Dimensions = make(map[string]string, len(s.Metric.Dimensions))
	for _, dim := range s.Metric.Dimensions {
		out.Metric.Dimensions[dim.Name] = dim.Value
	}
	return out
}

// metricID stands in for the id CloudWatch gives a single-metric alarm's
// metric: UUID-shaped and stable for the alarm.
func metricID(alarmARN string) string {
	h := sha256.Sum256([]byte(alarmARN))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
