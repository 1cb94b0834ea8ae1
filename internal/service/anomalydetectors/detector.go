package anomalydetectors

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// Training states, as DescribeAnomalyDetectors reports them.
const (
	StatePendingTraining = "PENDING_TRAINING"
	StateTrained         = "TRAINED"
)

// SingleMetric is the SingleMetricAnomalyDetector shape: a metric and a
// statistic.
type SingleMetric struct {
	AccountID  string
	Namespace  string
	MetricName string
	Dimensions []model.Dimension
	Stat       string
}

// MetricMath is the MetricMathAnomalyDetector shape: the queries of an
// expression, which alone returns data.
type MetricMath struct {
	Queries []metrics.MetricDataQuery
}

// TimeRange is a Range of ExcludedTimeRanges, epoch milliseconds; 0 is
// absent.
type TimeRange struct {
	Start, End int64
}

// Configuration is the AnomalyDetectorConfiguration shape.
type Configuration struct {
	ExcludedTimeRanges []TimeRange
	// MetricTimezone is an IANA time zone name; "" is UTC.
	MetricTimezone string
}

// Detector is an anomaly detector: exactly one of Single and MetricMath
// is set.
type Detector struct {
	Single        *SingleMetric
	MetricMath    *MetricMath
	Configuration *Configuration
	// PeriodicSpikes is MetricCharacteristics.PeriodicSpikes.
	PeriodicSpikes *bool
	// State is the training state (in DescribeAnomalyDetectors).
	State string
}

// Type is model.AnomalyDetectorSingleMetric or
// model.AnomalyDetectorMetricMath.
func (d *Detector) Type() string {
	if d.MetricMath != nil {
		return model.AnomalyDetectorMetricMath
	}
	return model.AnomalyDetectorSingleMetric
}

// Identity is how Put and Delete name a detector: the current shapes or
// the deprecated top-level members of a single-metric detector.
type Identity struct {
	Namespace, MetricName string
	Dimensions            []model.Dimension
	Stat                  string
	Single                *SingleMetric
	MetricMath            *MetricMath
}

func (id Identity) legacy() bool {
	return id.Namespace != "" || id.MetricName != "" || len(id.Dimensions) > 0 || id.Stat != ""
}

// resolve checks that id names one detector and returns it with its
// parameter prefix for messages.
func (id Identity) resolve(accountID string) (*Detector, string, error) {
	switch {
	case id.Single != nil && id.MetricMath != nil:
		return nil, "", model.Errorf(model.ErrInvalidParameterCombination, "SingleMetricAnomalyDetector and MetricMathAnomalyDetector are mutually exclusive.")
	case id.legacy() && (id.Single != nil || id.MetricMath != nil):
		return nil, "", model.Errorf(model.ErrInvalidParameterCombination,
			"Namespace, MetricName, Dimensions and Stat cannot be used together with SingleMetricAnomalyDetector or MetricMathAnomalyDetector.")
	case id.MetricMath != nil:
		return &Detector{MetricMath: id.MetricMath}, "MetricMathAnomalyDetector.", nil
	case id.Single != nil:
		if id.Single.AccountID != "" && id.Single.AccountID != accountID {
			return nil, "", model.Errorf(model.ErrInvalidParameter,
				"The value %s for parameter SingleMetricAnomalyDetector.AccountId is invalid. Only the caller's own account can be used.", id.Single.AccountID)
		}
		return &Detector{Single: id.Single}, "SingleMetricAnomalyDetector.", nil
	case id.legacy():
		return &Detector{Single: &SingleMetric{Namespace: id.Namespace, MetricName: id.MetricName, Dimensions: id.Dimensions, Stat: id.Stat}}, "", nil
	}
	return nil, "", model.Errorf(model.ErrMissingParameter, "The parameter SingleMetricAnomalyDetector or MetricMathAnomalyDetector is required.")
}

// Limits of the metric shapes.
const (
	maxNameLen     = 255
	maxValueLen    = 1024
	maxDimensions  = 30
	maxStatLen     = 50
	maxTimezoneLen = 50
)

