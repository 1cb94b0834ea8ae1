package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/dashboards"
)

type getDashboardInput struct {
	DashboardName *string `json:"DashboardName,omitempty"`
}

type getDashboardOutput struct {
	DashboardArn  *string `json:"DashboardArn,omitempty"`
	DashboardBody *string `json:"DashboardBody,omitempty"`
	DashboardName *string `json:"DashboardName,omitempty"`
}

func (a *API) getDashboard(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.dashboardService(c)
	if err != nil {
		return nil, err
	}
	in, err := decode[getDashboardInput](c)
	if err != nil {
		return nil, err
	}
	d, err := svc.Get(ctx, c.Principal.AccountID, str(in.DashboardName))
	if err != nil {
		return nil, dashboardError(err)
	}
	arn := dashboards.ARN(d.AccountID, d.Name)
	return getDashboardOutput{DashboardArn: &arn, DashboardBody: &d.Body, DashboardName: &d.Name}, nil
}
