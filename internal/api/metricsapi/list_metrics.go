package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

type dimensionFilter struct {
	Name  *string `json:"Name,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type listMetricsInput struct {
	Namespace             *string           `json:"Namespace,omitempty"`
	MetricName            *string           `json:"MetricName,omitempty"`
	Dimensions            []dimensionFilter `json:"Dimensions,omitempty"`
	NextToken             *string           `json:"NextToken,omitempty"`
	RecentlyActive        *string           `json:"RecentlyActive,omitempty"`
	IncludeLinkedAccounts *bool             `json:"IncludeLinkedAccounts,omitempty"`
	OwningAccount         *string           `json:"OwningAccount,omitempty"`
}

// listMetricsOutput leaves out OwningAccounts: OpenWatch has no linked
// accounts, and AWS sends it only with IncludeLinkedAccounts.
type listMetricsOutput struct {
	Metrics   []metric `json:"Metrics"`
	NextToken *string  `json:"NextToken,omitempty"`
}

func (a *API) listMetrics(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listMetricsInput](c)
	if err != nil {
		return nil, err
	}
	req := metrics.ListMetricsInput{
		Namespace:      str(in.Namespace),
		MetricName:     str(in.MetricName),
		NextToken:      str(in.NextToken),
		RecentlyActive: str(in.RecentlyActive),
		OwningAccount:  str(in.OwningAccount),
	}
	for _, d := range in.Dimensions {
		req.Dimensions = append(req.Dimensions, metrics.DimensionFilter{Name: str(d.Name), Value: str(d.Value)})
	}
	res, err := a.svc.ListMetrics(ctx, c.Principal.AccountID, req)
	if err != nil {
		return nil, err
	}
	out := listMetricsOutput{Metrics: make([]metric, len(res.Metrics)), NextToken: opt(res.NextToken)}
	for i, m := range res.Metrics {
		out.Metrics[i] = fromMetric(m)
	}
	return out, nil
}
