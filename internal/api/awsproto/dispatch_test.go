package awsproto

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// scopeAuth trusts the credential scope of the Authorization header, so a
// test picks the signing service the way a client does. A request without
// one fails as SigV4 does.
type scopeAuth struct{}

func (scopeAuth) Authenticate(_ context.Context, r *http.Request, _ []byte) (Identity, error) {
	_, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if !ok {
		return Identity{}, NewError("MissingAuthenticationTokenException", "Request is missing Authentication Token")
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/") // AKID/date/region/service/aws4_request
	if len(parts) != 5 {
		return Identity{}, NewError("IncompleteSignatureException", "bad credential")
	}
	return Identity{Principal: model.Principal{AccountID: "123456789012"}, Region: parts[2], Service: parts[3]}, nil
}

func signFor(r *http.Request, service string) {
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/eu-west-1/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
}

// callLog keeps what handlers decoded and what the observer saw.
type callLog struct {
	mu      sync.Mutex
	inputs  []any
	records []CallRecord
}

func (l *callLog) ObserveCall(_ context.Context, rec CallRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, rec)
}

func (l *callLog) add(v any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inputs = append(l.inputs, v)
}

func (l *callLog) last() (any, CallRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var in any
	if len(l.inputs) > 0 {
		in = l.inputs[len(l.inputs)-1]
	}
	return in, l.records[len(l.records)-1]
}

// decodeAndRecord builds a handler that decodes T, records it and answers
// with out.
func decodeAndRecord[T any](log *callLog, out any) Handler {
	return func(_ context.Context, c *Call) (any, error) {
		in := new(T)
		if err := c.Decode(in); err != nil {
			return nil, err
		}
		log.add(in)
		return out, nil
	}
}

const (
	cwPrefix  = "GraniteServiceVersion20100801"
	cwVersion = "2010-08-01"
)

func cloudWatchService(log *callLog) Service {
	return Service{
		TargetPrefix: cwPrefix,
		SigningName:  "monitoring",
		Protocols: []Protocol{
			RPCv2CBOR{QueryCompatible: true},
			JSON{Version: "1.0", QueryCompatible: true},
			Query{Version: cwVersion, Namespace: monitoringNS},
		},
		Errors: CloudWatchErrors(),
		Operations: map[string]Handler{
			"PutMetricData":  decodeAndRecord[putMetricDataInput](log, nil),
			"GetMetricData":  decodeAndRecord[getMetricDataInput](log, sampleGetMetricDataOutput()),
			"DescribeAlarms": decodeAndRecord[describeAlarmsInput](log, sampleDescribeAlarmsOutput()),
			"Invalid": func(context.Context, *Call) (any, error) {
				return nil, model.Errorf(model.ErrInvalidParameter, "The value -1 for parameter Period is invalid.")
			},
			"Missing": func(context.Context, *Call) (any, error) {
				return nil, model.Errorf(model.ErrNotFound, "No alarm named x.")
			},
			"Unencodable": func(context.Context, *Call) (any, error) { return &struct{ C chan int }{}, nil },
			"Panics":      func(context.Context, *Call) (any, error) { panic("boom") },
		},
	}
}

type publishInput struct {
	TopicArn *string `json:"TopicArn,omitempty"`
	Message  *string `json:"Message,omitempty"`
}

type publishOutput struct {
	MessageID string `json:"MessageId"`
}

func multiServiceHandler(log *callLog, limit int64) http.Handler {
	logs := Service{TargetPrefix: "Logs_20140328", SigningName: "logs", Protocols: []Protocol{JSON{Version: "1.1"}},
		Operations: map[string]Handler{"DescribeLogGroups": decodeAndRecord[echoIn](log, map[string]any{"logGroups": []any{}})}}
	sns := Service{TargetPrefix: "AmazonSimpleNotificationService", SigningName: "sns",
		Protocols:  []Protocol{Query{Version: "2010-03-31", Namespace: "http://sns.amazonaws.com/doc/2010-03-31/"}},
		Operations: map[string]Handler{"Publish": decodeAndRecord[publishInput](log, &publishOutput{MessageID: "m-1"})}}
	return NewHandler(Options{
		Services:     []Service{logs, cloudWatchService(log), sns},
		Auth:         scopeAuth{},
		MaxBodyBytes: limit,
		Observers:    []Observer{log},
	})
}

