package metrics

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// dataFixture is an account with Requests for two hosts and Errors for one,
// one value a minute for ten minutes from base (an hour before now).
func dataFixture(t *testing.T) (*Service, *fakeStore, int64) {
	t.Helper()
	store := newFakeStore()
	svc := newTestService(store)
	base := nowMs() - 3600_000
	var req1, req2, errs [][2]float64
	for m := range 10 {
		req1 = append(req1, [2]float64{float64(m), float64(100 + 10*m)})
		req2 = append(req2, [2]float64{float64(m), 50})
		if m%2 == 0 {
			errs = append(errs, [2]float64{float64(m), float64(m)})
		}
	}
	putValues(t, svc, "App", "Requests", dims("Host", "web-1"), "Count", base, req1...)
	putValues(t, svc, "App", "Requests", dims("Host", "web-2"), "Count", base, req2...)
	putValues(t, svc, "App", "Errors", dims("Host", "web-1"), "Count", base, errs...)
	return svc, store, base
}

func stat(ns, name string, d []model.Dimension, st string, period int64) *MetricStat {
	return &MetricStat{Metric: Metric{Namespace: ns, MetricName: name, Dimensions: d}, Stat: st, Period: period}
}

// series is a compact form of a result for comparisons.
type series struct {
	ID, Label, Status string
	Points            [][2]float64 // minutes after base, value
}

func compact(base int64, out GetMetricDataOutput) []series {
	var got []series
	for _, r := range out.MetricDataResults {
		s := series{ID: r.ID, Label: r.Label, Status: r.StatusCode}
		for i, ts := range r.Timestamps {
			s.Points = append(s.Points, [2]float64{float64(ts-base) / 60_000, r.Values[i]})
		}
		got = append(got, s)
	}
	return got
}

func minutes(vals ...float64) [][2]float64 {
	var out [][2]float64
	for i, v := range vals {
		out = append(out, [2]float64{float64(i), v})
	}
	return out
}

func TestGetMetricDataExpressions(t *testing.T) {
	svc, _, base := dataFixture(t)
	in := GetMetricDataInput{
		StartTime: base, EndTime: base + 10*60_000, ScanBy: ScanTimestampAscending,
		MetricDataQueries: []MetricDataQuery{
			{ID: "m1", MetricStat: stat("App", "Errors", dims("Host", "web-1"), "Sum", 60), ReturnData: ptr(false)},
			{ID: "m2", MetricStat: stat("App", "Requests", dims("Host", "web-1"), "Sum", 60), Label: "web-1 requests"},
			{ID: "e1", Expression: "m1/m2*100", Label: "Error rate"},
			{ID: "e2", Expression: "SUM(METRICS())"},
			{ID: "e3", Expression: "RATE(m2)"},
			{ID: "e4", Expression: "FILL(m1, 0)", Period: 60},
			{ID: "e5", Expression: `SEARCH('{App,Host} MetricName="Requests"', 'Average', 120)`},
			{ID: "e6", Expression: "e1 * 2"},
		},
	}
	out, err := svc.GetMetricData(context.Background(), testAccount, in)
	if err != nil {
		t.Fatalf("GetMetricData: %v", err)
	}
	want := []series{
		{"m2", "web-1 requests", StatusComplete, minutes(100, 110, 120, 130, 140, 150, 160, 170, 180, 190)},
		// Where m1 has no value, it counts as 0.
		{"e1", "Error rate", StatusComplete, minutes(0, 0, 2.0/120*100, 0, 4.0/140*100, 0, 6.0/160*100, 0, 8.0/180*100, 0)},
		{"e2", "e2", StatusComplete, minutes(100, 110, 122, 130, 144, 150, 166, 170, 188, 190)},
		// RATE is the change per second between consecutive points.
		{"e3", "e3", StatusComplete, [][2]float64{{1, 10.0 / 60}, {2, 10.0 / 60}, {3, 10.0 / 60}, {4, 10.0 / 60}, {5, 10.0 / 60}, {6, 10.0 / 60}, {7, 10.0 / 60}, {8, 10.0 / 60}, {9, 10.0 / 60}}},
		{"e4", "e4", StatusComplete, minutes(0, 0, 2, 0, 4, 0, 6, 0, 8, 0)},
		{"e5", "web-1", StatusComplete, [][2]float64{{0, 105}, {2, 125}, {4, 145}, {6, 165}, {8, 185}}},
		{"e5", "web-2", StatusComplete, [][2]float64{{0, 50}, {2, 50}, {4, 50}, {6, 50}, {8, 50}}},
		{"e6", "e6", StatusComplete, minutes(0, 0, 2.0/120*200, 0, 4.0/140*200, 0, 6.0/160*200, 0, 8.0/180*200, 0)},
	}
	got := compact(base, out)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%v\nwant\n%v", got, want)
	}
	if out.NextToken != "" || len(out.Messages) != 0 {
		t.Fatalf("token %q, messages %v", out.NextToken, out.Messages)
	}

	// The default order is newest first.
	in.ScanBy = ""
	out, err = svc.GetMetricData(context.Background(), testAccount, in)
	if err != nil {
		t.Fatal(err)
	}
	desc := compact(base, out)
	for i := range want {
		rev := slices.Clone(want[i].Points)
		slices.Reverse(rev)
		if !reflect.DeepEqual(desc[i].Points, rev) {
			t.Fatalf("descending %s: %v, want %v", want[i].ID, desc[i].Points, rev)
		}
	}
}

