package metricsapi

import (
	"errors"
	"net/http"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/anomalydetectors"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// WithAnomalyDetectors serves the anomaly detector operations from svc;
// without it they answer that the operation is not available.
func WithAnomalyDetectors(svc *anomalydetectors.Service) Option {
	return func(a *API) { a.anomaly = svc }
}

// anomalyService is the anomaly detectors service, or the error of a
// server built without one.
func (a *API) anomalyService(c *awsproto.Call) (*anomalydetectors.Service, error) {
	if a.anomaly == nil {
		return nil, &awsproto.APIError{Code: "UnknownOperationException", QueryCode: "InvalidAction",
			Message: "The operation " + c.Operation + " is not available on this server.", Status: http.StatusBadRequest}
	}
	return a.anomaly, nil
}

// anomalyError names the errors of the anomaly detector operations as
// CloudWatch does: they have their own exceptions for a missing detector
// and for the limit, unlike the alarm operations.
func anomalyError(err error) error {
	var me *model.Error
	if !errors.As(err, &me) {
		return err
	}
	switch {
	case errors.Is(err, model.ErrNotFound):
		return &awsproto.APIError{Code: "ResourceNotFoundException", QueryCode: "ResourceNotFoundException", Message: me.Message, Status: http.StatusNotFound}
	case errors.Is(err, model.ErrLimitExceeded):
		return &awsproto.APIError{Code: "LimitExceededException", QueryCode: "LimitExceededException", Message: me.Message, Status: http.StatusBadRequest}
	}
	return err
}

// singleMetricAnomalyDetector is the SingleMetricAnomalyDetector shape.
type singleMetricAnomalyDetector struct {
	AccountID  *string     `json:"AccountId,omitempty"`
	Namespace  *string     `json:"Namespace,omitempty"`
	MetricName *string     `json:"MetricName,omitempty"`
	Dimensions []dimension `json:"Dimensions"`
	Stat       *string     `json:"Stat,omitempty"`
}

// metricMathAnomalyDetector is the MetricMathAnomalyDetector shape.
type metricMathAnomalyDetector struct {
	MetricDataQueries []metricDataQuery `json:"MetricDataQueries"`
}

// timeRange is the Range shape.
type timeRange struct {
	StartTime *awsproto.Timestamp `json:"StartTime,omitempty"`
	EndTime   *awsproto.Timestamp `json:"EndTime,omitempty"`
}

// anomalyDetectorConfiguration is the AnomalyDetectorConfiguration shape.
type anomalyDetectorConfiguration struct {
	ExcludedTimeRanges []timeRange `json:"ExcludedTimeRanges"`
	MetricTimezone     *string     `json:"MetricTimezone,omitempty"`
}

// metricCharacteristics is the MetricCharacteristics shape.
type metricCharacteristics struct {
	PeriodicSpikes *bool `json:"PeriodicSpikes,omitempty"`
}

// anomalyDetectorIdentity are the members Put and Delete name a detector
// with: the current shapes and the deprecated top-level ones.
type anomalyDetectorIdentity struct {
	Namespace                   *string                      `json:"Namespace,omitempty"`
	MetricName                  *string                      `json:"MetricName,omitempty"`
	Dimensions                  []dimension                  `json:"Dimensions,omitempty"`
	Stat                        *string                      `json:"Stat,omitempty"`
	SingleMetricAnomalyDetector *singleMetricAnomalyDetector `json:"SingleMetricAnomalyDetector,omitempty"`
	MetricMathAnomalyDetector   *metricMathAnomalyDetector   `json:"MetricMathAnomalyDetector,omitempty"`
}

func (in *anomalyDetectorIdentity) identity() anomalydetectors.Identity {
	id := anomalydetectors.Identity{Namespace: str(in.Namespace), MetricName: str(in.MetricName),
		Dimensions: toDimensions(in.Dimensions), Stat: str(in.Stat)}
	if s := in.SingleMetricAnomalyDetector; s != nil {
		id.Single = &anomalydetectors.SingleMetric{AccountID: str(s.AccountID), Namespace: str(s.Namespace),
			MetricName: str(s.MetricName), Dimensions: toDimensions(s.Dimensions), Stat: str(s.Stat)}
	}
	if m := in.MetricMathAnomalyDetector; m != nil {
		id.MetricMath = &anomalydetectors.MetricMath{Queries: toDataQueries(m.MetricDataQueries)}
	}
	return id
}

// toDataQueries converts wire metric data queries for the metrics
// service's rules.
func toDataQueries(in []metricDataQuery) []metrics.MetricDataQuery {
	out := make([]metrics.MetricDataQuery, len(in))
	for i, q := range in {
		mq := metrics.MetricDataQuery{ID: str(q.ID), Expression: str(q.Expression), Label: str(q.Label),
			ReturnData: q.ReturnData, AccountID: str(q.AccountID), Period: int64(i32(q.Period))}
		if ms := q.MetricStat; ms != nil {
			mq.MetricStat = &metrics.MetricStat{Metric: toMetric(ms.Metric), Period: int64(i32(ms.Period)), Stat: str(ms.Stat), Unit: str(ms.Unit)}
		}
		out[i] = mq
	}
	return out
}

func fromDataQueries(in []metrics.MetricDataQuery) []metricDataQuery {
	out := make([]metricDataQuery, len(in))
	for i, q := range in {
		wq := metricDataQuery{ID: opt(q.ID), Expression: opt(q.Expression), Label: opt(q.Label),
			ReturnData: q.ReturnData, Period: opt(int32(q.Period)), AccountID: opt(q.AccountID)}
		if ms := q.MetricStat; ms != nil {
			m := fromMetric(ms.Metric)
			wq.MetricStat = &metricStat{Metric: &m, Period: opt(int32(ms.Period)), Stat: opt(ms.Stat), Unit: opt(ms.Unit)}
		}
		out[i] = wq
	}
	return out
}

func toConfiguration(in *anomalyDetectorConfiguration) *anomalydetectors.Configuration {
	if in == nil {
		return nil
	}
	c := &anomalydetectors.Configuration{MetricTimezone: str(in.MetricTimezone)}
	for _, r := range in.ExcludedTimeRanges {
		c.ExcludedTimeRanges = append(c.ExcludedTimeRanges, anomalydetectors.TimeRange{Start: millis(r.StartTime), End: millis(r.EndTime)})
	}
	return c
}

func fromConfiguration(c *anomalydetectors.Configuration) *anomalyDetectorConfiguration {
	out := &anomalyDetectorConfiguration{ExcludedTimeRanges: []timeRange{}}
	if c == nil {
		return out
	}
	out.MetricTimezone = opt(c.MetricTimezone)
	for _, r := range c.ExcludedTimeRanges {
		start, end := timestamp(r.Start), timestamp(r.End)
		out.ExcludedTimeRanges = append(out.ExcludedTimeRanges, timeRange{StartTime: &start, EndTime: &end})
	}
	return out
}
