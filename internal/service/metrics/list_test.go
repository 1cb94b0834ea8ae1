package metrics

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestListMetrics(t *testing.T) {
	store := newFakeStore()
	svc := newTestService(store)
	now := nowMs()
	putValues(t, svc, "App", "Requests", dims("Host", "web-1", "Stage", "prod"), "", now-60_000, [2]float64{0, 1})
	putValues(t, svc, "App", "Requests", dims("Host", "web-2"), "", now-5*3600_000, [2]float64{0, 1})
	putValues(t, svc, "App", "Errors", nil, "", now-60_000, [2]float64{0, 1})
	putValues(t, svc, "Other", "Requests", dims("Host", "web-1"), "", now-60_000, [2]float64{0, 1})
	// Another account's metric is never listed.
	if err := svc.Put(context.Background(), "999999999999", []model.MetricDatum{{Namespace: "App", MetricName: "Secret", Value: ptr(1.0), Timestamp: now}}); err != nil {
		t.Fatal(err)
	}

	names := func(in ListMetricsInput) []string {
		t.Helper()
		out, err := svc.ListMetrics(context.Background(), testAccount, in)
		if err != nil {
			t.Fatalf("ListMetrics(%+v): %v", in, err)
		}
		got := []string{}
		for _, m := range out.Metrics {
			var ds []string
			for _, d := range m.Dimensions {
				ds = append(ds, d.Name+"="+d.Value)
			}
			got = append(got, m.Namespace+"/"+m.MetricName+"{"+strings.Join(ds, ",")+"}")
		}
		return got
	}
	for _, tc := range []struct {
		in   ListMetricsInput
		want []string
	}{
		{ListMetricsInput{}, []string{"App/Requests{Host=web-1,Stage=prod}", "App/Requests{Host=web-2}", "App/Errors{}", "Other/Requests{Host=web-1}"}},
		{ListMetricsInput{Namespace: "App"}, []string{"App/Requests{Host=web-1,Stage=prod}", "App/Requests{Host=web-2}", "App/Errors{}"}},
		{ListMetricsInput{MetricName: "Requests", Dimensions: []DimensionFilter{{Name: "Host"}}}, []string{"App/Requests{Host=web-1,Stage=prod}", "App/Requests{Host=web-2}", "Other/Requests{Host=web-1}"}},
		{ListMetricsInput{Dimensions: []DimensionFilter{{Name: "Host", Value: "web-1"}}}, []string{"App/Requests{Host=web-1,Stage=prod}", "Other/Requests{Host=web-1}"}},
		{ListMetricsInput{Dimensions: []DimensionFilter{{Name: "Host", Value: "web-1"}, {Name: "Stage"}}}, []string{"App/Requests{Host=web-1,Stage=prod}"}},
		{ListMetricsInput{Namespace: "App", RecentlyActive: "PT3H"}, []string{"App/Requests{Host=web-1,Stage=prod}", "App/Errors{}"}},
		{ListMetricsInput{OwningAccount: testAccount, Namespace: "Other"}, []string{"Other/Requests{Host=web-1}"}},
		{ListMetricsInput{OwningAccount: "999999999999"}, []string{}},
		{ListMetricsInput{Namespace: "Nothing"}, []string{}},
	} {
		if got := names(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ListMetrics(%+v) = %v, want %v", tc.in, got, tc.want)
		}
	}

	for _, tc := range []struct {
		in   ListMetricsInput
		kind error
		msg  string
	}{
		{ListMetricsInput{RecentlyActive: "PT1H"}, model.ErrInvalidParameter, "The value PT1H for parameter RecentlyActive is invalid. The only valid value is PT3H."},
		{ListMetricsInput{Namespace: ":x"}, model.ErrInvalidParameter, "for parameter Namespace is invalid"},
		{ListMetricsInput{Dimensions: []DimensionFilter{{Value: "x"}}}, model.ErrMissingParameter, "The parameter Dimensions.member.1.Name is required."},
		{ListMetricsInput{Dimensions: make([]DimensionFilter, 11)}, model.ErrInvalidParameter, "The collection Dimensions must not have a size greater than 10."},
		{ListMetricsInput{NextToken: "not-a-token"}, model.ErrInvalidParameter, "The value not-a-token for parameter NextToken is invalid."},
	} {
		_, err := svc.ListMetrics(context.Background(), testAccount, tc.in)
		wantErr(t, tc.msg, err, tc.kind, tc.msg)
	}
}

func TestListMetricsPages(t *testing.T) {
	store := newFakeStore()
	svc := newTestService(store)
	var data []Datum
	for i := range 1203 {
		data = append(data, Datum{MetricDatum: model.MetricDatum{MetricName: fmt.Sprintf("m%04d", i), Value: ptr(1.0)}})
		if len(data) == 1000 || i == 1202 {
			if err := svc.PutMetricData(context.Background(), testAccount, PutMetricDataInput{Namespace: "Many", MetricData: data}); err != nil {
				t.Fatal(err)
			}
			data = nil
		}
	}
	var sizes []int
	seen := map[string]bool{}
	in := ListMetricsInput{Namespace: "Many"}
	for {
		out, err := svc.ListMetrics(context.Background(), testAccount, in)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(out.Metrics))
		for _, m := range out.Metrics {
			if seen[m.MetricName] {
				t.Fatalf("%s listed twice", m.MetricName)
			}
			seen[m.MetricName] = true
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	if !reflect.DeepEqual(sizes, []int{500, 500, 203}) || len(seen) != 1203 {
		t.Fatalf("pages of %v, %d metrics", sizes, len(seen))
	}
}
