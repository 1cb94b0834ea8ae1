package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/openwatch/openwatch/internal/model"
)

const (
	testKeyID     = "AKIAOPENWATCHTEST01"
	testSecret    = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	disabledKeyID = "AKIAOPENWATCHDISABLD"
	brokenKeyID   = "AKIAOPENWATCHBROKEN1"
	testAccount   = "123456789012"
)

var (
	signTime   = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	errCatalog = errors.New("catalog: database is locked")
)

func testLookup(_ context.Context, id string) (string, model.Principal, error) {
	switch id {
	case testKeyID:
		return testSecret, model.Principal{AccountID: testAccount, AccessKeyID: id}, nil
	case disabledKeyID:
		return "", model.Principal{}, model.Errorf(model.ErrDisabledKey, "access key %s is disabled", id)
	case brokenKeyID:
		return "", model.Principal{}, errCatalog
	}
	return "", model.Principal{}, model.Errorf(model.ErrUnrecognizedKey, "access key %s does not exist", id)
}

func verifierAt(now time.Time) *Verifier {
	return &Verifier{Lookup: testLookup, Now: func() time.Time { return now }}
}

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// reqSpec describes a request before signing.
type reqSpec struct {
	method  string
	url     string
	headers [][2]string // added in order, so repeats become multi-valued
	body    string
}

func (s reqSpec) build(t testing.TB) *http.Request {
	t.Helper()
	method := s.method
	if method == "" {
		method = http.MethodPost
	}
	var body io.Reader
	if s.body != "" {
		body = strings.NewReader(s.body)
	}
	r, err := http.NewRequest(method, s.url, body)
	if err != nil {
		t.Fatalf("cannot build request: %v", err)
	}
	for _, h := range s.headers {
		r.Header.Add(h[0], h[1])
	}
	return r
}

type signOpts struct {
	service, region string
	keyID, secret   string
	sessionToken    string
	at              time.Time
}

func (o signOpts) withDefaults() signOpts {
	if o.service == "" {
		o.service = "logs"
	}
	if o.region == "" {
		o.region = "us-east-1"
	}
	if o.keyID == "" {
		o.keyID = testKeyID
	}
	if o.secret == "" {
		o.secret = testSecret
	}
	if o.at.IsZero() {
		o.at = signTime
	}
	return o
}

func (o signOpts) creds() aws.Credentials {
	return aws.Credentials{AccessKeyID: o.keyID, SecretAccessKey: o.secret, SessionToken: o.sessionToken}
}

// signHeader signs r in the Authorization-header form with the SDK signer.
func signHeader(t testing.TB, r *http.Request, body []byte, o signOpts) {
	t.Helper()
	o = o.withDefaults()
	payload := hashHex(body)
	if h := r.Header.Get("X-Amz-Content-Sha256"); h != "" {
		payload = h
	}
	if err := v4.NewSigner().SignHTTP(context.Background(), o.creds(), r, payload, o.service, o.region, o.at); err != nil {
		t.Fatalf("SignHTTP: %v", err)
	}
}

// presign returns a new request for the SDK's presigned URL of r, carrying
// the headers the presigner says were signed.
func presign(t testing.TB, r *http.Request, payloadHash string, body []byte, o signOpts) *http.Request {
	t.Helper()
	o = o.withDefaults()
	uri, headers, err := v4.NewSigner().PresignHTTP(context.Background(), o.creds(), r, payloadHash, o.service, o.region, o.at)
	if err != nil {
		t.Fatalf("PresignHTTP: %v", err)
	}
	var rd io.Reader
	if len(body) > 0 {
		rd = bytes.NewReader(body)
	}
	out, err := http.NewRequest(r.Method, uri, rd)
	if err != nil {
		t.Fatalf("cannot build presigned request: %v", err)
	}
	for k, vs := range headers {
		switch k {
		case "Host":
			out.Host = vs[0]
		case "Content-Length":
		default:
			out.Header[k] = vs
		}
	}
	return out
}