// request describes one call in one protocol.
type request struct {
	proto   string // "query", "query-get", "json", "cbor"
	op      string
	in      any
	raw     string // a literal body (query: the whole form) instead of in
	service string // signing service; "" = monitoring, "-" = unsigned
	gzip    bool
}

func (rq request) build(t *testing.T) *http.Request {
	t.Helper()
	var body []byte
	var r *http.Request
	switch rq.proto {
	case "query", "query-get":
		form := rq.raw
		if form == "" {
			form = "Action=" + rq.op + "&Version=" + cwVersion
			if rq.in != nil {
				form += "&" + encodeForm(rq.in)
			}
		}
		if rq.proto == "query-get" {
			r = httptest.NewRequest(http.MethodGet, "/?"+form, nil)
			break
		}
		body = []byte(form)
		r = httptest.NewRequest(http.MethodPost, "/", nil)
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	case "json":
		body = []byte(rq.raw)
		if rq.in != nil {
			var err error
			if body, err = json.Marshal(rq.in); err != nil {
				t.Fatal(err)
			}
		}
		r = httptest.NewRequest(http.MethodPost, "/", nil)
		r.Header.Set("X-Amz-Target", cwPrefix+"."+rq.op)
		r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	case "cbor":
		body = []byte(rq.raw)
		if rq.in != nil {
			var err error
			if body, err = cborEnc.Marshal(rq.in); err != nil {
				t.Fatal(err)
			}
		}
		r = httptest.NewRequest(http.MethodPost, "/service/"+cwPrefix+"/operation/"+rq.op, nil)
		r.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
		r.Header.Set("Content-Type", "application/cbor")
	default:
		t.Fatalf("unknown protocol %q", rq.proto)
	}
	if rq.gzip {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		if _, err := zw.Write(body); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		body = b.Bytes()
		r.Header.Set("Content-Encoding", "gzip")
	}
	r.Body = http.NoBody
	if len(body) > 0 {
		r.Body = readCloser{bytes.NewReader(body)}
	}
	switch rq.service {
	case "-":
	case "":
		signFor(r, "monitoring")
	default:
		signFor(r, rq.service)
	}
	return r
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// response is an answer reduced to what the protocols have in common.
type response struct {
	status    int
	requestID string
	errCode   string // XML Code or __type
	message   string
	rec       *httptest.ResponseRecorder
}

func send(t *testing.T, h http.Handler, rq request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, rq.build(t))
	res := response{status: rec.Code, requestID: rec.Header().Get("X-Amzn-RequestId"), rec: rec}
	if res.requestID == "" {
		t.Fatal("no X-Amzn-RequestId")
	}
	body := rec.Body.Bytes()
	switch rq.proto {
	case "query", "query-get":
		if ct := rec.Header().Get("Content-Type"); ct != "text/xml" {
			t.Fatalf("content type %q: %s", ct, body)
		}
		root := parseXML(t, body)
		if rec.Code != 200 {
			if root.name != "ErrorResponse" || root.child("RequestId").text != res.requestID {
				t.Fatalf("bad error envelope: %s", body)
			}
			res.errCode = root.child("Error").child("Code").text
			res.message = root.child("Error").child("Message").text
			wantType := "Sender"
			if rec.Code >= 500 {
				wantType = "Receiver"
			}
			if root.child("Error").child("Type").text != wantType || rec.Header().Get("X-Amzn-Query-Error") != res.errCode+";"+wantType {
				t.Fatalf("error type/header wrong: %s / %q", body, rec.Header().Get("X-Amzn-Query-Error"))
			}
			break
		}
		if root.name != rq.op+"Response" || root.child("ResponseMetadata").child("RequestId").text != res.requestID {
			t.Fatalf("bad envelope for %s: %s", rq.op, body)
		}
	case "json":
		if ct := rec.Header().Get("Content-Type"); ct != "application/x-amz-json-1.0" {
			t.Fatalf("content type %q: %s", ct, body)
		}
		if rec.Code != 200 {
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatalf("error body is not JSON: %s", body)
			}
			res.errCode, _ = m["__type"].(string)
			res.message, _ = m["message"].(string)
		}
	case "cbor":
		if rec.Header().Get("Smithy-Protocol") != "rpc-v2-cbor" {
			t.Fatalf("no Smithy-Protocol header: %v", rec.Header())
		}
		if len(body) > 0 && rec.Header().Get("Content-Type") != "application/cbor" {
			t.Fatalf("content type %q", rec.Header().Get("Content-Type"))
		}
		if rec.Code != 200 {
			m := decodeGeneric(t, body)
			res.errCode, _ = m["__type"].(string)
			res.message, _ = m["message"].(string)
		}
	}
	return res
}

