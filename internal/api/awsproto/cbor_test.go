package awsproto

import (
	"bytes"
	"errors"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// indefinite encodes a PutMetricData input the way the Go SDK does: every
// map and array with indefinite length, timestamps as tag 1 over float64.
func indefinitePutMetricData(t testing.TB) []byte {
	var buf bytes.Buffer
	enc := cborEnc.NewEncoder(&buf)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(enc.StartIndefiniteMap())
	must(enc.Encode("Namespace"))
	must(enc.Encode("MyApp/Web"))
	must(enc.Encode("MetricData"))
	must(enc.StartIndefiniteArray())
	must(enc.StartIndefiniteMap())
	must(enc.Encode("MetricName"))
	must(enc.Encode("Latency"))
	must(enc.Encode("Timestamp"))
	must(enc.Encode(cbor.Tag{Number: 1, Content: 1704164645.123}))
	must(enc.Encode("Values"))
	must(enc.StartIndefiniteArray())
	must(enc.Encode(1.5))
	must(enc.Encode(uint64(2))) // an integer where a double is expected
	must(enc.EndIndefinite())
	must(enc.Encode("Dimensions"))
	must(enc.StartIndefiniteArray())
	must(enc.StartIndefiniteMap())
	must(enc.Encode("Name"))
	must(enc.Encode("Host"))
	must(enc.Encode("Value"))
	must(enc.Encode("web-1"))
	must(enc.EndIndefinite())
	must(enc.EndIndefinite())
	must(enc.Encode("StorageResolution"))
	must(enc.Encode(1))
	must(enc.Encode("UnknownMember"))
	must(enc.Encode([]string{"ignored"}))
	must(enc.EndIndefinite())
	must(enc.EndIndefinite())
	must(enc.EndIndefinite())
	return buf.Bytes()
}

func TestCBORDecodeIndefiniteLengths(t *testing.T) {
	var got putMetricDataInput
	if err := (RPCv2CBOR{}).Decode(nil, indefinitePutMetricData(t), &got); err != nil {
		t.Fatal(err)
	}
	want := putMetricDataInput{Namespace: ptr("MyApp/Web"), MetricData: []metricDatum{{
		MetricName: ptr("Latency"), Timestamp: tsp("2024-01-02T03:04:05.123Z"), Values: []float64{1.5, 2},
		Dimensions: []dimension{{Name: ptr("Host"), Value: ptr("web-1")}}, StorageResolution: ptr(int32(1)),
	}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestCBORDecodeEmptyBody(t *testing.T) {
	got := putMetricDataInput{Namespace: ptr("kept")}
	if err := (RPCv2CBOR{}).Decode(nil, nil, &got); err != nil || *got.Namespace != "kept" {
		t.Fatalf("empty body: %v %+v", err, got)
	}
}

func TestCBORDecodeErrors(t *testing.T) {
	valid, err := cborEnc.Marshal(samplePutMetricData())
	if err != nil {
		t.Fatal(err)
	}
	marshal := func(v any) []byte {
		b, err := cborEnc.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	bigArray := marshal(map[string]any{"AlarmNames": make([]string, cborMaxArrayElements+1)})
	bigMap := make(map[string]int, cborMaxMapPairs+1)
	for i := range cborMaxMapPairs + 1 {
		bigMap[strings.Repeat("k", 1+i%7)+string(rune('a'+i%26))+string(rune(i))] = i
	}
	cases := []struct {
		name   string
		body   []byte
		msgHas string
	}{
		{"truncated", valid[:len(valid)-3], "parsed"},
		{"trailing data", append(append([]byte{}, valid...), 0x01), "parsed"},
		{"not a map", marshal([]int{1, 2}), "member (root)"},
		{"string for a number", marshal(map[string]any{"MaxRecords": "many"}), "member MaxRecords: expected int32"},
		{"float for an integer", marshal(map[string]any{"MaxRecords": 1.5}), "member MaxRecords"},
		{"too deep", marshal(map[string]any{"x": nested(cborMaxNestedLevels + 1)}), "nested level"},
		{"too many array elements", bigArray, "elements"},
		{"too many map pairs", marshal(bigMap), "pairs"},
		{"duplicate member", repeatedMember(t, "StateValue"), "duplicate"},
		{"timestamp with wrong tag", marshal(map[string]any{"StartTime": cbor.Tag{Number: 0, Content: "2024-01-01T00:00:00Z"}}), "tag"},
		{"timestamp as text", marshal(map[string]any{"StartTime": "2024-01-01T00:00:00Z"}), "epoch seconds"},
		{"timestamp NaN", marshal(map[string]any{"StartTime": cbor.Tag{Number: 1, Content: math.NaN()}}), "finite"},
		{"timestamp out of range", marshal(map[string]any{"StartTime": cbor.Tag{Number: 1, Content: uint64(1) << 62}}), "outside"},
		{"timestamp far in the past", marshal(map[string]any{"StartTime": cbor.Tag{Number: 1, Content: int64(-1) << 62}}), "outside"},
		{"invalid UTF-8", marshal(map[string]any{"NextToken": "\xff"}), "UTF-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var dst any = new(describeAlarmsInput)
			if strings.HasPrefix(tc.name, "timestamp") {
				dst = new(getMetricDataInput)
			}
			err := (RPCv2CBOR{}).Decode(nil, tc.body, dst)
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != "SerializationException" || ae.Status != 400 {
				t.Fatalf("got %v, want a SerializationException", err)
			}
			if !strings.Contains(ae.Message, tc.msgHas) {
				t.Fatalf("message %q lacks %q", ae.Message, tc.msgHas)
			}
		})
	}
}

// decodeGeneric decodes a CBOR map with string keys all the way down.
func decodeGeneric(t *testing.T, b []byte) map[string]any {
	t.Helper()
	dm, err := cbor.DecOptions{DefaultMapType: reflect.TypeFor[map[string]any]()}.DecMode()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := dm.Unmarshal(b, &m); err != nil {
		t.Fatalf("response is not a CBOR map: %v", err)
	}
	return m
}

// nested returns n single-element arrays inside each other.
func nested(n int) any {
	var v any = 1
	for range n {
		v = []any{v}
	}
	return v
}

// repeatedMember encodes a map that names member twice.
func repeatedMember(t testing.TB, member string) []byte {
	var buf bytes.Buffer
	enc := cborEnc.NewEncoder(&buf)
	for _, err := range []error{enc.StartIndefiniteMap(), enc.Encode(member), enc.Encode("x"), enc.Encode(member), enc.Encode("y"), enc.EndIndefinite()} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestCBORWrite(t *testing.T) {
	p := RPCv2CBOR{QueryCompatible: true}
	rec := newRecorder()
	if err := p.WriteResult(rec, Reply{Operation: "PutMetricData"}, nil); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Smithy-Protocol") != "rpc-v2-cbor" || rec.Header().Get("Content-Length") != "0" {
		t.Fatalf("unit output: %d %q %v", rec.Code, rec.Body, rec.Header())
	}

	rec = newRecorder()
	if err := p.WriteResult(rec, Reply{Operation: "GetMetricData"}, sampleGetMetricDataOutput()); err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get("Content-Type") != "application/cbor" || rec.Header().Get("Smithy-Protocol") != "rpc-v2-cbor" {
		t.Fatalf("headers %v", rec.Header())
	}
	generic := decodeGeneric(t, rec.Body.Bytes())
	first := generic["MetricDataResults"].([]any)[0].(map[string]any)
	// The generic decoder turns tag 1 into a time.Time.
	if got, ok := first["Timestamps"].([]any)[2].(time.Time); !ok || !got.Equal(ts("2024-01-02T00:02:00.25Z").Time()) {
		t.Fatalf("timestamp decoded as %#v", first["Timestamps"].([]any)[2])
	}
	if raw := rec.Body.Bytes(); !bytes.Contains(raw, []byte{0xc1, 0xfb}) {
		t.Fatal("timestamps are not tag 1 over a float64")
	}

	rec = newRecorder()
	p.WriteError(rec, Reply{}, &APIError{Code: "InvalidParameterValueException", QueryCode: "InvalidParameterValue", Message: "bad", Status: 400,
		Fields: map[string]any{"Extra": 1}})
	e := decodeGeneric(t, rec.Body.Bytes())
	if rec.Code != 400 || e["__type"] != "InvalidParameterValueException" || e["message"] != "bad" || e["Extra"] != uint64(1) {
		t.Fatalf("error body %v", e)
	}
	if rec.Header().Get("X-Amzn-Query-Error") != "InvalidParameterValue;Sender" || rec.Header().Get("Smithy-Protocol") != "rpc-v2-cbor" {
		t.Fatalf("error headers %v", rec.Header())
	}

	rec = newRecorder()
	RPCv2CBOR{}.WriteError(rec, Reply{}, &APIError{Code: "X", Message: "m", Status: 500, Fields: map[string]any{"bad": make(chan int)}})
	if e = decodeGeneric(t, rec.Body.Bytes()); e["__type"] != "InternalFailure" || rec.Header().Get("X-Amzn-Query-Error") != "" {
		t.Fatalf("unencodable error: %v %v", e, rec.Header())
	}

	rec = newRecorder()
	if err := p.WriteResult(rec, Reply{}, map[string]any{"c": make(chan int)}); err == nil || rec.wrote {
		t.Fatalf("unencodable result: err %v, wrote %v", err, rec.wrote)
	}
}

func TestCBORRouting(t *testing.T) {
	cases := []struct {
		method, path, smithy, target string
		claims                       bool
		svc, op                      string
	}{
		{"POST", "/service/GraniteServiceVersion20100801/operation/PutMetricData", "rpc-v2-cbor", "", true, "GraniteServiceVersion20100801", "PutMetricData"},
		{"POST", "/prefix/service/S/operation/Op", "rpc-v2-cbor", "", true, "S", "Op"},
		{"POST", "/service/S/operation/Op", "", "", true, "S", "Op"},
		{"POST", "/service/S/operation/Op", "", "S.Op", false, "S", "Op"},
		{"POST", "/service/S/operation/Op", "rpc-v2-json", "", false, "S", "Op"},
		{"GET", "/service/S/operation/Op", "rpc-v2-cbor", "", false, "S", "Op"},
		{"POST", "/", "rpc-v2-cbor", "", true, "", ""},
		{"POST", "/service//operation/Op", "rpc-v2-cbor", "", true, "", ""},
		{"POST", "/service/S/operation/a/b", "rpc-v2-cbor", "", true, "", ""},
	}
	for _, tc := range cases {
		r, err := http.NewRequest(tc.method, "http://h"+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tc.smithy != "" {
			r.Header.Set("Smithy-Protocol", tc.smithy)
		}
		if tc.target != "" {
			r.Header.Set("X-Amz-Target", tc.target)
		}
		p := RPCv2CBOR{}
		if got := p.Claims(r); got != tc.claims {
			t.Errorf("%s %s: Claims = %v", tc.method, tc.path, got)
		}
		if svc, op := p.Route(r, nil); svc != tc.svc || op != tc.op {
			t.Errorf("%s: Route = %q %q", tc.path, svc, op)
		}
	}
}

func FuzzCBORDecode(f *testing.F) {
	for _, v := range []any{samplePutMetricData(), sampleGetMetricDataInput(), sampleDescribeAlarmsInput()} {
		b, err := cborEnc.Marshal(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(indefinitePutMetricData(f))
	f.Add(repeatedMember(f, "StartTime"))
	if b, err := cborEnc.Marshal(map[string]any{"StartTime": cbor.Tag{Number: 1, Content: uint64(1) << 40}, "x": nested(40)}); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, v := range []any{new(putMetricDataInput), new(getMetricDataInput), new(describeAlarmsInput)} {
			if err := (RPCv2CBOR{}).Decode(nil, body, v); err != nil {
				var ae *APIError
				if !errors.As(err, &ae) || ae.Code != "SerializationException" {
					t.Fatalf("decode error %v is not a SerializationException", err)
				}
			}
		}
	})
}

func BenchmarkCBORDecodePutMetricData(b *testing.B) {
	in := samplePutMetricData()
	for len(in.MetricData) < 300 {
		in.MetricData = append(in.MetricData, in.MetricData...)
	}
	body, err := cborEnc.Marshal(in)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var out putMetricDataInput
		if err := (RPCv2CBOR{}).Decode(nil, body, &out); err != nil {
			b.Fatal(err)
		}
	}
}