// wire sends r through the HTTP/1.1 wire format and parses it back the way
// the server does, so Host, Content-Length and the raw path and query are
// exactly what a handler sees. It returns the parsed request and its body.
func wire(t testing.TB, r *http.Request, body []byte) (*http.Request, []byte) {
	t.Helper()
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatalf("cannot write request: %v", err)
	}
	got, err := http.ReadRequest(bufio.NewReader(&buf))
	if err != nil {
		t.Fatalf("cannot read request back: %v", err)
	}
	b, err := io.ReadAll(got.Body)
	if err != nil {
		t.Fatalf("cannot read body: %v", err)
	}
	return got, b
}

var (
	logsBody = `{"logGroupName":"/app/web","logStreamName":"i-0abc","logEvents":[{"timestamp":1704110400000,"message":"GET /health 200"}]}`
	formBody = "Action=PutMetricData&Version=2010-08-01&Namespace=App%2FWeb&MetricData.member.1.MetricName=Latency" +
		"&MetricData.member.1.Value=12.5&MetricData.member.1.Dimensions.member.1.Name=Route" +
		"&MetricData.member.1.Dimensions.member.1.Value=%2Fapi%2Fv1+users"
	cborBody = "\xbf\x67Queries\x9f\xbf\x62Id\x61m\xff\xff\x69StartTime\xc1\x1a\x65\x92\x8a\x00\xff"
)

func logsSpec(target string) reqSpec {
	return reqSpec{
		url: "http://127.0.0.1:4566/",
		headers: [][2]string{
			{"Content-Type", "application/x-amz-json-1.1"},
			{"X-Amz-Target", "Logs_20140328." + target},
		},
		body: logsBody,
	}
}

