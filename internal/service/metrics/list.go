package metrics

import (
	"context"
	"errors"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// ListMetricsInput is a ListMetrics request.
type ListMetricsInput struct {
	Namespace  string
	MetricName string
	Dimensions []DimensionFilter
	NextToken  string
	// RecentlyActive is "" or "PT3H", the only value CloudWatch knows.
	RecentlyActive string
	// OwningAccount, when set, lists only that account's metrics; an
	// account sees only its own.
	OwningAccount string
}

// ListMetricsOutput is one page of ListMetrics.
type ListMetricsOutput struct {
	Metrics   []Metric
	NextToken string
}

// listLimit is the page size of ListMetrics.
const listLimit = 500

// ListMetrics lists the account's metrics with data in the last two weeks
// (three hours with RecentlyActive) that match the filters, 500 a page.
func (s *Service) ListMetrics(ctx context.Context, account string, in ListMetricsInput) (ListMetricsOutput, error) {
	if in.Namespace != "" {
		if err := checkNamespace(top("Namespace"), in.Namespace, false); err != nil {
			return ListMetricsOutput{}, err
		}
	}
	if in.MetricName != "" {
		if err := checkText(top("MetricName"), in.MetricName, maxNameLen); err != nil {
			return ListMetricsOutput{}, err
		}
	}
	filters := top("Dimensions")
	if len(in.Dimensions) > maxDimFilters {
		return ListMetricsOutput{}, tooMany(filters, maxDimFilters)
	}
	for i, d := range in.Dimensions {
		p := filters.at(i)
		if err := checkDimensionName(p.dot("Name"), d.Name); err != nil {
			return ListMetricsOutput{}, err
		}
		if len(d.Value) > maxDimValueLen {
			return ListMetricsOutput{}, tooLong(p.dot("Value"), maxDimValueLen)
		}
	}
	switch in.RecentlyActive {
	case "", "PT3H":
	default:
		return ListMetricsOutput{}, model.Errorf(model.ErrInvalidParameter, "The value %s for parameter RecentlyActive is invalid. The only valid value is PT3H.", clip(in.RecentlyActive))
	}
	if in.OwningAccount != "" && in.OwningAccount != account {
		return ListMetricsOutput{Metrics: []Metric{}}, nil
	}
	ms, next, err := s.store.List(ctx, ListQuery{
		AccountID: account, Namespace: in.Namespace, MetricName: in.MetricName,
		Dimensions: in.Dimensions, RecentlyActive: in.RecentlyActive != "",
		Now: s.nowMs(), Limit: listLimit, NextToken: in.NextToken,
	})
	if err != nil {
		if in.NextToken != "" && errors.Is(err, model.ErrInvalidParameter) {
			// The filters were checked above: the store refused the token.
			return ListMetricsOutput{}, invalidValue(top("NextToken"), in.NextToken)
		}
		return ListMetricsOutput{}, fmt.Errorf("cannot list metrics: %w", err)
	}
	if ms == nil {
		ms = []Metric{}
	}
	return ListMetricsOutput{Metrics: ms, NextToken: next}, nil
}
