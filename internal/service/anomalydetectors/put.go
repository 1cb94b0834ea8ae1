package anomalydetectors

import (
	"context"
	"errors"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// PutInput is a PutAnomalyDetector request.
type PutInput struct {
	Identity
	Configuration  *Configuration
	PeriodicSpikes *bool
}

// PutAnomalyDetector creates a detector, or replaces the configuration of
// the one with the same metric and statistic (or queries).
func (s *Service) PutAnomalyDetector(ctx context.Context, accountID string, in PutInput) error {
	d, err := s.check(ctx, accountID, in.Identity)
	if err != nil {
		return err
	}
	if _, err := checkConfiguration(in.Configuration); err != nil {
		return err
	}
	d.Configuration, d.PeriodicSpikes = in.Configuration, in.PeriodicSpikes
	return s.store.PutAnomalyDetector(ctx, d.record(accountID, s.now().UnixMilli()), MaxDetectors, true)
}

// DeleteAnomalyDetector removes a detector; one that does not exist is
// model.ErrNotFound.
func (s *Service) DeleteAnomalyDetector(ctx context.Context, accountID string, id Identity) error {
	d, err := s.check(ctx, accountID, id)
	if err != nil {
		return err
	}
	return s.store.DeleteAnomalyDetector(ctx, accountID, d.key())
}

// check validates the detector id names.
func (s *Service) check(ctx context.Context, accountID string, id Identity) (*Detector, error) {
	d, p, err := id.resolve(accountID)
	if err != nil {
		return nil, err
	}
	if d.Single != nil {
		return d, checkSingle(p, d.Single)
	}
	if err := checkMetricMath(d.MetricMath); err != nil {
		return nil, err
	}
	return d, s.tryQueries(ctx, accountID, d.MetricMath.Queries)
}

// tryQueries runs the queries of a metric math detector over the last
// hour, so that they are checked by the same rules as GetMetricData.
func (s *Service) tryQueries(ctx context.Context, accountID string, qs []metrics.MetricDataQuery) error {
	end := s.now().Truncate(60e9)
	_, err := s.reader.GetMetricData(ctx, accountID, metrics.GetMetricDataInput{
		MetricDataQueries: qs, StartTime: end.Add(-3600e9).UnixMilli(), EndTime: end.UnixMilli(), MaxDatapoints: 1,
	})
	var me *model.Error
	if errors.Is(err, model.ErrValidation) && errors.As(err, &me) {
		// GetMetricData reports a malformed query as ValidationError;
		// PutAnomalyDetector has no such error and says InvalidParameterValue.
		return model.Errorf(model.ErrInvalidParameter, "%s", me.Message)
	}
	return err
}
