package dashboards

import (
	"fmt"
	"regexp"
)

var (
	metricIDRE = regexp.MustCompile(`^[a-z][A-Za-z0-9_]*$`)
	colorRE    = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
)

const (
	maxDimensions  = 30
	maxAlarmArns   = 100
	metricsRowHelp = `Field "metrics" has to be an array of array of strings, with an optional metricRenderer object as last element`
)

// metricWidget checks the properties of a graph or number widget.
func (v *validator) metricWidget(path string, p map[string]any) {
	v.required(path, p, "region")
	optional(p, "region", func(raw any) { v.str(path+"/region", raw) })
	hasAlarm := false
	if raw, ok := p["annotations"]; ok {
		hasAlarm = v.annotations(path+"/annotations", raw)
	}
	if raw, ok := p["metrics"]; ok {
		if hasAlarm {
			v.add(path, "Should NOT have property metrics when an alarm annotation is present")
		}
		if rows, ok := v.array(path+"/metrics", raw, 0, maxMetricRows); ok {
			for i, row := range rows {
				v.metricRow(fmt.Sprintf("%s/metrics/%d", path, i), row, i)
			}
		}
	} else if !hasAlarm {
		v.add(path, "Should have required property 'metrics'")
	}
	optional(p, "view", func(raw any) {
		v.enum(path+"/view", raw, "timeSeries", "singleValue", "gauge", "bar", "pie", "table")
		if raw == "gauge" {
			v.gaugeAxis(path, p)
		}
	})
	optional(p, "stacked", func(raw any) { v.boolean(path+"/stacked", raw) })
	optional(p, "liveData", func(raw any) { v.boolean(path+"/liveData", raw) })
	optional(p, "sparkline", func(raw any) { v.boolean(path+"/sparkline", raw) })
	optional(p, "setPeriodToTimeRange", func(raw any) { v.boolean(path+"/setPeriodToTimeRange", raw) })
	optional(p, "stat", func(raw any) { v.str(path+"/stat", raw) })
	optional(p, "title", func(raw any) { v.str(path+"/title", raw) })
	optional(p, "period", func(raw any) { v.integer(path+"/period", raw, 1, 1<<31-1) })
	optional(p, "legend", func(raw any) {
		if l, ok := v.object(path+"/legend", raw); ok {
			optional(l, "position", func(raw any) { v.enum(path+"/legend/position", raw, "right", "bottom", "hidden") })
		}
	})
	optional(p, "yAxis", func(raw any) { v.yAxis(path+"/yAxis", raw) })
	optional(p, "table", func(raw any) {
		if t, ok := v.object(path+"/table", raw); ok {
			optional(t, "layout", func(raw any) { v.enum(path+"/table/layout", raw, "horizontal", "vertical") })
		}
	})
}

// metricRow checks one entry of "metrics": either an expression
// ([{expression…}]) or namespace, metric name and dimension pairs as
// strings ("." repeating the row above from the second row on),
// optionally followed by a rendering object.
func (v *validator) metricRow(path string, raw any, index int) {
	row, ok := raw.([]any)
	if !ok {
		v.add(path, "Should be array")
		v.add(path, metricsRowHelp)
		return
	}
	if len(row) == 0 {
		v.add(path, "Should NOT have fewer than 1 items")
		return
	}
	strs := row
	var render map[string]any
	if m, ok := row[len(row)-1].(map[string]any); ok {
		strs, render = row[:len(row)-1], m
	}
	for i, e := range strs {
		s, ok := e.(string)
		if !ok {
			v.add(fmt.Sprintf("%s/%d", path, i), "Should be string")
			v.add(path, metricsRowHelp)
			return
		}
		if s == "." && index == 0 {
			v.add(fmt.Sprintf("%s/%d", path, i), `Should not be "." in the first row: there is no row above to repeat`)
		}
	}
	if len(strs) == 0 {
		// An expression, a search or a Metrics Insights query.
		if v.required(path+"/0", render, "expression") {
			if s, ok := render["expression"].(string); !ok || s == "" {
				v.add(path+"/0/expression", "Should be a non-empty string")
			}
		}
	} else {
		switch {
		case len(strs) < 2:
			v.add(path, "Should have a namespace and a metric name")
		case len(strs)%2 != 0:
			v.add(path, "Should have dimensions as name and value pairs after the metric name")
		case (len(strs)-2)/2 > maxDimensions:
			v.add(path, fmt.Sprintf("Should NOT have more than %d dimensions", maxDimensions))
		}
	}
	if render != nil {
		v.renderer(fmt.Sprintf("%s/%d", path, len(row)-1), render)
	}
}

