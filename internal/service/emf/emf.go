// Package emf decodes CloudWatch Embedded Metric Format (EMF) documents:
// log events whose message is a JSON object carrying metric directives in
// its "_aws" member. It is pure (no I/O, no clock) so that the ingest
// observer in service/logs can call it on every event and the decoder can
// be fuzzed on its own.
//
// A document looks like
//
//	{
//	  "_aws": {
//	    "Timestamp": 1574109732004,
//	    "CloudWatchMetrics": [{
//	      "Namespace": "checkout",
//	      "Dimensions": [["Service"], ["Service", "Region"], []],
//	      "Metrics": [{"Name": "Latency", "Unit": "Milliseconds", "StorageResolution": 1}]
//	    }]
//	  },
//	  "Service": "cart", "Region": "eu-west-1",
//	  "Latency": [12, 15.5]
//	}
//
// and yields one datum per (directive, dimension set, metric): here three
// datums of Latency with the values 12 and 15.5, one per dimension set.
//
// Rules, from the EMF specification:
//   - Members are case-sensitive and members this package does not know
//     are ignored.
//   - Dimension and metric names refer to top-level members of the root
//     object ("A.a" names the member called "A.a", never a nested one).
//     A dimension target must be a string, a metric target a number, an
//     array of 1 to 100 numbers, or a distribution object
//     {"Values": [...], "Counts": [...]} or {"Count", "Sum", "Min", "Max"}
//     as OpenTelemetry's EMF exporter writes.
//   - A directive has at most 100 metrics and a dimension set at most 30
//     names. A directive without dimension sets, or with an empty one,
//     publishes metrics without dimensions.
//   - Unit must be a CloudWatch unit (default None); StorageResolution 1
//     or 60 (default 60); _aws.Timestamp, when present, is epoch
//     milliseconds and overrides the log event's timestamp.
//
// A document that breaks a rule yields no datum at all: the log event is
// still stored, only its metrics are dropped.
package emf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// Limits of the EMF specification and of CloudWatch metrics.
const (
	MaxMetricsPerDirective = 100
	MaxDimensionsPerSet    = 30
	MaxValuesPerMetric     = 100
	// MaxDatumsPerDocument bounds what one document can expand to
	// (directives × dimension sets × metrics), so a small message cannot
	// make the server build millions of datapoints.
	MaxDatumsPerDocument = 1000
	maxNameLen           = 255
	maxDimensionValueLen = 1024
)

var (
	// ErrNotEMF is returned for messages that are not EMF documents: not a
	// JSON object, or without _aws.CloudWatchMetrics.
	ErrNotEMF = errors.New("not an embedded metric format document")
	// ErrInvalid is wrapped by the errors of documents that declare
	// metrics but break a rule of the format.
	ErrInvalid = errors.New("invalid embedded metric format document")
)

// units are the CloudWatch unit names a MetricDefinition may use.
var units = map[string]bool{
	"Seconds": true, "Microseconds": true, "Milliseconds": true,
	"Bytes": true, "Kilobytes": true, "Megabytes": true, "Gigabytes": true, "Terabytes": true,
	"Bits": true, "Kilobits": true, "Megabits": true, "Gigabits": true, "Terabits": true,
	"Percent": true, "Count": true,
	"Bytes/Second": true, "Kilobytes/Second": true, "Megabytes/Second": true, "Gigabytes/Second": true, "Terabytes/Second": true,
	"Bits/Second": true, "Kilobits/Second": true, "Megabits/Second": true, "Gigabits/Second": true, "Terabits/Second": true,
	"Count/Second": true, "None": true,
}

// IsCandidate reports, without parsing, whether message may be an EMF
// document: a JSON object that mentions "_aws". Only candidates are worth
// passing to Decode.
func IsCandidate(message string) bool {
	s := strings.TrimLeft(message, " \t\r\n")
	if s == "" || s[0] != '{' {
		return false
	}
	// The search starts at the underscore, which JSON logs have a few of,
	// rather than at the quote, which they have dozens of: it runs on
	// every ingested message.
	for i := 1; ; {
		j := strings.Index(s[i:], `_aws"`)
		if j < 0 {
			return false
		}
		if s[i+j-1] == '"' {
			return true
		}
		i += j + 1
	}
}

