package metricsapi

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

// sdkEncoder writes every float64 as one, NaN and infinities too, as
// aws-sdk-go-v2 does.
var sdkEncoder = func() cbor.EncMode {
	m, err := cbor.EncOptions{NaNConvert: cbor.NaNConvertNone, InfConvert: cbor.InfConvertNone}.EncMode()
	if err != nil {
		panic(err)
	}
	return m
}()

func sdkCBOR(t testing.TB, v any) []byte {
	t.Helper()
	b, err := sdkEncoder.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// indefinite encodes v with indefinite-length maps and arrays, as
// aws-sdk-go-v2 does.
func indefinite(t testing.TB, v any) []byte {
	t.Helper()
	var out []byte
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			out = append(out, 0xbf)
			for k, e := range v {
				out = append(out, sdkCBOR(t, k)...)
				walk(e)
			}
			out = append(out, 0xff)
		case []any:
			out = append(out, 0x9f)
			for _, e := range v {
				walk(e)
			}
			out = append(out, 0xff)
		default:
			out = append(out, sdkCBOR(t, v)...)
		}
	}
	walk(v)
	return out
}

func epochTag(sec any) cbor.Tag { return cbor.Tag{Number: 1, Content: sec} }

// cborCases are bodies of PutMetricData; shape says whether the one-pass
// scanner must take them, typed whether cborPutDecoder must.
var cborCases = []struct {
	name        string
	body        func(t testing.TB) []byte
	shape, fast bool
}{
	{"sdk", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"Namespace": "App", "MetricData": []any{
			map[string]any{"MetricName": "Latency", "Timestamp": epochTag(1.7e9 + 0.25), "Value": 1.5, "Unit": "Milliseconds",
				"Dimensions": []any{map[string]any{"Name": "Host", "Value": "web-1"}, map[string]any{"Name": "AZ", "Value": "a"}}},
			map[string]any{"MetricName": "Hits", "Values": []float64{1, 2}, "Counts": []float64{3, 4}, "Dimensions": []any{}},
			map[string]any{"MetricName": "Set", "Timestamp": epochTag(uint64(1_700_000_000)), "StorageResolution": 1,
				"StatisticValues": map[string]any{"SampleCount": 2.0, "Sum": 3.0, "Minimum": 1.0, "Maximum": float32(2)}},
			map[string]any{"MetricName": "Old", "Timestamp": epochTag(int64(-5)), "Value": math.NaN(), "StorageResolution": -3},
			map[string]any{"MetricName": "Inf", "Value": math.Inf(-1)},
		}})
	}, true, true},
	{"no data", func(t testing.TB) []byte { return sdkCBOR(t, map[string]any{"Namespace": "App"}) }, true, true},
	{"empty data", func(t testing.TB) []byte { return sdkCBOR(t, map[string]any{"MetricData": []any{}}) }, true, true},
	{"indefinite lengths", func(t testing.TB) []byte {
		return indefinite(t, map[string]any{"Namespace": "App", "MetricData": []any{
			map[string]any{"MetricName": "M", "Value": 1.0, "Dimensions": []any{map[string]any{"Name": "H", "Value": "v"}}},
			map[string]any{"MetricName": "N", "Values": []any{1.0, 2.0}, "StatisticValues": map[string]any{"Sum": 1.0}}}})
	}, true, true},
	{"unterminated indefinite", func(t testing.TB) []byte {
		b := indefinite(t, map[string]any{"MetricData": []any{map[string]any{"MetricName": "M"}}})
		return b[:len(b)-1]
	}, false, false},
	{"entity data", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"Namespace": "App", "StrictEntityValidation": true, "EntityMetricData": []any{
			map[string]any{"Entity": map[string]any{"KeyAttributes": map[string]string{"Type": "Service"}},
				"MetricData": []any{map[string]any{"MetricName": "M", "Value": 2.0}}}}})
	}, false, true},
	{"integer value", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"MetricData": []any{map[string]any{"MetricName": "M", "Value": 2}}})
	}, false, true},
	{"float16 timestamp", func(t testing.TB) []byte {
		return append(sdkCBOR(t, map[string]any{"MetricData": []any{map[string]any{"Timestamp": nil}}})[:0],
			0xa1, 0x6a, 'M', 'e', 't', 'r', 'i', 'c', 'D', 'a', 't', 'a', 0x81, 0xa1,
			0x69, 'T', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p', 0xc1, 0xf9, 0x3c, 0x00)
	}, false, false},
	{"null timestamp", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"MetricData": []any{map[string]any{"MetricName": "M", "Timestamp": epochTag(nil)}}})
	}, false, false},
	{"lower-case member", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"namespace": "App", "MetricData": []any{map[string]any{"metricName": "M"}}})
	}, false, false},
	{"unknown member", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"Namespace": "App", "Extra": 1})
	}, false, false},
	{"duplicate member", func(t testing.TB) []byte {
		return []byte{0xa2, 0x69, 'N', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e', 0x61, 'a', 0x69, 'N', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e', 0x61, 'b'}
	}, false, false},
	{"invalid UTF-8", func(t testing.TB) []byte {
		return []byte{0xa1, 0x69, 'N', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e', 0x61, 0xff}
	}, false, false},
	{"timestamp out of range", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"MetricData": []any{map[string]any{"Timestamp": epochTag(1e12)}}})
	}, false, false},
	{"infinite timestamp", func(t testing.TB) []byte {
		return sdkCBOR(t, map[string]any{"MetricData": []any{map[string]any{"Timestamp": epochTag(math.Inf(1))}}})
	}, false, false},
	{"trailing bytes", func(t testing.TB) []byte {
		return append(sdkCBOR(t, map[string]any{"Namespace": "App"}), 0x00)
	}, false, false},
	{"truncated", func(t testing.TB) []byte {
		b := sdkCBOR(t, map[string]any{"Namespace": "App", "MetricData": []any{map[string]any{"MetricName": "M", "Value": 1.0}}})
		return b[:len(b)-3]
	}, false, false},
	{"not a map", func(t testing.TB) []byte { return sdkCBOR(t, []any{1}) }, false, false},
}

