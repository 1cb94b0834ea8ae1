package metricsapi

import (
	"testing"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

// jsonCases are bodies of PutMetricData; shape says whether
// scanPutMetricDataJSON must take them.
var jsonCases = []struct {
	name, body string
	shape      bool
}{
	{"sdk", `{"Namespace":"App","MetricData":[
		{"MetricName":"Latency","Timestamp":1.70000000025E9,"Value":1.5,"Unit":"Milliseconds","Dimensions":[{"Name":"Host","Value":"web-1"},{"Name":"AZ","Value":"a"}]},
		{"MetricName":"Hits","Values":[1,2e0,-0.5],"Counts":[3,4],"Dimensions":[]},
		{"MetricName":"Set","Timestamp":1700000000,"StorageResolution":1,"StatisticValues":{"SampleCount":2,"Sum":3,"Minimum":1,"Maximum":2}},
		{"MetricName":"Höhe","Value":-0,"StorageResolution":-3,"Dimensions":[{"Value":"v"},{"Name":"n"}]}]}`, true},
	{"blanks", " \n{ \"Namespace\" : \"App\" , \"MetricData\" : [ ] }\t", true},
	{"empty object", `{}`, true},
	{"empty body", ``, false},
	{"escapes", `{"Namespace":"A\"pp"}`, false},
	{"null", `{"Namespace":null}`, false},
	{"lower-case member", `{"namespace":"App"}`, false},
	{"unknown member", `{"Namespace":"App","StrictEntityValidation":true}`, false},
	{"duplicate member", `{"Namespace":"a","Namespace":"b"}`, false},
	{"duplicate datum member", `{"MetricData":[{"Value":1,"Value":2}]}`, false},
	{"invalid UTF-8", "{\"Namespace\":\"\xff\"}", false},
	{"number out of range", `{"MetricData":[{"Value":1e400}]}`, false},
	{"fractional resolution", `{"MetricData":[{"StorageResolution":1.0}]}`, false},
	{"resolution out of range", `{"MetricData":[{"StorageResolution":2147483648}]}`, false},
	{"timestamp out of range", `{"MetricData":[{"Timestamp":1e12}]}`, false},
	{"bad number", `{"MetricData":[{"Value":01}]}`, false},
	{"trailing comma", `{"MetricData":[{"Value":1},]}`, false},
	{"trailing bytes", `{"Namespace":"App"}x`, false},
	{"truncated", `{"MetricData":[{"Value":1}`, false},
}

// TestScanPutMetricDataJSON checks which bodies the scanner takes, and
// that it reads them as the generic decoder does.
func TestScanPutMetricDataJSON(t *testing.T) {
	for _, c := range jsonCases {
		t.Run(c.name, func(t *testing.T) {
			if _, ok := scanPutMetricDataJSON([]byte(c.body)); ok != c.shape {
				t.Fatalf("scanner took it: %v, want %v", ok, c.shape)
			}
			checkJSONAgainstGeneric(t, []byte(c.body))
		})
	}
}

func checkJSONAgainstGeneric(t *testing.T, body []byte) {
	t.Helper()
	in, ok := scanPutMetricDataJSON(body)
	if !ok {
		return
	}
	var generic putMetricDataInput
	if err := (awsproto.JSON{Version: "1.0"}).Decode(nil, body, &generic); err != nil {
		t.Fatalf("scanner accepted a body the generic decoder rejects: %v", err)
	}
	if got, want := dumpPutInput(in), dumpPutInput(&generic); got != want {
		t.Fatalf("scanner read\n%s\ngeneric decoder\n%s", got, want)
	}
}

func FuzzScanPutMetricDataJSON(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c.body))
	}
	f.Fuzz(checkJSONAgainstGeneric)
}