func TestVerifyHeaderForm(t *testing.T) {
	cases := []struct {
		name string
		spec reqSpec
		opts signOpts
		// rawQuery, when set, replaces the query after signing: the SDK sends
		// its canonical query, other clients need not.
		rawQuery string
		now      time.Time
	}{
		{name: "logs json 1.1", spec: logsSpec("PutLogEvents")},
		{
			name: "monitoring query protocol form body",
			spec: reqSpec{
				url:     "http://localhost:4566/",
				headers: [][2]string{{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
				body:    formBody,
			},
			opts: signOpts{service: "monitoring", region: "eu-west-1"},
		},
		{
			name: "monitoring json 1.0",
			spec: reqSpec{
				url: "http://localhost:4566",
				headers: [][2]string{
					{"Content-Type", "application/x-amz-json-1.0"},
					{"X-Amz-Target", "GraniteServiceVersion20100801.GetMetricData"},
				},
				body: `{"MetricDataQueries":[]}`,
			},
			opts: signOpts{service: "monitoring"},
		},
		{
			name: "monitoring rpc v2 cbor path",
			spec: reqSpec{
				url: "http://localhost:4566/service/GraniteServiceVersion20100801/operation/GetMetricData",
				headers: [][2]string{
					{"Content-Type", "application/cbor"},
					{"Accept", "application/cbor"},
					{"Smithy-Protocol", "rpc-v2-cbor"},
				},
				body: cborBody,
			},
			opts: signOpts{service: "monitoring"},
		},
		{
			name: "query string with special characters",
			spec: reqSpec{
				method: http.MethodGet,
				url:    "http://localhost:4566/?b=hello%20world&a=2&a=1&c=%2Fslash&d=%C3%BCmlaut&e=a%2Bb&empty=&flag&tilde=~x&star=%2A",
			},
		},
		{
			name: "query string sent unsorted and with plus for space",
			spec: reqSpec{
				method: http.MethodGet,
				url:    "http://localhost:4566/?z=1&b=hello+world&a=%7e&a=0",
			},
			rawQuery: "z=1&b=hello+world&a=%7e&a=0",
		},
		{
			name: "escaped path",
			spec: reqSpec{method: http.MethodGet, url: "http://localhost:4566/a%20b/c:d@e/%C3%BC"},
		},
		{
			name: "headers with extra spaces and repeats",
			spec: func() reqSpec {
				s := logsSpec("PutLogEvents")
				s.headers = append(s.headers,
					[2]string{"X-Custom", "  a   b    c  "},
					[2]string{"X-Multi", "one"},
					[2]string{"X-Multi", "two   three"},
				)
				return s
			}(),
		},
		{name: "session token is signed like any header", spec: logsSpec("DescribeLogGroups"), opts: signOpts{sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN"}},
		{
			name: "declared payload hash",
			spec: func() reqSpec {
				s := logsSpec("PutLogEvents")
				s.headers = append(s.headers, [2]string{"X-Amz-Content-Sha256", hashHex([]byte(logsBody))})
				return s
			}(),
		},
		{
			name: "declared unsigned payload",
			spec: func() reqSpec {
				s := logsSpec("PutLogEvents")
				s.headers = append(s.headers, [2]string{"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"})
				return s
			}(),
		},
		{name: "empty body", spec: reqSpec{method: http.MethodGet, url: "http://localhost:4566/"}},
		{name: "exactly at the skew limit in the past", spec: logsSpec("PutLogEvents"), now: signTime.Add(15 * time.Minute)},
		{name: "exactly at the skew limit in the future", spec: logsSpec("PutLogEvents"), now: signTime.Add(-15 * time.Minute)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte(tc.spec.body)
			r := tc.spec.build(t)
			signHeader(t, r, body, tc.opts)
			if tc.rawQuery != "" {
				r.URL.RawQuery = tc.rawQuery
			}
			got, gotBody := wire(t, r, body)
			now := tc.now
			if now.IsZero() {
				now = signTime.Add(2 * time.Second)
			}
			res, err := verifierAt(now).Verify(context.Background(), got, gotBody)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			o := tc.opts.withDefaults()
			want := Result{
				Principal:   model.Principal{AccountID: testAccount, AccessKeyID: testKeyID},
				AccessKeyID: testKeyID,
				Region:      o.region,
				Service:     o.service,
				Date:        signTime,
			}
			if res != want {
				t.Errorf("Result = %+v, want %+v", res, want)
			}
		})
	}
}

// TestVerifyInProcessRequest checks a request that never went over the wire:
// the Host header and Content-Length live only in r.Host and r.ContentLength.
func TestVerifyInProcessRequest(t *testing.T) {
	r := logsSpec("PutLogEvents").build(t)
	body := []byte(logsBody)
	signHeader(t, r, body, signOpts{})
	if _, err := verifierAt(signTime).Verify(context.Background(), r, body); err != nil {
		t.Fatalf("Verify: %v", err)
	}
}

func TestVerifyPresigned(t *testing.T) {
	withExpires := func(u string, secs string) string {
		if strings.Contains(u, "?") {
			return u + "&X-Amz-Expires=" + secs
		}
		return u + "?X-Amz-Expires=" + secs
	}
	cases := []struct {
		name     string
		spec     reqSpec
		payload  string // "" = sha256 of the body
		opts     signOpts
		now      time.Time
		mutate   func(r *http.Request)
		wantCode string
		wantMsg  string
	}{
		{
			name: "get with expiry",
			spec: reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics&Version=2010-08-01", "300")},
			opts: signOpts{service: "monitoring"},
			now:  signTime.Add(299 * time.Second),
		},
		{
			name: "post json body",
			spec: func() reqSpec {
				s := logsSpec("PutLogEvents")
				s.url = withExpires(s.url, "60")
				return s
			}(),
			now: signTime.Add(30 * time.Second),
		},
		{
			name:    "unsigned payload",
			spec:    reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/service/GraniteServiceVersion20100801/operation/ListMetrics", "900")},
			payload: "UNSIGNED-PAYLOAD",
			opts:    signOpts{service: "monitoring"},
			now:     signTime.Add(10 * time.Minute),
		},
		{
			name: "no expiry uses the skew window",
			spec: reqSpec{method: http.MethodGet, url: "http://localhost:4566/?Action=ListMetrics&Version=2010-08-01"},
			opts: signOpts{service: "monitoring"},
			now:  signTime.Add(14 * time.Minute),
		},
		{
			name: "session token in the query",
			spec: reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "300")},
			opts: signOpts{service: "monitoring", sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN"},
			now:  signTime,
		},
		{
			name:     "expired",
			spec:     reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "300")},
			opts:     signOpts{service: "monitoring"},
			now:      signTime.Add(301 * time.Second),
			wantCode: CodeInvalidSignature,
			wantMsg:  "Request has expired",
		},
		{
			name:     "zero expiry was never valid",
			spec:     reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "0")},
			opts:     signOpts{service: "monitoring"},
			now:      signTime.Add(time.Second),
			wantCode: CodeInvalidSignature,
			wantMsg:  "Request has expired",
		},
		{
			name:     "no expiry, past the skew window",
			spec:     reqSpec{method: http.MethodGet, url: "http://localhost:4566/?Action=ListMetrics"},
			opts:     signOpts{service: "monitoring"},
			now:      signTime.Add(16 * time.Minute),
			wantCode: CodeInvalidSignature,
			wantMsg:  "Signature expired: 20240101T120000Z is now earlier than 20240101T120100Z (20240101T121600Z - 15 min.)",
		},
		{
			name:     "signed in the future",
			spec:     reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "300")},
			opts:     signOpts{service: "monitoring"},
			now:      signTime.Add(-16 * time.Minute),
			wantCode: CodeInvalidSignature,
			wantMsg:  "Signature not yet current: 20240101T120000Z is still later than 20240101T115900Z (20240101T114400Z + 15 min.)",
		},
		{
			name: "tampered parameter",
			spec: reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics&Namespace=App", "300")},
			opts: signOpts{service: "monitoring"},
			now:  signTime,
			mutate: func(r *http.Request) {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "Namespace=App", "Namespace=Other", 1)
			},
			wantCode: CodeInvalidSignature,
			wantMsg:  msgSignatureMismatch,
		},
		{
			name: "tampered body",
			spec: logsSpec("PutLogEvents"),
			now:  signTime,
			mutate: func(r *http.Request) {
				r.Body = io.NopCloser(strings.NewReader(strings.Replace(logsBody, "200", "500", 1)))
			},
			wantCode: CodeInvalidSignature,
			wantMsg:  msgSignatureMismatch,
		},
		{
			name: "missing signature",
			spec: reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "300")},
			opts: signOpts{service: "monitoring"},
			now:  signTime,
			mutate: func(r *http.Request) {
				q := r.URL.Query()
				q.Del("X-Amz-Signature")
				r.URL.RawQuery = q.Encode()
			},
			wantCode: CodeIncompleteSignature,
			wantMsg:  "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
		},
		{
			name: "unsupported algorithm",
			spec: reqSpec{method: http.MethodGet, url: "http://localhost:4566/?Action=ListMetrics"},
			opts: signOpts{service: "monitoring"},
			now:  signTime,
			mutate: func(r *http.Request) {
				q := r.URL.Query()
				q.Set("X-Amz-Algorithm", "AWS4-ECDSA-P256-SHA256")
				r.URL.RawQuery = q.Encode()
			},
			wantCode: CodeIncompleteSignature,
			wantMsg:  "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.",
		},
		{
			name:     "expiry not a number",
			spec:     reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "soon")},
			now:      signTime,
			wantCode: CodeIncompleteSignature,
			wantMsg:  "X-Amz-Expires should be a number",
		},
		{
			name:     "expiry negative",
			spec:     reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "-1")},
			now:      signTime,
			wantCode: CodeIncompleteSignature,
			wantMsg:  "X-Amz-Expires must be non-negative",
		},
		{
			name:     "expiry over a week",
			spec:     reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "604801")},
			now:      signTime,
			wantCode: CodeIncompleteSignature,
			wantMsg: "X-Amz-Expires must be less than a week (in seconds); " +
				"that is, the given X-Amz-Expires must be less than 604800 seconds",
		},
		{
			name: "authorization header as well",
			spec: reqSpec{method: http.MethodGet, url: withExpires("http://localhost:4566/?Action=ListMetrics", "300")},
			now:  signTime,
			mutate: func(r *http.Request) {
				r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=x")
			},
			wantCode: CodeIncompleteSignature,
			wantMsg: "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter " +
				"or the Authorization header should be specified",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte(tc.spec.body)
			payload := tc.payload
			if payload == "" {
				payload = hashHex(body)
			}
			r := presign(t, tc.spec.build(t), payload, body, tc.opts)
			got, gotBody := wire(t, r, body)
			if tc.mutate != nil {
				tc.mutate(got)
				if got.Body != nil {
					b, err := io.ReadAll(got.Body)
					if err != nil {
						t.Fatal(err)
					}
					gotBody = b
				}
			}
			res, err := verifierAt(tc.now).Verify(context.Background(), got, gotBody)
			if tc.wantCode == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				o := tc.opts.withDefaults()
				if res.Service != o.service || res.AccessKeyID != testKeyID || !res.Date.Equal(signTime) {
					t.Errorf("Result = %+v", res)
				}
				return
			}
			checkError(t, err, tc.wantCode, tc.wantMsg)
		})
	}
}

