// Package alarmactions carries out alarm actions: on every stored state
// change of an alarm whose actions are enabled, it publishes CloudWatch's
// alarm JSON to each SNS topic the new state's actions name, and records
// each outcome as an alarm history item of type Action. Notifications of
// alarms on metrics that metric filters produce also carry the evidence:
// the log events that matched in the breaching periods and a Logs
// Insights query over them.
package alarmactions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/topics"
)

// Publisher publishes to a topic; topics.Service implements it. Publish
// returns once the deliveries are durable, not when they are delivered.
type Publisher interface {
	Publish(ctx context.Context, c topics.Caller, in topics.PublishInput) (string, error)
}

// History records alarm history items.
type History interface {
	AddAlarmHistory(ctx context.Context, h model.AlarmHistoryItem) error
}

// AlarmReader reads alarms, to check a composite alarm's suppressor.
type AlarmReader interface {
	ListAlarms(ctx context.Context, accountID string, q model.AlarmQuery) ([]model.Alarm, error)
}

// Options configure an Observer.
type Options struct {
	Logger *slog.Logger
	// MaxEvidenceEvents bounds the log events a notification carries; 0
	// means DefaultMaxEvidenceEvents.
	MaxEvidenceEvents int
}

// Observer is the alarms service's StateObserver for alarm actions.
type Observer struct {
	pub    Publisher
	hist   History
	alarms AlarmReader
	logs   LogSearch
	opts   Options
	log    *slog.Logger
}

var _ alarms.StateObserver = (*Observer)(nil)

// New returns an Observer. logs may be nil, and then notifications carry
// no evidence.
func New(pub Publisher, hist History, alarmReader AlarmReader, logs LogSearch, opts Options) *Observer {
	if opts.MaxEvidenceEvents <= 0 {
		opts.MaxEvidenceEvents = DefaultMaxEvidenceEvents
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Observer{pub: pub, hist: hist, alarms: alarmReader, logs: logs, opts: opts, log: log}
}

// actionsFor picks the actions of the new state.
func actionsFor(state string, ok, alarm, insufficient []string) []string {
	switch state {
	case "OK":
		return ok
	case "ALARM":
		return alarm
	case "INSUFFICIENT_DATA":
		return insufficient
	}
	return nil
}

// AlarmStateChanged publishes the notification of ch to the topics the
// new state's actions name. It runs on the caller's goroutine; the
// deliveries themselves are left to the delivery outbox.
func (o *Observer) AlarmStateChanged(ctx context.Context, ch model.AlarmStateChange) {
	if !ch.Alarm.ActionsEnabled {
		return
	}
	msg, actions, err := o.message(ctx, ch)
	if err != nil {
		o.log.Warn("cannot build alarm notification", "alarm", ch.Alarm.Name, "account", ch.Alarm.AccountID, "err", err)
		return
	}
	if len(actions) == 0 {
		return
	}
	if suppressor, err := o.suppressedBy(ctx, ch); err != nil {
		o.log.Warn("cannot check the actions suppressor", "alarm", ch.Alarm.Name, "err", err)
	} else if suppressor != "" {
		o.record(ctx, ch, fmt.Sprintf("Actions suppressed by alarm %s", suppressor), map[string]any{
			"actionState": "Suppressed", "stateUpdateTimestamp": ch.Alarm.StateUpdated, "suppressor": suppressor,
		})
		return
	}
	// CloudWatch writes "->" in reasons as is, not as \u003e.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(msg); err != nil {
		o.log.Error("BUG: cannot encode alarm notification", "alarm", ch.Alarm.Name, "err", err)
		return
	}
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	subj := subject(ch.Alarm.State, ch.Alarm.Name, msg.Region)
	for _, arn := range actions {
		o.act(ctx, ch, arn, subj, string(body))
	}
}

