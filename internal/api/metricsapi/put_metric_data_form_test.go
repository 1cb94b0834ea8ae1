package metricsapi

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
)

// formEscape is how a client escapes a name or value.
type formEscape func(string) string

// botoEscape escapes as botocore does: everything but letters, digits and
// -_.~ as %XX, so a space is %20.
func botoEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// encodePutForm writes in as a query-protocol body: pairs in the order
// the generic encoders of the clients use, then shuffled when rng is not
// nil. Empty lists are written "Name=", as botocore does.
func encodePutForm(in *putMetricDataInput, esc formEscape, rng *rand.Rand) string {
	pairs := []string{"Action=PutMetricData", "Version=" + APIVersion}
	add := func(k, v string) { pairs = append(pairs, k+"="+esc(v)) }
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	if in.Namespace != nil {
		add("Namespace", *in.Namespace)
	}
	if in.StrictEntityValidation != nil {
		add("StrictEntityValidation", strconv.FormatBool(*in.StrictEntityValidation))
	}
	if in.MetricData != nil && len(in.MetricData) == 0 {
		add("MetricData", "")
	}
	for i, d := range in.MetricData {
		m := "MetricData.member." + strconv.Itoa(i+1) + "."
		add(m+"MetricName", d.MetricName)
		if d.Dimensions != nil && len(d.Dimensions) == 0 {
			add(m+"Dimensions", "")
		}
		for j, dim := range d.Dimensions {
			add(m+"Dimensions.member."+strconv.Itoa(j+1)+".Name", dim.Name)
			add(m+"Dimensions.member."+strconv.Itoa(j+1)+".Value", dim.Value)
		}
		if d.Timestamp != nil {
			add(m+"Timestamp", d.Timestamp.String())
		}
		if d.Value != nil {
			add(m+"Value", num(*d.Value))
		}
		if st := d.StatisticValues; st != nil {
			for _, f := range []struct {
				name string
				v    *float64
			}{{"SampleCount", st.SampleCount}, {"Sum", st.Sum}, {"Minimum", st.Minimum}, {"Maximum", st.Maximum}} {
				if f.v != nil {
					add(m+"StatisticValues."+f.name, num(*f.v))
				}
			}
		}
		for _, l := range []struct {
			name string
			v    []float64
		}{{"Values", d.Values}, {"Counts", d.Counts}} {
			if l.v != nil && len(l.v) == 0 {
				add(m+l.name, "")
			}
			for k, f := range l.v {
				add(m+l.name+".member."+strconv.Itoa(k+1), num(f))
			}
		}
		if d.Unit != "" {
			add(m+"Unit", d.Unit)
		}
		if d.StorageResolution != nil {
			add(m+"StorageResolution", strconv.Itoa(int(*d.StorageResolution)))
		}
	}
	if rng != nil {
		rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	}
	return strings.Join(pairs, "&")
}

func tsAt(s string) *awsproto.Timestamp {
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	ts := awsproto.Timestamp(tm.UTC())
	return &ts
}