// Decode returns the datapoints the EMF document in message declares, with
// eventTimestamp (epoch ms) as their time unless the document sets
// _aws.Timestamp. Datums carry no AccountID. Errors wrap ErrNotEMF or
// ErrInvalid.
func Decode(message string, eventTimestamp int64) ([]model.MetricDatum, error) {
	// The root is split into raw members, so only the metadata and the
	// members it names are decoded further.
	var root map[string]json.RawMessage
	if err := json.Unmarshal([]byte(message), &root); err != nil {
		return nil, ErrNotEMF
	}
	awsRaw, ok := root["_aws"]
	if !ok {
		return nil, ErrNotEMF
	}
	// encoding/json matches struct fields case-insensitively, and EMF
	// members are case-sensitive, so the metadata is read as a tree.
	meta, ok := tree(awsRaw).(map[string]any)
	if !ok {
		return nil, ErrNotEMF
	}
	directivesAny, ok := meta["CloudWatchMetrics"]
	if !ok {
		return nil, ErrNotEMF
	}
	d := decoder{root: root, timestamp: eventTimestamp}
	if tsAny, ok := meta["Timestamp"]; ok {
		ts, err := timestamp(tsAny)
		if err != nil {
			return nil, err
		}
		d.timestamp = ts
	}
	directives, ok := directivesAny.([]any)
	if !ok {
		return nil, invalidf("_aws.CloudWatchMetrics must be an array")
	}
	for i, dir := range directives {
		if err := d.directive(dir, i); err != nil {
			return nil, err
		}
	}
	return d.out, nil
}

// tree decodes a JSON value into maps, slices, strings, json.Numbers,
// booleans and nil; it returns nil for invalid JSON.
func tree(raw []byte) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}

// decoder accumulates the datums of one document.
type decoder struct {
	root      map[string]json.RawMessage
	timestamp int64
	out       []model.MetricDatum
}

// metricDef is a MetricDefinition with its target already read.
type metricDef struct {
	name       string
	unit       string
	resolution int
	value      *float64
	values     []float64
	counts     []float64
	stats      *model.StatisticSet
}

func (d *decoder) directive(v any, i int) error {
	dir, ok := v.(map[string]any)
	if !ok {
		return invalidf("_aws.CloudWatchMetrics[%d] must be an object", i)
	}
	nsAny, ok := dir["Namespace"]
	if !ok {
		return invalidf("_aws.CloudWatchMetrics[%d] has no Namespace", i)
	}
	ns, ok := name(nsAny)
	if !ok {
		return invalidf("_aws.CloudWatchMetrics[%d].Namespace must be a string of 1 to %d characters", i, maxNameLen)
	}
	sets, err := d.dimensionSets(dir["Dimensions"], i)
	if err != nil {
		return err
	}
	metricsAny, ok := dir["Metrics"]
	if !ok {
		return invalidf("_aws.CloudWatchMetrics[%d] has no Metrics", i)
	}
	defsAny, ok := metricsAny.([]any)
	if !ok {
		return invalidf("_aws.CloudWatchMetrics[%d].Metrics must be an array", i)
	}
	if len(defsAny) > MaxMetricsPerDirective {
		return invalidf("_aws.CloudWatchMetrics[%d].Metrics has %d metrics; the limit is %d", i, len(defsAny), MaxMetricsPerDirective)
	}
	if len(d.out)+len(sets)*len(defsAny) > MaxDatumsPerDocument {
		return invalidf("the document declares more than %d datapoints", MaxDatumsPerDocument)
	}
	defs := make([]metricDef, len(defsAny))
	for j, m := range defsAny {
		if defs[j], err = d.metric(m); err != nil {
			return fmt.Errorf("_aws.CloudWatchMetrics[%d].Metrics[%d]: %w", i, j, err)
		}
	}
	for _, dims := range sets {
		for _, m := range defs {
			d.out = append(d.out, m.datum(ns, dims, d.timestamp))
		}
	}
	return nil
}

