package dashboards

import (
	"fmt"
	"regexp"
	"strings"
)

var alarmARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:[0-9]{12}:alarm:.+$`)

// textWidget checks a Markdown widget.
func (v *validator) textWidget(path string, p map[string]any) {
	if v.required(path, p, "markdown") {
		v.str(path+"/markdown", p["markdown"])
	}
	optional(p, "background", func(raw any) { v.enum(path+"/background", raw, "solid", "transparent") })
}

// logWidget checks a Logs Insights widget: its query names its log groups
// with SOURCE.
func (v *validator) logWidget(path string, p map[string]any) {
	v.required(path, p, "region", "query")
	optional(p, "region", func(raw any) { v.str(path+"/region", raw) })
	optional(p, "query", func(raw any) {
		if v.str(path+"/query", raw) && !strings.HasPrefix(strings.TrimSpace(raw.(string)), "SOURCE ") {
			v.add(path+"/query", "Should start with SOURCE 'log group name', one per log group, separated by |")
		}
	})
	optional(p, "view", func(raw any) { v.enum(path+"/view", raw, "table", "timeSeries", "bar", "pie") })
	optional(p, "stacked", func(raw any) { v.boolean(path+"/stacked", raw) })
	optional(p, "title", func(raw any) { v.str(path+"/title", raw) })
}

// alarmWidget checks an alarm status widget.
func (v *validator) alarmWidget(path string, p map[string]any) {
	if v.required(path, p, "alarms") {
		if list, ok := v.array(path+"/alarms", p["alarms"], 1, maxAlarmArns); ok {
			for i, arn := range list {
				v.match(fmt.Sprintf("%s/alarms/%d", path, i), arn, alarmARNRE)
			}
		}
	}
	optional(p, "sortBy", func(raw any) { v.enum(path+"/sortBy", raw, "default", "stateUpdatedTimestamp", "timestamp") })
	optional(p, "states", func(raw any) {
		if list, ok := v.array(path+"/states", raw, 0, 3); ok {
			for i, s := range list {
				v.enum(fmt.Sprintf("%s/states/%d", path, i), s, "ALARM", "INSUFFICIENT_DATA", "OK")
			}
		}
	})
	optional(p, "title", func(raw any) { v.str(path+"/title", raw) })
}

// explorerWidget checks a metrics explorer widget.
func (v *validator) explorerWidget(path string, p map[string]any) {
	v.required(path, p, "metrics", "labels")
	optional(p, "metrics", func(raw any) {
		list, ok := v.array(path+"/metrics", raw, 1, 100)
		if !ok {
			return
		}
		for i, e := range list {
			mp := fmt.Sprintf("%s/metrics/%d", path, i)
			if m, ok := v.object(mp, e); ok && v.required(mp, m, "metricName", "resourceType") {
				v.str(mp+"/metricName", m["metricName"])
				v.str(mp+"/resourceType", m["resourceType"])
			}
		}
	})
	optional(p, "labels", func(raw any) {
		list, ok := v.array(path+"/labels", raw, 0, 1<<31-1)
		if !ok {
			return
		}
		for i, e := range list {
			lp := fmt.Sprintf("%s/labels/%d", path, i)
			if l, ok := v.object(lp, e); ok && v.required(lp, l, "key") {
				v.str(lp+"/key", l["key"])
			}
		}
	})
	optional(p, "aggregateBy", func(raw any) {
		if a, ok := v.object(path+"/aggregateBy", raw); ok {
			optional(a, "func", func(raw any) { v.enum(path+"/aggregateBy/func", raw, "AVG", "MIN", "MAX", "STDDEV", "SUM") })
		}
	})
	optional(p, "period", func(raw any) { v.integer(path+"/period", raw, 1, 1<<31-1) })
}

// customWidget checks a widget drawn by a Lambda function.
func (v *validator) customWidget(path string, p map[string]any) {
	if v.required(path, p, "endpoint") {
		v.str(path+"/endpoint", p["endpoint"])
	}
}
