package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/logs"
)

// metricTransformationWire is MetricTransformation on the wire, in
// requests and responses alike.
type metricTransformationWire struct {
	MetricName      *string           `json:"metricName"`
	MetricNamespace *string           `json:"metricNamespace"`
	MetricValue     *string           `json:"metricValue"`
	DefaultValue    *float64          `json:"defaultValue,omitempty"`
	Dimensions      map[string]string `json:"dimensions,omitempty"`
	Unit            *string           `json:"unit,omitempty"`
}

type putMetricFilterInput struct {
	LogGroupName              *string                    `json:"logGroupName"`
	FilterName                *string                    `json:"filterName"`
	FilterPattern             *string                    `json:"filterPattern"`
	MetricTransformations     []metricTransformationWire `json:"metricTransformations"`
	ApplyOnTransformedLogs    *bool                      `json:"applyOnTransformedLogs"`
	FieldSelectionCriteria    *string                    `json:"fieldSelectionCriteria"`
	EmitSystemFieldDimensions []string                   `json:"emitSystemFieldDimensions"`
}

func (a *API) putMetricFilter(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[putMetricFilterInput](c)
	if err != nil {
		return nil, err
	}
	ts := make([]model.MetricTransformation, len(in.MetricTransformations))
	for i, t := range in.MetricTransformations {
		ts[i] = model.MetricTransformation{
			MetricName:      str(t.MetricName),
			MetricNamespace: str(t.MetricNamespace),
			MetricValue:     str(t.MetricValue),
			DefaultValue:    t.DefaultValue,
			Dimensions:      t.Dimensions,
			Unit:            str(t.Unit),
		}
	}
	return empty{}, a.svc.PutMetricFilter(ctx, caller(c), logs.PutMetricFilterInput{
		GroupName:                 str(in.LogGroupName),
		FilterName:                str(in.FilterName),
		FilterPattern:             in.FilterPattern,
		Transformations:           ts,
		ApplyOnTransformedLogs:    in.ApplyOnTransformedLogs != nil && *in.ApplyOnTransformedLogs,
		FieldSelectionCriteria:    in.FieldSelectionCriteria,
		EmitSystemFieldDimensions: in.EmitSystemFieldDimensions,
	})
}
