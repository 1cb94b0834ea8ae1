package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type connectionParameter struct {
	Key           *string `json:"Key"`
	Value         *string `json:"Value,omitempty"`
	IsValueSecret *bool   `json:"IsValueSecret,omitempty"`
}

type invocationHTTPParameters struct {
	HeaderParameters      []connectionParameter `json:"HeaderParameters,omitempty"`
	QueryStringParameters []connectionParameter `json:"QueryStringParameters,omitempty"`
	BodyParameters        []connectionParameter `json:"BodyParameters,omitempty"`
}

type basicAuthParameters struct {
	Username *string `json:"Username,omitempty"`
	Password *string `json:"Password,omitempty"`
}

type apiKeyAuthParameters struct {
	APIKeyName  *string `json:"ApiKeyName,omitempty"`
	APIKeyValue *string `json:"ApiKeyValue,omitempty"`
}

// authParameters is a connection's AuthParameters; in responses secret
// values are left out.
type authParameters struct {
	BasicAuthParameters      *basicAuthParameters      `json:"BasicAuthParameters,omitempty"`
	APIKeyAuthParameters     *apiKeyAuthParameters     `json:"ApiKeyAuthParameters,omitempty"`
	InvocationHTTPParameters *invocationHTTPParameters `json:"InvocationHttpParameters,omitempty"`
}

func paramsIn(ps []connectionParameter) []events.ConnectionParameter {
	out := make([]events.ConnectionParameter, len(ps))
	for i, p := range ps {
		out[i] = events.ConnectionParameter{Key: str(p.Key), Value: str(p.Value), IsValueSecret: p.IsValueSecret != nil && *p.IsValueSecret}
	}
	return out
}

func paramsOut(ps []events.ConnectionParameter) []connectionParameter {
	out := make([]connectionParameter, len(ps))
	for i, p := range ps {
		out[i] = connectionParameter{Key: &p.Key, Value: opt(p.Value), IsValueSecret: &p.IsValueSecret}
	}
	return out
}

func authIn(a *authParameters) *events.ConnectionAuth {
	if a == nil {
		return nil
	}
	out := &events.ConnectionAuth{}
	if b := a.BasicAuthParameters; b != nil {
		out.BasicAuthParameters = &events.BasicAuth{Username: str(b.Username), Password: str(b.Password)}
	}
	if k := a.APIKeyAuthParameters; k != nil {
		out.APIKeyAuthParameters = &events.APIKeyAuth{APIKeyName: str(k.APIKeyName), APIKeyValue: str(k.APIKeyValue)}
	}
	if h := a.InvocationHTTPParameters; h != nil {
		out.InvocationHTTPParameters = &events.InvocationHTTP{HeaderParameters: paramsIn(h.HeaderParameters),
			QueryStringParameters: paramsIn(h.QueryStringParameters), BodyParameters: paramsIn(h.BodyParameters)}
	}
	return out
}

func authOut(a *events.ConnectionAuth) *authParameters {
	if a == nil {
		return nil
	}
	out := &authParameters{}
	if b := a.BasicAuthParameters; b != nil {
		out.BasicAuthParameters = &basicAuthParameters{Username: &b.Username}
	}
	if k := a.APIKeyAuthParameters; k != nil {
		out.APIKeyAuthParameters = &apiKeyAuthParameters{APIKeyName: &k.APIKeyName}
	}
	if h := a.InvocationHTTPParameters; h != nil {
		out.InvocationHTTPParameters = &invocationHTTPParameters{HeaderParameters: paramsOut(h.HeaderParameters),
			QueryStringParameters: paramsOut(h.QueryStringParameters), BodyParameters: paramsOut(h.BodyParameters)}
	}
	return out
}

type createConnectionInput struct {
	Name              *string         `json:"Name"`
	Description       *string         `json:"Description"`
	AuthorizationType *string         `json:"AuthorizationType"`
	AuthParameters    *authParameters `json:"AuthParameters"`
}

// connectionState is the output of CreateConnection and DeleteConnection.
type connectionState struct {
	ConnectionArn      string              `json:"ConnectionArn"`
	ConnectionState    string              `json:"ConnectionState"`
	CreationTime       *awsproto.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime   *awsproto.Timestamp `json:"LastModifiedTime,omitempty"`
	LastAuthorizedTime *awsproto.Timestamp `json:"LastAuthorizedTime,omitempty"`
}

func stateOut(v events.ConnectionView) connectionState {
	return connectionState{ConnectionArn: v.ARN, ConnectionState: v.State, CreationTime: ts(v.CreationTime),
		LastModifiedTime: ts(v.LastModified), LastAuthorizedTime: ts(v.LastAuthorized)}
}

func (a *API) createConnection(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[createConnectionInput](c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.CreateConnection(ctx, caller(c), events.CreateConnectionInput{Name: str(in.Name), Description: str(in.Description),
		AuthorizationType: str(in.AuthorizationType), Auth: authIn(in.AuthParameters)})
	if err != nil {
		return nil, err
	}
	out := stateOut(v)
	out.LastAuthorizedTime = nil
	return out, nil
}
