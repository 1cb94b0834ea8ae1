package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type listAPIDestinationsInput struct {
	NamePrefix    *string `json:"NamePrefix"`
	ConnectionArn *string `json:"ConnectionArn"`
	NextToken     *string `json:"NextToken"`
	Limit         *int32  `json:"Limit"`
}

type listAPIDestinationsOutput struct {
	APIDestinations []apiDestination `json:"ApiDestinations"`
	NextToken       *string          `json:"NextToken,omitempty"`
}

func (a *API) listAPIDestinations(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listAPIDestinationsInput](c)
	if err != nil {
		return nil, err
	}
	views, next, err := a.svc.ListAPIDestinations(ctx, caller(c), events.ListAPIDestinationsInput{NamePrefix: str(in.NamePrefix),
		ConnectionARN: str(in.ConnectionArn), NextToken: str(in.NextToken), Limit: i32(in.Limit)})
	if err != nil {
		return nil, err
	}
	out := listAPIDestinationsOutput{APIDestinations: make([]apiDestination, len(views)), NextToken: opt(next)}
	for i, v := range views {
		out.APIDestinations[i] = destinationOut(v)
	}
	return out, nil
}
