package awsproto

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Query is the AWS query protocol: parameters form-encoded in a POST body
// (or the URL of a GET) with Action=<Operation>&Version=<API version>,
// answered in XML. CloudWatch and SNS speak it.
type Query struct {
	// Version is the API version requests name ("2010-08-01" for
	// CloudWatch); it tells services apart, since every query request goes
	// to "/".
	Version string
	// Namespace is the xmlns of responses, for example
	// "http://monitoring.amazonaws.com/doc/2010-08-01/".
	Namespace string
}

// queryErrorHeader carries "<QueryCode>;<Sender|Receiver>" on the errors of
// query-compatible services.
const queryErrorHeader = "X-Amzn-Query-Error"

// Name returns "awsQuery".
func (p Query) Name() string { return "awsQuery" }

// Claims takes form-encoded POSTs and GETs with an Action parameter, unless
// they carry the JSON or CBOR markers.
func (p Query) Claims(r *http.Request) bool {
	if r.Header.Get("X-Amz-Target") != "" || r.Header.Get(smithyProtocolHeader) != "" {
		return false
	}
	switch r.Method {
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return err == nil && mt == "application/x-www-form-urlencoded"
	case http.MethodGet:
		return r.URL.Query().Has("Action")
	}
	return false
}

// Route reads Action and Version from the URL query and the body, without
// decoding the other parameters. Pairs it cannot unescape are skipped;
// Decode reports them.
func (p Query) Route(r *http.Request, body []byte) (string, string) {
	var version, action string
	routeParams([]byte(r.URL.RawQuery), &action, &version)
	routeParams(body, &action, &version)
	return version, action
}

// maxRouteKey is the longest name that can unescape to "Action" or
// "Version": every byte written as %XX. Longer names are passed over
// unread, which is most of a large body.
const maxRouteKey = 3 * len("Version")

// routeParams sets *action and *version from the pairs of raw that name
// them, the last one winning.
func routeParams(raw []byte, action, version *string) {
	for len(raw) > 0 {
		var pair []byte
		if i := bytes.IndexByte(raw, '&'); i >= 0 {
			pair, raw = raw[:i], raw[i+1:]
		} else {
			pair, raw = raw, nil
		}
		eq := bytes.IndexByte(pair[:min(len(pair), maxRouteKey+1)], '=')
		k, v := pair, []byte(nil)
		if eq >= 0 {
			k, v = pair[:eq], pair[eq+1:]
		}
		if len(k) > maxRouteKey {
			continue
		}
		key := string(k)
		if strings.ContainsAny(key, "%+") {
			var err error
			if key, err = url.QueryUnescape(key); err != nil {
				continue
			}
		}
		if key != "Action" && key != "Version" {
			continue
		}
		value, err := url.QueryUnescape(string(v))
		if err != nil {
			continue
		}
		if key == "Action" {
			*action = value
		} else {
			*version = value
		}
	}
}

// ServiceKey is the query API version the service answers to.
func (p Query) ServiceKey(*Service) string { return p.Version }

// Decode fills v from the URL query and the form body, skipping the
// protocol's own parameters (Action, Version).
func (p Query) Decode(r *http.Request, body []byte, v any) error {
	params, err := parseForm(nil, r.URL.RawQuery)
	if err != nil {
		return err
	}
	if params, err = parseForm(params, string(body)); err != nil {
		return err
	}
	params = slices.DeleteFunc(params, func(kv formParam) bool { return kv.key == "Action" || kv.key == "Version" })
	return decodeForm(params, v)
}

// WriteResult writes <OpResponse><OpResult>…</OpResult><ResponseMetadata>…;
// a nil result (an operation without output) has no OpResult element.
func (p Query) WriteResult(w http.ResponseWriter, rp Reply, result any) error {
	body, err := appendQueryResponse(nil, p.Namespace, rp, result)
	if err != nil {
		return err
	}
	writeBody(w, http.StatusOK, xmlContentType, body)
	return nil
}

// WriteError writes the <ErrorResponse> envelope with the query code and
// x-amzn-query-error.
func (p Query) WriteError(w http.ResponseWriter, rp Reply, e *APIError) {
	_, status := e.queryError()
	w.Header().Set(queryErrorHeader, e.queryHeader())
	writeBody(w, status, xmlContentType, appendQueryError(nil, p.Namespace, rp, e))
}