func invalidValue(param, value, why string) error {
	return model.Errorf(model.ErrInvalidParameter, "The value %s for parameter %s is invalid.%s", value, param, why)
}

// checkSingle validates a single-metric detector; p prefixes parameter
// names.
func checkSingle(p string, s *SingleMetric) error {
	for _, f := range []struct{ name, v string }{{"Namespace", s.Namespace}, {"MetricName", s.MetricName}} {
		switch {
		case f.v == "":
			return model.Errorf(model.ErrMissingParameter, "The parameter %s%s is required.", p, f.name)
		case len(f.v) > maxNameLen:
			return invalidValue(p+f.name, f.v, fmt.Sprintf(" It must be at most %d characters long.", maxNameLen))
		}
	}
	if len(s.Dimensions) > maxDimensions {
		return invalidValue(p+"Dimensions", fmt.Sprint(len(s.Dimensions)), fmt.Sprintf(" At most %d dimensions are allowed.", maxDimensions))
	}
	seen := map[string]bool{}
	for i, d := range s.Dimensions {
		dp := fmt.Sprintf("%sDimensions.member.%d", p, i+1)
		switch {
		case d.Name == "":
			return model.Errorf(model.ErrMissingParameter, "The parameter %s.Name is required.", dp)
		case d.Value == "":
			return model.Errorf(model.ErrMissingParameter, "The parameter %s.Value is required.", dp)
		case len(d.Name) > maxNameLen:
			return invalidValue(dp+".Name", d.Name, fmt.Sprintf(" It must be at most %d characters long.", maxNameLen))
		case len(d.Value) > maxValueLen:
			return invalidValue(dp+".Value", d.Value, fmt.Sprintf(" It must be at most %d characters long.", maxValueLen))
		case seen[d.Name]:
			return invalidValue(dp+".Name", d.Name, " A dimension name can be used only once.")
		}
		seen[d.Name] = true
	}
	switch {
	case s.Stat == "":
		return model.Errorf(model.ErrMissingParameter, "The parameter %sStat is required.", p)
	case len(s.Stat) > maxStatLen || !metrics.ValidStatistic(s.Stat):
		return invalidValue(p+"Stat", s.Stat, " It must be a statistic such as Average, Sum or p99.")
	}
	return nil
}

// checkMetricMath validates the shape of a metric math detector: ids,
// and exactly one query returning data. The queries themselves are
// checked by running them.
func checkMetricMath(m *MetricMath) error {
	const p = "MetricMathAnomalyDetector.MetricDataQueries"
	if len(m.Queries) == 0 {
		return model.Errorf(model.ErrMissingParameter, "The parameter %s is required.", p)
	}
	returning := 0
	for i, q := range m.Queries {
		if q.ID == "" {
			return model.Errorf(model.ErrMissingParameter, "The parameter %s.member.%d.Id is required.", p, i+1)
		}
		if q.ReturnData == nil || *q.ReturnData {
			returning++
		}
		if strings.Contains(strings.ToUpper(q.Expression), "ANOMALY_DETECTION_BAND") {
			return invalidValue(fmt.Sprintf("%s.member.%d.Expression", p, i+1), q.Expression, " An anomaly detector cannot be trained on an anomaly detection band.")
		}
	}
	if returning != 1 {
		return model.Errorf(model.ErrInvalidParameter,
			"The parameter %s must have exactly one query with ReturnData set to true, the expression the model is trained on; %d have it.", p, returning)
	}
	return nil
}

// checkConfiguration validates a configuration and returns its time zone.
func checkConfiguration(c *Configuration) (*time.Location, error) {
	if c == nil {
		return time.UTC, nil
	}
	const p = "Configuration."
	if len(c.ExcludedTimeRanges) > maxExcludedRanges {
		return nil, model.Errorf(model.ErrInvalidParameter, "The parameter %sExcludedTimeRanges can hold at most %d time ranges.", p, maxExcludedRanges)
	}
	for i, r := range c.ExcludedTimeRanges {
		rp := fmt.Sprintf("%sExcludedTimeRanges.member.%d", p, i+1)
		switch {
		case r.Start == 0:
			return nil, model.Errorf(model.ErrMissingParameter, "The parameter %s.StartTime is required.", rp)
		case r.End == 0:
			return nil, model.Errorf(model.ErrMissingParameter, "The parameter %s.EndTime is required.", rp)
		case r.Start >= r.End:
			return nil, model.Errorf(model.ErrInvalidParameter, "The parameter %s.StartTime must be before %s.EndTime.", rp, rp)
		}
	}
	return location(p+"MetricTimezone", c.MetricTimezone)
}