func TestDispatchServesOneServiceInThreeProtocols(t *testing.T) {
	for _, proto := range []string{"query", "json", "cbor"} {
		t.Run(proto, func(t *testing.T) {
			log := &callLog{}
			h := multiServiceHandler(log, 1<<20)

			// A unit output: no body in CBOR, {} in JSON, no Result in XML.
			res := send(t, h, request{proto: proto, op: "PutMetricData", in: samplePutMetricData()})
			if res.status != 200 {
				t.Fatalf("PutMetricData: %d %s", res.status, res.rec.Body)
			}
			in, rec := log.last()
			if !reflect.DeepEqual(in, samplePutMetricData()) {
				t.Fatalf("handler decoded %+v", in)
			}
			wantProto := map[string]string{"query": "awsQuery", "json": "awsJson1_0", "cbor": "rpcv2Cbor"}[proto]
			if rec.Protocol != wantProto || rec.Service != cwPrefix || rec.Operation != "PutMetricData" || rec.ErrorCode != "" {
				t.Fatalf("call record %+v", rec)
			}
			switch body := res.rec.Body.String(); proto {
			case "json":
				if body != "{}" {
					t.Fatalf("JSON unit output %q", body)
				}
			case "cbor":
				if body != "" {
					t.Fatalf("CBOR unit output %x", body)
				}
			case "query":
				if strings.Contains(body, "PutMetricDataResult") {
					t.Fatalf("XML unit output has a Result: %s", body)
				}
			}

			// An output with timestamps, decoded back.
			res = send(t, h, request{proto: proto, op: "GetMetricData", in: sampleGetMetricDataInput()})
			if res.status != 200 {
				t.Fatalf("GetMetricData: %d %s", res.status, res.rec.Body)
			}
			if in, _ := log.last(); !reflect.DeepEqual(in, sampleGetMetricDataInput()) {
				t.Fatalf("handler decoded %+v", in)
			}
			var out getMetricDataOutput
			switch proto {
			case "json":
				if err := json.Unmarshal(res.rec.Body.Bytes(), &out); err != nil {
					t.Fatal(err)
				}
			case "cbor":
				if err := cborDec.Unmarshal(res.rec.Body.Bytes(), &out); err != nil {
					t.Fatal(err)
				}
			case "query":
				var params []formParam
				for _, c := range parseXML(t, res.rec.Body.Bytes()).child("GetMetricDataResult").children {
					flattenXML(&params, c.name, c)
				}
				if err := decodeForm(params, &out); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(&out, sampleGetMetricDataOutput()) {
				t.Fatalf("client would decode %+v", out)
			}
		})
	}
}

func TestDispatchErrorsPerProtocol(t *testing.T) {
	cases := []struct {
		name string
		rq   request
		// per protocol: status, code; query codes differ from exception names
		status                 int
		exception, queryCode   string
		queryStatus            int
		msgHas                 string
		protocols              []string
		skipQueryCompatibility bool
	}{
		{name: "domain error", rq: request{op: "Invalid"}, status: 400, exception: "InvalidParameterValueException", queryCode: "InvalidParameterValue", msgHas: "Period"},
		{name: "not found", rq: request{op: "Missing"}, status: 404, exception: "ResourceNotFound", queryCode: "ResourceNotFound", msgHas: "No alarm"},
		{name: "unknown operation", rq: request{op: "Nope"}, status: 400, exception: "UnknownOperationException", queryCode: "InvalidAction", msgHas: "Nope"},
		{name: "panic", rq: request{op: "Panics"}, status: 500, exception: "InternalFailure", queryCode: "InternalFailure"},
		{name: "unencodable result", rq: request{op: "Unencodable"}, status: 500, exception: "InternalFailure", queryCode: "InternalFailure"},
		{name: "unsigned", rq: request{op: "PutMetricData", service: "-"}, status: 400, exception: "MissingAuthenticationTokenException", queryCode: "MissingAuthenticationToken", queryStatus: 403},
		{name: "signed for another service", rq: request{op: "PutMetricData", service: "logs"}, status: 400, exception: "InvalidSignatureException", queryCode: "SignatureDoesNotMatch", queryStatus: 403, msgHas: "'monitoring'"},
		{name: "bad gzip", rq: request{op: "PutMetricData", raw: "x"}, status: 400, exception: "SerializationException", queryCode: "SerializationException", msgHas: "gzip"},
		{name: "body too large", rq: request{op: "PutMetricData", raw: strings.Repeat("x", 5000)}, status: 413, exception: "InvalidParameterException", queryCode: "InvalidParameterException", msgHas: "limit"},
	}
	for _, tc := range cases {
		for _, proto := range []string{"query", "json", "cbor"} {
			t.Run(tc.name+"/"+proto, func(t *testing.T) {
				log := &callLog{}
				h := multiServiceHandler(log, 4096)
				rq := tc.rq
				rq.proto = proto
				if tc.name == "bad gzip" {
					r := rq.build(t)
					r.Header.Set("Content-Encoding", "gzip")
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, r)
					checkError(t, proto, rec, tc.status, tc.exception, tc.queryCode, tc.queryStatus, tc.msgHas)
					return
				}
				if rq.raw != "" && proto == "query" {
					rq.raw = "Action=" + rq.op + "&Version=" + cwVersion + "&Namespace=" + rq.raw
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, rq.build(t))
				checkError(t, proto, rec, tc.status, tc.exception, tc.queryCode, tc.queryStatus, tc.msgHas)
				if _, cr := log.last(); cr.ErrorCode != tc.exception {
					t.Fatalf("call record error code %q, want %q", cr.ErrorCode, tc.exception)
				}
			})
		}
	}
}

