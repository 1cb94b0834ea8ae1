package events

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// Connection authorization types. NONE, which EventBridge lacks, sends no
// credentials: plain webhooks need nothing more.
const (
	AuthBasic  = "BASIC"
	AuthAPIKey = "API_KEY"
	AuthNone   = "NONE"
	authOAuth  = "OAUTH_CLIENT_CREDENTIALS"
)

// Connection states this implementation uses.
const (
	ConnectionAuthorized = "AUTHORIZED"
	ConnectionDeleting   = "DELETING"
)

// ConnectionAuth holds a connection's credentials and extra parameters,
// with the wire's member names; it is stored as JSON.
type ConnectionAuth struct {
	BasicAuthParameters      *BasicAuth      `json:"BasicAuthParameters,omitempty"`
	APIKeyAuthParameters     *APIKeyAuth     `json:"ApiKeyAuthParameters,omitempty"`
	InvocationHTTPParameters *InvocationHTTP `json:"InvocationHttpParameters,omitempty"`
}

// BasicAuth is HTTP basic authorization.
type BasicAuth struct {
	Username string `json:"Username"`
	Password string `json:"Password,omitempty"`
}

// APIKeyAuth sends a key in a header.
type APIKeyAuth struct {
	APIKeyName  string `json:"ApiKeyName"`
	APIKeyValue string `json:"ApiKeyValue,omitempty"`
}

// InvocationHTTP adds headers, query parameters and body members to every
// request through the connection.
type InvocationHTTP struct {
	HeaderParameters      []ConnectionParameter `json:"HeaderParameters,omitempty"`
	QueryStringParameters []ConnectionParameter `json:"QueryStringParameters,omitempty"`
	BodyParameters        []ConnectionParameter `json:"BodyParameters,omitempty"`
}

// ConnectionParameter is one key and value; secret values are never shown.
type ConnectionParameter struct {
	Key           string `json:"Key"`
	Value         string `json:"Value,omitempty"`
	IsValueSecret bool   `json:"IsValueSecret,omitempty"`
}

// ConnectionView is a connection as the API shows it, secrets removed.
type ConnectionView struct {
	Name, ARN, Description, State, AuthorizationType string
	Auth                                             *ConnectionAuth
	CreationTime, LastModified, LastAuthorized       int64 // epoch milliseconds
}

// CreateConnectionInput is a CreateConnection request.
type CreateConnectionInput struct {
	Name, Description, AuthorizationType string
	Auth                                 *ConnectionAuth
}

func checkAuth(typ string, a *ConnectionAuth) error {
	switch typ {
	case "":
		return missing("authorizationType")
	case AuthBasic:
		if a == nil || a.BasicAuthParameters == nil || a.BasicAuthParameters.Username == "" || a.BasicAuthParameters.Password == "" {
			return validation("BasicAuthParameters with Username and Password are required for authorization type BASIC.")
		}
	case AuthAPIKey:
		if a == nil || a.APIKeyAuthParameters == nil || a.APIKeyAuthParameters.APIKeyName == "" || a.APIKeyAuthParameters.APIKeyValue == "" {
			return validation("ApiKeyAuthParameters with ApiKeyName and ApiKeyValue are required for authorization type API_KEY.")
		}
	case AuthNone:
	case authOAuth:
		return validation("Authorization type OAUTH_CLIENT_CREDENTIALS is not supported.")
	default:
		return validation("1 validation error detected: Value '%s' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]", typ)
	}
	return nil
}

// CreateConnection stores a connection; it is authorized at once, since
// BASIC, API_KEY and NONE need no exchange with the endpoint.
func (s *Service) CreateConnection(ctx context.Context, c Caller, in CreateConnectionInput) (ConnectionView, error) {
	if err := checkName("name", in.Name, resourceNameRe); err != nil {
		return ConnectionView{}, err
	}
	if err := checkLen("description", in.Description, 512); err != nil {
		return ConnectionView{}, err
	}
	if err := checkAuth(in.AuthorizationType, in.Auth); err != nil {
		return ConnectionView{}, err
	}
	auth := in.Auth
	if auth == nil {
		auth = &ConnectionAuth{}
	}
	b, err := json.Marshal(auth)
	if err != nil {
		return ConnectionView{}, fmt.Errorf("cannot encode connection %q: %w", in.Name, err)
	}
	now := s.now().UnixMilli()
	x := model.EventConnection{AccountID: c.AccountID, Name: in.Name, Description: in.Description, AuthorizationType: in.AuthorizationType,
		AuthParameters: string(b), State: ConnectionAuthorized, CreatedAt: now, LastModified: now}
	if err := s.store.CreateEventConnection(ctx, x); err != nil {
		return ConnectionView{}, err
	}
	return connectionView(c, x, false)
}