// datum builds one datapoint of m. Every datum gets its own slices and
// pointers, so a sink that sorts dimensions in place or keeps a datum
// cannot disturb another.
func (m *metricDef) datum(ns string, dims []model.Dimension, ts int64) model.MetricDatum {
	out := model.MetricDatum{
		Namespace:         ns,
		MetricName:        m.name,
		Dimensions:        slices.Clone(dims),
		Timestamp:         ts,
		Values:            slices.Clone(m.values),
		Counts:            slices.Clone(m.counts),
		Unit:              m.unit,
		StorageResolution: m.resolution,
	}
	if m.value != nil {
		v := *m.value
		out.Value = &v
	}
	if m.stats != nil {
		st := *m.stats
		out.Stats = &st
	}
	return out
}

// dimensionSets resolves the DimensionSet array of directive i; a missing
// or empty array stands for one set without dimensions.
func (d *decoder) dimensionSets(v any, i int) ([][]model.Dimension, error) {
	var setsAny []any
	if v != nil {
		var ok bool
		if setsAny, ok = v.([]any); !ok {
			return nil, invalidf("_aws.CloudWatchMetrics[%d].Dimensions must be an array", i)
		}
	}
	if len(setsAny) == 0 {
		return [][]model.Dimension{nil}, nil
	}
	sets := make([][]model.Dimension, len(setsAny))
	for j, setAny := range setsAny {
		keys, ok := setAny.([]any)
		if !ok {
			return nil, invalidf("_aws.CloudWatchMetrics[%d].Dimensions[%d] must be an array", i, j)
		}
		if len(keys) > MaxDimensionsPerSet {
			return nil, invalidf("_aws.CloudWatchMetrics[%d].Dimensions[%d] has %d dimensions; the limit is %d", i, j, len(keys), MaxDimensionsPerSet)
		}
		if len(keys) == 0 {
			continue
		}
		dims := make([]model.Dimension, len(keys))
		for k, keyAny := range keys {
			key, ok := name(keyAny)
			if !ok {
				return nil, invalidf("_aws.CloudWatchMetrics[%d].Dimensions[%d][%d] must be a string of 1 to %d characters", i, j, k, maxNameLen)
			}
			for _, prev := range dims[:k] {
				if prev.Name == key {
					return nil, invalidf("_aws.CloudWatchMetrics[%d].Dimensions[%d] names dimension %q twice", i, j, key)
				}
			}
			val, err := d.dimensionValue(key)
			if err != nil {
				return nil, err
			}
			dims[k] = model.Dimension{Name: key, Value: val}
		}
		sets[j] = dims
	}
	return sets, nil
}

// dimensionValue reads the string member a dimension names.
func (d *decoder) dimensionValue(key string) (string, error) {
	raw, ok := d.root[key]
	if !ok {
		return "", invalidf("dimension %q is not a member of the document", key)
	}
	var v string
	if !isKind(raw, '"') || json.Unmarshal(raw, &v) != nil {
		return "", invalidf("dimension %q must have a string value", key)
	}
	if v == "" || len(v) > maxDimensionValueLen {
		return "", invalidf("dimension %q must have a value of 1 to %d characters", key, maxDimensionValueLen)
	}
	return v, nil
}

func (d *decoder) metric(v any) (metricDef, error) {
	def, ok := v.(map[string]any)
	if !ok {
		return metricDef{}, invalidf("a metric definition must be an object")
	}
	nameAny, ok := def["Name"]
	if !ok {
		return metricDef{}, invalidf("a metric definition has no Name")
	}
	n, ok := name(nameAny)
	if !ok {
		return metricDef{}, invalidf("Name must be a string of 1 to %d characters", maxNameLen)
	}
	m := metricDef{name: n, resolution: 60}
	if u, ok := def["Unit"]; ok {
		unit, isStr := u.(string)
		if !isStr || !units[unit] {
			return metricDef{}, invalidf("the Unit of metric %q is not a CloudWatch unit", n)
		}
		if unit != "None" {
			m.unit = unit
		}
	}
	if r, ok := def["StorageResolution"]; ok {
		switch r {
		case json.Number("1"):
			m.resolution = 1
		case json.Number("60"):
		default:
			return metricDef{}, invalidf("the StorageResolution of metric %q must be 1 or 60", n)
		}
	}
	raw, ok := d.root[n]
	if !ok {
		return metricDef{}, invalidf("metric %q is not a member of the document", n)
	}
	if err := m.readTarget(raw); err != nil {
		return metricDef{}, err
	}
	return m, nil
}

