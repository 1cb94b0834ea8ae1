// Package logsapi serves the CloudWatch Logs API (AWS JSON 1.1,
// X-Amz-Target "Logs_20140328.<Operation>"). Each operation has its own
// file holding its wire shapes and a handler that decodes, calls the logs
// service and encodes; business rules live in internal/service/logs.
package logsapi

import (
	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/insights"
	"github.com/openwatch/openwatch/internal/service/logs"
)

// TargetPrefix is the X-Amz-Target prefix of CloudWatch Logs.
const TargetPrefix = "Logs_20140328"

// API binds the logs and Insights services to their wire operations.
type API struct {
	svc      *logs.Service
	insights *insights.Service
}

// New returns the CloudWatch Logs API.
func New(svc *logs.Service, ins *insights.Service) *API { return &API{svc: svc, insights: ins} }

// Service returns the operation table for the protocol dispatcher.
func (a *API) Service() awsproto.Service {
	ops := map[string]awsproto.Handler{
		"CreateLogGroup":        a.createLogGroup,
		"DeleteLogGroup":        a.deleteLogGroup,
		"DescribeLogGroups":     a.describeLogGroups,
		"CreateLogStream":       a.createLogStream,
		"DeleteLogStream":       a.deleteLogStream,
		"DescribeLogStreams":    a.describeLogStreams,
		"PutLogEvents":          a.putLogEvents,
		"GetLogEvents":          a.getLogEvents,
		"FilterLogEvents":       a.filterLogEvents,
		"PutRetentionPolicy":    a.putRetentionPolicy,
		"DeleteRetentionPolicy": a.deleteRetentionPolicy,
		"TagResource":           a.tagResource,
		"UntagResource":         a.untagResource,
		"ListTagsForResource":   a.listTagsForResource,
		"TagLogGroup":           a.tagLogGroup,
		"UntagLogGroup":         a.untagLogGroup,
		"ListTagsLogGroup":      a.listTagsLogGroup,
		"PutMetricFilter":       a.putMetricFilter,
		"DescribeMetricFilters": a.describeMetricFilters,
		"DeleteMetricFilter":    a.deleteMetricFilter,
		"TestMetricFilter":      a.testMetricFilter,

		"StartQuery":               a.startQuery,
		"GetQueryResults":          a.getQueryResults,
		"StopQuery":                a.stopQuery,
		"DescribeQueries":          a.describeQueries,
		"GetLogRecord":             a.getLogRecord,
		"PutQueryDefinition":       a.putQueryDefinition,
		"DescribeQueryDefinitions": a.describeQueryDefinitions,
		"DeleteQueryDefinition":    a.deleteQueryDefinition,
	}
	return awsproto.Service{TargetPrefix: TargetPrefix, SigningName: "logs", Protocols: []awsproto.Protocol{awsproto.JSON{Version: "1.1"}}, Operations: ops,
		// Its events are copied out of the body as they are read.
		ReusesBody: map[string]bool{"PutLogEvents": true}}
}

func caller(c *awsproto.Call) logs.Caller {
	return logs.Caller{AccountID: c.Principal.AccountID, Region: c.Region}
}

func insightsCaller(c *awsproto.Call) insights.Caller {
	return insights.Caller{AccountID: c.Principal.AccountID, Region: c.Region}
}

// decode is the common first step of every handler.
func decode[T any](c *awsproto.Call) (*T, error) {
	in := new(T)
	if err := c.Decode(in); err != nil {
		return nil, err
	}
	return in, nil
}

// str returns *p or "".
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// opt returns a pointer to v, or nil when v is the zero value, so optional
// members are omitted from responses as AWS omits them.
func opt[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

type empty struct{}