// renderer checks a metric's rendering properties.
func (v *validator) renderer(path string, r map[string]any) {
	optional(r, "id", func(raw any) { v.match(path+"/id", raw, metricIDRE) })
	optional(r, "color", func(raw any) { v.match(path+"/color", raw, colorRE) })
	optional(r, "yAxis", func(raw any) { v.enum(path+"/yAxis", raw, "left", "right") })
	optional(r, "visible", func(raw any) { v.boolean(path+"/visible", raw) })
	optional(r, "label", func(raw any) { v.str(path+"/label", raw) })
	optional(r, "stat", func(raw any) { v.str(path+"/stat", raw) })
	optional(r, "region", func(raw any) { v.str(path+"/region", raw) })
	optional(r, "period", func(raw any) { v.integer(path+"/period", raw, 1, 1<<31-1) })
}

// annotations checks the annotations object and reports whether it is an
// alarm annotation.
func (v *validator) annotations(path string, raw any) bool {
	a, ok := v.object(path, raw)
	if !ok {
		return false
	}
	_, hasH := a["horizontal"]
	_, hasV := a["vertical"]
	alarms, hasAlarms := a["alarms"]
	if hasAlarms {
		if hasH || hasV {
			v.add(path, "Should NOT have horizontal or vertical annotations with an alarm annotation")
		}
		if list, ok := v.array(path+"/alarms", alarms, 0, 1); ok {
			for i, arn := range list {
				v.match(fmt.Sprintf("%s/alarms/%d", path, i), arn, alarmARNRE)
			}
		}
	}
	optional(a, "horizontal", func(raw any) { v.annotationList(path+"/horizontal", raw, true) })
	optional(a, "vertical", func(raw any) { v.annotationList(path+"/vertical", raw, false) })
	return hasAlarms
}

// annotationList checks horizontal (values are numbers) or vertical
// (values are ISO 8601 times) annotations; a pair of them is a band.
func (v *validator) annotationList(path string, raw any, horizontal bool) {
	list, ok := v.array(path, raw, 0, 1<<31-1)
	if !ok {
		return
	}
	for i, e := range list {
		p := fmt.Sprintf("%s/%d", path, i)
		if band, ok := e.([]any); ok {
			if len(band) != 2 {
				v.add(p, "Should have exactly 2 items: a band runs from one annotation to the other")
				continue
			}
			for j, end := range band {
				v.annotation(fmt.Sprintf("%s/%d", p, j), end, horizontal)
			}
			continue
		}
		v.annotation(p, e, horizontal)
	}
}

func (v *validator) annotation(path string, raw any, horizontal bool) {
	a, ok := v.object(path, raw)
	if !ok || !v.required(path, a, "value") {
		return
	}
	if horizontal {
		v.number(path+"/value", a["value"])
		optional(a, "fill", func(raw any) { v.enum(path+"/fill", raw, "above", "below", "none") })
		optional(a, "yAxis", func(raw any) { v.enum(path+"/yAxis", raw, "left", "right") })
	} else {
		v.str(path+"/value", a["value"])
		optional(a, "fill", func(raw any) { v.enum(path+"/fill", raw, "before", "after", "none") })
	}
	optional(a, "color", func(raw any) { v.match(path+"/color", raw, colorRE) })
	optional(a, "label", func(raw any) { v.str(path+"/label", raw) })
	optional(a, "visible", func(raw any) { v.boolean(path+"/visible", raw) })
}

// yAxis checks {left: {min, max, label, showUnits}, right: {…}}.
func (v *validator) yAxis(path string, raw any) {
	y, ok := v.object(path, raw)
	if !ok {
		return
	}
	for _, side := range []string{"left", "right"} {
		optional(y, side, func(raw any) {
			p := path + "/" + side
			axis, ok := v.object(p, raw)
			if !ok {
				return
			}
			optional(axis, "min", func(raw any) { v.number(p+"/min", raw) })
			optional(axis, "max", func(raw any) { v.number(p+"/max", raw) })
			optional(axis, "label", func(raw any) { v.str(p+"/label", raw) })
			optional(axis, "showUnits", func(raw any) { v.boolean(p+"/showUnits", raw) })
		})
	}
}

// gaugeAxis checks that a gauge has the range it is drawn over.
func (v *validator) gaugeAxis(path string, p map[string]any) {
	y, _ := p["yAxis"].(map[string]any)
	left, _ := y["left"].(map[string]any)
	if left == nil {
		v.add(path, "Should have yAxis.left.min and yAxis.left.max for the gauge view")
		return
	}
	v.required(path+"/yAxis/left", left, "min", "max")
}
