package awsproto

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

type fakeAuth struct {
	err     error
	service string
}

func (f fakeAuth) Authenticate(context.Context, *http.Request, []byte) (Identity, error) {
	if f.err != nil {
		return Identity{}, f.err
	}
	svc := f.service
	if svc == "" {
		svc = "logs"
	}
	return Identity{Principal: model.Principal{AccountID: "123456789012"}, Region: "eu-west-1", Service: svc}, nil
}

type echoIn struct {
	Name  *string `json:"name"`
	Count *int64  `json:"count"`
}

func testHandler(auth Authenticator, limit int64) http.Handler {
	ops := map[string]Handler{
		"Echo": func(_ context.Context, c *Call) (any, error) {
			var in echoIn
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return map[string]any{"name": in.Name, "account": c.Principal.AccountID, "region": c.Region}, nil
		},
		"Missing": func(context.Context, *Call) (any, error) {
			return nil, model.Errorf(model.ErrNotFound, "The specified log group does not exist.")
		},
		"Broken": func(context.Context, *Call) (any, error) {
			return nil, model.Unavailable(errors.New("disk /secret/path is full"))
		},
		"Internal": func(context.Context, *Call) (any, error) { return nil, errors.New("driver detail") },
		"Panics":   func(context.Context, *Call) (any, error) { panic("boom") },
		"Void":     func(context.Context, *Call) (any, error) { return nil, nil },
	}
	return NewHandler(Options{
		Services:     []Service{{TargetPrefix: "Test_1", SigningName: "logs", Protocols: []Protocol{JSON{Version: "1.1"}}, Operations: ops}},
		Auth:         auth,
		MaxBodyBytes: limit,
	})
}

func do(h http.Handler, target, body string, gz bool) (*httptest.ResponseRecorder, map[string]any) {
	var rd *bytes.Reader
	if gz {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(body))
		zw.Close()
		rd = bytes.NewReader(b.Bytes())
	} else {
		rd = bytes.NewReader([]byte(body))
	}
	req := httptest.NewRequest(http.MethodPost, "/", rd)
	req.Header.Set("X-Amz-Target", target)
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var m map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &m)
	return rec, m
}

func TestDispatch(t *testing.T) {
	h := testHandler(fakeAuth{}, 1024)
	cases := []struct {
		name, target, body string
		gz                 bool
		status             int
		errType            string
		msgHas             string
	}{
		{"ok", "Test_1.Echo", `{"name":"x"}`, false, 200, "", ""},
		{"empty body is {}", "Test_1.Echo", ``, false, 200, "", ""},
		{"gzip body", "Test_1.Echo", `{"name":"zipped"}`, true, 200, "", ""},
		{"void result", "Test_1.Void", `{}`, false, 200, "", ""},
		{"unknown op", "Test_1.Nope", `{}`, false, 400, "UnknownOperationException", "Nope"},
		{"unknown service", "Other_2.Echo", `{}`, false, 400, "UnknownOperationException", ""},
		{"no target", "", `{}`, false, 400, "UnknownOperationException", ""},
		{"syntax error", "Test_1.Echo", `{"name":`, false, 400, "SerializationException", ""},
		{"type error", "Test_1.Echo", `{"count":"many"}`, false, 400, "SerializationException", "count"},
		{"not found", "Test_1.Missing", `{}`, false, 400, "ResourceNotFoundException", "does not exist"},
		{"unavailable hides cause", "Test_1.Broken", `{}`, false, 503, "ServiceUnavailableException", "unavailable"},
		{"internal", "Test_1.Internal", `{}`, false, 500, "InternalFailure", ""},
		{"panic", "Test_1.Panics", `{}`, false, 500, "InternalFailure", ""},
		{"too large", "Test_1.Echo", `{"name":"` + strings.Repeat("a", 2000) + `"}`, false, 413, "InvalidParameterException", "limit"},
		{"too large after gunzip", "Test_1.Echo", `{"name":"` + strings.Repeat("a", 2000) + `"}`, true, 413, "InvalidParameterException", "limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec, m := do(h, tc.target, tc.body, tc.gz)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if rec.Header().Get("X-Amzn-RequestId") == "" {
				t.Fatal("no request id")
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.1" {
				t.Fatalf("content type %q", ct)
			}
			if tc.errType == "" {
				if m == nil {
					t.Fatalf("body is not a JSON object: %q", rec.Body)
				}
				return
			}
			if m["__type"] != tc.errType || rec.Header().Get("X-Amzn-ErrorType") != tc.errType {
				t.Fatalf("__type %v / header %q, want %s", m["__type"], rec.Header().Get("X-Amzn-ErrorType"), tc.errType)
			}
			msg, _ := m["message"].(string)
			if !strings.Contains(msg, tc.msgHas) {
				t.Fatalf("message %q lacks %q", msg, tc.msgHas)
			}
			if strings.Contains(msg, "/secret/path") || strings.Contains(msg, "driver detail") {
				t.Fatalf("internal detail leaked: %q", msg)
			}
		})
	}
}