// TestPutMetricDataCBORFastPaths checks which decoder takes each body, and
// that whatever a fast one reads the generic decoder reads the same.
func TestPutMetricDataCBORFastPaths(t *testing.T) {
	for _, c := range cborCases {
		t.Run(c.name, func(t *testing.T) {
			body := c.body(t)
			_, shape := scanPutMetricDataCBORShape(body)
			_, typed := decodePutMetricDataCBORTyped(body)
			if shape != c.shape || typed != c.fast {
				t.Fatalf("scanner took it: %v, typed decoder: %v; want %v, %v", shape, typed, c.shape, c.fast)
			}
			checkCBORAgainstGeneric(t, body)
		})
	}
}

// checkCBORAgainstGeneric fails when a fast decoder takes body and reads
// it otherwise than the generic decoder.
func checkCBORAgainstGeneric(t *testing.T, body []byte) {
	t.Helper()
	var generic putMetricDataInput
	genericErr := awsproto.RPCv2CBOR{}.Decode(nil, body, &generic)
	for _, fast := range []struct {
		name string
		dec  func([]byte) (*putMetricDataInput, bool)
	}{
		{"scanner", scanPutMetricDataCBORShape},
		{"typed decoder", decodePutMetricDataCBORTyped},
		{"fast path", scanPutMetricDataCBOR},
	} {
		in, ok := fast.dec(body)
		if !ok {
			continue
		}
		if genericErr != nil {
			t.Fatalf("%s accepted a body the generic decoder rejects: %v", fast.name, genericErr)
		}
		if got, want := dumpPutInput(in), dumpPutInput(&generic); got != want {
			t.Fatalf("%s read\n%s\ngeneric decoder\n%s", fast.name, got, want)
		}
	}
}

func FuzzScanPutMetricDataCBOR(f *testing.F) {
	for _, c := range cborCases {
		f.Add(c.body(f))
	}
	f.Fuzz(checkCBORAgainstGeneric)
}

// dumpPutInput writes every member of in, telling nil from empty and
// floats by their bits, so NaN equals itself.
func dumpPutInput(in *putMetricDataInput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Namespace=%s Strict=%s\n", optString(in.Namespace), optBool(in.StrictEntityValidation))
	dumpData(&b, in.MetricData)
	fmt.Fprintf(&b, "EntityMetricData nil=%v\n", in.EntityMetricData == nil)
	for _, e := range in.EntityMetricData {
		if e.Entity == nil {
			b.WriteString("Entity=nil\n")
		} else {
			fmt.Fprintf(&b, "Entity=%v/%v %v/%v\n", e.Entity.KeyAttributes == nil, e.Entity.KeyAttributes, e.Entity.Attributes == nil, e.Entity.Attributes)
		}
		dumpData(&b, e.MetricData)
	}
	return b.String()
}

func dumpData(b *strings.Builder, data []metricDatum) {
	fmt.Fprintf(b, "data nil=%v\n", data == nil)
	for _, d := range data {
		fmt.Fprintf(b, " %q dims nil=%v %q ts=%s v=%s stats=", d.MetricName, d.Dimensions == nil, d.Dimensions, optTime(d.Timestamp), optFloat(d.Value))
		if st := d.StatisticValues; st == nil {
			b.WriteString("nil")
		} else {
			fmt.Fprintf(b, "%s/%s/%s/%s", optFloat(st.SampleCount), optFloat(st.Sum), optFloat(st.Minimum), optFloat(st.Maximum))
		}
		fmt.Fprintf(b, " values=%s counts=%s unit=%q res=", floatList(d.Values), floatList(d.Counts), d.Unit)
		if d.StorageResolution == nil {
			b.WriteString("nil\n")
		} else {
			fmt.Fprintf(b, "%d\n", *d.StorageResolution)
		}
	}
}

func optString(p *string) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%q", *p)
}

func optBool(p *bool) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func optFloat(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%x", math.Float64bits(*p))
}

func optTime(p *awsproto.Timestamp) string {
	if p == nil {
		return "nil"
	}
	tm := time.Time(*p)
	return fmt.Sprintf("%d@%s", tm.UnixNano(), tm.Location())
}

func floatList(v []float64) string {
	if v == nil {
		return "nil"
	}
	parts := make([]string, len(v))
	for i, f := range v {
		parts[i] = fmt.Sprintf("%x", math.Float64bits(f))
	}
	return "[" + strings.Join(parts, " ") + "]"
}
