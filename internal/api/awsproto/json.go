package awsproto

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// JSON is the AWS JSON protocol, version 1.0 or 1.1: POST /, the operation
// in X-Amz-Target as "<TargetPrefix>.<Operation>", JSON bodies, errors as
// {"__type": …, "message": …}.
type JSON struct {
	// Version is "1.0" or "1.1"; it sets the response content type.
	Version string
	// QueryCompatible marks a service that also speaks the query protocol
	// (CloudWatch): errors then carry x-amzn-query-error with the query
	// code, which the SDKs show in place of the exception name.
	QueryCompatible bool
}

// Name returns "awsJson1_0" or "awsJson1_1".
func (p JSON) Name() string { return "awsJson" + strings.ReplaceAll(p.Version, ".", "_") }

// Claims takes POSTs that carry X-Amz-Target and are not RPC v2 CBOR.
func (p JSON) Claims(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("X-Amz-Target") != "" && r.Header.Get(smithyProtocolHeader) == ""
}

// Route splits X-Amz-Target at its last dot.
func (p JSON) Route(r *http.Request, _ []byte) (string, string) {
	t := r.Header.Get("X-Amz-Target")
	i := strings.LastIndexByte(t, '.')
	if i <= 0 || i == len(t)-1 {
		return t, ""
	}
	return t[:i], t[i+1:]
}

// ServiceKey is the service's TargetPrefix.
func (p JSON) ServiceKey(s *Service) string { return s.TargetPrefix }

// Decode unmarshals a JSON body. An empty body counts as {}. Syntax and type
// errors become SerializationException, which is what the AWS services
// answer for bodies their deserializer refuses.
func (p JSON) Decode(_ *http.Request, body []byte, v any) error {
	return decodeJSON(body, v)
}

func decodeJSON(body []byte, v any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "(root)"
			}
			return NewError("SerializationException", fmt.Sprintf("Unexpected value type for member %s: expected %s, got %s", field, te.Type.String(), te.Value))
		}
		return NewError("SerializationException", "The request body could not be parsed as JSON: "+err.Error())
	}
	return nil
}

func (p JSON) contentType() string { return "application/x-amz-json-" + p.Version }

// WriteResult encodes result as JSON; a nil result is written as {}.
func (p JSON) WriteResult(w http.ResponseWriter, _ Reply, result any) error {
	body := []byte("{}")
	if result != nil {
		var err error
		if body, err = json.Marshal(result); err != nil {
			return fmt.Errorf("cannot encode response: %w", err)
		}
	}
	writeBody(w, http.StatusOK, p.contentType(), body)
	return nil
}

// WriteError writes the __type/message envelope plus X-Amzn-ErrorType,
// which the SDKs read first.
func (p JSON) WriteError(w http.ResponseWriter, _ Reply, e *APIError) {
	m := make(map[string]any, 2+len(e.Fields))
	for k, v := range e.Fields {
		m[k] = v
	}
	m["__type"] = e.Code
	m["message"] = e.Message
	body, err := json.Marshal(m)
	if err != nil {
		body = []byte(`{"__type":"InternalFailure","message":"cannot encode error"}`)
	}
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	if p.QueryCompatible {
		w.Header().Set(queryErrorHeader, e.queryHeader())
	}
	writeBody(w, e.Status, p.contentType(), body)
}
