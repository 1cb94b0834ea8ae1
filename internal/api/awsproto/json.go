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
}

// Operation splits X-Amz-Target.
func (p JSON) Operation(r *http.Request) (string, string, bool) {
	t := r.Header.Get("X-Amz-Target")
	if t == "" || r.Method != http.MethodPost {
		return "", "", false
	}
	i := strings.LastIndexByte(t, '.')
	if i <= 0 || i == len(t)-1 {
		return t, "", true
	}
	return t[:i], t[i+1:], true
}

// Decode unmarshals a JSON body. An empty body counts as {}. Syntax and type
// errors become SerializationException, which is what the AWS services
// answer for bodies their deserializer refuses.
func (p JSON) Decode(body []byte, v any) error {
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
func (p JSON) WriteResult(w http.ResponseWriter, _ string, result any) error {
	var body []byte
	if result == nil {
		body = []byte("{}")
	} else {
		var err error
		if body, err = json.Marshal(result); err != nil {
			return fmt.Errorf("cannot encode response: %w", err)
		}
	}
	w.Header().Set("Content-Type", p.contentType())
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}

// WriteError writes the __type/message envelope plus X-Amzn-ErrorType,
// which the SDKs read first.
func (p JSON) WriteError(w http.ResponseWriter, e *APIError) {
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
	w.Header().Set("Content-Type", p.contentType())
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}
