package logs

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/filterpattern"
)

// Limits of metric filters from the CloudWatch Logs service model.
const (
	maxMetricNameLen       = 255
	maxMetricValueLen      = 100
	maxMetricDimensions    = 3
	maxDimensionKeyLen     = 255
	maxDimensionValueLen   = 255
	metricFilterResolution = 60
)

var (
	// metricNameRe is the model's pattern for metricName and
	// metricNamespace.
	metricNameRe = regexp.MustCompile(`^[^:*$]*$`)
	// selectorRe is the shape of a JSON selector: $.key, then .key or
	// [index] steps; keys hold letters, digits, '-' and '_'.
	selectorRe = regexp.MustCompile(`^\$\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+|\[[0-9]+\])*$`)
)

// metricUnits are the StandardUnit values, in the model's order for the
// error message.
var metricUnits = []string{
	"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
	"Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
	"Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
	"Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
	"Count/Second", "None",
}

// compiledFilter is a metric filter ready to run on events: its pattern
// parsed and its value and dimensions resolved to literals or field
// references.
type compiledFilter struct {
	name    string
	pattern *filterpattern.Pattern
	// namespace, metric and unit ("" for None) name what is published.
	namespace, metric, unit string
	// literal is the metric value when valueRef is empty.
	literal  float64
	valueRef string
	// def, when set, is published for events that do not match.
	def  *float64
	dims []dimensionRef // sorted by name
	// needFields is set when a value or dimension comes from the event, so
	// matching must also return the fields.
	needFields bool
}

// dimensionRef is one dimension and the field its value comes from.
type dimensionRef struct {
	name, ref string
}

// compileMetricFilter validates a metric filter with AWS's rules and
// compiles it. Errors are InvalidParameterException errors naming the
// offending member.
func compileMetricFilter(f model.MetricFilter) (*compiledFilter, error) {
	p, err := filterpattern.Parse(f.Pattern)
	if err != nil {
		return nil, err
	}
	switch n := len(f.Transformations); {
	case n == 0:
		return nil, constraint("[]", "metricTransformations", "Member must have length greater than or equal to 1")
	case n > 1:
		return nil, constraint(fmt.Sprintf("%d transformations", n), "metricTransformations", "Member must have length less than or equal to 1")
	}
	t := f.Transformations[0]
	const member = "metricTransformations.1.member."
	if err := validateMetricName(t.MetricName, member+"metricName"); err != nil {
		return nil, err
	}
	if err := validateMetricName(t.MetricNamespace, member+"metricNamespace"); err != nil {
		return nil, err
	}
	c := &compiledFilter{name: f.Name, pattern: p, namespace: t.MetricNamespace, metric: t.MetricName, def: t.DefaultValue}
	if c.unit, err = metricUnit(t.Unit, member+"unit"); err != nil {
		return nil, err
	}
	fields := patternFieldNames(p)
	switch {
	case t.MetricValue == "":
		return nil, constraint("", member+"metricValue", "Member must have length greater than or equal to 1")
	case len(t.MetricValue) > maxMetricValueLen:
		return nil, constraint(t.MetricValue, member+"metricValue", "Member must have length less than or equal to 100")
	}
	if v, ok := parseMetricNumber(t.MetricValue); ok {
		c.literal = v
	} else {
		if err := validateFieldRef(t.MetricValue, fields); err != nil {
			return nil, invalid("Invalid metric value %q: %s.", t.MetricValue, err)
		}
		c.valueRef = t.MetricValue
	}
	if len(t.Dimensions) > maxMetricDimensions {
		return nil, constraint(fmt.Sprintf("%d dimensions", len(t.Dimensions)), member+"dimensions", "Member must have length less than or equal to 3")
	}
	if len(t.Dimensions) > 0 && t.DefaultValue != nil {
		return nil, invalid("A metric transformation with dimensions cannot have a defaultValue.")
	}
	for _, name := range slices.Sorted(maps.Keys(t.Dimensions)) {
		ref := t.Dimensions[name]
		switch {
		case name == "" || utf8.RuneCountInString(name) > maxDimensionKeyLen:
			return nil, constraint(name, member+"dimensions", "Map keys must have length between 1 and 255")
		case ref == "" || utf8.RuneCountInString(ref) > maxDimensionValueLen:
			return nil, constraint(ref, member+"dimensions", "Map values must have length between 1 and 255")
		}
		if err := validateFieldRef(ref, fields); err != nil {
			return nil, invalid("Invalid value %q for dimension %q: %s.", ref, name, err)
		}
		c.dims = append(c.dims, dimensionRef{name: name, ref: ref})
	}
	c.needFields = c.valueRef != "" || len(c.dims) > 0
	return c, nil
}