// checkError checks an error answer in one protocol: the query protocol
// sends the query code (and its own status for auth failures), JSON and
// CBOR the exception name with the query code in x-amzn-query-error.
func checkError(t *testing.T, proto string, rec *httptest.ResponseRecorder, status int, exception, queryCode string, queryStatus int, msgHas string) {
	t.Helper()
	body := rec.Body.Bytes()
	wantStatus, wantCode := status, exception
	var code, msg string
	switch proto {
	case "query":
		wantCode = queryCode
		if queryStatus != 0 {
			wantStatus = queryStatus
		}
		root := parseXML(t, body)
		code, msg = root.child("Error").child("Code").text, root.child("Error").child("Message").text
		if root.child("RequestId").text != rec.Header().Get("X-Amzn-RequestId") {
			t.Fatalf("RequestId differs from the header: %s", body)
		}
	case "json":
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		code, _ = m["__type"].(string)
		msg, _ = m["message"].(string)
	case "cbor":
		m := decodeGeneric(t, body)
		code, _ = m["__type"].(string)
		msg, _ = m["message"].(string)
		if rec.Header().Get("Smithy-Protocol") != "rpc-v2-cbor" {
			t.Fatal("CBOR error without Smithy-Protocol")
		}
	}
	if rec.Code != wantStatus || code != wantCode || !strings.Contains(msg, msgHas) {
		t.Fatalf("got %d %s %q; want %d %s containing %q", rec.Code, code, msg, wantStatus, wantCode, msgHas)
	}
	fault := "Sender"
	if status >= 500 {
		fault = "Receiver"
	}
	if got := rec.Header().Get("X-Amzn-Query-Error"); got != queryCode+";"+fault {
		t.Fatalf("x-amzn-query-error %q, want %q", got, queryCode+";"+fault)
	}
}

