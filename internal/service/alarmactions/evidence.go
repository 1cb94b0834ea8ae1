package alarmactions

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarms"
)

// DefaultMaxEvidenceEvents is how many matching log events a notification
// carries by default.
const DefaultMaxEvidenceEvents = 10

// insightsLimit is the limit of the suggested Insights query.
const insightsLimit = 100

// Evidence is what a notification of an alarm on a metric-filter metric
// carries besides CloudWatch's members: the filters that produce the
// metric, the log events they matched in the breaching periods, and a
// Logs Insights query over the same window.
type Evidence struct {
	// StartTime and EndTime bound the breaching periods, epoch
	// milliseconds, both inclusive.
	StartTime     int64            `json:"StartTime"`
	EndTime       int64            `json:"EndTime"`
	MetricFilters []EvidenceFilter `json:"MetricFilters"`
	LogEvents     []EvidenceEvent  `json:"LogEvents"`
	// Truncated says more events matched than LogEvents lists.
	Truncated     bool           `json:"Truncated"`
	InsightsQuery *InsightsQuery `json:"InsightsQuery,omitempty"`
	// Error says why the events could not all be read, if so.
	Error string `json:"Error,omitempty"`
}

// EvidenceFilter is one metric filter that publishes the alarm's metric.
type EvidenceFilter struct {
	LogGroupName  string `json:"LogGroupName"`
	FilterName    string `json:"FilterName"`
	FilterPattern string `json:"FilterPattern"`
}

// EvidenceEvent is one matching log event.
type EvidenceEvent struct {
	LogGroupName  string `json:"logGroupName"`
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
}

// InsightsQuery is a ready-to-run StartQuery: log groups, query string and
// window in epoch seconds.
type InsightsQuery struct {
	LogGroupNames []string `json:"LogGroupNames"`
	QueryString   string   `json:"QueryString"`
	StartTime     int64    `json:"StartTime"`
	EndTime       int64    `json:"EndTime"`
	// Note says when the query does not reproduce the filter patterns.
	Note string `json:"Note,omitempty"`
}

// LogEvent is one event LogSearch found.
type LogEvent struct {
	StreamName string
	Timestamp  int64 // epoch milliseconds
	Message    string
}

// LogSearch reads what the evidence needs from the logs service.
type LogSearch interface {
	// MetricFilters returns the account's metric filters that publish to
	// the metric, with their group names.
	MetricFilters(ctx context.Context, accountID, namespace, metricName string) ([]model.MetricFilter, error)
	// MatchingEvents returns up to limit events of the group that match
	// the filter pattern between start and end (epoch milliseconds, both
	// inclusive), oldest first, and whether more matched.
	MatchingEvents(ctx context.Context, accountID, group, pattern string, start, end int64, limit int) ([]LogEvent, bool, error)
}

// watchedMetrics are the (namespace, metric name) pairs an alarm reads.
func watchedMetrics(d *alarms.Definition) [][2]string {
	var out [][2]string
	add := func(ns, name string) {
		if ns != "" && name != "" && !slices.Contains(out, [2]string{ns, name}) {
			out = append(out, [2]string{ns, name})
		}
	}
	add(d.Namespace, d.MetricName)
	for _, q := range d.Metrics {
		if q.MetricStat != nil {
			add(q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName)
		}
	}
	return out
}

// breachWindow is the span of the periods the evaluation listed in
// StateReasonData, epoch milliseconds inclusive; without them, the
// evaluation periods ending at the change.
func breachWindow(d *alarms.Definition, reasonData string, changed time.Time) (start, end int64) {
	period := int64(d.Period)
	if period <= 0 {
		period = 60
		for _, q := range d.Metrics {
			if q.MetricStat != nil && q.MetricStat.Period > 0 {
				period = int64(q.MetricStat.Period)
				break
			}
		}
	}
	periodMs := period * 1000
	var data struct {
		EvaluatedDatapoints []struct {
			Timestamp string `json:"timestamp"`
		} `json:"evaluatedDatapoints"`
	}
	if json.Unmarshal([]byte(reasonData), &data) == nil {
		for _, dp := range data.EvaluatedDatapoints {
			t, err := time.Parse(alarmTimeLayout, dp.Timestamp)
			if err != nil {
				continue
			}
			ms := t.UnixMilli()
			if start == 0 || ms < start {
				start = ms
			}
			end = max(end, ms+periodMs-1)
		}
	}
	if start == 0 {
		end = changed.UnixMilli()
		start = end - int64(max(d.EvaluationPeriods, 1))*periodMs
	}
	return start, end
}

