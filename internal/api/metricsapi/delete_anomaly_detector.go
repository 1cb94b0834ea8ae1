package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteAnomalyDetectorInput struct {
	anomalyDetectorIdentity
}

// deleteAnomalyDetectorOutput is the empty DeleteAnomalyDetectorOutput,
// answered inside a DeleteAnomalyDetectorResult element by the query
// protocol.
type deleteAnomalyDetectorOutput struct{}

func (a *API) deleteAnomalyDetector(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.anomalyService(c)
	if err != nil {
		return nil, err
	}
	in, err := decode[deleteAnomalyDetectorInput](c)
	if err != nil {
		return nil, err
	}
	if err := svc.DeleteAnomalyDetector(ctx, c.Principal.AccountID, in.identity()); err != nil {
		return nil, anomalyError(err)
	}
	return deleteAnomalyDetectorOutput{}, nil
}
