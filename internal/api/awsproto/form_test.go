package awsproto

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type tag struct {
	Key   *string `json:"Key,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type tagResourceInput struct {
	ResourceARN *string `json:"ResourceARN,omitempty"`
	Tags        []tag   `json:"Tags,omitempty"`
}

func decodeFormString(body string, v any) error {
	params, err := parseForm(nil, body)
	if err != nil {
		return err
	}
	return decodeForm(params, v)
}

func TestFormDecode(t *testing.T) {
	cases := []struct {
		name string
		body string
		want any
	}{
		{"botocore PutMetricData",
			"Action=PutMetricData&Version=2010-08-01&Namespace=My%2FApp" +
				"&MetricData.member.1.MetricName=Latency&MetricData.member.1.Dimensions.member.1.Name=Host" +
				"&MetricData.member.1.Dimensions.member.1.Value=web+1&MetricData.member.1.Dimensions.member.2.Name=Stage" +
				"&MetricData.member.1.Dimensions.member.2.Value=prod&MetricData.member.1.Timestamp=2024-01-02T03%3A04%3A05.123456Z" +
				"&MetricData.member.1.Values.member.1=1.5&MetricData.member.1.Values.member.2=-2e3&MetricData.member.1.Values.member.3=NaN" +
				"&MetricData.member.1.Unit=Milliseconds&MetricData.member.1.StorageResolution=1",
			&putMetricDataInput{Namespace: ptr("My/App"), MetricData: []metricDatum{{
				MetricName: ptr("Latency"),
				Dimensions: []dimension{{Name: ptr("Host"), Value: ptr("web 1")}, {Name: ptr("Stage"), Value: ptr("prod")}},
				Timestamp:  tsp("2024-01-02T03:04:05.123Z"),
				Values:     []float64{1.5, -2000, 0}, // NaN is compared below
				Unit:       ptr("Milliseconds"), StorageResolution: ptr(int32(1)),
			}}}},
		{"epoch seconds and offsets",
			"MetricData.member.1.Timestamp=1704164645.5&MetricData.member.2.Timestamp=2024-01-02T04%3A04%3A05%2B01%3A00&MetricData.member.3.Timestamp=2024-01-02T03%3A04%3A05",
			&putMetricDataInput{MetricData: []metricDatum{{Timestamp: tsp("2024-01-02T03:04:05.5Z")}, {Timestamp: tsp("2024-01-02T03:04:05Z")}, {Timestamp: tsp("2024-01-02T03:04:05Z")}}}},
		{"indices out of order and sparse",
			"MetricData.member.3.MetricName=c&MetricData.member.1.MetricName=a&MetricData.member.3.Value=3",
			&putMetricDataInput{MetricData: []metricDatum{{MetricName: ptr("a")}, {MetricName: ptr("c"), Value: ptr(3.0)}}}},
		{"flattened list",
			"MetricData.1.Values.2=2&MetricData.1.Values.1=1",
			&putMetricDataInput{MetricData: []metricDatum{{Values: []float64{1, 2}}}}},
		{"empty lists",
			"AlarmNames=&AlarmTypes=&StateValue=OK",
			&describeAlarmsInput{AlarmNames: []string{}, AlarmTypes: []string{}, StateValue: ptr("OK")}},
		{"members win over the empty marker",
			"AlarmNames=&AlarmNames.member.1=x",
			&describeAlarmsInput{AlarmNames: []string{"x"}}},
		{"maps",
			"EntityMetricData.member.1.Entity.KeyAttributes.entry.2.key=Name&EntityMetricData.member.1.Entity.KeyAttributes.entry.2.value=checkout" +
				"&EntityMetricData.member.1.Entity.KeyAttributes.entry.1.value=Service&EntityMetricData.member.1.Entity.KeyAttributes.entry.1.key=Type" +
				"&EntityMetricData.member.1.Entity.Attributes.entry.1.key=Empty",
			&putMetricDataInput{EntityMetricData: []entityMetricData{{Entity: &entity{
				KeyAttributes: map[string]string{"Type": "Service", "Name": "checkout"},
				Attributes:    map[string]string{"Empty": ""},
			}}}}},
		{"nested structures and bools",
			"MetricDataQueries.member.1.Id=m1&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=Host" +
				"&MetricDataQueries.member.1.MetricStat.Period=60&MetricDataQueries.member.1.ReturnData=True&LabelOptions.Timezone=%2B0130",
			&getMetricDataInput{MetricDataQueries: []metricDataQuery{{ID: ptr("m1"), ReturnData: ptr(true), MetricStat: &metricStat{
				Metric: &metric{Dimensions: []dimension{{Name: ptr("Host")}}}, Period: ptr(int32(60))}}}, LabelOptions: &labelOptions{Timezone: ptr("+0130")}}},
		{"unknown names are ignored, repeated names resolve to the last",
			"Bogus=1&Namespace.member.1=x&MetricData.member.1.Bogus.Deep=1&MetricData.member.1.Timestamp.x=1&Namespace=a&Namespace=b&&",
			&putMetricDataInput{Namespace: ptr("b"), MetricData: []metricDatum{{}}}},
		{"tags as a member list of Key/Value",
			"Action=TagResource&Version=2010-08-01&ResourceARN=arn%3Aaws%3Acloudwatch%3Aeu-west-1%3A1%3Aalarm%3Ax" +
				"&Tags.member.1.Key=team&Tags.member.1.Value=core&Tags.member.2.Key=tier&Tags.member.2.Value=",
			&tagResourceInput{ResourceARN: ptr("arn:aws:cloudwatch:eu-west-1:1:alarm:x"), Tags: []tag{{Key: ptr("team"), Value: ptr("core")}, {Key: ptr("tier"), Value: ptr("")}}}},
		{"highest index allocates one element",
			fmt.Sprintf("MetricData.member.%d.MetricName=x", maxMemberIndex),
			&putMetricDataInput{MetricData: []metricDatum{{MetricName: ptr("x")}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := reflect.New(reflect.TypeOf(tc.want).Elem()).Interface()
			if err := decodeFormString(tc.body, got); err != nil {
				t.Fatal(err)
			}
			if in, ok := got.(*putMetricDataInput); ok && len(in.MetricData) > 0 && len(in.MetricData[0].Values) == 3 {
				if v := in.MetricData[0].Values[2]; v == v {
					t.Fatalf("NaN decoded as %v", v)
				}
				in.MetricData[0].Values[2] = 0
			}
			if !reflect.DeepEqual(got, tc.want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(tc.want)
				t.Fatalf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestFormDecodeErrors(t *testing.T) {
	deep := strings.Repeat("a.", maxKeyDepth) + "b=1"
	many := strings.Repeat("x=1&", maxFormParams+1)
	cases := []struct {
		name, body, code string
		status           int
		msgHas           string
	}{
		{"int syntax", "MetricData.member.1.StorageResolution=abc", "InvalidParameterValue", 400, "MetricData.member.1.StorageResolution"},
		{"int32 range", "MetricData.member.1.StorageResolution=99999999999", "InvalidParameterValue", 400, "32-bit"},
		{"float", "MetricData.member.1.Value=1,5", "InvalidParameterValue", 400, "number"},
		{"bool", "StrictEntityValidation=yes", "InvalidParameterValue", 400, "true or false"},
		{"timestamp", "MetricData.member.1.Timestamp=yesterday", "InvalidParameterValue", 400, "yesterday"},
		{"timestamp range", "MetricData.member.1.Timestamp=1e300", "InvalidParameterValue", 400, "outside"},
		{"list given a value", "MetricData=x", "InvalidParameterValue", 400, "member"},
		{"map given a value", "EntityMetricData.member.1.Entity.KeyAttributes=x", "InvalidParameterValue", 400, "entry"},
		{"index zero", "MetricData.member.0.MetricName=x", "MalformedQueryString", 404, "index"},
		{"index too large", fmt.Sprintf("MetricData.member.%d.MetricName=x", maxMemberIndex+1), "MalformedQueryString", 404, "index"},
		{"index with leading zero", "MetricData.member.01.MetricName=x", "MalformedQueryString", 404, "index"},
		{"index with sign", "MetricData.member.+1.MetricName=x", "MalformedQueryString", 404, "index"},
		{"index not a number", "MetricData.member.one.MetricName=x", "MalformedQueryString", 404, "index"},
		{"missing index", "MetricData.member", "MalformedQueryString", 404, "index"},
		{"missing entry index", "EntityMetricData.member.1.Entity.KeyAttributes.entry", "MalformedQueryString", 404, "entry index"},
		{"bad name escape", "Name%zz=1", "MalformedQueryString", 404, "form encoding"},
		{"bad value escape", "Namespace=%zz", "MalformedQueryString", 404, "Namespace"},
		{"too deep", deep, "MalformedQueryString", 404, "parts"},
		{"too many", many, "MalformedQueryString", 404, "parameters"},
		{"map value without key", "EntityMetricData.member.1.Entity.KeyAttributes.entry.1.value=x", "MissingParameter", 400, "EntityMetricData.member.1.Entity.KeyAttributes.entry.1.key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeFormString(tc.body, new(putMetricDataInput))
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if ae.Code != tc.code || ae.Status != tc.status || !strings.Contains(ae.Message, tc.msgHas) {
				t.Fatalf("got %d %s %q; want %d %s containing %q", ae.Status, ae.Code, ae.Message, tc.status, tc.code, tc.msgHas)
			}
		})
	}
}

func TestFormDecodeBlobsAndUnsupported(t *testing.T) {
	type other struct {
		Blob  []byte            `json:"Blob"`
		Any   any               `json:"Any"`
		U     uint16            `json:"U"`
		Ints  map[int]string    `json:"Ints"`
		Array [2]int            `json:"Array"`
		Deep  map[string]metric `json:"Deep"`
	}
	var got other
	body := "Blob=aGk%3D&Any=text&U=65535&Ints.entry.1.key=1&Array=1&Deep.entry.1.key=k&Deep.entry.1.value.Dimensions.member.1.Name=n&Blob.x=1"
	if err := decodeFormString(body, &got); err != nil {
		t.Fatal(err)
	}
	want := other{Blob: []byte("hi"), Any: "text", U: 65535, Deep: map[string]metric{"k": {Dimensions: []dimension{{Name: ptr("n")}}}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for _, body := range []string{"Blob=!!", "U=-1"} {
		var ae *APIError
		if err := decodeFormString(body, new(other)); !errors.As(err, &ae) || ae.Code != "InvalidParameterValue" {
			t.Errorf("%s: got %v", body, err)
		}
	}
}

func FuzzFormDecode(f *testing.F) {
	f.Add("Action=PutMetricData&Version=2010-08-01&" + encodeForm(samplePutMetricData()))
	f.Add(encodeForm(sampleGetMetricDataInput()))
	f.Add("MetricData.member.3.Values.member.2=1&MetricData=&EntityMetricData.member.1.Entity.KeyAttributes.entry.1.value=x")
	f.Add("a=%zz&MetricData.member.0=1&StartTime=1e400")
	f.Fuzz(func(t *testing.T, body string) {
		for _, v := range []any{new(putMetricDataInput), new(getMetricDataInput), new(describeAlarmsInput)} {
			if err := decodeFormString(body, v); err != nil {
				var ae *APIError
				if !errors.As(err, &ae) || ae.Status < 400 || ae.Status >= 500 {
					t.Fatalf("decode error %v is not a client *APIError", err)
				}
			}
		}
	})
}

func BenchmarkFormDecodePutMetricData(b *testing.B) {
	in := samplePutMetricData()
	for len(in.MetricData) < 300 {
		in.MetricData = append(in.MetricData, in.MetricData...)
	}
	body := "Action=PutMetricData&Version=2010-08-01&" + encodeForm(in)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var out putMetricDataInput
		if err := decodeFormString(body, &out); err != nil {
			b.Fatal(err)
		}
	}
}
