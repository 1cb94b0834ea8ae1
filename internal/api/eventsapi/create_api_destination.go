package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type createAPIDestinationInput struct {
	Name                         *string `json:"Name"`
	Description                  *string `json:"Description"`
	ConnectionArn                *string `json:"ConnectionArn"`
	InvocationEndpoint           *string `json:"InvocationEndpoint"`
	HTTPMethod                   *string `json:"HttpMethod"`
	InvocationRateLimitPerSecond *int64  `json:"InvocationRateLimitPerSecond"`
}

// apiDestinationState is the output of CreateApiDestination.
type apiDestinationState struct {
	APIDestinationArn   string              `json:"ApiDestinationArn"`
	APIDestinationState string              `json:"ApiDestinationState"`
	CreationTime        *awsproto.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime    *awsproto.Timestamp `json:"LastModifiedTime,omitempty"`
}

func (a *API) createAPIDestination(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[createAPIDestinationInput](c)
	if err != nil {
		return nil, err
	}
	var rate int64
	if in.InvocationRateLimitPerSecond != nil {
		rate = *in.InvocationRateLimitPerSecond
	}
	v, err := a.svc.CreateAPIDestination(ctx, caller(c), events.CreateAPIDestinationInput{Name: str(in.Name), Description: str(in.Description),
		ConnectionARN: str(in.ConnectionArn), InvocationEndpoint: str(in.InvocationEndpoint), HTTPMethod: str(in.HTTPMethod), RateLimitPerSecond: rate})
	if err != nil {
		return nil, err
	}
	return apiDestinationState{APIDestinationArn: v.ARN, APIDestinationState: v.State, CreationTime: ts(v.CreationTime), LastModifiedTime: ts(v.LastModified)}, nil
}