// formInputs are requests the scanner must read, in every encoding and
// order, as the generic decoder does.
func formInputs() map[string]*putMetricDataInput {
	thirty := make([]model.Dimension, 30)
	for i := range thirty {
		thirty[i] = model.Dimension{Name: fmt.Sprintf("D%02d", i), Value: fmt.Sprintf("v-%d", i)}
	}
	many := &putMetricDataInput{Namespace: ptrTo("Bulk")}
	for i := range 120 {
		many.MetricData = append(many.MetricData, metricDatum{
			MetricName: "Requests",
			Dimensions: []model.Dimension{{Name: "Host", Value: fmt.Sprintf("h-%d", i%7)}, {Name: "AZ", Value: "a"}},
			Timestamp:  tsAt("2024-05-06T07:08:09.123Z"),
			Value:      ptrTo(float64(i)),
			Unit:       "Count",
		})
	}
	return map[string]*putMetricDataInput{
		"namespace only": {Namespace: ptrTo("App")},
		"nothing":        {},
		"empty data":     {Namespace: ptrTo("App"), MetricData: []metricDatum{}},
		"single value": {Namespace: ptrTo("App"), MetricData: []metricDatum{
			{MetricName: "Latency", Value: ptrTo(1.5), Unit: "Milliseconds", Timestamp: tsAt("2024-01-02T03:04:05Z")}}},
		"values and counts": {Namespace: ptrTo("App"), MetricData: []metricDatum{
			{MetricName: "Hist", Values: []float64{1, 2.5, -3e-7, 1e300}, Counts: []float64{4, 5, 6, 7}, Dimensions: []model.Dimension{}},
			{MetricName: "Empty lists", Values: []float64{}, Counts: []float64{}}}},
		"statistic values": {MetricData: []metricDatum{
			{MetricName: "Set", StorageResolution: ptrTo(int32(1)), StatisticValues: &statisticSet{SampleCount: ptrTo(2.0), Sum: ptrTo(3.0), Minimum: ptrTo(1.0), Maximum: ptrTo(2.0)}},
			{MetricName: "Partial", StatisticValues: &statisticSet{Sum: ptrTo(-1.0)}, StorageResolution: ptrTo(int32(-7))}}},
		"thirty dimensions": {Namespace: ptrTo("App"), MetricData: []metricDatum{{MetricName: "Wide", Dimensions: thirty, Value: ptrTo(0.0)}}},
		"timestamps": {Namespace: ptrTo("App"), MetricData: []metricDatum{
			{MetricName: "A", Timestamp: tsAt("2024-02-29T23:59:59.999Z")},
			{MetricName: "B", Timestamp: tsAt("1970-01-01T00:00:00Z")},
			{MetricName: "C", Timestamp: tsAt("1969-12-31T23:59:59.5Z")},
			{MetricName: "D", Timestamp: tsAt("0001-01-01T00:00:00Z")},
			{MetricName: "E", Timestamp: tsAt("9999-12-31T23:59:59.001Z")},
			{MetricName: "F", Timestamp: tsAt("2000-03-01T12:00:00.12Z")}}},
		"escaped text": {Namespace: ptrTo("My App/Prod"), MetricData: []metricDatum{
			{MetricName: "a+b c&d=e%f", Dimensions: []model.Dimension{{Name: "Höhe 💡", Value: "x y"}, {Name: "", Value: ""}, {Name: "only name"}}, Unit: "Count/Second"}}},
		"empty strings":  {Namespace: ptrTo(""), MetricData: []metricDatum{{MetricName: "", Unit: ""}}},
		"strict entity":  {Namespace: ptrTo("App"), StrictEntityValidation: ptrTo(true), MetricData: []metricDatum{{MetricName: "M", Value: ptrTo(math.Inf(-1))}}},
		"many data":      many,
		"special floats": {MetricData: []metricDatum{{MetricName: "M", Value: ptrTo(math.NaN()), Values: []float64{math.Inf(1), math.Copysign(0, -1), 5e-324}}}},
	}
}

// TestScanPutMetricDataFormEquivalence encodes each input as the clients
// do, in order and shuffled, and checks the scanner takes it and reads it
// as the generic decoder does.
func TestScanPutMetricDataFormEquivalence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for name, in := range formInputs() {
		for _, enc := range []struct {
			name string
			esc  formEscape
		}{{"go", url.QueryEscape}, {"botocore", botoEscape}} {
			for _, shuffled := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/shuffled=%v", name, enc.name, shuffled), func(t *testing.T) {
					var r *rand.Rand
					if shuffled {
						r = rng
					}
					body := []byte(encodePutForm(in, enc.esc, r))
					got, ok := scanPutMetricDataForm(body)
					if !ok {
						t.Fatalf("scanner fell back on\n%s", body)
					}
					if g, w := dumpPutInput(got), dumpPutInput(in); g != w {
						t.Fatalf("scanner read\n%s\nwant\n%s", g, w)
					}
					checkFormAgainstGeneric(t, body)
				})
			}
		}
	}
}

