package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

// putDashboardInput leaves Tags undecoded: OpenWatch keeps no tags on
// dashboards, and AWS applies them only when the dashboard is created.
type putDashboardInput struct {
	DashboardName *string `json:"DashboardName,omitempty"`
	DashboardBody *string `json:"DashboardBody,omitempty"`
}

type putDashboardOutput struct {
	DashboardValidationMessages []validationMessage `json:"DashboardValidationMessages"`
}

func (a *API) putDashboard(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.dashboardService(c)
	if err != nil {
		return nil, err
	}
	in, err := decode[putDashboardInput](c)
	if err != nil {
		return nil, err
	}
	if err := svc.Put(ctx, c.Principal.AccountID, str(in.DashboardName), str(in.DashboardBody)); err != nil {
		return nil, dashboardError(err)
	}
	return putDashboardOutput{DashboardValidationMessages: []validationMessage{}}, nil
}
