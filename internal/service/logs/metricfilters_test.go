package logs

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

func ptr[T any](v T) *T { return &v }

func metricFilterService(t *testing.T) (*Service, *fakeCatalog, Caller) {
	t.Helper()
	cat := newFakeCatalog()
	cat.addGroup(acct, "/app/api")
	cat.addGroup(acct, "/app/web")
	cat.addGroup("222222222222", "/other")
	clock := func() time.Time { return time.UnixMilli(1_700_000_000_000) }
	return New(cat, &fakeStore{}, Options{Now: clock}), cat, Caller{AccountID: acct, Region: "us-east-1"}
}

func TestPutMetricFilterValidation(t *testing.T) {
	svc, _, c := metricFilterService(t)
	ok := []model.MetricTransformation{{MetricName: "Errors", MetricNamespace: "App", MetricValue: "1"}}
	cases := []struct {
		name string
		in   PutMetricFilterInput
		kind error
		msg  string
	}{
		{"bad group name", PutMetricFilterInput{GroupName: "bad name", FilterName: "f", FilterPattern: ptr(""), Transformations: ok}, model.ErrInvalidParameter, "logGroupName"},
		{"empty filter name", PutMetricFilterInput{GroupName: "/app/api", FilterName: "", FilterPattern: ptr(""), Transformations: ok}, model.ErrInvalidParameter, "'filterName' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"filter name with colon", PutMetricFilterInput{GroupName: "/app/api", FilterName: "a:b", FilterPattern: ptr(""), Transformations: ok}, model.ErrInvalidParameter, "[^:*]*"},
		{"filter name too long", PutMetricFilterInput{GroupName: "/app/api", FilterName: strings.Repeat("f", 513), FilterPattern: ptr(""), Transformations: ok}, model.ErrInvalidParameter, "less than or equal to 512"},
		{"missing pattern", PutMetricFilterInput{GroupName: "/app/api", FilterName: "f", Transformations: ok}, model.ErrInvalidParameter, "Member must not be null"},
		{"pattern too long", PutMetricFilterInput{GroupName: "/app/api", FilterName: "f", FilterPattern: ptr(strings.Repeat("a", 1025)), Transformations: ok}, model.ErrInvalidParameter, "longer than 1024"},
		{"bad pattern", PutMetricFilterInput{GroupName: "/app/api", FilterName: "f", FilterPattern: ptr(`{ $.a = 1`), Transformations: ok}, model.ErrInvalidParameter, "invalid filter pattern at position 9"},
		{"selection criteria", PutMetricFilterInput{GroupName: "/app/api", FilterName: "f", FilterPattern: ptr(""), Transformations: ok, FieldSelectionCriteria: ptr(`@aws.region = "x"`)}, model.ErrInvalidParameter, "fieldSelectionCriteria"},
		{"system dimensions", PutMetricFilterInput{GroupName: "/app/api", FilterName: "f", FilterPattern: ptr(""), Transformations: ok, EmitSystemFieldDimensions: []string{"@aws.account"}}, model.ErrInvalidParameter, "emitSystemFieldDimensions"},
		{"unknown group", PutMetricFilterInput{GroupName: "/nope", FilterName: "f", FilterPattern: ptr(""), Transformations: ok}, model.ErrNotFound, "The specified log group does not exist."},
		{"group of another account", PutMetricFilterInput{GroupName: "/other", FilterName: "f", FilterPattern: ptr(""), Transformations: ok}, model.ErrNotFound, "log group"},
		{"bad transformation", PutMetricFilterInput{GroupName: "/app/api", FilterName: "f", FilterPattern: ptr(""), Transformations: []model.MetricTransformation{{MetricName: "E", MetricNamespace: "A", MetricValue: "$x"}}}, model.ErrInvalidParameter, "no field named x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := svc.PutMetricFilter(context.Background(), c, tc.in)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error = %v, want %v containing %q", err, tc.kind, tc.msg)
			}
		})
	}
}