func TestGetMetricDataUnits(t *testing.T) {
	store := newFakeStore()
	svc := newTestService(store)
	base := nowMs() - 3600_000
	putValues(t, svc, "App", "Mixed", nil, "Count", base, [2]float64{0, 10}, [2]float64{0.5, 20}, [2]float64{1, 4})
	putValues(t, svc, "App", "Mixed", nil, "", base, [2]float64{0, 40})
	run := func(st, unit string) [][2]float64 {
		t.Helper()
		ms := stat("App", "Mixed", nil, st, 60)
		ms.Unit = unit
		out, err := svc.GetMetricData(context.Background(), testAccount, GetMetricDataInput{
			StartTime: base, EndTime: base + 5*60_000, ScanBy: ScanTimestampAscending,
			MetricDataQueries: []MetricDataQuery{{ID: "m", MetricStat: ms}},
		})
		if err != nil {
			t.Fatalf("%s %s: %v", st, unit, err)
		}
		return compact(base, out)[0].Points
	}
	for _, tc := range []struct {
		stat, unit string
		want       [][2]float64
	}{
		{"Sum", "", minutes(70, 4)},
		{"SampleCount", "", minutes(3, 1)},
		{"Average", "", minutes(70.0/3, 4)},
		{"Minimum", "", minutes(10, 4)},
		{"Maximum", "", minutes(40, 4)},
		// A distribution statistic takes the unit with the most samples.
		{"p50", "", minutes(10, 4)},
		{"Sum", "Count", minutes(30, 4)},
		{"Sum", "None", minutes(40)},
		{"Sum", "Bytes", nil},
	} {
		if got := run(tc.stat, tc.unit); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s in %q: %v, want %v", tc.stat, tc.unit, got, tc.want)
		}
	}
}

