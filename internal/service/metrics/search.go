package metrics

import (
	"context"
	"fmt"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/metricmath"
)

// maxSearchResults is the most metrics one SEARCH returns, as in
// CloudWatch; the excess is left out with a message.
const maxSearchResults = 500

// listPage is how many metrics SEARCH asks the store for at a time.
const listPage = 500

// searchFunc runs the SEARCH calls of an expression: it finds the
// account's metrics active in the last two weeks that match the query and
// reads stat of each one.
func (r *dataRun) searchFunc(ctx context.Context) metricmath.SearchFunc {
	return func(query, stat string, period int) ([]metricmath.Series, error) {
		sq, err := metricmath.ParseSearch(query)
		if err != nil {
			return nil, err
		}
		if !ValidStatistic(stat) {
			return nil, model.Errorf(model.ErrInvalidParameter, "The statistic %s of SEARCH is not a valid statistic.", clip(stat))
		}
		if !validPeriod(int64(period)) {
			return nil, model.Errorf(model.ErrInvalidParameter, "The period %d of SEARCH must be 1, 5, 10, 20, 30 or a multiple of 60.", period)
		}
		found, err := r.findMetrics(ctx, sq)
		if err != nil {
			return nil, err
		}
		out, err := r.readMany(ctx, found, stat, int64(period))
		if err != nil {
			return nil, err
		}
		for i, l := range searchLabels(found) {
			out[i].Label = l
		}
		return out, nil
	}
}

// findMetrics lists the metrics a search query matches, at most
// maxSearchResults of them.
func (r *dataRun) findMetrics(ctx context.Context, sq *metricmath.SearchQuery) ([]Metric, error) {
	q := ListQuery{AccountID: r.account, Now: r.now, Limit: listPage}
	if sq.HasSchema {
		q.Namespace = sq.Namespace
	}
	var found []Metric
	dims := make(map[string]string)
	for {
		page, next, err := r.svc.store.List(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("cannot list metrics: %w", err)
		}
		for _, m := range page {
			clear(dims)
			for _, d := range m.Dimensions {
				dims[d.Name] = d.Value
			}
			if !sq.Matches(m.Namespace, m.MetricName, dims) {
				continue
			}
			if len(found) == maxSearchResults {
				r.note(MessageData{Code: "MaxMetricsExceeded", Value: fmt.Sprintf("Maximum number of allowed metrics exceeded: a SEARCH returns at most %d metrics.", maxSearchResults)})
				return found, nil
			}
			found = append(found, m)
		}
		if next == "" {
			return found, nil
		}
		q.NextToken = next
	}
}

// searchLabels labels the series of a SEARCH by what tells them apart:
// their dimension values, preceded by the metric name when the results
// span several metric names or a metric has no dimensions.
func searchLabels(ms []Metric) []string {
	several := false
	for _, m := range ms {
		if m.MetricName != ms[0].MetricName {
			several = true
			break
		}
	}
	labels := make([]string, len(ms))
	var parts []string
	for i, m := range ms {
		parts = parts[:0]
		if several || len(m.Dimensions) == 0 {
			parts = append(parts, m.MetricName)
		}
		for _, d := range m.Dimensions {
			parts = append(parts, d.Value)
		}
		labels[i] = strings.Join(parts, " ")
	}
	return labels
}