func TestPutDescribeDeleteMetricFilters(t *testing.T) {
	ctx := context.Background()
	svc, cat, c := metricFilterService(t)
	put := func(group, name, metric string) {
		t.Helper()
		err := svc.PutMetricFilter(ctx, c, PutMetricFilterInput{GroupName: group, FilterName: name, FilterPattern: ptr("ERROR"),
			Transformations: []model.MetricTransformation{{MetricName: metric, MetricNamespace: "App", MetricValue: "1", Unit: "Count"}}})
		if err != nil {
			t.Fatalf("PutMetricFilter(%s, %s): %v", group, name, err)
		}
	}
	put("/app/api", "errors-b", "Errors")
	put("/app/api", "errors-a", "Errors")
	put("/app/web", "errors-a", "WebErrors")
	put("/app/api", "latency", "Latency")
	put("/app/api", "latency", "Latency2") // replaces

	names := func(fs []model.MetricFilter) string {
		var parts []string
		for _, f := range fs {
			parts = append(parts, f.GroupName+":"+f.Name)
		}
		return strings.Join(parts, " ")
	}
	describe := func(in DescribeMetricFiltersInput) ([]model.MetricFilter, string) {
		t.Helper()
		fs, next, err := svc.DescribeMetricFilters(ctx, c, in)
		if err != nil {
			t.Fatalf("DescribeMetricFilters(%+v): %v", in, err)
		}
		return fs, next
	}

	all, next := describe(DescribeMetricFiltersInput{})
	if got := names(all); got != "/app/api:errors-a /app/web:errors-a /app/api:errors-b /app/api:latency" || next != "" {
		t.Fatalf("all filters = %q, next %q", got, next)
	}
	if f := all[3]; f.Transformations[0].MetricName != "Latency2" || f.CreationTime != 1_700_000_000_000 || f.Pattern != "ERROR" {
		t.Fatalf("replaced filter = %+v", f)
	}
	if got, _ := describe(DescribeMetricFiltersInput{GroupName: ptr("/app/api"), NamePrefix: ptr("errors")}); names(got) != "/app/api:errors-a /app/api:errors-b" {
		t.Fatalf("by group and prefix = %q", names(got))
	}
	// The prefix counts only together with a group, as on AWS.
	if got, _ := describe(DescribeMetricFiltersInput{NamePrefix: ptr("lat")}); len(got) != 4 {
		t.Fatalf("prefix without group = %q", names(got))
	}
	if got, _ := describe(DescribeMetricFiltersInput{MetricName: ptr("Errors"), MetricNamespace: ptr("App")}); names(got) != "/app/api:errors-a /app/api:errors-b" {
		t.Fatalf("by metric = %q", names(got))
	}

	// Pages of one walk the whole listing.
	var walked []model.MetricFilter
	in := DescribeMetricFiltersInput{Limit: ptr(int32(1))}
	for range 10 {
		page, next := describe(in)
		walked = append(walked, page...)
		if next == "" {
			break
		}
		in.NextToken = &next
	}
	if names(walked) != names(all) {
		t.Fatalf("paged listing = %q, want %q", names(walked), names(all))
	}

	if g, _ := cat.GetLogGroup(ctx, acct, "/app/api"); g.MetricFilterCount != 3 {
		t.Fatalf("metric filter count = %d, want 3", g.MetricFilterCount)
	}
	if err := svc.DeleteMetricFilter(ctx, c, "/app/api", "errors-a"); err != nil {
		t.Fatal(err)
	}
	err := svc.DeleteMetricFilter(ctx, c, "/app/api", "errors-a")
	if !errors.Is(err, model.ErrNotFound) || !strings.Contains(err.Error(), "metric filter") {
		t.Fatalf("second delete: %v", err)
	}
	if err := svc.DeleteMetricFilter(ctx, c, "/nope", "x"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete in unknown group: %v", err)
	}
	if err := svc.DeleteMetricFilter(ctx, c, "/app/api", "a*"); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("delete with bad name: %v", err)
	}
	if got, _ := describe(DescribeMetricFiltersInput{GroupName: ptr("/app/api")}); names(got) != "/app/api:errors-b /app/api:latency" {
		t.Fatalf("after delete = %q", names(got))
	}
}

func TestDescribeMetricFiltersValidation(t *testing.T) {
	svc, _, c := metricFilterService(t)
	cases := []struct {
		name string
		in   DescribeMetricFiltersInput
		kind error
		msg  string
	}{
		{"metric name alone", DescribeMetricFiltersInput{MetricName: ptr("Errors")}, model.ErrInvalidParameter, "together"},
		{"namespace alone", DescribeMetricFiltersInput{MetricNamespace: ptr("App")}, model.ErrInvalidParameter, "together"},
		{"bad metric name", DescribeMetricFiltersInput{MetricName: ptr("a:b"), MetricNamespace: ptr("App")}, model.ErrInvalidParameter, "[^:*$]*"},
		{"limit 0", DescribeMetricFiltersInput{Limit: ptr(int32(0))}, model.ErrInvalidParameter, "greater than or equal to 1"},
		{"limit 51", DescribeMetricFiltersInput{Limit: ptr(int32(51))}, model.ErrInvalidParameter, "less than or equal to 50"},
		{"bad token", DescribeMetricFiltersInput{NextToken: ptr("garbage!")}, model.ErrInvalidParameter, "nextToken"},
		{"bad prefix", DescribeMetricFiltersInput{GroupName: ptr("/app/api"), NamePrefix: ptr("")}, model.ErrInvalidParameter, "filterNamePrefix"},
		{"unknown group", DescribeMetricFiltersInput{GroupName: ptr("/nope")}, model.ErrNotFound, "log group"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := svc.DescribeMetricFilters(context.Background(), c, tc.in)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error = %v, want %v containing %q", err, tc.kind, tc.msg)
			}
		})
	}
}