func checkError(t *testing.T, err error, code, msg string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Verify error = %v, want an *Error with code %s", err, code)
	}
	if e.Code != code || e.Message != msg {
		t.Errorf("Verify error = %q / %q,\nwant %q / %q", e.Code, e.Message, code, msg)
	}
	if e.Status != http.StatusBadRequest {
		t.Errorf("Status = %d, want 400", e.Status)
	}
	return e
}

func TestVerifyHeaderFormFailures(t *testing.T) {
	const scope = "20240101/us-east-1/logs/aws4_request"
	authz := func(s string) func(r *http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", s) }
	}
	cases := []struct {
		name   string
		spec   reqSpec
		opts   signOpts
		now    time.Time
		mutate func(r *http.Request)
		body   string // replaces the body after signing when set
		code   string
		msg    string
		is     error // errors.Is target, when set
	}{
		{
			name:   "no authentication at all",
			mutate: func(r *http.Request) { r.Header.Del("Authorization") },
			code:   CodeMissingAuthenticationToken,
			msg:    "Request is missing Authentication Token",
		},
		{
			name:   "empty authorization header",
			mutate: authz(""),
			code:   CodeMissingAuthenticationToken,
			msg:    "Request is missing Authentication Token",
		},
		{name: "tampered body", body: strings.Replace(logsBody, "/app/web", "/app/wex", 1), code: CodeInvalidSignature, msg: msgSignatureMismatch},
		{
			name:   "tampered signed header",
			mutate: func(r *http.Request) { r.Header.Set("X-Amz-Target", "Logs_20140328.DeleteLogGroup") },
			code:   CodeInvalidSignature,
			msg:    msgSignatureMismatch,
		},
		{
			name:   "tampered host",
			mutate: func(r *http.Request) { r.Host = "127.0.0.1:4567" },
			code:   CodeInvalidSignature,
			msg:    msgSignatureMismatch,
		},
		{
			name:   "tampered path",
			mutate: func(r *http.Request) { r.URL.Path, r.URL.RawPath = "/other", "" },
			code:   CodeInvalidSignature,
			msg:    msgSignatureMismatch,
		},
		{
			name:   "tampered method",
			mutate: func(r *http.Request) { r.Method = http.MethodPut },
			code:   CodeInvalidSignature,
			msg:    msgSignatureMismatch,
		},
		{
			name: "tampered signature",
			mutate: func(r *http.Request) {
				h := r.Header.Get("Authorization")
				last := "0"
				if strings.HasSuffix(h, "0") {
					last = "1"
				}
				r.Header.Set("Authorization", h[:len(h)-1]+last)
			},
			code: CodeInvalidSignature,
			msg:  msgSignatureMismatch,
		},
		{name: "wrong secret", opts: signOpts{secret: "not-the-secret"}, code: CodeInvalidSignature, msg: msgSignatureMismatch},
		{name: "unknown key", opts: signOpts{keyID: "AKIAUNKNOWN000000000"}, code: CodeUnrecognizedClient, msg: msgUnrecognizedToken, is: model.ErrUnrecognizedKey},
		{name: "disabled key", opts: signOpts{keyID: disabledKeyID}, code: CodeUnrecognizedClient, msg: msgUnrecognizedToken, is: model.ErrDisabledKey},
		{
			name:   "empty access key id",
			mutate: authz("AWS4-HMAC-SHA256 Credential=/" + scope + ", SignedHeaders=host;x-amz-date, Signature=00"),
			code:   CodeUnrecognizedClient,
			msg:    msgUnrecognizedToken,
			is:     model.ErrUnrecognizedKey,
		},
		{
			name: "signed 16 minutes in the past",
			now:  signTime.Add(16 * time.Minute),
			code: CodeInvalidSignature,
			msg:  "Signature expired: 20240101T120000Z is now earlier than 20240101T120100Z (20240101T121600Z - 15 min.)",
		},
		{
			name: "signed 16 minutes in the future",
			now:  signTime.Add(-16 * time.Minute),
			code: CodeInvalidSignature,
			msg:  "Signature not yet current: 20240101T120000Z is still later than 20240101T115900Z (20240101T114400Z + 15 min.)",
		},
		{
			name:   "date does not match the credential scope",
			now:    signTime.Add(24 * time.Hour),
			mutate: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20240102T120000Z") },
			code:   CodeInvalidSignature,
			msg:    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240101' != '20240102', from 'X-Amz-Date'.",
		},
		{
			name: "declared payload hash does not match the body",
			spec: func() reqSpec {
				s := logsSpec("PutLogEvents")
				s.headers = append(s.headers, [2]string{"X-Amz-Content-Sha256", hashHex(nil)})
				return s
			}(),
			code: CodeInvalidSignature,
			msg:  msgPayloadMismatch,
		},
		{
			name:   "missing credential",
			mutate: authz("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc"),
			code:   CodeIncompleteSignature,
			msg:    "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc",
		},
		{
			name:   "missing signature and signed headers",
			mutate: authz("AWS4-HMAC-SHA256 Credential=" + testKeyID + "/" + scope),
			code:   CodeIncompleteSignature,
			msg: "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
				"Authorization=AWS4-HMAC-SHA256 Credential=" + testKeyID + "/" + scope,
		},
		{
			name:   "signature version 2",
			mutate: authz("AWS " + testKeyID + ":frJIUN8DYpKDtOLCwo//yllqDzg="),
			code:   CodeIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization=AWS " + testKeyID + ":frJIUN8DYpKDtOLCwo//yllqDzg=",
		},
		{
			name: "bearer token without any date",
			mutate: func(r *http.Request) {
				r.Header.Set("Authorization", "Bearer eyJ0eXAi")
				r.Header.Del("X-Amz-Date")
			},
			code: CodeIncompleteSignature,
			msg: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. " +
				"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer eyJ0eXAi",
		},
		{
			name:   "unsupported algorithm",
			mutate: authz("AWS4-ECDSA-P256-SHA256 Credential=" + testKeyID + "/20240101/logs/aws4_request, SignedHeaders=host, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg:    "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.",
		},
		{
			name:   "blank after Credential=",
			mutate: authz("AWS4-HMAC-SHA256 Credential= " + testKeyID + "/" + scope + ", SignedHeaders=host, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg: "'" + testKeyID + "/" + scope + "' not a valid key=value pair (missing equal-sign) in Authorization header: " +
				"'AWS4-HMAC-SHA256 Credential= " + testKeyID + "/" + scope + ", SignedHeaders=host, Signature=ab'.",
		},
		{
			name:   "credential with four elements",
			mutate: authz("AWS4-HMAC-SHA256 Credential=" + testKeyID + "/20240101/us-east-1/logs, SignedHeaders=host;x-amz-date, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg:    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + testKeyID + "/20240101/us-east-1/logs'",
		},
		{
			name:   "credential with a bad date",
			mutate: authz("AWS4-HMAC-SHA256 Credential=" + testKeyID + "/2024-01-01/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg:    "Invalid credential date '2024-01-01'. Date is not the required format: yyyyMMdd.",
		},
		{
			name:   "credential without region",
			mutate: authz("AWS4-HMAC-SHA256 Credential=" + testKeyID + "/20240101//logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg:    "Credential should be scoped to a valid region, not ''.",
		},
		{
			name:   "credential without service",
			mutate: authz("AWS4-HMAC-SHA256 Credential=" + testKeyID + "/20240101/us-east-1//aws4_request, SignedHeaders=host;x-amz-date, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg:    "Credential should be scoped to a valid service, not ''.",
		},
		{
			name:   "credential with a bad terminator",
			mutate: authz("AWS4-HMAC-SHA256 Credential=" + testKeyID + "/20240101/us-east-1/logs/aws4_req, SignedHeaders=host;x-amz-date, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg:    "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_req'.",
		},
		{
			name:   "host not signed",
			mutate: authz("AWS4-HMAC-SHA256 Credential=" + testKeyID + "/" + scope + ", SignedHeaders=x-amz-date, Signature=ab"),
			code:   CodeIncompleteSignature,
			msg:    msgHostNotSigned,
		},
		{
			name:   "malformed X-Amz-Date",
			mutate: func(r *http.Request) { r.Header.Set("X-Amz-Date", "2024-01-01T12:00:00Z") },
			code:   CodeIncompleteSignature,
			msg:    "Date must be in ISO-8601 'basic format'. Got '2024-01-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
		},
		{
			name: "malformed Date header",
			mutate: func(r *http.Request) {
				r.Header.Del("X-Amz-Date")
				r.Header.Set("Date", "yesterday")
			},
			code: CodeIncompleteSignature,
			msg:  "Date must be in RFC 1123 format. Got 'yesterday'.",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec
			if spec.url == "" {
				spec = logsSpec("PutLogEvents")
			}
			body := []byte(spec.body)
			r := spec.build(t)
			signHeader(t, r, body, tc.opts)
			got, gotBody := wire(t, r, body)
			if tc.mutate != nil {
				tc.mutate(got)
			}
			if tc.body != "" {
				gotBody = []byte(tc.body)
			}
			now := tc.now
			if now.IsZero() {
				now = signTime
			}
			_, err := verifierAt(now).Verify(context.Background(), got, gotBody)
			e := checkError(t, err, tc.code, tc.msg)
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.is)
			}
			if e != nil && tc.is == nil && e.Cause != nil {
				t.Errorf("Cause = %v, want none", e.Cause)
			}
		})
	}
}

func TestVerifyLookupFailureIsNotAnAuthError(t *testing.T) {
	r := logsSpec("PutLogEvents").build(t)
	body := []byte(logsBody)
	signHeader(t, r, body, signOpts{keyID: brokenKeyID})
	_, err := verifierAt(signTime).Verify(context.Background(), r, body)
	if err != errCatalog {
		t.Fatalf("Verify error = %v, want the lookup's error unchanged", err)
	}
	var e *Error
	if errors.As(err, &e) {
		t.Fatalf("an infrastructure failure must not be an *Error: %v", e)
	}
}

func TestVerifyWithoutLookup(t *testing.T) {
	r := logsSpec("PutLogEvents").build(t)
	signHeader(t, r, []byte(logsBody), signOpts{})
	var v Verifier
	_, err := v.Verify(context.Background(), r, []byte(logsBody))
	var e *Error
	if err == nil || errors.As(err, &e) {
		t.Fatalf("Verify error = %v, want a configuration error", err)
	}
}

func TestVerifyMaxSkew(t *testing.T) {
	r := logsSpec("PutLogEvents").build(t)
	body := []byte(logsBody)
	signHeader(t, r, body, signOpts{})
	v := &Verifier{Lookup: testLookup, MaxSkew: 90 * time.Second, Now: func() time.Time { return signTime.Add(91 * time.Second) }}
	_, err := v.Verify(context.Background(), r, body)
	checkError(t, err, CodeInvalidSignature,
		"Signature expired: 20240101T120000Z is now earlier than 20240101T120001Z (20240101T120131Z - 90 sec.)")
	v.Now = func() time.Time { return signTime.Add(90 * time.Second) }
	if _, err := v.Verify(context.Background(), r, body); err != nil {
		t.Fatalf("Verify inside the window: %v", err)
	}
}

// TestVerifyDateHeader checks the Date-header form, which the SDKs do not
// produce, against a canonical request written out by hand.
func TestVerifyDateHeader(t *testing.T) {
	const httpDate = "Mon, 01 Jan 2024 12:00:00 GMT"
	body := []byte(`{}`)
	canonical := "POST\n/\n\n" +
		"content-type:application/x-amz-json-1.1\ndate:" + httpDate + "\nhost:localhost:4566\n\n" +
		"content-type;date;host\n" + hashHex(body)
	stringToSign := "AWS4-HMAC-SHA256\n20240101T120000Z\n20240101/us-east-1/logs/aws4_request\n" + hashHex([]byte(canonical))
	sig := hex.EncodeToString(hmacSHA256(deriveKey(testSecret, "20240101", "us-east-1", "logs"), stringToSign))

	r, err := http.NewRequest(http.MethodPost, "http://localhost:4566/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	r.Header.Set("Date", httpDate)
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+testKeyID+"/20240101/us-east-1/logs/aws4_request, "+
		"SignedHeaders=content-type;date;host, Signature="+sig)
	got, gotBody := wire(t, r, body)
	res, err := verifierAt(signTime).Verify(context.Background(), got, gotBody)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !res.Date.Equal(signTime) {
		t.Errorf("Date = %v, want %v", res.Date, signTime)
	}
	_, err = verifierAt(signTime.Add(16*time.Minute)).Verify(context.Background(), got, gotBody)
	checkError(t, err, CodeInvalidSignature,
		"Signature expired: 20240101T120000Z is now earlier than 20240101T120100Z (20240101T121600Z - 15 min.)")
}

// TestVerifyKnownAnswer checks the worked example of the SigV4
// documentation (IAM ListUsers, 2015-08-30), independent of any signer.
func TestVerifyKnownAnswer(t *testing.T) {
	r, err := http.NewRequest(http.MethodGet, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	r.Header.Set("X-Amz-Date", "20150830T123600Z")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "+
		"SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
	v := &Verifier{
		Lookup: func(_ context.Context, id string) (string, model.Principal, error) {
			return "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", model.Principal{AccessKeyID: id}, nil
		},
		Now: func() time.Time { return time.Date(2015, 8, 30, 12, 40, 0, 0, time.UTC) },
	}
	got, body := wire(t, r, nil)
	res, err := v.Verify(context.Background(), got, body)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if res.Service != "iam" || res.Region != "us-east-1" || res.AccessKeyID != "AKIDEXAMPLE" {
		t.Errorf("Result = %+v", res)
	}
}

func TestWrongService(t *testing.T) {
	e := WrongService("logs")
	if e.Code != CodeInvalidSignature || e.Message != "Credential should be scoped to correct service: 'logs'." || e.Status != http.StatusBadRequest {
		t.Errorf("WrongService = %+v", e)
	}
}

func BenchmarkVerify(b *testing.B) {
	body := []byte(`{"logGroupName":"/app/web","logStreamName":"i-0abc","logEvents":[` +
		strings.Repeat(`{"timestamp":1704110400000,"message":"GET /health 200 0.002s"},`, 15) +
		`{"timestamp":1704110400000,"message":"GET /health 200 0.002s"}]}`)
	spec := logsSpec("PutLogEvents")
	spec.body = string(body)
	r := spec.build(b)
	signHeader(b, r, body, signOpts{})
	got, gotBody := wire(b, r, body)
	v := verifierAt(signTime)
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, got, gotBody); err != nil {
			b.Fatal(err)
		}
	}
}