func TestGetMetricDataPagination(t *testing.T) {
	svc, _, base := dataFixture(t)
	queries := []MetricDataQuery{
		{ID: "a", MetricStat: stat("App", "Requests", dims("Host", "web-1"), "Sum", 60)},
		{ID: "b", MetricStat: stat("App", "Errors", dims("Host", "web-1"), "Sum", 60)},
		{ID: "c", MetricStat: stat("App", "Requests", dims("Host", "web-2"), "Sum", 60)},
	}
	for _, scan := range []string{ScanTimestampAscending, ScanTimestampDescending} {
		full, err := svc.GetMetricData(context.Background(), testAccount, GetMetricDataInput{
			StartTime: base, EndTime: base + 10*60_000, ScanBy: scan, MetricDataQueries: queries,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int64{1, 3, 4, 5, 10, 24, 25} {
			in := GetMetricDataInput{StartTime: base, EndTime: base + 10*60_000, ScanBy: scan, MetricDataQueries: queries, MaxDatapoints: limit}
			merged := make(map[string][]int64)
			pages := 0
			for {
				out, err := svc.GetMetricData(context.Background(), testAccount, in)
				if err != nil {
					t.Fatalf("%s limit %d page %d: %v", scan, limit, pages, err)
				}
				pages++
				n := 0
				for _, r := range out.MetricDataResults {
					n += len(r.Timestamps)
					merged[r.ID] = append(merged[r.ID], r.Timestamps...)
					partial := r.StatusCode == StatusPartialData
					if partial && out.NextToken == "" {
						t.Fatalf("%s limit %d: %s is PartialData on the last page", scan, limit, r.ID)
					}
				}
				if int64(n) > limit {
					t.Fatalf("%s limit %d: page of %d points", scan, limit, n)
				}
				if len(out.MetricDataResults) != 3 {
					t.Fatalf("page lists %d results", len(out.MetricDataResults))
				}
				if out.NextToken == "" {
					break
				}
				if pages > 30 {
					t.Fatalf("%s limit %d: pagination does not end", scan, limit)
				}
				in.NextToken = out.NextToken
			}
			if wantPages := (25 + limit - 1) / limit; int64(pages) != wantPages {
				t.Errorf("%s limit %d: %d pages, want %d", scan, limit, pages, wantPages)
			}
			for _, r := range full.MetricDataResults {
				if !reflect.DeepEqual(merged[r.ID], r.Timestamps) {
					t.Fatalf("%s limit %d: %s paged %v, want %v", scan, limit, r.ID, merged[r.ID], r.Timestamps)
				}
			}
		}
	}

	// A token belongs to its request.
	first, err := svc.GetMetricData(context.Background(), testAccount, GetMetricDataInput{
		StartTime: base, EndTime: base + 10*60_000, MetricDataQueries: queries, MaxDatapoints: 2,
	})
	if err != nil || first.NextToken == "" || first.MetricDataResults[0].StatusCode != StatusPartialData {
		t.Fatalf("first page: %+v, %v", first, err)
	}
	for _, tok := range []string{first.NextToken + "x", "garbage", strings.Repeat("A", 100)} {
		_, err = svc.GetMetricData(context.Background(), testAccount, GetMetricDataInput{
			StartTime: base, EndTime: base + 10*60_000, MetricDataQueries: queries, NextToken: tok,
		})
		wantErr(t, "bad token", err, model.ErrInvalidNextToken, "The NextToken is not valid for this request.")
	}
	_, err = svc.GetMetricData(context.Background(), testAccount, GetMetricDataInput{
		StartTime: base, EndTime: base + 9*60_000, MetricDataQueries: queries, NextToken: first.NextToken,
	})
	wantErr(t, "token of another request", err, model.ErrInvalidNextToken, "not valid")
}

func TestGetMetricDataSearchLimit(t *testing.T) {
	store := newFakeStore()
	svc := newTestService(store)
	base := nowMs() - 3600_000
	var data []Datum
	for i := range maxSearchResults + 3 {
		data = append(data, Datum{Stamped: true, MetricDatum: model.MetricDatum{
			MetricName: "Load", Dimensions: dims("Node", fmt.Sprintf("n%03d", i)), Value: ptr(1.0), Timestamp: base,
		}})
		if len(data) == 1000 || i == maxSearchResults+2 {
			if err := svc.PutMetricData(context.Background(), testAccount, PutMetricDataInput{Namespace: "Fleet", MetricData: data}); err != nil {
				t.Fatal(err)
			}
			data = nil
		}
	}
	out, err := svc.GetMetricData(context.Background(), testAccount, GetMetricDataInput{
		StartTime: base, EndTime: base + 60_000,
		MetricDataQueries: []MetricDataQuery{
			{ID: "s", Expression: `SEARCH('{Fleet,Node} Load', 'Sum', 60)`, ReturnData: ptr(false)},
			{ID: "total", Expression: "SUM(s)"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricDataResults) != 1 || !reflect.DeepEqual(out.MetricDataResults[0].Values, []float64{maxSearchResults}) {
		t.Fatalf("SUM over the search: %+v", out.MetricDataResults)
	}
	if len(out.Messages) != 1 || out.Messages[0].Code != "MaxMetricsExceeded" {
		t.Fatalf("messages %+v", out.Messages)
	}
}

func TestGetMetricDataValidation(t *testing.T) {
	now := nowMs()
	m := func(id string) MetricDataQuery {
		return MetricDataQuery{ID: id, MetricStat: stat("App", "Requests", nil, "Sum", 60)}
	}
	e := func(id, expr string) MetricDataQuery { return MetricDataQuery{ID: id, Expression: expr} }
	tests := []struct {
		name   string
		mutate func(in *GetMetricDataInput)
		kind   error
		msg    string
	}{
		{"no queries", func(in *GetMetricDataInput) { in.MetricDataQueries = nil }, model.ErrMissingParameter, "The parameter MetricDataQueries is required."},
		{"501 queries", func(in *GetMetricDataInput) {
			for i := range 501 {
				in.MetricDataQueries = append(in.MetricDataQueries, m(fmt.Sprint("q", i)))
			}
		}, model.ErrInvalidParameter, "The collection MetricDataQueries must not have a size greater than 500."},
		{"no id", func(in *GetMetricDataInput) { in.MetricDataQueries[0].ID = "" }, model.ErrMissingParameter, "The parameter MetricDataQueries.member.1.Id is required."},
		{"upper-case id", func(in *GetMetricDataInput) { in.MetricDataQueries[0].ID = "M1" }, model.ErrValidation, "The value M1 for parameter MetricDataQueries.member.1.Id is invalid."},
		{"id with dash", func(in *GetMetricDataInput) { in.MetricDataQueries[0].ID = "m-1" }, model.ErrValidation, "Id is invalid"},
		{"duplicate id", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, m("m1"))
		}, model.ErrValidation, "The value m1 for parameter MetricDataQueries.member.2.Id is used by more than one query."},
		{"both", func(in *GetMetricDataInput) { in.MetricDataQueries[0].Expression = "m1" }, model.ErrValidation,
			"The parameters MetricDataQueries.member.1.Expression and MetricDataQueries.member.1.MetricStat are mutually exclusive and you have specified both."},
		{"neither", func(in *GetMetricDataInput) { in.MetricDataQueries[0].MetricStat = nil }, model.ErrValidation, "Exactly one of the parameters"},
		{"invalid stat", func(in *GetMetricDataInput) { in.MetricDataQueries[0].MetricStat.Stat = "Median" }, model.ErrValidation,
			"The value Median for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic."},
		{"no stat", func(in *GetMetricDataInput) { in.MetricDataQueries[0].MetricStat.Stat = "" }, model.ErrMissingParameter, "MetricStat.Stat is required"},
		{"period 45", func(in *GetMetricDataInput) { in.MetricDataQueries[0].MetricStat.Period = 45 }, model.ErrValidation, "MetricDataQueries.member.1.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60"},
		{"no namespace", func(in *GetMetricDataInput) { in.MetricDataQueries[0].MetricStat.Metric.Namespace = "" }, model.ErrMissingParameter, "MetricDataQueries.member.1.MetricStat.Metric.Namespace is required"},
		{"bad unit", func(in *GetMetricDataInput) { in.MetricDataQueries[0].MetricStat.Unit = "Apples" }, model.ErrValidation, "MetricStat.Unit is not a valid unit"},
		{"period on a metric", func(in *GetMetricDataInput) { in.MetricDataQueries[0].Period = 60 }, model.ErrValidation, "Period is for expressions"},
		{"other account", func(in *GetMetricDataInput) { in.MetricDataQueries[0].AccountID = "999999999999" }, model.ErrValidation, "AccountId is invalid"},
		{"malformed expression", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "m1 +"))
		}, model.ErrInvalidParameter, "Error in expression e1: Syntax error at position"},
		{"unknown function", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "FOO(m1)"))
		}, model.ErrInvalidParameter, "Error in expression e1: Unrecognized function: FOO"},
		{"expression too long", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", strings.Repeat("m1+", 700)+"m1"))
		}, model.ErrValidation, "MetricDataQueries.member.2.Expression must be shorter than 2049 characters"},
		{"expression period 7", func(in *GetMetricDataInput) {
			q := e("e1", "m1")
			q.Period = 7
			in.MetricDataQueries = append(in.MetricDataQueries, q)
		}, model.ErrValidation, "MetricDataQueries.member.2.Period must be"},
		{"unknown id", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "m1 + m9"))
		}, model.ErrValidation, "Error in expression e1: Unrecognized id: m9"},
		{"cycle", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "e2 + m1"), e("e2", "e3 * 2"), e("e3", "e1"))
		}, model.ErrValidation, "depends on itself through a cycle of ids"},
		{"self reference", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "e1"))
		}, model.ErrValidation, "The expression of query e1 depends on itself"},
		{"scalar result", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "AVG(m1)"))
		}, model.ErrInvalidParameter, "Error in expression e1: the expression must produce a time series"},
		{"bad SEARCH statistic", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "SEARCH('App', 'Median', 60)"))
		}, model.ErrInvalidParameter, "Error in expression e1: The statistic Median of SEARCH is not a valid statistic."},
		{"bad SEARCH period", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "SEARCH('App', 'Sum', 45)"))
		}, model.ErrInvalidParameter, "The period 45 of SEARCH"},
		{"bad SEARCH query", func(in *GetMetricDataInput) {
			in.MetricDataQueries = append(in.MetricDataQueries, e("e1", "SEARCH('{App', 'Sum', 60)"))
		}, model.ErrInvalidParameter, "Error in expression e1:"},
		{"no start", func(in *GetMetricDataInput) { in.StartTime = 0 }, model.ErrMissingParameter, "The parameter StartTime is required."},
		{"start after end", func(in *GetMetricDataInput) { in.StartTime = in.EndTime + 1 }, model.ErrInvalidParameter, "StartTime must be less than"},
		{"bad scan", func(in *GetMetricDataInput) { in.ScanBy = "Sideways" }, model.ErrInvalidParameter, "The value Sideways for parameter ScanBy is invalid."},
		{"negative max datapoints", func(in *GetMetricDataInput) { in.MaxDatapoints = -1 }, model.ErrInvalidParameter, "parameter MaxDatapoints is invalid"},
		{"bad timezone", func(in *GetMetricDataInput) { in.LabelTimezone = "+25:00" }, model.ErrInvalidParameter, "LabelOptions.Timezone is invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := GetMetricDataInput{StartTime: now - 3600_000, EndTime: now, MetricDataQueries: []MetricDataQuery{m("m1")}}
			tc.mutate(&in)
			_, err := newTestService(newFakeStore()).GetMetricData(context.Background(), testAccount, in)
			wantErr(t, tc.name, err, tc.kind, tc.msg)
			if !kindIs(err, tc.kind) {
				t.Fatalf("kind of %v is not exactly %v", err, tc.kind)
			}
		})
	}
	// A valid timezone, and ReturnData false everywhere, are fine.
	in := GetMetricDataInput{StartTime: now - 3600_000, EndTime: now, LabelTimezone: "-0530",
		MetricDataQueries: []MetricDataQuery{{ID: "m1", MetricStat: stat("App", "R", nil, "p99.9", 60), ReturnData: ptr(false)}}}
	out, err := newTestService(newFakeStore()).GetMetricData(context.Background(), testAccount, in)
	if err != nil || len(out.MetricDataResults) != 0 {
		t.Fatalf("nothing to return: %+v, %v", out, err)
	}
}