func TestEchoCarriesIdentity(t *testing.T) {
	_, m := do(testHandler(fakeAuth{}, 1024), "Test_1.Echo", `{"name":"n"}`, false)
	if m["account"] != "123456789012" || m["region"] != "eu-west-1" || m["name"] != "n" {
		t.Fatalf("got %v", m)
	}
}

func TestAuthFailuresComeFirst(t *testing.T) {
	h := testHandler(fakeAuth{err: NewError("UnrecognizedClientException", "The security token included in the request is invalid.")}, 1024)
	rec, m := do(h, "Test_1.Echo", `{}`, false)
	if rec.Code != 400 || m["__type"] != "UnrecognizedClientException" {
		t.Fatalf("got %d %v", rec.Code, m)
	}
	h = testHandler(fakeAuth{err: errors.New("catalog down")}, 1024)
	if rec, _ := do(h, "Test_1.Echo", `{}`, false); rec.Code != 500 {
		t.Fatalf("infrastructure auth failure: status %d, want 500", rec.Code)
	}
	h = testHandler(fakeAuth{service: "monitoring"}, 1024)
	rec, m = do(h, "Test_1.Echo", `{}`, false)
	if rec.Code != 400 || m["__type"] != "InvalidSignatureException" {
		t.Fatalf("wrong signing service: %d %v", rec.Code, m)
	}
}

func TestErrorForKinds(t *testing.T) {
	cases := []struct {
		err  error
		code string
	}{
		{model.Errorf(model.ErrAlreadyExists, "x"), "ResourceAlreadyExistsException"},
		{model.Errorf(model.ErrInvalidParameter, "x"), "InvalidParameterException"},
		{model.Errorf(model.ErrLimitExceeded, "x"), "LimitExceededException"},
		{model.Errorf(model.ErrTooManyTags, "x"), "TooManyTagsException"},
		{model.Errorf(model.ErrValidation, "x"), "ValidationException"},
		{model.Errorf(model.ErrMalformedQuery, "x"), "MalformedQueryException"},
		{model.Errorf(model.ErrUnrecognizedKey, "x"), "UnrecognizedClientException"},
		{errors.Join(errors.New("ctx"), model.Errorf(model.ErrNotFound, "x")), "ResourceNotFoundException"},
		{NewError("Custom", "y"), "Custom"},
	}
	for _, tc := range cases {
		if got := ErrorFor(tc.err).Code; got != tc.code {
			t.Errorf("ErrorFor(%v) = %s, want %s", tc.err, got, tc.code)
		}
	}
}

func FuzzJSONDecode(f *testing.F) {
	f.Add([]byte(`{"name":"x","count":3}`))
	f.Add([]byte(`{"count":1.5}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var in echoIn
		err := JSON{Version: "1.1"}.Decode(nil, body, &in)
		if err != nil {
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != "SerializationException" {
				t.Fatalf("decode error %v is not a SerializationException", err)
			}
		}
	})
}

// TestReadLimited reads bodies whose declared length is right, short, long
// or unknown: the content and the limit decide, never the declaration.
func TestReadLimited(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		size      int64
		tooLarge  bool
		wantBytes string
	}{
		{"declared", "hello", 5, false, "hello"},
		{"unknown length", "hello", -1, false, "hello"},
		{"shorter than declared", "hel", 5, false, "hel"},
		{"longer than declared", "hello you", 5, false, "hello you"},
		{"empty", "", 0, false, ""},
		{"over the limit", "0123456789abc", 13, true, ""},
		{"over the limit, undeclared", "0123456789abc", -1, true, ""},
		{"over the limit, declared short", "0123456789abc", 4, true, ""},
	}
	for _, tc := range tests {
		for _, buf := range [][]byte{nil, make([]byte, 3, 16)} {
			t.Run(fmt.Sprintf("%s/buffer %d", tc.name, cap(buf)), func(t *testing.T) {
				got, err := readLimited(strings.NewReader(tc.body), tc.size, 10, buf)
				if tc.tooLarge {
					var apiErr *APIError
					if !errors.As(err, &apiErr) || apiErr.Status != http.StatusRequestEntityTooLarge {
						t.Fatalf("got %q, %v; want a 413", got, err)
					}
					return
				}
				if err != nil || string(got) != tc.wantBytes {
					t.Fatalf("got %q, %v; want %q", got, err, tc.wantBytes)
				}
			})
		}
	}
}