// gatherEvidence collects the evidence of a metric alarm's ALARM state;
// nil when no metric filter produces its metric.
func (o *Observer) gatherEvidence(ctx context.Context, ch model.AlarmStateChange, d *alarms.Definition) *Evidence {
	var filters []model.MetricFilter
	var errs []string
	for _, m := range watchedMetrics(d) {
		fs, err := o.logs.MetricFilters(ctx, ch.Alarm.AccountID, m[0], m[1])
		if err != nil {
			errs = append(errs, fmt.Sprintf("cannot list the metric filters of %s/%s: %v", m[0], m[1], err))
			continue
		}
		filters = append(filters, fs...)
	}
	if len(filters) == 0 && len(errs) == 0 {
		return nil
	}
	start, end := breachWindow(d, ch.Alarm.StateReasonData, ch.Time)
	ev := &Evidence{StartTime: start, EndTime: end, MetricFilters: []EvidenceFilter{}, LogEvents: []EvidenceEvent{}}
	limit := o.opts.MaxEvidenceEvents
	for _, f := range filters {
		ev.MetricFilters = append(ev.MetricFilters, EvidenceFilter{LogGroupName: f.GroupName, FilterName: f.Name, FilterPattern: f.Pattern})
		events, more, err := o.logs.MatchingEvents(ctx, ch.Alarm.AccountID, f.GroupName, f.Pattern, start, end, limit)
		if err != nil {
			errs = append(errs, fmt.Sprintf("cannot read the events of log group %s: %v", f.GroupName, err))
			continue
		}
		ev.Truncated = ev.Truncated || more
		for _, e := range events {
			ev.LogEvents = append(ev.LogEvents, EvidenceEvent{LogGroupName: f.GroupName, LogStreamName: e.StreamName, Timestamp: e.Timestamp, Message: e.Message})
		}
	}
	// Several filters may match one event; it is shown once.
	slices.SortStableFunc(ev.LogEvents, func(a, b EvidenceEvent) int {
		return cmpEvents(a, b)
	})
	ev.LogEvents = slices.Compact(ev.LogEvents)
	if len(ev.LogEvents) > limit {
		ev.LogEvents, ev.Truncated = ev.LogEvents[:limit], true
	}
	ev.Error = strings.Join(errs, "; ")
	if len(filters) > 0 {
		ev.InsightsQuery = insightsQuery(filters, start, end)
	}
	return ev
}

func cmpEvents(a, b EvidenceEvent) int {
	switch {
	case a.Timestamp != b.Timestamp:
		return int(min(max(a.Timestamp-b.Timestamp, -1), 1))
	case a.LogGroupName != b.LogGroupName:
		return strings.Compare(a.LogGroupName, b.LogGroupName)
	case a.LogStreamName != b.LogStreamName:
		return strings.Compare(a.LogStreamName, b.LogStreamName)
	}
	return strings.Compare(a.Message, b.Message)
}

// insightsQuery builds the Insights query over the filters' groups and
// the window, with their patterns translated into one filter command.
func insightsQuery(filters []model.MetricFilter, start, end int64) *InsightsQuery {
	q := &InsightsQuery{LogGroupNames: []string{}, StartTime: start / 1000, EndTime: (end + 999) / 1000}
	var exprs, untranslated []string
	matchAll := false
	for _, f := range filters {
		if !slices.Contains(q.LogGroupNames, f.GroupName) {
			q.LogGroupNames = append(q.LogGroupNames, f.GroupName)
		}
		expr, ok := insightsFilter(f.Pattern)
		switch {
		case !ok:
			untranslated = append(untranslated, f.Pattern)
		case expr == "":
			matchAll = true
		case !slices.Contains(exprs, expr):
			exprs = append(exprs, expr)
		}
	}
	var b strings.Builder
	b.WriteString("fields @timestamp, @log, @logStream, @message")
	switch {
	case len(untranslated) > 0:
		q.Note = fmt.Sprintf("The filter pattern %s has no Insights equivalent here; the query selects every event of the window.",
			strings.Join(quoteAll(untranslated), ", "))
	case matchAll:
		// A filter that matches everything makes the others moot.
	case len(exprs) == 1:
		b.WriteString("\n| filter " + exprs[0])
	case len(exprs) > 1:
		b.WriteString("\n| filter (" + strings.Join(exprs, ") or (") + ")")
	}
	fmt.Fprintf(&b, "\n| sort @timestamp desc\n| limit %d", insightsLimit)
	q.QueryString = b.String()
	return q
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}