const apacheLine = `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534`

func TestTestMetricFilter(t *testing.T) {
	svc, _, _ := metricFilterService(t)
	cases := []struct {
		name     string
		pattern  string
		messages []string
		want     []MetricFilterMatch
	}{
		{
			name:     "json equality",
			pattern:  `{ $.eventType = "UpdateTrail" }`,
			messages: []string{`{"eventType":"UpdateTrail","user":"a"}`, `{"eventType":"CreateTrail"}`, `not json`},
			want:     []MetricFilterMatch{{EventNumber: 1, Message: `{"eventType":"UpdateTrail","user":"a"}`, Extracted: map[string]string{"$.eventType": "UpdateTrail"}}},
		},
		{
			name:     "json numbers keep their text",
			pattern:  `{ $.latency > 100 && $.ok IS TRUE }`,
			messages: []string{`{"latency":50,"ok":true}`, `{"latency":1.5e3,"ok":true}`},
			want:     []MetricFilterMatch{{EventNumber: 2, Message: `{"latency":1.5e3,"ok":true}`, Extracted: map[string]string{"$.latency": "1.5e3", "$.ok": "true"}}},
		},
		{
			name:     "json alternatives report what is present",
			pattern:  `{ $.a = 1 || $.b[0] = "x" }`,
			messages: []string{`{"a":1}`, `{"b":["x"]}`},
			want: []MetricFilterMatch{
				{EventNumber: 1, Message: `{"a":1}`, Extracted: map[string]string{"$.a": "1"}},
				{EventNumber: 2, Message: `{"b":["x"]}`, Extracted: map[string]string{"$.b[0]": "x"}},
			},
		},
		{
			name:     "space-delimited fields",
			pattern:  `[ip, user, username, timestamp, request, status_code, bytes]`,
			messages: []string{apacheLine, "too few fields"},
			want: []MetricFilterMatch{{EventNumber: 1, Message: apacheLine, Extracted: map[string]string{
				"$ip": "127.0.0.1", "$user": "-", "$username": "frank", "$timestamp": "10/Oct/2000:13:25:15 -0700",
				"$request": "GET /index.html HTTP/1.0", "$status_code": "404", "$bytes": "1534"}}},
		},
		{
			name:     "space-delimited with ellipsis",
			pattern:  `[..., status_code = 4*, bytes]`,
			messages: []string{"GET /a 200 10", "GET /b 404 0"},
			want:     []MetricFilterMatch{{EventNumber: 2, Message: "GET /b 404 0", Extracted: map[string]string{"$status_code": "404", "$bytes": "0"}}},
		},
		{
			name:     "terms extract nothing",
			pattern:  `ERROR -DEBUG`,
			messages: []string{"ERROR disk full", "DEBUG ERROR", "INFO"},
			want:     []MetricFilterMatch{{EventNumber: 1, Message: "ERROR disk full", Extracted: map[string]string{}}},
		},
		{
			name:     "empty pattern matches all",
			pattern:  "",
			messages: []string{"a", "b"},
			want: []MetricFilterMatch{
				{EventNumber: 1, Message: "a", Extracted: map[string]string{}},
				{EventNumber: 2, Message: "b", Extracted: map[string]string{}},
			},
		},
		{
			name:     "no match is an empty list",
			pattern:  "ERROR",
			messages: []string{"INFO"},
			want:     []MetricFilterMatch{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := svc.TestMetricFilter(context.Background(), &tc.pattern, tc.messages)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("matches = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestTestMetricFilterValidation(t *testing.T) {
	svc, _, _ := metricFilterService(t)
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	cases := []struct {
		name     string
		pattern  *string
		messages []string
		msg      string
	}{
		{"no pattern", nil, []string{"a"}, "filterPattern"},
		{"no messages", ptr(""), nil, "greater than or equal to 1"},
		{"51 messages", ptr(""), many, "less than or equal to 50"},
		{"empty message", ptr(""), []string{"a", ""}, "logEventMessages.2.member"},
		{"bad pattern", ptr(`[a,`), []string{"a"}, "invalid filter pattern at position 3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.TestMetricFilter(context.Background(), tc.pattern, tc.messages)
			if !errors.Is(err, model.ErrInvalidParameter) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error = %v, want InvalidParameter containing %q", err, tc.msg)
			}
		})
	}
}
