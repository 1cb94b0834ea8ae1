package anomalydetectors

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
)

// DescribeInput is a DescribeAnomalyDetectors request.
type DescribeInput struct {
	Namespace, MetricName string
	// Dimensions keep detectors whose metric has every one of them.
	Dimensions []model.Dimension
	// Types are model.AnomalyDetectorSingleMetric and
	// model.AnomalyDetectorMetricMath; none means single-metric only.
	Types      []string
	MaxResults int
	NextToken  string
}

// DescribeOutput is one page of detectors.
type DescribeOutput struct {
	Detectors []Detector
	NextToken string
}

// DescribeAnomalyDetectors lists the account's detectors that match, in
// a stable order, with their training state.
func (s *Service) DescribeAnomalyDetectors(ctx context.Context, accountID string, in DescribeInput) (DescribeOutput, error) {
	limit := in.MaxResults
	switch {
	case limit == 0:
		limit = defaultPageSize
	case limit < 1 || limit > maxPageSize:
		return DescribeOutput{}, invalidValue("MaxResults", fmt.Sprint(limit), fmt.Sprintf(" It must be between 1 and %d.", maxPageSize))
	}
	types := in.Types
	if len(types) > 2 {
		return DescribeOutput{}, model.Errorf(model.ErrInvalidParameter, "The parameter AnomalyDetectorTypes can hold at most 2 types.")
	}
	for _, t := range types {
		if t != model.AnomalyDetectorSingleMetric && t != model.AnomalyDetectorMetricMath {
			return DescribeOutput{}, invalidValue("AnomalyDetectorTypes", t, " Valid values are SINGLE_METRIC and METRIC_MATH.")
		}
	}
	if len(types) == 0 {
		types = []string{model.AnomalyDetectorSingleMetric}
	}
	after := ""
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil || len(b) == 0 {
			return DescribeOutput{}, model.Errorf(model.ErrInvalidNextToken, "The value for parameter NextToken is not valid.")
		}
		after = string(b)
	}
	recs, err := s.store.ListAnomalyDetectors(ctx, accountID, in.Namespace, in.MetricName)
	if err != nil {
		return DescribeOutput{}, err
	}
	var out DescribeOutput
	lastKey := ""
	for _, r := range recs {
		if r.Key <= after || !slices.Contains(types, r.Type) {
			continue
		}
		d, err := decode(r)
		if err != nil {
			return DescribeOutput{}, err
		}
		if !hasDimensions(d, in.Dimensions) {
			continue
		}
		if len(out.Detectors) == limit {
			out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(lastKey))
			break
		}
		if d.State, err = s.state(ctx, accountID, d); err != nil {
			return DescribeOutput{}, err
		}
		out.Detectors = append(out.Detectors, *d)
		lastKey = r.Key
	}
	return out, nil
}

// hasDimensions reports whether a single-metric detector's metric has
// every dimension of want; metric math detectors match no dimension
// filter.
func hasDimensions(d *Detector, want []model.Dimension) bool {
	if len(want) == 0 {
		return true
	}
	if d.Single == nil {
		return false
	}
	for _, w := range want {
		if !slices.Contains(d.Single.Dimensions, w) {
			return false
		}
	}
	return true
}
