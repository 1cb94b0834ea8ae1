package events

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// API destination state: destinations are usable as soon as created.
const DestinationActive = "ACTIVE"

var httpMethods = []string{"POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}

// APIDestinationView is an API destination as the API shows it.
type APIDestinationView struct {
	Name, ARN, Description, State, ConnectionARN string
	InvocationEndpoint, HTTPMethod               string
	RateLimitPerSecond                           int64
	CreationTime, LastModified                   int64 // epoch milliseconds
}

// CreateAPIDestinationInput is a CreateApiDestination request.
type CreateAPIDestinationInput struct {
	Name, Description, ConnectionARN string
	InvocationEndpoint, HTTPMethod   string
	RateLimitPerSecond               int64
}

// CreateAPIDestination stores an HTTP endpoint that rules can target. The
// connection must exist. Unlike EventBridge, plain http endpoints are
// accepted, for webhooks inside a private network.
func (s *Service) CreateAPIDestination(ctx context.Context, c Caller, in CreateAPIDestinationInput) (APIDestinationView, error) {
	if err := checkName("name", in.Name, resourceNameRe); err != nil {
		return APIDestinationView{}, err
	}
	if err := checkLen("description", in.Description, 512); err != nil {
		return APIDestinationView{}, err
	}
	switch {
	case in.ConnectionARN == "":
		return APIDestinationView{}, missing("connectionArn")
	case in.InvocationEndpoint == "":
		return APIDestinationView{}, missing("invocationEndpoint")
	case in.HTTPMethod == "":
		return APIDestinationView{}, missing("httpMethod")
	case !slices.Contains(httpMethods, in.HTTPMethod):
		return APIDestinationView{}, validation("1 validation error detected: Value '%s' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [%s]", in.HTTPMethod, strings.Join(httpMethods, ", "))
	case in.RateLimitPerSecond < 0:
		return APIDestinationView{}, validation("1 validation error detected: Value '%d' at 'invocationRateLimitPerSecond' failed to satisfy constraint: Member must have value greater than or equal to 1", in.RateLimitPerSecond)
	}
	if err := checkLen("invocationEndpoint", in.InvocationEndpoint, 2048); err != nil {
		return APIDestinationView{}, err
	}
	u, err := url.Parse(in.InvocationEndpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return APIDestinationView{}, validation("Parameter InvocationEndpoint is not valid. Reason: it must be an http or https URL.")
	}
	conn, err := s.store.GetEventConnection(ctx, c.AccountID, resourceName(in.ConnectionARN, "connection"))
	if err != nil {
		return APIDestinationView{}, err
	}
	now := s.now().UnixMilli()
	d := model.EventAPIDestination{AccountID: c.AccountID, Name: in.Name, Description: in.Description,
		ConnectionARN: connectionARN(c, conn.Name, conn.CreatedAt), InvocationEndpoint: in.InvocationEndpoint,
		HTTPMethod: in.HTTPMethod, RateLimitPerSecond: in.RateLimitPerSecond, State: DestinationActive, CreatedAt: now, LastModified: now}
	if err := s.store.CreateEventAPIDestination(ctx, d); err != nil {
		return APIDestinationView{}, err
	}
	return destinationView(c, d), nil
}

func destinationView(c Caller, d model.EventAPIDestination) APIDestinationView {
	return APIDestinationView{Name: d.Name, ARN: apiDestinationARN(c, d.Name, d.CreatedAt), Description: d.Description, State: d.State,
		ConnectionARN: d.ConnectionARN, InvocationEndpoint: d.InvocationEndpoint, HTTPMethod: d.HTTPMethod,
		RateLimitPerSecond: d.RateLimitPerSecond, CreationTime: d.CreatedAt, LastModified: d.LastModified}
}

// DescribeAPIDestination returns one API destination.
func (s *Service) DescribeAPIDestination(ctx context.Context, c Caller, name string) (APIDestinationView, error) {
	if err := checkName("name", name, resourceNameRe); err != nil {
		return APIDestinationView{}, err
	}
	d, err := s.store.GetEventAPIDestination(ctx, c.AccountID, name)
	if err != nil {
		return APIDestinationView{}, err
	}
	return destinationView(c, d), nil
}

// ListAPIDestinationsInput is a ListApiDestinations request.
type ListAPIDestinationsInput struct {
	NamePrefix, ConnectionARN, NextToken string
	Limit                                int32
}

// ListAPIDestinations lists API destinations in name order, optionally
// only those of one connection.
func (s *Service) ListAPIDestinations(ctx context.Context, c Caller, in ListAPIDestinationsInput) ([]APIDestinationView, string, error) {
	limit, err := listLimit(in.Limit)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, "", err
	}
	return filteredPage(limit, after,
		func(after string, n int) ([]model.EventAPIDestination, error) {
			return s.store.ListEventAPIDestinations(ctx, c.AccountID, in.NamePrefix, after, n)
		},
		func(d model.EventAPIDestination) string { return d.Name },
		func(d model.EventAPIDestination) (APIDestinationView, bool) {
			if in.ConnectionARN != "" && d.ConnectionARN != in.ConnectionARN {
				return APIDestinationView{}, false
			}
			return destinationView(c, d), true
		},
		func(v APIDestinationView) string { return v.Name })
}

