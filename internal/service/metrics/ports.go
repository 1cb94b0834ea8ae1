package metrics

import (
	"context"

	"github.com/openwatch/openwatch/internal/model"
)

// MetricStore keeps the datapoints of every account. The embedded default
// is storage/metricstore, adapted by the app.
//
// Contracts:
//   - Add stores data that the service has validated. Each datum carries its
//     AccountID and Namespace; a Unit of "" means None and a
//     StorageResolution of 0 means 60. It returns once the data are durable
//     and visible to Query and List; on error none of them is. It keeps
//     nothing of data's slice after it returns (the service reuses it), and
//     only reads what the data point to. Invalid data fail with
//     model.ErrInvalidParameter, store failures wrap model.ErrUnavailable.
//   - Query computes statistics per period of one series, one result per
//     unit the series has data in (or only q.Unit), in ascending unit order,
//     leaving out units without data in the range. Statistic names are
//     CloudWatch's (Sum, p99, TM(10%:90%)…); an unknown one fails with
//     model.ErrInvalidParameter.
//   - List returns, in a stable order, up to q.Limit metrics of an account
//     that match the filter, and a token for the next page ("" on the last
//     page). A token it cannot read fails with model.ErrInvalidParameter.
//   - All methods are safe for concurrent use. Returned slices belong to the
//     caller.
type MetricStore interface {
	Add(ctx context.Context, data []model.MetricDatum) error
	Query(ctx context.Context, q SeriesQuery) ([]SeriesStats, error)
	List(ctx context.Context, q ListQuery) ([]Metric, string, error)
}

// SeriesScanner is what a MetricStore may also implement to read many
// series in one pass, which SEARCH uses: a query of 15 days at 60 seconds
// over hundreds of metrics is dominated by per-series costs otherwise.
//
// QueryEach computes what Query computes for q with its Metric set to each
// of metrics in turn, and calls fn with every result: i is the position
// of the metric in metrics; a metric with data in several units gives a
// result per unit. Calls come one at a time, in no particular order, from
// up to concurrency goroutines. r and its slices are reused after fn
// returns, so fn copies what it keeps. An error from fn stops the reading
// and is returned.
type SeriesScanner interface {
	QueryEach(ctx context.Context, q SeriesQuery, metrics []Metric, concurrency int, fn func(i int, r *SeriesStats) error) error
}

// Metric identifies a metric of an account: CloudWatch's Metric shape.
// Two metrics are the same when their dimension sets are equal, in any
// order; the store returns dimensions sorted by name.
type Metric struct {
	Namespace  string
	MetricName string
	Dimensions []model.Dimension
}

// SeriesQuery asks the store for statistics of one series per period.
type SeriesQuery struct {
	AccountID string
	Metric    Metric
	// Start and End bound the datapoints as [Start, End), in epoch
	// milliseconds; Start is a whole second. Period i covers
	// [Start + i·Period, Start + (i+1)·Period).
	Start, End int64
	// Period is in seconds: 1, 5, 10, 20, 30 or a multiple of 60.
	Period int64
	// Statistics are computed for every period that holds data.
	Statistics []string
	// Unit selects data stored with that unit; "" selects every unit.
	Unit string
	// Now, in epoch milliseconds, applies retention: data older than its
	// resolution is kept for is left out.
	Now int64
}

// SeriesStats are the statistics of one series in one unit.
type SeriesStats struct {
	// Unit is the unit's CloudWatch name ("None" for data without one).
	Unit string
	// Timestamps holds the start of every period with data, in epoch
	// milliseconds, ascending.
	Timestamps []int64
	// Values[i][j] is statistic i of the period at Timestamps[j]; NaN when
	// it is not available (a percentile over negative values).
	Values [][]float64
}

// DimensionFilter matches metrics that have dimension Name, with value
// Value unless Value is "".
type DimensionFilter struct {
	Name  string
	Value string
}

// ListQuery selects metrics of one account as ListMetrics does: every set
// field must match, and a metric must have every dimension of Dimensions
// (it may have others).
type ListQuery struct {
	AccountID  string
	Namespace  string
	MetricName string
	Dimensions []DimensionFilter
	// RecentlyActive keeps only metrics with data in the three hours
	// before Now.
	RecentlyActive bool
	// Now, in epoch milliseconds, limits the listing to metrics with data
	// in the two weeks before it.
	Now       int64
	Limit     int
	NextToken string
}