func location(param, name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if len(name) > maxTimezoneLen {
		return nil, invalidValue(param, name, fmt.Sprintf(" It must be at most %d characters long.", maxTimezoneLen))
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, invalidValue(param, name, " It must name a time zone of the tz database, such as Europe/Paris.")
	}
	return loc, nil
}

// key is the canonical identity of a detector: two puts of the same
// metric and statistic (dimensions in any order), or of the same queries
// (labels aside), name one detector.
func (d *Detector) key() string {
	var v any
	if d.MetricMath != nil {
		qs := make([]any, len(d.MetricMath.Queries))
		for i, q := range d.MetricMath.Queries {
			ret := q.ReturnData == nil || *q.ReturnData
			var ms any
			if q.MetricStat != nil {
				ms = []any{metricKey(q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName, q.MetricStat.Metric.Dimensions),
					q.MetricStat.Period, q.MetricStat.Stat, q.MetricStat.Unit}
			}
			qs[i] = []any{q.ID, q.Expression, ms, q.Period, ret}
		}
		slices.SortFunc(qs, func(a, b any) int { return strings.Compare(a.([]any)[0].(string), b.([]any)[0].(string)) })
		v = []any{"M", qs}
	} else {
		s := d.Single
		v = []any{"S", metricKey(s.Namespace, s.MetricName, s.Dimensions), s.Stat}
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("BUG: cannot encode an anomaly detector key: " + err.Error())
	}
	return string(b)
}

func metricKey(ns, name string, dims []model.Dimension) []any {
	ds := slices.Clone(dims)
	slices.SortFunc(ds, func(a, b model.Dimension) int { return strings.Compare(a.Name, b.Name) })
	pairs := make([][2]string, len(ds))
	for i, d := range ds {
		pairs[i] = [2]string{d.Name, d.Value}
	}
	return []any{ns, name, pairs}
}

// record is the stored form of a detector.
func (d *Detector) record(accountID string, created int64) model.AnomalyDetector {
	def, err := json.Marshal(stored{Single: d.Single, MetricMath: d.MetricMath, Configuration: d.Configuration, PeriodicSpikes: d.PeriodicSpikes})
	if err != nil {
		panic("BUG: cannot encode an anomaly detector: " + err.Error())
	}
	r := model.AnomalyDetector{AccountID: accountID, Key: d.key(), Type: d.Type(), Definition: string(def), Created: created}
	if d.Single != nil {
		r.Namespace, r.MetricName = d.Single.Namespace, d.Single.MetricName
	}
	return r
}

// stored is the JSON of a detector's definition.
type stored struct {
	Single         *SingleMetric  `json:",omitempty"`
	MetricMath     *MetricMath    `json:",omitempty"`
	Configuration  *Configuration `json:",omitempty"`
	PeriodicSpikes *bool          `json:",omitempty"`
}

func decode(r model.AnomalyDetector) (*Detector, error) {
	var s stored
	if err := json.Unmarshal([]byte(r.Definition), &s); err != nil {
		return nil, model.Errorf(model.ErrCorruption, "anomaly detector of account %s has an unreadable definition: %v", r.AccountID, err)
	}
	if (s.Single == nil) == (s.MetricMath == nil) {
		return nil, model.Errorf(model.ErrCorruption, "anomaly detector of account %s defines neither or both of a metric and metric math", r.AccountID)
	}
	return &Detector{Single: s.Single, MetricMath: s.MetricMath, Configuration: s.Configuration, PeriodicSpikes: s.PeriodicSpikes}, nil
}
