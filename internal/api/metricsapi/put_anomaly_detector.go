package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/anomalydetectors"
)

type putAnomalyDetectorInput struct {
	anomalyDetectorIdentity
	Configuration         *anomalyDetectorConfiguration `json:"Configuration,omitempty"`
	MetricCharacteristics *metricCharacteristics        `json:"MetricCharacteristics,omitempty"`
}

// putAnomalyDetectorOutput is the empty PutAnomalyDetectorOutput: the
// query protocol still answers with a PutAnomalyDetectorResult element.
type putAnomalyDetectorOutput struct{}

func (a *API) putAnomalyDetector(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.anomalyService(c)
	if err != nil {
		return nil, err
	}
	in, err := decode[putAnomalyDetectorInput](c)
	if err != nil {
		return nil, err
	}
	req := anomalydetectors.PutInput{Identity: in.identity(), Configuration: toConfiguration(in.Configuration)}
	if in.MetricCharacteristics != nil {
		req.PeriodicSpikes = in.MetricCharacteristics.PeriodicSpikes
	}
	if err := svc.PutAnomalyDetector(ctx, c.Principal.AccountID, req); err != nil {
		return nil, anomalyError(err)
	}
	return putAnomalyDetectorOutput{}, nil
}
