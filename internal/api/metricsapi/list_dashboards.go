package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type listDashboardsInput struct {
	DashboardNamePrefix *string `json:"DashboardNamePrefix,omitempty"`
	NextToken           *string `json:"NextToken,omitempty"`
}

type dashboardEntry struct {
	DashboardName *string            `json:"DashboardName,omitempty"`
	DashboardArn  *string            `json:"DashboardArn,omitempty"`
	LastModified  awsproto.Timestamp `json:"LastModified"`
	Size          int64              `json:"Size"`
}

type listDashboardsOutput struct {
	DashboardEntries []dashboardEntry `json:"DashboardEntries"`
	NextToken        *string          `json:"NextToken,omitempty"`
}

func (a *API) listDashboards(ctx context.Context, c *awsproto.Call) (any, error) {
	svc, err := a.dashboardService(c)
	if err != nil {
		return nil, err
	}
	in, err := decode[listDashboardsInput](c)
	if err != nil {
		return nil, err
	}
	entries, next, err := svc.List(ctx, c.Principal.AccountID, str(in.DashboardNamePrefix), str(in.NextToken))
	if err != nil {
		return nil, dashboardError(err)
	}
	out := listDashboardsOutput{DashboardEntries: make([]dashboardEntry, len(entries)), NextToken: opt(next)}
	for i, e := range entries {
		out.DashboardEntries[i] = dashboardEntry{DashboardName: &e.Name, DashboardArn: &e.ARN,
			LastModified: awsproto.Timestamp(e.LastModified), Size: e.Size}
	}
	return out, nil
}