func TestDispatchQueryRouting(t *testing.T) {
	cases := []struct {
		name        string
		rq          request
		status      int
		code        string
		wantService string
	}{
		{"GET with parameters in the URL", request{proto: "query-get", raw: "Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a&MaxRecords=5"}, 200, "", cwPrefix},
		{"no Version: the signing service decides", request{proto: "query", raw: "Action=DescribeAlarms&AlarmNames.member.1=a&MaxRecords=5"}, 200, "", cwPrefix},
		{"another query service by Version", request{proto: "query", op: "Publish", raw: "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Ax&Message=hi", service: "sns"}, 200, "", "AmazonSimpleNotificationService"},
		{"another query service by signing name", request{proto: "query", op: "Publish", raw: "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Ax&Message=hi", service: "sns"}, 200, "", "AmazonSimpleNotificationService"},
		{"Version of one service, signed for another", request{proto: "query", op: "Publish", raw: "Action=Publish&Version=2010-03-31", service: "monitoring"}, 403, "SignatureDoesNotMatch", "AmazonSimpleNotificationService"},
		{"unknown Version", request{proto: "query", raw: "Action=DescribeAlarms&Version=2099-01-01"}, 400, "InvalidAction", ""},
		{"no Action", request{proto: "query", raw: "Version=2010-08-01&Namespace=x"}, 400, "MissingAction", cwPrefix},
		{"unknown Action", request{proto: "query", raw: "Action=Frobnicate&Version=2010-08-01"}, 400, "InvalidAction", cwPrefix},
		{"malformed form", request{proto: "query", raw: "Action=DescribeAlarms&Version=2010-08-01&MaxRecords=%zz"}, 404, "MalformedQueryString", cwPrefix},
		{"bad value", request{proto: "query", raw: "Action=DescribeAlarms&Version=2010-08-01&MaxRecords=lots"}, 400, "InvalidParameterValue", cwPrefix},
		{"gzip form", request{proto: "query", raw: "Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a&MaxRecords=5", gzip: true}, 200, "", cwPrefix},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			log := &callLog{}
			h := multiServiceHandler(log, 1<<20)
			op := tc.rq.op
			if op == "" {
				op = "DescribeAlarms"
			}
			tc.rq.op = op
			res := send(t, h, tc.rq)
			if res.status != tc.status || res.errCode != tc.code {
				t.Fatalf("got %d %s (%s)", res.status, res.errCode, res.rec.Body)
			}
			in, rec := log.last()
			if rec.Service != tc.wantService {
				t.Fatalf("routed to %q, want %q", rec.Service, tc.wantService)
			}
			if tc.status != 200 {
				return
			}
			switch in := in.(type) {
			case *describeAlarmsInput:
				if !reflect.DeepEqual(in, &describeAlarmsInput{AlarmNames: []string{"a"}, MaxRecords: ptr(int32(5))}) {
					t.Fatalf("decoded %+v", in)
				}
			case *publishInput:
				if *in.TopicArn != "arn:aws:sns:x" || *in.Message != "hi" {
					t.Fatalf("decoded %+v", in)
				}
				if !strings.Contains(res.rec.Body.String(), `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult>`) {
					t.Fatalf("SNS envelope: %s", res.rec.Body)
				}
			default:
				t.Fatalf("handler got %T", in)
			}
		})
	}
}