// formCases are bodies of PutMetricData; take says whether the scanner
// must read them.
var formCases = []struct {
	name, body string
	take       bool
}{
	// As AWS CLI 2.9 and boto3 1.26 write them.
	{"aws cli", "Action=PutMetricData&Version=2010-08-01&Namespace=My+App%2FProd&MetricData.member.1.MetricName=Latency+ms&MetricData.member.1.Dimensions.member.1.Name=Host&MetricData.member.1.Dimensions.member.1.Value=web-1%2Ba&MetricData.member.1.Dimensions.member.2.Name=Zone&MetricData.member.1.Dimensions.member.2.Value=%C3%A9&MetricData.member.1.Timestamp=2024-01-02T03%3A04%3A05.250000Z&MetricData.member.1.Value=1.5&MetricData.member.1.Unit=Milliseconds&MetricData.member.1.StorageResolution=1&MetricData.member.2.MetricName=Hist&MetricData.member.2.Values.member.1=1&MetricData.member.2.Values.member.2=2.5&MetricData.member.2.Counts.member.1=3&MetricData.member.2.Counts.member.2=4&MetricData.member.3.MetricName=Set&MetricData.member.3.StatisticValues.SampleCount=2&MetricData.member.3.StatisticValues.Sum=3&MetricData.member.3.StatisticValues.Minimum=1&MetricData.member.3.StatisticValues.Maximum=2&MetricData.member.3.Dimensions=", true},
	{"boto3", "Action=PutMetricData&Version=2010-08-01&Namespace=App&MetricData.member.1.MetricName=Latency&MetricData.member.1.Dimensions.member.1.Name=Host&MetricData.member.1.Dimensions.member.1.Value=a+b%26c%3Dd%25&MetricData.member.1.Timestamp=2024-01-02T03%3A04%3A05.123456Z&MetricData.member.1.Value=1.5&MetricData.member.1.Unit=Milliseconds&MetricData.member.2.MetricName=Hits&MetricData.member.2.Timestamp=2024-01-02T03%3A04%3A05Z&MetricData.member.2.Values.member.1=1.0&MetricData.member.2.Values.member.2=2.0&MetricData.member.2.Counts.member.1=3.0&MetricData.member.2.Counts.member.2=4.0&MetricData.member.2.Dimensions=", true},
	{"gaps in lists", "Action=PutMetricData&MetricData.member.7.Values.member.9=1&MetricData.member.7.Values.member.2=2&MetricData.member.3.Dimensions.member.5.Value=v&MetricData.member.3.Dimensions.member.2.Name=n", true},
	{"interleaved members", "Action=PutMetricData&MetricData.member.2.MetricName=B&MetricData.member.1.MetricName=A&MetricData.member.2.Value=2&MetricData.member.1.Dimensions.member.2.Value=y&MetricData.member.1.Dimensions.member.1.Name=x&MetricData.member.1.Dimensions.member.2.Name=Y", true},
	{"list marker and members", "Action=PutMetricData&MetricData=&MetricData.member.1.Values=&MetricData.member.1.Values.member.1=4&MetricData.member.1.Dimensions=", true},
	{"empty pairs", "&&Action=PutMetricData&&Namespace=A&", true},
	{"name without value", "Action=PutMetricData&Namespace&MetricData.member.1.MetricName", true},
	{"value with equals", "Action=PutMetricData&Namespace=a=b", true},
	{"boolean any case", "Action=PutMetricData&StrictEntityValidation=FALSE", true},
	{"lower-case escapes", "Action=PutMetricData&Namespace=%c3%a9%2b", true},
	{"fractional nanoseconds", "Action=PutMetricData&MetricData.member.1.Timestamp=2024-01-02T03:04:05.123456789Z", true},

	{"no action", "Version=2010-08-01&Namespace=App", false},
	{"empty body", "", false},
	{"unknown member", "Action=PutMetricData&Namespace=App&Extra=1", false},
	{"unknown datum member", "Action=PutMetricData&MetricData.member.1.Extra=1", false},
	{"entity data", "Action=PutMetricData&EntityMetricData.member.1.MetricData.member.1.MetricName=M", false},
	{"duplicate namespace", "Action=PutMetricData&Namespace=a&Namespace=b", false},
	{"duplicate action", "Action=PutMetricData&Action=PutMetricData", false},
	{"duplicate datum member", "Action=PutMetricData&MetricData.member.1.Value=1&MetricData.member.1.Value=2", false},
	{"duplicate dimension name", "Action=PutMetricData&MetricData.member.1.Dimensions.member.1.Name=a&MetricData.member.1.Dimensions.member.1.Name=b", false},
	{"duplicate value", "Action=PutMetricData&MetricData.member.1.Values.member.1=1&MetricData.member.1.Values.member.1=2", false},
	{"duplicate list marker", "Action=PutMetricData&MetricData=&MetricData=", false},
	{"escaped name", "Action=PutMetricData&Name%73pace=App", false},
	{"flattened list", "Action=PutMetricData&MetricData.1.MetricName=M", false},
	{"index zero", "Action=PutMetricData&MetricData.member.0.MetricName=M", false},
	{"leading zero", "Action=PutMetricData&MetricData.member.01.MetricName=M", false},
	{"signed index", "Action=PutMetricData&MetricData.member.+1.MetricName=M", false},
	{"index too large", "Action=PutMetricData&MetricData.member.100001.MetricName=M", false},
	{"no index", "Action=PutMetricData&MetricData.member.MetricName=M", false},
	{"datum as value", "Action=PutMetricData&MetricData.member.1=x", false},
	{"list with value", "Action=PutMetricData&MetricData=x", false},
	{"dimensions with value", "Action=PutMetricData&MetricData.member.1.Dimensions=x", false},
	{"statistic values alone", "Action=PutMetricData&MetricData.member.1.StatisticValues=", false},
	{"member of a scalar", "Action=PutMetricData&MetricData.member.1.Value.x=1", false},
	{"bad escape", "Action=PutMetricData&Namespace=%zz", false},
	{"bad escape in action", "Action=Put%4", false},
	{"bad escape at end", "Action=PutMetricData&Namespace=a%", false},
	{"bad number", "Action=PutMetricData&MetricData.member.1.Value=one", false},
	{"bad resolution", "Action=PutMetricData&MetricData.member.1.StorageResolution=1.0", false},
	{"resolution out of range", "Action=PutMetricData&MetricData.member.1.StorageResolution=2147483648", false},
	{"bad boolean", "Action=PutMetricData&StrictEntityValidation=yes", false},
	{"epoch timestamp", "Action=PutMetricData&MetricData.member.1.Timestamp=1700000000", false},
	{"offset timestamp", "Action=PutMetricData&MetricData.member.1.Timestamp=2024-01-02T03:04:05%2B01:00", false},
	{"zoneless timestamp", "Action=PutMetricData&MetricData.member.1.Timestamp=2024-01-02T03:04:05", false},
	{"impossible date", "Action=PutMetricData&MetricData.member.1.Timestamp=2023-02-29T00:00:00Z", false},
	{"leap second", "Action=PutMetricData&MetricData.member.1.Timestamp=2016-12-31T23:59:60Z", false},
	{"ten fractional digits", "Action=PutMetricData&MetricData.member.1.Timestamp=2024-01-02T03:04:05.1234567891Z", false},
	{"invalid UTF-8 name", "Action=PutMetricData&MetricData.member.1.MetricName=%FF", false},
	{"bad dimension member", "Action=PutMetricData&MetricData.member.1.Dimensions.member.1.Key=k", false},
}

