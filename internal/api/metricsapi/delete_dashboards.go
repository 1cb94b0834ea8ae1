package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteDashboardsInput struct {
	DashboardNames []string `json:"DashboardNames"`
}

// deleteDashboardsOutput is the empty DeleteDashboardsOutput: the query
// protocol still answers with a DeleteDashboardsResult element.
type deleteDashboardsOutput struct{}

func (a *API) deleteDashboards(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.dashboardService(c)
	if err != nil {
		return nil, err
	}
	in, err := decode[deleteDashboardsInput](c)
	if err != nil {
		return nil, err
	}
	if err := svc.Delete(ctx, c.Principal.AccountID, in.DashboardNames); err != nil {
		return nil, dashboardError(err)
	}
	return deleteDashboardsOutput{}, nil
}