// readTarget reads a metric's value: a number, an array of numbers or a
// distribution object.
func (m *metricDef) readTarget(raw json.RawMessage) error {
	if !isKind(raw, '[') && !isKind(raw, '{') {
		v, ok := rawNumber(raw)
		if !ok {
			return invalidf("metric %q must have a numeric value or an array of numbers", m.name)
		}
		m.value = &v
		return nil
	}
	switch t := tree(raw).(type) {
	case []any:
		vs, err := numbers(t, m.name, "")
		if err != nil {
			return err
		}
		m.values = vs
		return nil
	case map[string]any:
		return m.readDistribution(t)
	}
	return invalidf("metric %q has an unreadable value", m.name)
}

// readDistribution reads {"Values": [...], "Counts": [...]} or a
// statistic set {"Count", "Sum", "Min", "Max"}. A datum carries exactly one
// form, so when Values are present the summary members are not used.
func (m *metricDef) readDistribution(obj map[string]any) error {
	if vAny, ok := obj["Values"]; ok {
		vs, err := numbers(vAny, m.name, ".Values")
		if err != nil {
			return err
		}
		m.values = vs
		if cAny, ok := obj["Counts"]; ok {
			cs, err := numbers(cAny, m.name, ".Counts")
			if err != nil {
				return err
			}
			if len(cs) != len(vs) {
				return invalidf("metric %q has %d Values but %d Counts", m.name, len(vs), len(cs))
			}
			m.counts = cs
		}
		return nil
	}
	var st model.StatisticSet
	for _, f := range []struct {
		key string
		dst *float64
	}{{"Count", &st.SampleCount}, {"Sum", &st.Sum}, {"Min", &st.Minimum}, {"Max", &st.Maximum}} {
		a, ok := obj[f.key]
		if !ok {
			return invalidf("metric %q: a distribution needs Values, or Count, Sum, Min and Max", m.name)
		}
		v, ok := number(a)
		if !ok {
			return invalidf("metric %q: %s must be a number", m.name, f.key)
		}
		*f.dst = v
	}
	if st.SampleCount <= 0 || st.Minimum > st.Maximum {
		return invalidf("metric %q has an inconsistent statistic set", m.name)
	}
	m.stats = &st
	return nil
}

// numbers reads an array of 1 to MaxValuesPerMetric finite numbers.
func numbers(v any, metric, member string) ([]float64, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, invalidf("metric %q%s must be an array of numbers", metric, member)
	}
	if len(items) == 0 || len(items) > MaxValuesPerMetric {
		return nil, invalidf("metric %q%s must have 1 to %d values", metric, member, MaxValuesPerMetric)
	}
	out := make([]float64, len(items))
	for i, it := range items {
		f, ok := number(it)
		if !ok {
			return nil, invalidf("metric %q%s must hold only numbers", metric, member)
		}
		out[i] = f
	}
	return out, nil
}

// number reads a decoded JSON number that fits a float64.
func number(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	return parseFinite(string(n))
}

// rawNumber reads an undecoded JSON number that fits a float64.
func rawNumber(raw json.RawMessage) (float64, bool) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return 0, false
	}
	return parseFinite(s)
}

// parseFinite parses text already known to be a JSON number.
func parseFinite(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// timestamp reads _aws.Timestamp: a whole, non-negative number of
// milliseconds.
func timestamp(v any) (int64, error) {
	f, ok := number(v)
	if !ok || f < 0 || f != math.Trunc(f) || f > 1<<53 {
		return 0, invalidf("_aws.Timestamp must be a whole number of milliseconds since the epoch")
	}
	return int64(f), nil
}

// name reads a string of 1 to 255 bytes.
func name(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok && s != "" && len(s) <= maxNameLen
}

// isKind reports whether the JSON value raw starts with c: '{' objects,
// '[' arrays, '"' strings. A JSON null never does.
func isKind(raw json.RawMessage, c byte) bool {
	s := bytes.TrimLeft(raw, " \t\r\n")
	return len(s) > 0 && s[0] == c
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