// TestScanPutMetricDataForm checks which bodies the scanner takes, and
// that it reads them as the generic decoder does.
func TestScanPutMetricDataForm(t *testing.T) {
	for _, c := range formCases {
		t.Run(c.name, func(t *testing.T) {
			if _, ok := scanPutMetricDataForm([]byte(c.body)); ok != c.take {
				t.Fatalf("scanner took it: %v, want %v", ok, c.take)
			}
			checkFormAgainstGeneric(t, []byte(c.body))
		})
	}
}

// TestScanPutMetricDataFormParamLimit checks that a body with more
// parameters than the generic decoder allows goes there to be refused.
func TestScanPutMetricDataFormParamLimit(t *testing.T) {
	for _, c := range []struct {
		values int
		take   bool
	}{{formMaxParams - 1, true}, {formMaxParams, false}} {
		var b strings.Builder
		b.WriteString("Action=PutMetricData")
		for k := range c.values {
			fmt.Fprintf(&b, "&MetricData.member.1.Values.member.%d=1", k+1)
		}
		if _, ok := scanPutMetricDataForm([]byte(b.String())); ok != c.take {
			t.Errorf("%d values: scanner took it: %v, want %v", c.values, ok, c.take)
		}
	}
}

// checkFormAgainstGeneric fails when the scanner takes body and reads it
// otherwise than the generic decoder.
func checkFormAgainstGeneric(t *testing.T, body []byte) {
	t.Helper()
	in, ok := scanPutMetricDataForm(body)
	if !ok {
		return
	}
	var generic putMetricDataInput
	req := httptest.NewRequest("POST", "/", nil)
	if err := (awsproto.Query{Version: APIVersion}).Decode(req, body, &generic); err != nil {
		t.Fatalf("scanner accepted a body the generic decoder rejects: %v", err)
	}
	if got, want := dumpPutInput(in), dumpPutInput(&generic); got != want {
		t.Fatalf("scanner read\n%s\ngeneric decoder\n%s", got, want)
	}
}

func FuzzScanPutMetricDataForm(f *testing.F) {
	for _, c := range formCases {
		f.Add([]byte(c.body))
	}
	for _, in := range formInputs() {
		f.Add([]byte(encodePutForm(in, botoEscape, nil)))
	}
	f.Fuzz(checkFormAgainstGeneric)
}

// BenchmarkScanPutMetricDataForm reads a body of 1000 data with two
// dimensions each, as the AWS CLI writes it.
func BenchmarkScanPutMetricDataForm(b *testing.B) {
	in := &putMetricDataInput{Namespace: ptrTo("Bench")}
	for i := range 1000 {
		in.MetricData = append(in.MetricData, metricDatum{
			MetricName: "Requests",
			Dimensions: []model.Dimension{{Name: "Host", Value: fmt.Sprintf("h-%04d", i)}, {Name: "Writer", Value: "1"}},
			Timestamp:  tsAt("2024-05-06T07:08:09.123Z"),
			Value:      ptrTo(float64(i) + 0.5),
			Unit:       "Count",
		})
	}
	body := []byte(encodePutForm(in, botoEscape, nil))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := scanPutMetricDataForm(body); !ok {
			b.Fatal("scanner fell back")
		}
	}
}