func TestDispatchOtherProtocolsUnaffected(t *testing.T) {
	log := &callLog{}
	h := multiServiceHandler(log, 1<<20)

	// CloudWatch Logs keeps JSON 1.1 beside CloudWatch's JSON 1.0.
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"name":"x"}`))
	r.Header.Set("X-Amz-Target", "Logs_20140328.DescribeLogGroups")
	signFor(r, "logs")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/x-amz-json-1.1" || rec.Body.String() != `{"logGroups":[]}` {
		t.Fatalf("logs: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if _, cr := log.last(); cr.Protocol != "awsJson1_1" {
		t.Fatalf("logs protocol %q", cr.Protocol)
	}

	// A CBOR path naming an unknown service.
	r = httptest.NewRequest(http.MethodPost, "/service/Nope/operation/PutMetricData", nil)
	r.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	signFor(r, "monitoring")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if m := decodeGeneric(t, rec.Body.Bytes()); rec.Code != 400 || m["__type"] != "UnknownOperationException" || !strings.Contains(m["message"].(string), "Nope.PutMetricData") {
		t.Fatalf("unknown CBOR service: %d %v", rec.Code, m)
	}

	// An empty CBOR body is an empty input.
	r = httptest.NewRequest(http.MethodPost, "/service/"+cwPrefix+"/operation/DescribeAlarms", nil)
	r.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	signFor(r, "monitoring")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if in, _ := log.last(); rec.Code != 200 || !reflect.DeepEqual(in, &describeAlarmsInput{}) {
		t.Fatalf("empty CBOR input: %d %+v", rec.Code, in)
	}

	// A request in no protocol at all is answered in JSON 1.1.
	r = httptest.NewRequest(http.MethodPut, "/", nil)
	signFor(r, "monitoring")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 400 || rec.Header().Get("X-Amzn-ErrorType") != "UnknownOperationException" {
		t.Fatalf("no protocol: %d %v", rec.Code, rec.Header())
	}
}

func TestErrorForService(t *testing.T) {
	own := CloudWatchErrors()
	cases := []struct {
		err        error
		code, qc   string
		status     int
		msgInherit bool
	}{
		{model.Errorf(model.ErrInvalidParameter, "x"), "InvalidParameterValueException", "InvalidParameterValue", 400, true},
		{model.Errorf(model.ErrMissingParameter, "x"), "MissingRequiredParameterException", "MissingParameter", 400, true},
		{model.Errorf(model.ErrInvalidParameterCombination, "x"), "InvalidParameterCombinationException", "InvalidParameterCombination", 400, true},
		{model.Errorf(model.ErrInvalidNextToken, "x"), "InvalidNextToken", "InvalidNextToken", 400, true},
		{model.Errorf(model.ErrLimitExceeded, "x"), "LimitExceededFault", "LimitExceeded", 400, true},
		{model.Errorf(model.ErrNotFound, "x"), "ResourceNotFound", "ResourceNotFound", 404, true},
		{model.Unavailable(errors.New("disk")), "InternalServiceFault", "InternalServiceError", 500, false},
		{model.Errorf(model.ErrThrottled, "x"), "ThrottlingException", "Throttling", 400, true},
		{errors.New("driver"), "InternalFailure", "InternalFailure", 500, false},
	}
	for _, tc := range cases {
		ae := errorFor(tc.err, own)
		code, _ := ae.queryError()
		if ae.Code != tc.code || code != tc.qc || ae.Status != tc.status {
			t.Errorf("%v: got %s/%s/%d, want %s/%s/%d", tc.err, ae.Code, code, ae.Status, tc.code, tc.qc, tc.status)
		}
		if tc.msgInherit && ae.Message != "x" || !tc.msgInherit && strings.Contains(ae.Message, "disk") {
			t.Errorf("%v: message %q", tc.err, ae.Message)
		}
	}
}