// DeleteAPIDestination deletes an API destination.
func (s *Service) DeleteAPIDestination(ctx context.Context, c Caller, name string) error {
	if err := checkName("name", name, resourceNameRe); err != nil {
		return err
	}
	return s.store.DeleteEventAPIDestination(ctx, c.AccountID, name)
}

// apiDelivery builds the request an API destination target makes: the
// destination's endpoint and method, the connection's credentials and
// parameters, and the target's HttpParameters.
func (s *Service) apiDelivery(ctx context.Context, accountID string, t Target, body []byte) (Delivery, error) {
	d, err := s.store.GetEventAPIDestination(ctx, accountID, resourceName(t.ARN, "api-destination"))
	if err != nil {
		return Delivery{}, err
	}
	conn, err := s.store.GetEventConnection(ctx, accountID, resourceName(d.ConnectionARN, "connection"))
	if err != nil {
		return Delivery{}, err
	}
	auth, err := decodeAuth(conn)
	if err != nil {
		return Delivery{}, err
	}
	headers := authHeaders(conn.AuthorizationType, auth)
	headers["Content-Type"] = "application/json; charset=utf-8"
	endpoint := d.InvocationEndpoint
	query := url.Values{}
	if p := auth.InvocationHTTPParameters; p != nil {
		for _, kv := range p.QueryStringParameters {
			query.Set(kv.Key, kv.Value)
		}
		if len(p.BodyParameters) > 0 {
			body = mergeBody(body, p.BodyParameters)
		}
	}
	if hp := t.HTTPParameters; hp != nil {
		// Each "*" of the endpoint takes the next path parameter.
		for _, v := range hp.PathParameterValues {
			endpoint = strings.Replace(endpoint, "*", url.PathEscape(v), 1)
		}
		for k, v := range hp.HeaderParameters {
			headers[k] = v
		}
		for k, v := range hp.QueryStringParameters {
			query.Set(k, v)
		}
	}
	if len(query) > 0 {
		sep := "?"
		if strings.Contains(endpoint, "?") {
			sep = "&"
		}
		endpoint += sep + query.Encode()
	}
	return Delivery{AccountID: accountID, URL: endpoint, Method: d.HTTPMethod, Headers: headers, Body: body}, nil
}

// mergeBody adds a connection's body parameters to a JSON object body;
// other bodies are sent as they are.
func mergeBody(body []byte, params []ConnectionParameter) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return body
	}
	for _, p := range params {
		v, err := json.Marshal(p.Value)
		if err != nil {
			continue
		}
		m[p.Key] = v
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
