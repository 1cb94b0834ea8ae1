package awsproto

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// routeByParsing is the plain reading of Action and Version: unescape
// every name, keep the last of each. Query.Route must agree with it.
func routeByParsing(rawQuery string, body []byte) (version, action string) {
	for _, raw := range []string{rawQuery, string(body)} {
		for pair := range strings.SplitSeq(raw, "&") {
			k, v, _ := strings.Cut(pair, "=")
			key, err := url.QueryUnescape(k)
			if err != nil || key != "Action" && key != "Version" {
				continue
			}
			value, err := url.QueryUnescape(v)
			if err != nil {
				continue
			}
			if key == "Action" {
				action = value
			} else {
				version = value
			}
		}
	}
	return version, action
}

var routeCases = []struct {
	name, query, body string
	version, action   string
}{
	{"body", "", "Action=PutMetricData&Version=2010-08-01&Namespace=x", "2010-08-01", "PutMetricData"},
	{"URL", "Action=DescribeAlarms&Version=2010-08-01", "", "2010-08-01", "DescribeAlarms"},
	{"body after URL", "Action=A&Version=1", "Action=B", "1", "B"},
	{"last wins", "", "Action=A&Action=B&Version=1&Version=2", "2", "B"},
	{"escaped names", "", "%41ction=A&Versio%6e=1", "1", "A"},
	{"every byte escaped", "", "%56%65%72%73%69%6F%6E=2&%41%63%74%69%6F%6E=B", "2", "B"},
	{"escaped values", "", "Action=Put%4Detric+Data&Version=2010%2D08%2D01", "2010-08-01", "PutMetric Data"},
	{"plus in name", "", "Act+ion=A&Version=1", "1", ""},
	{"bad escape in name", "", "Action%=A&Action=B", "", "B"},
	{"bad escape in value", "", "Action=B&Action=%zz", "", "B"},
	{"no value", "", "Action&Version=", "", ""},
	{"value with equals", "", "Action=a=b", "", "a=b"},
	{"long names skipped", "", "MetricData.member.1.Dimensions.member.1.Name=Action&ActionActionActionAction=x", "", ""},
	{"empty pairs", "", "&&Action=A&&", "", "A"},
	{"empty", "", "", "", ""},
}

func TestQueryRoute(t *testing.T) {
	for _, c := range routeCases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/?"+c.query, nil)
			version, action := Query{}.Route(r, []byte(c.body))
			if version != c.version || action != c.action {
				t.Errorf("Route = %q, %q; want %q, %q", version, action, c.version, c.action)
			}
			checkRouteAgainstParsing(t, c.query, []byte(c.body))
		})
	}
}

func checkRouteAgainstParsing(t *testing.T, query string, body []byte) {
	t.Helper()
	r := httptest.NewRequest("POST", "/", nil)
	r.URL.RawQuery = query
	version, action := Query{}.Route(r, body)
	wantVersion, wantAction := routeByParsing(query, body)
	if version != wantVersion || action != wantAction {
		t.Fatalf("Route = %q, %q; parsing every pair gives %q, %q", version, action, wantVersion, wantAction)
	}
}

func FuzzQueryRoute(f *testing.F) {
	for _, c := range routeCases {
		f.Add(c.query, []byte(c.body))
	}
	f.Fuzz(checkRouteAgainstParsing)
}

// BenchmarkQueryRoute finds Action and Version in a PutMetricData body
// of 1000 data.
func BenchmarkQueryRoute(b *testing.B) {
	in := samplePutMetricData()
	for len(in.MetricData) < 1000 {
		in.MetricData = append(in.MetricData, in.MetricData...)
	}
	body := []byte("Action=PutMetricData&Version=2010-08-01&" + encodeForm(in))
	r := httptest.NewRequest("POST", "/", nil)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, action := (Query{}).Route(r, body); action != "PutMetricData" {
			b.Fatalf("Action = %q", action)
		}
	}
}
