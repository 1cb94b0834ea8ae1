package metricsapi

import (
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/openwatch/openwatch/internal/model"
)

// TestPutMetricDataProtocolsAgree sends one request in each protocol, as
// the SDKs write it, and checks the service gets the same data from each:
// names, dimensions, units and the absent ones alike.
func TestPutMetricDataProtocolsAgree(t *testing.T) {
	ts := now.Add(-time.Minute)
	want := []model.MetricDatum{
		{AccountID: testAccount, Namespace: "App", MetricName: "Latency", Timestamp: ts.UnixMilli(), Value: ptrTo(1.5), Unit: "Milliseconds",
			Dimensions: []model.Dimension{{Name: "Host", Value: "web-1"}, {Name: "AZ", Value: "a"}}},
		{AccountID: testAccount, Namespace: "App", MetricName: "Hits", Timestamp: now.UnixMilli(), Values: []float64{1, 2}, Counts: []float64{3, 4}},
		{AccountID: testAccount, Namespace: "App", MetricName: "Set", Timestamp: ts.UnixMilli(), StorageResolution: 1,
			Stats: &model.StatisticSet{SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2}},
	}
	sec := float64(ts.Unix())
	form := url.Values{"Action": {"PutMetricData"}, "Version": {APIVersion}, "Namespace": {"App"},
		"MetricData.member.1.MetricName": {"Latency"}, "MetricData.member.1.Timestamp": {ts.Format(time.RFC3339)},
		"MetricData.member.1.Value": {"1.5"}, "MetricData.member.1.Unit": {"Milliseconds"},
		"MetricData.member.1.Dimensions.member.1.Name": {"Host"}, "MetricData.member.1.Dimensions.member.1.Value": {"web-1"},
		"MetricData.member.1.Dimensions.member.2.Name": {"AZ"}, "MetricData.member.1.Dimensions.member.2.Value": {"a"},
		"MetricData.member.2.MetricName":      {"Hits"},
		"MetricData.member.2.Values.member.1": {"1"}, "MetricData.member.2.Values.member.2": {"2"},
		"MetricData.member.2.Counts.member.1": {"3"}, "MetricData.member.2.Counts.member.2": {"4"},
		"MetricData.member.3.MetricName": {"Set"}, "MetricData.member.3.Timestamp": {ts.Format(time.RFC3339)},
		"MetricData.member.3.StorageResolution":           {"1"},
		"MetricData.member.3.StatisticValues.SampleCount": {"2"}, "MetricData.member.3.StatisticValues.Sum": {"3"},
		"MetricData.member.3.StatisticValues.Minimum": {"1"}, "MetricData.member.3.StatisticValues.Maximum": {"2"},
	}
	withoutNamespace := url.Values{}
	for k, v := range form {
		if k != "Namespace" {
			withoutNamespace[k] = v
		}
	}
	secs := strconv.FormatFloat(sec, 'f', -1, 64)
	jsonBody := `{"Namespace":"App","MetricData":[
		{"MetricName":"Latency","Timestamp":` + secs + `,"Value":1.5,"Unit":"Milliseconds","Dimensions":[{"Name":"Host","Value":"web-1"},{"Name":"AZ","Value":"a"}]},
		{"MetricName":"Hits","Values":[1,2],"Counts":[3,4],"Unit":null,"Dimensions":[]},
		{"MetricName":"Set","Timestamp":` + secs + `,"StorageResolution":1,"StatisticValues":{"SampleCount":2,"Sum":3,"Minimum":1,"Maximum":2}}]}`
	cborBody, err := cbor.Marshal(map[string]any{"Namespace": "App", "MetricData": []any{
		map[string]any{"MetricName": "Latency", "Timestamp": cbor.Tag{Number: 1, Content: sec}, "Value": 1.5, "Unit": "Milliseconds",
			"Dimensions": []any{map[string]any{"Name": "Host", "Value": "web-1"}, map[string]any{"Name": "AZ", "Value": "a"}}},
		map[string]any{"MetricName": "Hits", "Values": []float64{1, 2}, "Counts": []float64{3, 4}},
		map[string]any{"MetricName": "Set", "Timestamp": cbor.Tag{Number: 1, Content: sec}, "StorageResolution": 1,
			"StatisticValues": map[string]any{"SampleCount": 2.0, "Sum": 3.0, "Minimum": 1.0, "Maximum": 2.0}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, contentType string
		headers                 map[string]string
		body                    string
	}{
		{"query", "/", "application/x-www-form-urlencoded", nil, form.Encode()},
		// The query protocol reads parameters in the URL with the body's.
		{"query with the namespace in the URL", "/?Namespace=App", "application/x-www-form-urlencoded", nil, withoutNamespace.Encode()},
		{"json", "/", "application/x-amz-json-1.0", map[string]string{"X-Amz-Target": TargetPrefix + ".PutMetricData"}, jsonBody},
		{"cbor", "/service/" + TargetPrefix + "/operation/PutMetricData", "application/cbor", map[string]string{"Smithy-Protocol": "rpc-v2-cbor"}, string(cborBody)},
	} {
		srv, store := newServer(t)
		if resp, body := post(t, srv, c.path, c.contentType, c.headers, c.body); resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", c.name, resp.StatusCode, body)
		}
		store.mu.Lock()
		got := store.data
		store.mu.Unlock()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: stored\n%+v\nwant\n%+v", c.name, got, want)
		}
	}
}