// act publishes to one action ARN and records the outcome.
func (o *Observer) act(ctx context.Context, ch model.AlarmStateChange, arn, subj, body string) {
	data := map[string]any{
		"actionState": "Succeeded", "stateUpdateTimestamp": ch.Alarm.StateUpdated,
		"notificationResource": arn, "publishedMessage": body,
	}
	region, _, _, ok := topics.ParseTopicARN(arn)
	var err error
	if !ok {
		err = errors.New("only SNS topic ARNs are supported as alarm actions")
	} else {
		var id string
		id, err = o.pub.Publish(ctx, topics.Caller{AccountID: ch.Alarm.AccountID, Region: region},
			topics.PublishInput{TopicArn: arn, Subject: subj, Message: body})
		data["messageId"] = id
	}
	if err != nil {
		data["actionState"] = "Failed"
		data["error"] = errorText(err)
		delete(data, "messageId")
		o.record(ctx, ch, "Failed to execute action "+arn+". Received error: \""+errorText(err)+"\"", data)
		return
	}
	o.record(ctx, ch, "Successfully executed action "+arn, data)
}

// errorText is an error's client-safe message.
func errorText(err error) string {
	var me *model.Error
	if errors.As(err, &me) {
		return me.Message
	}
	if errors.Is(err, model.ErrUnavailable) {
		return "the delivery outbox is unavailable"
	}
	return err.Error()
}

func (o *Observer) record(ctx context.Context, ch model.AlarmStateChange, summary string, data map[string]any) {
	b, err := json.Marshal(data)
	if err != nil {
		o.log.Error("BUG: cannot encode alarm action history", "alarm", ch.Alarm.Name, "err", err)
		return
	}
	h := model.AlarmHistoryItem{AccountID: ch.Alarm.AccountID, AlarmName: ch.Alarm.Name, AlarmType: ch.Alarm.Type,
		Timestamp: ch.Time.UnixMilli(), Type: alarms.HistoryAction, Summary: summary, Data: string(b)}
	if err := o.hist.AddAlarmHistory(ctx, h); err != nil {
		o.log.Warn("cannot record alarm action", "alarm", ch.Alarm.Name, "summary", summary, "err", err)
	}
}

// message builds the notification of ch and returns it with the new
// state's actions.
func (o *Observer) message(ctx context.Context, ch model.AlarmStateChange) (AlarmMessage, []string, error) {
	a := ch.Alarm
	switch a.Type {
	case alarms.TypeComposite:
		var d alarms.CompositeDefinition
		if err := json.Unmarshal([]byte(a.Definition), &d); err != nil {
			return AlarmMessage{}, nil, fmt.Errorf("composite alarm %q has an unreadable definition: %w", a.Name, errors.Join(model.ErrCorruption, err))
		}
		m := baseMessage(ch, d.AlarmDescription, d.OKActions, d.AlarmActions, d.InsufficientDataActions)
		m.AlarmRule = d.AlarmRule
		return m, actionsFor(a.State, d.OKActions, d.AlarmActions, d.InsufficientDataActions), nil
	default:
		var d alarms.Definition
		if err := json.Unmarshal([]byte(a.Definition), &d); err != nil {
			return AlarmMessage{}, nil, fmt.Errorf("alarm %q has an unreadable definition: %w", a.Name, errors.Join(model.ErrCorruption, err))
		}
		m := baseMessage(ch, d.AlarmDescription, d.OKActions, d.AlarmActions, d.InsufficientDataActions)
		m.Trigger = metricTrigger(&d)
		actions := actionsFor(a.State, d.OKActions, d.AlarmActions, d.InsufficientDataActions)
		if a.State == "ALARM" && len(actions) > 0 && o.logs != nil {
			m.Evidence = o.gatherEvidence(ctx, ch, &d)
		}
		return m, actions, nil
	}
}

// suppressedBy returns the name of the alarm suppressing ch's actions: a
// composite alarm's ActionsSuppressor while it is in ALARM.
func (o *Observer) suppressedBy(ctx context.Context, ch model.AlarmStateChange) (string, error) {
	if ch.Alarm.Type != alarms.TypeComposite {
		return "", nil
	}
	var d alarms.CompositeDefinition
	if err := json.Unmarshal([]byte(ch.Alarm.Definition), &d); err != nil || d.ActionsSuppressor == "" {
		return "", nil
	}
	name := d.ActionsSuppressor
	if i := strings.Index(name, ":alarm:"); i >= 0 && strings.HasPrefix(name, "arn:") {
		name = name[i+len(":alarm:"):]
	}
	recs, err := o.alarms.ListAlarms(ctx, ch.Alarm.AccountID, model.AlarmQuery{Names: []string{name}})
	if err != nil {
		return "", err
	}
	if len(recs) == 1 && recs[0].State == "ALARM" {
		return name, nil
	}
	return "", nil
}
