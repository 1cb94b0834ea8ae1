package awsproto

import (
	"bytes"
	"flag"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

const monitoringNS = "http://monitoring.amazonaws.com/doc/2010-08-01/"

// checkGolden compares got with testdata/name.golden, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the golden file\ngot:  %s\nwant: %s", name, got, want)
	}
}

type datapoint struct {
	Timestamp          *Timestamp         `json:"Timestamp,omitempty"`
	SampleCount        *float64           `json:"SampleCount,omitempty"`
	Average            *float64           `json:"Average,omitempty"`
	Unit               *string            `json:"Unit,omitempty"`
	ExtendedStatistics map[string]float64 `json:"ExtendedStatistics,omitempty"`
}

type getMetricStatisticsOutput struct {
	Label      *string     `json:"Label,omitempty"`
	Datapoints []datapoint `json:"Datapoints"`
}

type emptyOutput struct{}

type dashboardValidationMessage struct {
	DataPath string `json:"DataPath"`
	Message  string `json:"Message"`
}

func TestXMLResponseGolden(t *testing.T) {
	cases := []struct {
		golden, op string
		result     any
	}{
		{"query_put_metric_data", "PutMetricData", nil},
		{"query_put_dashboard_empty_result", "PutDashboard", &emptyOutput{}},
		{"query_get_metric_data", "GetMetricData", sampleGetMetricDataOutput()},
		{"query_describe_alarms", "DescribeAlarms", sampleDescribeAlarmsOutput()},
		{"query_list_metrics_empty", "ListMetrics", &listMetricsOutput{Metrics: []metric{}}},
		{"query_get_metric_statistics", "GetMetricStatistics", &getMetricStatisticsOutput{
			Label: ptr("CPU"),
			Datapoints: []datapoint{{
				Timestamp: tsp("2024-01-01T00:00:00Z"), Average: ptr(1.5), Unit: ptr("Percent"),
				ExtendedStatistics: map[string]float64{"p99": 3, "p50": 1.25},
			}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			rec := newRecorder()
			err := Query{Version: "2010-08-01", Namespace: monitoringNS}.WriteResult(rec, Reply{RequestID: "7f1c7f2e-9d6a-4c8e-8a39-3b0c1d2e4f5a", Operation: tc.op}, tc.result)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/xml" {
				t.Fatalf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			parseXML(t, rec.Body.Bytes())
			checkGolden(t, tc.golden, rec.Body.Bytes())
		})
	}
}

func TestXMLErrorGolden(t *testing.T) {
	cases := []struct {
		golden string
		err    *APIError
		status int
		header string
	}{
		{"query_error_invalid_parameter", &APIError{Code: "InvalidParameterValueException", QueryCode: "InvalidParameterValue",
			Message: `The value "a<b" for parameter Period is invalid.`, Status: 400}, 400, "InvalidParameterValue;Sender"},
		{"query_error_signature", NewError("InvalidSignatureException", "Credential should be scoped to correct service: 'monitoring'. "),
			403, "SignatureDoesNotMatch;Sender"},
		{"query_error_internal", errInternal, 500, "InternalFailure;Receiver"},
		{"query_error_dashboard_fields", &APIError{Code: "DashboardInvalidInputError", QueryCode: "InvalidParameterInput", Message: "The dashboard body is invalid, there are 1 validation errors",
			Status: 400, Fields: map[string]any{"dashboardValidationMessages": []dashboardValidationMessage{{DataPath: "/widgets/0", Message: "Should be object"}}}},
			400, "InvalidParameterInput;Sender"},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			rec := newRecorder()
			Query{Namespace: monitoringNS}.WriteError(rec, Reply{RequestID: "7f1c7f2e-9d6a-4c8e-8a39-3b0c1d2e4f5a", Operation: "PutMetricData"}, tc.err)
			if rec.Code != tc.status || rec.Header().Get("X-Amzn-Query-Error") != tc.header {
				t.Fatalf("status %d, x-amzn-query-error %q; want %d, %q", rec.Code, rec.Header().Get("X-Amzn-Query-Error"), tc.status, tc.header)
			}
			root := parseXML(t, rec.Body.Bytes())
			if root.name != "ErrorResponse" || root.child("Error").child("Code") == nil || root.child("RequestId") == nil {
				t.Fatalf("bad envelope: %s", rec.Body)
			}
			checkGolden(t, tc.golden, rec.Body.Bytes())
		})
	}
}

