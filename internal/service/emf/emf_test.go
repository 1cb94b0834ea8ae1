package emf

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func f64(v float64) *float64 { return &v }

func TestDecode(t *testing.T) {
	const eventTS = 1700000000000
	cases := []struct {
		name string
		msg  string
		want []model.MetricDatum
	}{
		{
			name: "specification example",
			msg: `{"_aws":{"Timestamp":1574109732004,"CloudWatchMetrics":[{"Namespace":"lambda-function-metrics",
				"Dimensions":[["functionVersion"]],"Metrics":[{"Name":"time","Unit":"Milliseconds"}]}]},
				"functionVersion":"$LATEST","time":100,"requestId":"989ffbf8-9ace-4817-a57c-e4dd734019ee"}`,
			want: []model.MetricDatum{{
				Namespace: "lambda-function-metrics", MetricName: "time",
				Dimensions: []model.Dimension{{Name: "functionVersion", Value: "$LATEST"}},
				Timestamp:  1574109732004, Value: f64(100), Unit: "Milliseconds", StorageResolution: 60,
			}},
		},
		{
			name: "several dimension sets, arrays and high resolution",
			msg: `{"_aws":{"CloudWatchMetrics":[{"Namespace":"shop","Dimensions":[["Service"],["Service","Region"],[]],
				"Metrics":[{"Name":"Latency","Unit":"Milliseconds","StorageResolution":1},{"Name":"Orders","Unit":"Count"}]}]},
				"Service":"cart","Region":"eu-west-1","Latency":[12,15.5],"Orders":3}`,
			want: []model.MetricDatum{
				{Namespace: "shop", MetricName: "Latency", Dimensions: []model.Dimension{{Name: "Service", Value: "cart"}}, Timestamp: eventTS, Values: []float64{12, 15.5}, Unit: "Milliseconds", StorageResolution: 1},
				{Namespace: "shop", MetricName: "Orders", Dimensions: []model.Dimension{{Name: "Service", Value: "cart"}}, Timestamp: eventTS, Value: f64(3), Unit: "Count", StorageResolution: 60},
				{Namespace: "shop", MetricName: "Latency", Dimensions: []model.Dimension{{Name: "Service", Value: "cart"}, {Name: "Region", Value: "eu-west-1"}}, Timestamp: eventTS, Values: []float64{12, 15.5}, Unit: "Milliseconds", StorageResolution: 1},
				{Namespace: "shop", MetricName: "Orders", Dimensions: []model.Dimension{{Name: "Service", Value: "cart"}, {Name: "Region", Value: "eu-west-1"}}, Timestamp: eventTS, Value: f64(3), Unit: "Count", StorageResolution: 60},
				{Namespace: "shop", MetricName: "Latency", Timestamp: eventTS, Values: []float64{12, 15.5}, Unit: "Milliseconds", StorageResolution: 1},
				{Namespace: "shop", MetricName: "Orders", Timestamp: eventTS, Value: f64(3), Unit: "Count", StorageResolution: 60},
			},
		},
		{
			name: "two directives",
			msg: `{"_aws":{"CloudWatchMetrics":[{"Namespace":"a","Dimensions":[[]],"Metrics":[{"Name":"x"}]},
				{"Namespace":"b","Dimensions":[["k"]],"Metrics":[{"Name":"x","Unit":"None"}]}]},"x":-1.5e2,"k":"v"}`,
			want: []model.MetricDatum{
				{Namespace: "a", MetricName: "x", Timestamp: eventTS, Value: f64(-150), StorageResolution: 60},
				{Namespace: "b", MetricName: "x", Dimensions: []model.Dimension{{Name: "k", Value: "v"}}, Timestamp: eventTS, Value: f64(-150), StorageResolution: 60},
			},
		},
		{
			name: "no Dimensions member publishes without dimensions",
			msg:  `{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Metrics":[{"Name":"m"}]}]},"m":1}`,
			want: []model.MetricDatum{{Namespace: "n", MetricName: "m", Timestamp: eventTS, Value: f64(1), StorageResolution: 60}},
		},
		{
			name: "empty Dimensions array publishes without dimensions",
			msg:  `{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[],"Metrics":[{"Name":"m"}]}]},"m":1}`,
			want: []model.MetricDatum{{Namespace: "n", MetricName: "m", Timestamp: eventTS, Value: f64(1), StorageResolution: 60}},
		},
		{
			name: "dotted names refer to top-level members",
			msg:  `{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["A.a"]],"Metrics":[{"Name":"m.v"}]}]},"A.a":"top","A":{"a":"nested"},"m.v":2}`,
			want: []model.MetricDatum{{Namespace: "n", MetricName: "m.v", Dimensions: []model.Dimension{{Name: "A.a", Value: "top"}}, Timestamp: eventTS, Value: f64(2), StorageResolution: 60}},
		},
		{
			name: "distribution with counts",
			msg:  `{"_aws":{"Timestamp":5,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"h","Unit":"Seconds"}]}]},"h":{"Values":[0.5,1],"Counts":[3,1],"Count":4,"Sum":2.5,"Min":0.4,"Max":1.1}}`,
			want: []model.MetricDatum{{Namespace: "n", MetricName: "h", Timestamp: 5, Values: []float64{0.5, 1}, Counts: []float64{3, 1}, Unit: "Seconds", StorageResolution: 60}},
		},
		{
			name: "statistic set",
			msg:  `{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"s"}]}]},"s":{"Count":4,"Sum":10,"Min":1,"Max":4}}`,
			want: []model.MetricDatum{{Namespace: "n", MetricName: "s", Timestamp: eventTS, Stats: &model.StatisticSet{SampleCount: 4, Sum: 10, Minimum: 1, Maximum: 4}, StorageResolution: 60}},
		},
		{
			name: "unknown members are ignored and blanks are allowed",
			msg:  " \n{\"_aws\":{\"LogGroupName\":\"g\",\"CloudWatchMetrics\":[{\"Namespace\":\"n\",\"Extra\":1,\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"m\",\"Other\":true}]}]},\"m\":0} \n",
			want: []model.MetricDatum{{Namespace: "n", MetricName: "m", Timestamp: eventTS, Value: f64(0), StorageResolution: 60}},
		},
		{
			name: "no directives",
			msg:  `{"_aws":{"CloudWatchMetrics":[]}}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !IsCandidate(tc.msg) {
				t.Fatalf("IsCandidate = false")
			}
			got, err := Decode(tc.msg, eventTS)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Decode =\n%s\nwant\n%s", dump(got), dump(tc.want))
			}
		})
	}
}

func TestDecodeNotEMF(t *testing.T) {
	for _, msg := range []string{
		``,
		`plain text`,
		`{"level":"info","message":"hello"}`,
		`{"_aws":{"Timestamp":1}}`,
		`{"_aws":"CloudWatchMetrics"}`,
		`{"_aws":null}`,
		`[{"_aws":{"CloudWatchMetrics":[]}}]`,
		`{"_aws":{"CloudWatchMetrics":[]}} trailing`,
		`prefix {"_aws":{"CloudWatchMetrics":[]}}`,
		`{"_aws":{"CloudWatchMetrics":[]}`,
	} {
		if _, err := Decode(msg, 1); !errors.Is(err, ErrNotEMF) {
			t.Errorf("Decode(%q) error = %v, want ErrNotEMF", msg, err)
		}
	}
}

func TestDecodeInvalid(t *testing.T) {
	doc := func(directive, members string) string {
		return `{"_aws":{"CloudWatchMetrics":[` + directive + `]}` + members + `}`
	}
	many := func(n int, item string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf(item, i)
		}
		return strings.Join(parts, ",")
	}
	manyValues := "[" + strings.TrimSuffix(strings.Repeat("1,", MaxValuesPerMetric+1), ",") + "]"
	cases := []struct {
		name, msg, wantErr string
	}{
		{"directives not an array", `{"_aws":{"CloudWatchMetrics":{}}}`, "must be an array"},
		{"directive not an object", doc(`1`, ``), "must be an object"},
		{"no namespace", doc(`{"Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "no Namespace"},
		{"namespace is case-sensitive", doc(`{"namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "no Namespace"},
		{"namespace not a string", doc(`{"Namespace":5,"Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "must be a string"},
		{"empty namespace", doc(`{"Namespace":"","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "1 to 255"},
		{"long namespace", doc(`{"Namespace":"`+strings.Repeat("n", 256)+`","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "1 to 255"},
		{"no metrics", doc(`{"Namespace":"n","Dimensions":[[]]}`, ``), "no Metrics"},
		{"metrics not an array", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":{}}`, ``), "must be an array"},
		{"too many metrics", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[`+many(MaxMetricsPerDirective+1, `{"Name":"m%d"}`)+`]}`, ``), "limit is 100"},
		{"dimensions not an array", doc(`{"Namespace":"n","Dimensions":"k","Metrics":[{"Name":"m"}]}`, `,"m":1`), "must be an array"},
		{"dimension set not an array", doc(`{"Namespace":"n","Dimensions":["k"],"Metrics":[{"Name":"m"}]}`, `,"m":1,"k":"v"`), "must be an array"},
		{"too many dimensions", doc(`{"Namespace":"n","Dimensions":[[`+many(MaxDimensionsPerSet+1, `"d%d"`)+`]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "limit is 30"},
		{"repeated dimension", doc(`{"Namespace":"n","Dimensions":[["k","k"]],"Metrics":[{"Name":"m"}]}`, `,"m":1,"k":"v"`), "twice"},
		{"missing dimension target", doc(`{"Namespace":"n","Dimensions":[["k"]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "not a member"},
		{"nested dimension target", doc(`{"Namespace":"n","Dimensions":[["A.a"]],"Metrics":[{"Name":"m"}]}`, `,"m":1,"A":{"a":"v"}`), "not a member"},
		{"numeric dimension target", doc(`{"Namespace":"n","Dimensions":[["k"]],"Metrics":[{"Name":"m"}]}`, `,"m":1,"k":2`), "string value"},
		{"empty dimension value", doc(`{"Namespace":"n","Dimensions":[["k"]],"Metrics":[{"Name":"m"}]}`, `,"m":1,"k":""`), "1 to 1024"},
		{"dimension name not a string", doc(`{"Namespace":"n","Dimensions":[[1]],"Metrics":[{"Name":"m"}]}`, `,"m":1`), "must be a string"},
		{"metric without name", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Unit":"Count"}]}`, ``), "no Name"},
		{"missing metric target", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, ``), "not a member"},
		{"string metric target", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":"1"`), "numeric value"},
		{"null metric target", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":null`), "numeric value"},
		{"empty value array", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":[]`), "1 to 100 values"},
		{"too many values", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":`+manyValues), "1 to 100 values"},
		{"non-numeric array value", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":[1,"2"]`), "only numbers"},
		{"number out of range", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":1e400`), "numeric value"},
		{"bad unit", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m","Unit":"Furlongs"}]}`, `,"m":1`), "not a CloudWatch unit"},
		{"bad storage resolution", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m","StorageResolution":30}]}`, `,"m":1`), "1 or 60"},
		{"counts of another length", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":{"Values":[1,2],"Counts":[1]}`), "Counts"},
		{"incomplete statistic set", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":{"Count":1,"Sum":1,"Min":1}`), "Count, Sum, Min and Max"},
		{"inconsistent statistic set", doc(`{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"m"}]}`, `,"m":{"Count":1,"Sum":1,"Min":2,"Max":1}`), "inconsistent"},
		{"negative timestamp", `{"_aws":{"Timestamp":-1,"CloudWatchMetrics":[]}}`, "Timestamp"},
		{"fractional timestamp", `{"_aws":{"Timestamp":1.5,"CloudWatchMetrics":[]}}`, "Timestamp"},
		{"string timestamp", `{"_aws":{"Timestamp":"1","CloudWatchMetrics":[]}}`, "Timestamp"},
		{"too many datapoints", doc(`{"Namespace":"n","Dimensions":[`+strings.TrimSuffix(strings.Repeat("[],", 11), ",")+`],"Metrics":[`+many(MaxMetricsPerDirective, `{"Name":"m%d"}`)+`]}`, `,"m":1`), "more than 1000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.msg, 1)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Decode error = %v (datums %v), want ErrInvalid containing %q", err, got, tc.wantErr)
			}
			if got != nil {
				t.Fatalf("an invalid document yielded %d datums", len(got))
			}
		})
	}
}

func TestDecodeDatumsShareNothing(t *testing.T) {
	msg := `{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["k"]],"Metrics":[{"Name":"a"},{"Name":"b"}]}]},"k":"v","a":[1,2],"b":3}`
	got, err := Decode(msg, 1)
	if err != nil || len(got) != 2 {
		t.Fatalf("Decode = %v, %v", got, err)
	}
	got[0].Dimensions[0].Value = "changed"
	got[0].Values[0] = 9
	if got[1].Dimensions[0].Value != "v" {
		t.Fatalf("datums share their dimensions")
	}
	again, err := Decode(msg, 1)
	if err != nil || again[0].Values[0] != 1 {
		t.Fatalf("decoding again = %v, %v", again, err)
	}
}

func TestIsCandidate(t *testing.T) {
	for msg, want := range map[string]bool{
		`{"_aws":{}}`:             true,
		"\t {\"a\":1,\"_aws\":1}": true,
		`{"aws":{}}`:              false,
		`plain "_aws" text`:       false,
		``:                        false,
		`{"x_aws":1}`:             false,
		`{"_aws_":1}`:             false,
		`{"a_aws":1,"_aws":{}}`:   true,
		`{"m":"\"_aws\""}`:        false,
		`{_aws"`:                  false,
		`{"_aws"`:                 true,
	} {
		if got := IsCandidate(msg); got != want {
			t.Errorf("IsCandidate(%q) = %v, want %v", msg, got, want)
		}
	}
}

// FuzzDecode checks that no input panics the decoder and that what it
// returns keeps the documented limits.
func FuzzDecode(f *testing.F) {
	f.Add(`{"_aws":{"Timestamp":1574109732004,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["k"],[]],"Metrics":[{"Name":"m","Unit":"Count","StorageResolution":1}]}]},"k":"v","m":[1,2]}`)
	f.Add(`{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Metrics":[{"Name":"h"}]}]},"h":{"Values":[1],"Counts":[2]}}`)
	f.Add(`{"_aws":{"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[[]],"Metrics":[{"Name":"s"}]}]},"s":{"Count":1,"Sum":1,"Min":1,"Max":1}}`)
	f.Add(`{"_aws":{"CloudWatchMetrics":[]}}`)
	f.Add(`{"_aws":null}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, msg string) {
		got, err := Decode(msg, 42)
		if err != nil {
			if !errors.Is(err, ErrNotEMF) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v wraps neither ErrNotEMF nor ErrInvalid", err)
			}
			if got != nil {
				t.Fatalf("datums returned with error %v", err)
			}
			return
		}
		if len(got) > MaxDatumsPerDocument {
			t.Fatalf("%d datums", len(got))
		}
		for _, d := range got {
			forms := 0
			if d.Value != nil {
				forms++
			}
			if d.Values != nil {
				forms++
			}
			if d.Stats != nil {
				forms++
			}
			if forms != 1 || d.Namespace == "" || d.MetricName == "" || len(d.Dimensions) > MaxDimensionsPerSet ||
				(d.StorageResolution != 1 && d.StorageResolution != 60) || len(d.Values) > MaxValuesPerMetric ||
				(d.Counts != nil && len(d.Counts) != len(d.Values)) || d.Timestamp < 0 {
				t.Fatalf("datum breaks the limits: %+v", d)
			}
		}
	})
}

func dump(ds []model.MetricDatum) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %s/%s %v t=%d", d.Namespace, d.MetricName, d.Dimensions, d.Timestamp)
		if d.Value != nil {
			fmt.Fprintf(&b, " value=%g", *d.Value)
		}
		fmt.Fprintf(&b, " values=%v counts=%v stats=%v unit=%q res=%d\n", d.Values, d.Counts, d.Stats, d.Unit, d.StorageResolution)
	}
	return b.String()
}

func BenchmarkDecode(b *testing.B) {
	msg := `{"_aws":{"Timestamp":1574109732004,"CloudWatchMetrics":[{"Namespace":"shop","Dimensions":[["Service"],["Service","Region"]],
		"Metrics":[{"Name":"Latency","Unit":"Milliseconds"},{"Name":"Orders","Unit":"Count"}]}]},
		"Service":"cart","Region":"eu-west-1","Latency":[12,15.5,18],"Orders":3,"requestId":"989ffbf8-9ace-4817-a57c-e4dd734019ee"}`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(msg, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsCandidatePlainJSON(b *testing.B) {
	msg := `{"level":"info","message":"request served","extra":{"log_type":"Access","duration_ms":12}}`
	b.ReportAllocs()
	for b.Loop() {
		if IsCandidate(msg) {
			b.Fatal("plain JSON taken for EMF")
		}
	}
}
