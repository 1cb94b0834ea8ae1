package awsproto

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// encodeForm serializes v the way the AWS SDKs' query serializers do:
// "Parent.Member", lists as "Name.member.N", maps as "Name.entry.N.key" /
// ".value", empty lists as "Name=". It exists to round-trip wire structs
// through decodeForm.
func encodeForm(v any) string {
	var params []formParam
	appendFormValue(&params, "", reflect.ValueOf(v))
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
	}
	return b.String()
}

func appendFormValue(out *[]formParam, name string, v reflect.Value) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	join := func(part string) string {
		if name == "" {
			return part
		}
		return name + "." + part
	}
	if tm, ok := v.Interface().(interface{ MarshalText() ([]byte, error) }); ok {
		text, err := tm.MarshalText()
		if err != nil {
			panic(err)
		}
		*out = append(*out, formParam{name, string(text)})
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()).list {
			appendFormValue(out, join(f.name), v.FieldByIndex(f.index))
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		if v.Len() == 0 {
			*out = append(*out, formParam{name, ""})
		}
		for i := range v.Len() {
			appendFormValue(out, name+".member."+strconv.Itoa(i+1), v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for i, k := range keys {
			entry := name + ".entry." + strconv.Itoa(i+1)
			*out = append(*out, formParam{entry + ".key", k.String()})
			appendFormValue(out, entry+".value", v.MapIndex(k))
		}
	case reflect.String:
		*out = append(*out, formParam{name, v.String()})
	case reflect.Bool:
		*out = append(*out, formParam{name, strconv.FormatBool(v.Bool())})
	case reflect.Int32, reflect.Int64, reflect.Int:
		*out = append(*out, formParam{name, strconv.FormatInt(v.Int(), 10)})
	case reflect.Float64:
		*out = append(*out, formParam{name, strconv.FormatFloat(v.Float(), 'g', -1, 64)})
	default:
		panic("encodeForm: unsupported " + v.Type().String())
	}
}

// xmlNode is a parsed XML element.
type xmlNode struct {
	name     string
	text     string
	children []*xmlNode
}

func parseXML(t *testing.T, body []byte) *xmlNode {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(body))
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("response is not well-formed XML: %v\n%s", err, body)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tok.Name.Local}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.children = append(top.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	return root
}

func (n *xmlNode) child(name string) *xmlNode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// flattenXML turns a query XML result back into query parameters: <member>
// children become "Name.member.N", <entry> children "Name.entry.N.key" and
// ".value". Decoding them with decodeForm must give back the encoded value.
func flattenXML(out *[]formParam, name string, n *xmlNode) {
	if len(n.children) == 0 {
		*out = append(*out, formParam{name, n.text})
		return
	}
	join := func(part string) string {
		if name == "" {
			return part
		}
		return name + "." + part
	}
	members, entries := 0, 0
	for _, c := range n.children {
		switch c.name {
		case "member":
			members++
			flattenXML(out, join("member."+strconv.Itoa(members)), c)
		case "entry":
			entries++
			prefix := join("entry." + strconv.Itoa(entries))
			*out = append(*out, formParam{prefix + ".key", c.child("key").text})
			if v := c.child("value"); v != nil {
				flattenXML(out, prefix+".value", v)
			}
		default:
			flattenXML(out, join(c.name), c)
		}
	}
}

// roundTrip describes how one codec carries a value there and back.
type roundTrip struct {
	name string
	run  func(t *testing.T, in, out any)
}

var requestCodecs = []roundTrip{
	{"json1.0", func(t *testing.T, in, out any) {
		body, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := (JSON{Version: "1.0"}).Decode(nil, body, out); err != nil {
			t.Fatalf("decode: %v\n%s", err, body)
		}
	}},
	{"cbor", func(t *testing.T, in, out any) {
		body, err := cborEnc.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := (RPCv2CBOR{}).Decode(nil, body, out); err != nil {
			t.Fatalf("decode: %v", err)
		}
	}},
	{"query", func(t *testing.T, in, out any) {
		form := "Action=Op&Version=2010-08-01&" + encodeForm(in)
		params, err := parseForm(nil, form)
		if err != nil {
			t.Fatal(err)
		}
		if err := decodeForm(params, out); err != nil {
			t.Fatalf("decode: %v\n%s", err, form)
		}
	}},
}

var responseCodecs = []roundTrip{
	requestCodecs[0],
	requestCodecs[1],
	{"xml", func(t *testing.T, in, out any) {
		body, err := appendQueryResponse(nil, "http://monitoring.amazonaws.com/doc/2010-08-01/", Reply{RequestID: "rid", Operation: "Op"}, in)
		if err != nil {
			t.Fatal(err)
		}
		root := parseXML(t, body)
		result := root.child("OpResult")
		if root.name != "OpResponse" || result == nil || root.child("ResponseMetadata").child("RequestId").text != "rid" {
			t.Fatalf("bad envelope:\n%s", body)
		}
		var params []formParam
		for _, c := range result.children {
			flattenXML(&params, c.name, c)
		}
		if err := decodeForm(params, out); err != nil {
			t.Fatalf("decode: %v\n%s", err, body)
		}
	}},
}

func TestCodecRoundTrips(t *testing.T) {
	cases := []struct {
		name   string
		value  any
		codecs []roundTrip
	}{
		{"PutMetricData input", samplePutMetricData(), requestCodecs},
		{"GetMetricData input", sampleGetMetricDataInput(), requestCodecs},
		{"DescribeAlarms input", sampleDescribeAlarmsInput(), requestCodecs},
		{"ListMetrics input", &listMetricsInput{Namespace: ptr("AWS/EC2"), Dimensions: []dimensionFilter{{Name: ptr("InstanceId")}}, RecentlyActive: ptr("PT3H")}, requestCodecs},
		{"GetMetricData output", sampleGetMetricDataOutput(), responseCodecs},
		{"DescribeAlarms output", sampleDescribeAlarmsOutput(), responseCodecs},
		{"ListMetrics output", &listMetricsOutput{Metrics: []metric{{Namespace: ptr("A"), MetricName: ptr("B"), Dimensions: []dimension{{Name: ptr("k"), Value: ptr("v")}}}}, NextToken: ptr("n")}, responseCodecs},
	}
	for _, tc := range cases {
		for _, codec := range tc.codecs {
			t.Run(tc.name+"/"+codec.name, func(t *testing.T) {
				out := reflect.New(reflect.TypeOf(tc.value).Elem()).Interface()
				codec.run(t, tc.value, out)
				if !reflect.DeepEqual(out, tc.value) {
					got, _ := json.MarshalIndent(out, "", " ")
					want, _ := json.MarshalIndent(tc.value, "", " ")
					t.Fatalf("round trip changed the value\ngot:  %s\nwant: %s", got, want)
				}
			})
		}
	}
}

// recorder is an httptest.ResponseRecorder that also tells whether anything
// was written.
type recorder struct {
	*httptest.ResponseRecorder
	wrote bool
}

func newRecorder() *recorder { return &recorder{ResponseRecorder: httptest.NewRecorder()} }

func (r *recorder) WriteHeader(code int) {
	r.wrote = true
	r.ResponseRecorder.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseRecorder.Write(b)
}