func validateMetricName(name, member string) error {
	switch {
	case name == "":
		return constraint(name, member, "Member must have length greater than or equal to 1")
	case utf8.RuneCountInString(name) > maxMetricNameLen:
		return constraint(name, member, "Member must have length less than or equal to 255")
	case !metricNameRe.MatchString(name):
		return constraint(name, member, "Member must satisfy regular expression pattern: [^:*$]*")
	}
	return nil
}

// metricUnit checks a unit and returns it as a datum carries it: "" for
// None.
func metricUnit(unit, member string) (string, error) {
	if unit == "" || unit == "None" {
		return "", nil
	}
	if !slices.Contains(metricUnits, unit) {
		return "", constraint(unit, member, "Member must satisfy enum value set: ["+strings.Join(metricUnits, ", ")+"]")
	}
	return unit, nil
}

// validateFieldRef accepts "$.selector" for any pattern and "$name" when
// the space-delimited pattern names that field (fields lists them).
func validateFieldRef(ref string, fields []string) error {
	if strings.HasPrefix(ref, "$.") {
		// The shape rules out anything but one selector; the parser then
		// applies its limits (array indexes).
		if !selectorRe.MatchString(ref) {
			return fmt.Errorf("%s is not a valid JSON selector", ref)
		}
		if _, err := filterpattern.Parse("{ " + ref + " NOT EXISTS }"); err != nil {
			return fmt.Errorf("%s is not a valid JSON selector", ref)
		}
		return nil
	}
	if len(ref) < 2 || ref[0] != '$' {
		return fmt.Errorf("use a number, a $.selector, or a $field of a space-delimited filter pattern")
	}
	if !slices.Contains(fields, ref[1:]) {
		return fmt.Errorf("the filter pattern has no field named %s", ref[1:])
	}
	return nil
}

// parseMetricNumber reads a decimal number such as 1, -2.5 or 1e3, the
// only values a metric filter publishes; text like "0x10", "Inf" or "NaN",
// which strconv would take, is not a number here.
func parseMetricNumber(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// patternFieldNames returns the field names a space-delimited pattern
// binds (nil for other kinds). The pattern is already valid, so a light
// scan of its canonical text suffices: a name is a word that fills a slot
// on its own or stands left of a comparison operator.
func patternFieldNames(p *filterpattern.Pattern) []string {
	if p.Kind() != filterpattern.SpaceDelimited {
		return nil
	}
	type tok struct {
		text string
		kind byte // 'w' word, 'o' operator, or the punctuation itself
	}
	var toks []tok
	src := p.String()
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			i++
		case c == '"':
			// A quoted value; only \" and \\ are escapes.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' && j+1 < len(src) && (src[j+1] == '"' || src[j+1] == '\\') {
					j++
				}
				j++
			}
			toks = append(toks, tok{kind: 'v'})
			i = j + 1
		case c == '%':
			j := strings.IndexByte(src[i+1:], '%')
			if j < 0 {
				j = len(src) - i - 1
			}
			toks = append(toks, tok{kind: 'v'})
			i += j + 2
		case strings.IndexByte("=!<>", c) >= 0:
			j := i + 1
			if j < len(src) && src[j] == '=' {
				j++
			}
			toks = append(toks, tok{kind: 'o'})
			i = j
		case c == '&' || c == '|':
			toks = append(toks, tok{kind: c})
			i += 2
		case strings.IndexByte("[](),", c) >= 0:
			toks = append(toks, tok{kind: c})
			i++
		default:
			j := i
			for j < len(src) && strings.IndexByte(" \t\n\r\v\f{}[](),\"=!<>&|", src[j]) < 0 {
				j++
			}
			toks = append(toks, tok{kind: 'w', text: src[i:j]})
			i = j
		}
	}
	var names []string
	for k, t := range toks {
		if t.kind != 'w' || t.text == "..." {
			continue
		}
		prev, next := byte(0), byte(0)
		if k > 0 {
			prev = toks[k-1].kind
		}
		if k+1 < len(toks) {
			next = toks[k+1].kind
		}
		alone := (prev == '[' || prev == ',') && (next == ',' || next == ']')
		if (alone || next == 'o') && !slices.Contains(names, t.text) {
			names = append(names, t.text)
		}
	}
	return names
}
