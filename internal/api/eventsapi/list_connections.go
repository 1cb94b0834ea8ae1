package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type listConnectionsInput struct {
	NamePrefix      *string `json:"NamePrefix"`
	ConnectionState *string `json:"ConnectionState"`
	NextToken       *string `json:"NextToken"`
	Limit           *int32  `json:"Limit"`
}

type listConnectionsOutput struct {
	Connections []connection `json:"Connections"`
	NextToken   *string      `json:"NextToken,omitempty"`
}

func (a *API) listConnections(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listConnectionsInput](c)
	if err != nil {
		return nil, err
	}
	views, next, err := a.svc.ListConnections(ctx, caller(c), events.ListConnectionsInput{NamePrefix: str(in.NamePrefix),
		ConnectionState: str(in.ConnectionState), NextToken: str(in.NextToken), Limit: i32(in.Limit)})
	if err != nil {
		return nil, err
	}
	out := listConnectionsOutput{Connections: make([]connection, len(views)), NextToken: opt(next)}
	for i, v := range views {
		out.Connections[i] = connectionOut(v)
	}
	return out, nil
}
