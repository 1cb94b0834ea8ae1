package dashboards

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Grid and size limits of a dashboard body.
const (
	gridColumns   = 24
	maxHeight     = 1000
	maxWidgets    = 500
	defaultWidth  = 6
	maxVariables  = 25
	maxMetricRows = 500
)

var widgetTypes = []string{"metric", "text", "log", "alarm", "explorer", "custom"}

// Validate checks a DashboardBody the way PutDashboard does and returns
// its problems, none for a body AWS accepts. Keys it does not know are
// allowed, as AWS only warns about them.
func Validate(body string) []Message {
	if len(body) > maxBodyBytes {
		return []Message{{Message: fmt.Sprintf("Should NOT be longer than %d characters", maxBodyBytes)}}
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return []Message{{Message: "Should be valid JSON: " + err.Error()}}
	}
	if _, err := dec.Token(); err == nil {
		return []Message{{Message: "Should be valid JSON: unexpected data after the top-level value"}}
	}
	v := &validator{}
	obj, ok := v.object("", root)
	if !ok {
		return v.msgs
	}
	if _, ok := obj["widgets"]; !ok {
		v.add("", "Should have required property 'widgets'")
	} else if widgets, ok := v.array("/widgets", obj["widgets"], 0, maxWidgets); ok {
		for i, w := range widgets {
			v.widget(fmt.Sprintf("/widgets/%d", i), w)
		}
	}
	if raw, ok := obj["variables"]; ok {
		v.array("/variables", raw, 0, maxVariables)
	}
	if raw, ok := obj["start"]; ok {
		v.str("/start", raw)
	}
	if raw, ok := obj["end"]; ok {
		if v.str("/end", raw) {
			if _, ok := obj["start"]; !ok {
				v.add("", "Should have property start when property end is present")
			}
		}
	}
	if raw, ok := obj["periodOverride"]; ok {
		v.enum("/periodOverride", raw, "auto", "inherit")
	}
	return v.msgs
}

// validator collects messages in the wording of AWS's JSON schema checks.
type validator struct {
	msgs []Message
}

func (v *validator) add(path, msg string) {
	v.msgs = append(v.msgs, Message{DataPath: path, Message: msg})
}

func (v *validator) object(path string, raw any) (map[string]any, bool) {
	m, ok := raw.(map[string]any)
	if !ok {
		v.add(path, "Should be object")
	}
	return m, ok
}

func (v *validator) array(path string, raw any, minItems, maxItems int) ([]any, bool) {
	a, ok := raw.([]any)
	switch {
	case !ok:
		v.add(path, "Should be array")
		return nil, false
	case len(a) < minItems:
		v.add(path, fmt.Sprintf("Should NOT have fewer than %d items", minItems))
		return nil, false
	case len(a) > maxItems:
		v.add(path, fmt.Sprintf("Should NOT have more than %d items", maxItems))
		return nil, false
	}
	return a, true
}

func (v *validator) str(path string, raw any) bool {
	if _, ok := raw.(string); !ok {
		v.add(path, "Should be string")
		return false
	}
	return true
}

func (v *validator) boolean(path string, raw any) {
	if _, ok := raw.(bool); !ok {
		v.add(path, "Should be boolean")
	}
}

func (v *validator) number(path string, raw any) bool {
	if _, ok := raw.(json.Number); !ok {
		v.add(path, "Should be number")
		return false
	}
	return true
}

// integer checks an integer in [lo, hi] and returns it.
func (v *validator) integer(path string, raw any, lo, hi int64) (int64, bool) {
	n, ok := raw.(json.Number)
	if !ok {
		v.add(path, "Should be integer")
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		v.add(path, "Should be integer")
		return 0, false
	}
	if i < lo {
		v.add(path, fmt.Sprintf("Should be >= %d", lo))
		return 0, false
	}
	if i > hi {
		v.add(path, fmt.Sprintf("Should be <= %d", hi))
		return 0, false
	}
	return i, true
}

func (v *validator) enum(path string, raw any, allowed ...string) {
	s, ok := raw.(string)
	if ok {
		for _, a := range allowed {
			if s == a {
				return
			}
		}
	}
	v.add(path, "Should be equal to one of the allowed values")
}

func (v *validator) match(path string, raw any, re *regexp.Regexp) {
	if s, ok := raw.(string); !ok || !re.MatchString(s) {
		v.add(path, fmt.Sprintf("Should match pattern \"%s\"", re.String()))
	}
}

// required reports each missing key of obj.
func (v *validator) required(path string, obj map[string]any, keys ...string) bool {
	ok := true
	for _, k := range keys {
		if _, has := obj[k]; !has {
			v.add(path, fmt.Sprintf("Should have required property '%s'", k))
			ok = false
		}
	}
	return ok
}

// optional runs check on obj[key] when it is present.
func optional(obj map[string]any, key string, check func(raw any)) {
	if raw, ok := obj[key]; ok {
		check(raw)
	}
}

// widget checks one widget's type, place on the grid and properties.
func (v *validator) widget(path string, raw any) {
	w, ok := v.object(path, raw)
	if !ok {
		return
	}
	if !v.required(path, w, "type", "properties") {
		return
	}
	typ, _ := w["type"].(string)
	v.enum(path+"/type", w["type"], widgetTypes...)
	_, hasX := w["x"]
	_, hasY := w["y"]
	if hasX && !hasY {
		v.add(path, "Should have property y when property x is present")
	}
	if hasY && !hasX {
		v.add(path, "Should have property x when property y is present")
	}
	x, xok := int64(0), true
	if hasX {
		x, xok = v.integer(path+"/x", w["x"], 0, gridColumns-1)
	}
	if hasY {
		v.integer(path+"/y", w["y"], 0, 1<<31-1)
	}
	width, wok := int64(defaultWidth), true
	if raw, ok := w["width"]; ok {
		width, wok = v.integer(path+"/width", raw, 1, gridColumns)
	}
	optional(w, "height", func(raw any) { v.integer(path+"/height", raw, 1, maxHeight) })
	if hasX && xok && wok && x+width > gridColumns {
		v.add(path, fmt.Sprintf("Should fit the %d-column grid: x + width is %d", gridColumns, x+width))
	}
	props, ok := v.object(path+"/properties", w["properties"])
	if !ok {
		return
	}
	pp := path + "/properties"
	switch typ {
	case "metric":
		v.metricWidget(pp, props)
	case "text":
		v.textWidget(pp, props)
	case "log":
		v.logWidget(pp, props)
	case "alarm":
		v.alarmWidget(pp, props)
	case "explorer":
		v.explorerWidget(pp, props)
	case "custom":
		v.customWidget(pp, props)
	}
}
