// Package metricsapi serves the CloudWatch metrics API on every protocol
// its clients speak: Smithy RPC v2 CBOR (aws-sdk-go-v2 and other current
// SDKs), AWS JSON 1.0 (newer botocore) and the query protocol (the AWS CLI
// v2 and boto3 of the distributions), all under service
// GraniteServiceVersion20100801 and SigV4 signing name "monitoring". Each
// operation has its own file with its wire shapes, named exactly as the
// AWS model names their members, and a handler that decodes, calls the
// metrics service and encodes; the rules live in internal/service/metrics.
package metricsapi

import (
	"time"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/alarms"
	"github.com/openwatch/openwatch/internal/service/anomalydetectors"
	"github.com/openwatch/openwatch/internal/service/dashboards"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// Service coordinates of CloudWatch.
const (
	// TargetPrefix names the service in X-Amz-Target and in RPC v2 CBOR
	// paths.
	TargetPrefix = "GraniteServiceVersion20100801"
	// SigningName is the SigV4 service name.
	SigningName = "monitoring"
	// APIVersion is the query protocol's Version.
	APIVersion = "2010-08-01"
	// XMLNamespace is the xmlns of query protocol responses.
	XMLNamespace = "http://monitoring.amazonaws.com/doc/2010-08-01/"
)

// API binds the metrics service to its wire operations.
type API struct {
	svc        *metrics.Service
	dashboards *dashboards.Service
	alarms     *alarms.Service
	anomaly    *anomalydetectors.Service
}

// Option configures an API.
type Option func(*API)

// WithDashboards serves the dashboard operations from d; without it they
// answer that the operation is not available.
func WithDashboards(d *dashboards.Service) Option { return func(a *API) { a.dashboards = d } }

// New returns the CloudWatch metrics API.
func New(svc *metrics.Service, opts ...Option) *API {
	a := &API{svc: svc}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Service returns the operation table for the protocol dispatcher.
func (a *API) Service() awsproto.Service {
	return awsproto.Service{
		TargetPrefix: TargetPrefix,
		SigningName:  SigningName,
		Protocols: []awsproto.Protocol{
			awsproto.RPCv2CBOR{QueryCompatible: true},
			awsproto.JSON{Version: "1.0", QueryCompatible: true},
			awsproto.Query{Version: APIVersion, Namespace: XMLNamespace},
		},
		Operations: map[string]awsproto.Handler{
			"PutMetricData":           a.putMetricData,
			"GetMetricData":           a.getMetricData,
			"GetMetricStatistics":     a.getMetricStatistics,
			"ListMetrics":             a.listMetrics,
			"PutMetricAlarm":          a.putMetricAlarm,
			"DescribeAlarms":          a.describeAlarms,
			"DescribeAlarmsForMetric": a.describeAlarmsForMetric,
			"DescribeAlarmHistory":    a.describeAlarmHistory,
			"SetAlarmState":           a.setAlarmState,
			"DeleteAlarms":            a.deleteAlarms,
			"EnableAlarmActions":      a.enableAlarmActions,
			"DisableAlarmActions":     a.disableAlarmActions,
			"PutCompositeAlarm":       a.putCompositeAlarm,
			"PutDashboard":            a.putDashboard,
			"GetDashboard":            a.getDashboard,
			"ListDashboards":          a.listDashboards,
			"DeleteDashboards":        a.deleteDashboards,

			"PutAnomalyDetector":       a.putAnomalyDetector,
			"DescribeAnomalyDetectors": a.describeAnomalyDetectors,
			"DeleteAnomalyDetector":    a.deleteAnomalyDetector,
		},
		Errors: awsproto.CloudWatchErrors(),
	}
}

// decode is the common first step of every handler.
func decode[T any](c *awsproto.Call) (*T, error) {
	in := new(T)
	if err := c.Decode(in); err != nil {
		return nil, err
	}
	return in, nil
}

// dimension is the Dimension shape.
type dimension struct {
	Name  *string `json:"Name,omitempty"`
	Value *string `json:"Value,omitempty"`
}

// metric is the Metric shape.
type metric struct {
	Namespace  *string     `json:"Namespace,omitempty"`
	MetricName *string     `json:"MetricName,omitempty"`
	Dimensions []dimension `json:"Dimensions"`
}

// toDimensions converts wire dimensions; a member left out becomes "",
// which the service reports as missing under its parameter name.
func toDimensions(in []dimension) []model.Dimension {
	if len(in) == 0 {
		return nil
	}
	out := make([]model.Dimension, len(in))
	for i, d := range in {
		out[i] = model.Dimension{Name: str(d.Name), Value: str(d.Value)}
	}
	return out
}

func fromMetric(m metrics.Metric) metric {
	out := metric{Namespace: &m.Namespace, MetricName: &m.MetricName, Dimensions: make([]dimension, len(m.Dimensions))}
	for i := range m.Dimensions {
		out.Dimensions[i] = dimension{Name: &m.Dimensions[i].Name, Value: &m.Dimensions[i].Value}
	}
	return out
}

func toMetric(m *metric) metrics.Metric {
	if m == nil {
		return metrics.Metric{}
	}
	return metrics.Metric{Namespace: str(m.Namespace), MetricName: str(m.MetricName), Dimensions: toDimensions(m.Dimensions)}
}

// str returns *p or "".
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// millis returns an optional timestamp as epoch milliseconds, 0 when absent.
func millis(t *awsproto.Timestamp) int64 {
	if t == nil {
		return 0
	}
	return t.Time().UnixMilli()
}

// timestamp converts epoch milliseconds for the wire.
func timestamp(ms int64) awsproto.Timestamp { return awsproto.Timestamp(time.UnixMilli(ms).UTC()) }

// opt returns a pointer to v, or nil when v is the zero value, so optional
// members are omitted as AWS omits them.
func opt[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
