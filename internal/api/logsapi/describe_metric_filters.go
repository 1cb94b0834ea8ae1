package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type describeMetricFiltersInput struct {
	LogGroupName     *string `json:"logGroupName"`
	FilterNamePrefix *string `json:"filterNamePrefix"`
	MetricName       *string `json:"metricName"`
	MetricNamespace  *string `json:"metricNamespace"`
	NextToken        *string `json:"nextToken"`
	Limit            *int32  `json:"limit"`
}

type metricFilterOut struct {
	FilterName             string                     `json:"filterName"`
	FilterPattern          string                     `json:"filterPattern"`
	MetricTransformations  []metricTransformationWire `json:"metricTransformations"`
	CreationTime           int64                      `json:"creationTime"`
	LogGroupName           string                     `json:"logGroupName"`
	ApplyOnTransformedLogs bool                       `json:"applyOnTransformedLogs"`
}

type describeMetricFiltersOutput struct {
	MetricFilters []metricFilterOut `json:"metricFilters"`
	NextToken     *string           `json:"nextToken,omitempty"`
}

func (a *API) describeMetricFilters(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[describeMetricFiltersInput](c)
	if err != nil {
		return nil, err
	}
	filters, next, err := a.svc.DescribeMetricFilters(ctx, caller(c), logs.DescribeMetricFiltersInput{
		GroupName:       in.LogGroupName,
		NamePrefix:      in.FilterNamePrefix,
		MetricName:      in.MetricName,
		MetricNamespace: in.MetricNamespace,
		Limit:           in.Limit,
		NextToken:       in.NextToken,
	})
	if err != nil {
		return nil, err
	}
	out := describeMetricFiltersOutput{MetricFilters: make([]metricFilterOut, len(filters)), NextToken: opt(next)}
	for i, f := range filters {
		ts := make([]metricTransformationWire, len(f.Transformations))
		for j, t := range f.Transformations {
			ts[j] = metricTransformationWire{
				MetricName:      &t.MetricName,
				MetricNamespace: &t.MetricNamespace,
				MetricValue:     &t.MetricValue,
				DefaultValue:    t.DefaultValue,
				Dimensions:      t.Dimensions,
				Unit:            opt(t.Unit),
			}
		}
		out.MetricFilters[i] = metricFilterOut{
			FilterName:             f.Name,
			FilterPattern:          f.Pattern,
			MetricTransformations:  ts,
			CreationTime:           f.CreationTime,
			LogGroupName:           f.GroupName,
			ApplyOnTransformedLogs: f.ApplyOnTransformedLogs,
		}
	}
	return out, nil
}
