package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type connectionName struct {
	Name *string `json:"Name"`
}

// connection is a connection as DescribeConnection and ListConnections
// return it.
type connection struct {
	ConnectionArn      string              `json:"ConnectionArn"`
	Name               string              `json:"Name"`
	Description        *string             `json:"Description,omitempty"`
	ConnectionState    string              `json:"ConnectionState"`
	AuthorizationType  string              `json:"AuthorizationType"`
	AuthParameters     *authParameters     `json:"AuthParameters,omitempty"`
	CreationTime       *awsproto.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime   *awsproto.Timestamp `json:"LastModifiedTime,omitempty"`
	LastAuthorizedTime *awsproto.Timestamp `json:"LastAuthorizedTime,omitempty"`
}

func connectionOut(v events.ConnectionView) connection {
	return connection{ConnectionArn: v.ARN, Name: v.Name, Description: opt(v.Description), ConnectionState: v.State,
		AuthorizationType: v.AuthorizationType, AuthParameters: authOut(v.Auth), CreationTime: ts(v.CreationTime),
		LastModifiedTime: ts(v.LastModified), LastAuthorizedTime: ts(v.LastAuthorized)}
}

func (a *API) describeConnection(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[connectionName](c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DescribeConnection(ctx, caller(c), str(in.Name))
	if err != nil {
		return nil, err
	}
	return connectionOut(v), nil
}