func TestXMLValues(t *testing.T) {
	type blob struct {
		Data []byte `json:"Data"`
	}
	type mixed struct {
		Text    string            `json:"Text"`
		Skipped string            `json:"-"`
		Zero    int64             `json:"Zero,omitempty"`
		When    Timestamp         `json:"When,omitzero"`
		Flag    bool              `json:"Flag"`
		F       float64           `json:"F"`
		Tags    map[string]string `json:"Tags"`
		Any     any               `json:"Any"`
		Blob    blob              `json:"Blob"`
		private int
	}
	cases := []struct {
		name string
		in   any
		want string
	}{
		{"escaping and controls", &mixed{Text: "a&b<c>\"d\"\r\n\x00\xff", Blob: blob{Data: []byte("hi")}, private: 1},
			`<Text>a&amp;b&lt;c&gt;&quot;d&quot;&#xD;` + "\n\uFFFD\uFFFD" + `</Text><Flag>false</Flag><F>0</F><Blob><Data>aGk=</Data></Blob>`},
		{"omitzero and maps", &mixed{When: ts("2024-02-29T23:59:59.999Z"), Flag: true, F: math.Inf(-1), Tags: map[string]string{"b": "2", "a": "1"}, Any: 7},
			`<Text></Text><When>2024-02-29T23:59:59.999Z</When><Flag>true</Flag><F>-Infinity</F><Tags><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></Tags><Any>7</Any><Blob></Blob>`},
		{"NaN", &mixed{F: math.NaN()}, `<F>NaN</F>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, err := appendQueryResponse(nil, "", Reply{RequestID: "r", Operation: "Op"}, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			parseXML(t, body)
			if !strings.Contains(string(body), tc.want) {
				t.Fatalf("got %s\nwant it to contain %s", body, tc.want)
			}
		})
	}
}

func TestXMLRefusesNonStructures(t *testing.T) {
	type cyclic struct {
		Next *cyclic `json:"Next"`
	}
	loop := &cyclic{}
	loop.Next = loop
	for _, in := range []any{"text", []int{1}, ts("2024-01-01T00:00:00Z"), (*emptyOutput)(nil), loop, &struct {
		C chan int `json:"C"`
	}{C: make(chan int)}} {
		if _, err := appendQueryResponse(nil, "", Reply{Operation: "Op"}, in); err == nil {
			t.Errorf("%T: encoded without error", in)
		}
	}
	rec := newRecorder()
	if err := (Query{}).WriteResult(rec, Reply{Operation: "Op"}, "text"); err == nil || rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.wrote {
		t.Fatalf("failed WriteResult must write nothing: err %v, wrote %v", err, rec.wrote)
	}
}

func BenchmarkXMLEncodeGetMetricData(b *testing.B) {
	out := sampleGetMetricDataOutput()
	for i := 0; i < 20; i++ {
		out.MetricDataResults[0].Timestamps = append(out.MetricDataResults[0].Timestamps, out.MetricDataResults[0].Timestamps...)
		out.MetricDataResults[0].Values = append(out.MetricDataResults[0].Values, out.MetricDataResults[0].Values...)
		if len(out.MetricDataResults[0].Values) > 1000 {
			break
		}
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = appendQueryResponse(buf[:0], monitoringNS, Reply{RequestID: "r", Operation: "GetMetricData"}, out); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}