// connectionView shows a connection; withAuth adds its parameters without
// secret values.
func connectionView(c Caller, x model.EventConnection, withAuth bool) (ConnectionView, error) {
	v := ConnectionView{Name: x.Name, ARN: connectionARN(c, x.Name, x.CreatedAt), Description: x.Description, State: x.State,
		AuthorizationType: x.AuthorizationType, CreationTime: x.CreatedAt, LastModified: x.LastModified, LastAuthorized: x.CreatedAt}
	if !withAuth {
		return v, nil
	}
	a, err := decodeAuth(x)
	if err != nil {
		return ConnectionView{}, err
	}
	if a.BasicAuthParameters != nil {
		a.BasicAuthParameters.Password = ""
	}
	if a.APIKeyAuthParameters != nil {
		a.APIKeyAuthParameters.APIKeyValue = ""
	}
	if h := a.InvocationHTTPParameters; h != nil {
		for _, list := range [][]ConnectionParameter{h.HeaderParameters, h.QueryStringParameters, h.BodyParameters} {
			for i := range list {
				if list[i].IsValueSecret {
					list[i].Value = ""
				}
			}
		}
	}
	v.Auth = &a
	return v, nil
}

func decodeAuth(x model.EventConnection) (ConnectionAuth, error) {
	var a ConnectionAuth
	if err := json.Unmarshal([]byte(x.AuthParameters), &a); err != nil {
		return ConnectionAuth{}, fmt.Errorf("cannot decode connection %q: %w", x.Name, err)
	}
	return a, nil
}

// DescribeConnection returns one connection without its secrets.
func (s *Service) DescribeConnection(ctx context.Context, c Caller, name string) (ConnectionView, error) {
	if err := checkName("name", name, resourceNameRe); err != nil {
		return ConnectionView{}, err
	}
	x, err := s.store.GetEventConnection(ctx, c.AccountID, name)
	if err != nil {
		return ConnectionView{}, err
	}
	return connectionView(c, x, true)
}

// ListConnectionsInput is a ListConnections request.
type ListConnectionsInput struct {
	NamePrefix, ConnectionState, NextToken string
	Limit                                  int32
}

// ListConnections lists connections in name order.
func (s *Service) ListConnections(ctx context.Context, c Caller, in ListConnectionsInput) ([]ConnectionView, string, error) {
	limit, err := listLimit(in.Limit)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, "", err
	}
	return filteredPage(limit, after,
		func(after string, n int) ([]model.EventConnection, error) {
			return s.store.ListEventConnections(ctx, c.AccountID, in.NamePrefix, after, n)
		},
		func(x model.EventConnection) string { return x.Name },
		func(x model.EventConnection) (ConnectionView, bool) {
			if in.ConnectionState != "" && x.State != in.ConnectionState {
				return ConnectionView{}, false
			}
			v, _ := connectionView(c, x, false)
			return v, true
		},
		func(v ConnectionView) string { return v.Name })
}

// DeleteConnection deletes a connection and returns what it was.
func (s *Service) DeleteConnection(ctx context.Context, c Caller, name string) (ConnectionView, error) {
	if err := checkName("name", name, resourceNameRe); err != nil {
		return ConnectionView{}, err
	}
	x, err := s.store.GetEventConnection(ctx, c.AccountID, name)
	if err != nil {
		return ConnectionView{}, err
	}
	if err := s.store.DeleteEventConnection(ctx, c.AccountID, name); err != nil {
		return ConnectionView{}, err
	}
	v, _ := connectionView(c, x, false)
	v.State = ConnectionDeleting
	return v, nil
}

// authHeaders are the headers a connection adds to each request.
func authHeaders(typ string, a ConnectionAuth) map[string]string {
	h := map[string]string{}
	switch typ {
	case AuthBasic:
		if b := a.BasicAuthParameters; b != nil {
			h["Authorization"] = "Basic " + base64.StdEncoding.EncodeToString([]byte(b.Username+":"+b.Password))
		}
	case AuthAPIKey:
		if k := a.APIKeyAuthParameters; k != nil {
			h[k.APIKeyName] = k.APIKeyValue
		}
	}
	if p := a.InvocationHTTPParameters; p != nil {
		for _, kv := range p.HeaderParameters {
			h[kv.Key] = kv.Value
		}
	}
	return h
}
