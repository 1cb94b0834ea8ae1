package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

// apiDestination is an API destination as DescribeApiDestination and
// ListApiDestinations return it.
type apiDestination struct {
	APIDestinationArn            string              `json:"ApiDestinationArn"`
	Name                         string              `json:"Name"`
	Description                  *string             `json:"Description,omitempty"`
	APIDestinationState          string              `json:"ApiDestinationState"`
	ConnectionArn                string              `json:"ConnectionArn"`
	InvocationEndpoint           string              `json:"InvocationEndpoint"`
	HTTPMethod                   string              `json:"HttpMethod"`
	InvocationRateLimitPerSecond *int64              `json:"InvocationRateLimitPerSecond,omitempty"`
	CreationTime                 *awsproto.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime             *awsproto.Timestamp `json:"LastModifiedTime,omitempty"`
}

func destinationOut(v events.APIDestinationView) apiDestination {
	return apiDestination{APIDestinationArn: v.ARN, Name: v.Name, Description: opt(v.Description), APIDestinationState: v.State,
		ConnectionArn: v.ConnectionARN, InvocationEndpoint: v.InvocationEndpoint, HTTPMethod: v.HTTPMethod,
		InvocationRateLimitPerSecond: opt(v.RateLimitPerSecond), CreationTime: ts(v.CreationTime), LastModifiedTime: ts(v.LastModified)}
}

type apiDestinationName struct {
	Name *string `json:"Name"`
}

func (a *API) describeAPIDestination(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[apiDestinationName](c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DescribeAPIDestination(ctx, caller(c), str(in.Name))
	if err != nil {
		return nil, err
	}
	return destinationOut(v), nil
}
