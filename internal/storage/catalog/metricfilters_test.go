package catalog

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func metricFilter(groupID int64, name, metric string) model.MetricFilter {
	return model.MetricFilter{
		GroupID: groupID, Name: name, Pattern: `{ $.level = "ERROR" }`, CreationTime: 5,
		Transformations: []model.MetricTransformation{{MetricName: metric, MetricNamespace: "App", MetricValue: "1", Unit: "Count"}},
	}
}

func filterKeys(fs []model.MetricFilter) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.GroupName+":"+f.Name)
	}
	return strings.Join(parts, " ")
}

func TestMetricFilters(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	api := mustGroup(t, c, acct, "/app/api")
	web := mustGroup(t, c, acct, "/app/web")
	other := mustGroup(t, c, "222222222222", "/app/api")

	full := metricFilter(api.ID, "latency", "Latency")
	full.Transformations[0].MetricValue = "$.latency"
	full.Transformations[0].Dimensions = map[string]string{"Env": "$.env"}
	full.ApplyOnTransformedLogs = true
	dflt := metricFilter(web.ID, "errors", "Errors")
	dflt.Transformations[0].DefaultValue = new(float64)
	for _, f := range []model.MetricFilter{
		metricFilter(api.ID, "errors", "Errors"), metricFilter(api.ID, "errors-5xx", "Errors5xx"), full, dflt,
		metricFilter(other.ID, "errors", "Errors"),
	} {
		if err := c.PutMetricFilter(ctx, f); err != nil {
			t.Fatalf("PutMetricFilter(%s): %v", f.Name, err)
		}
	}
	list := func(q model.MetricFilterQuery) []model.MetricFilter {
		t.Helper()
		fs, err := c.ListMetricFilters(ctx, acct, q)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	all := list(model.MetricFilterQuery{})
	if got := filterKeys(all); got != "/app/api:errors /app/web:errors /app/api:errors-5xx /app/api:latency" {
		t.Fatalf("all = %q", got)
	}
	if got := all[3]; !reflect.DeepEqual(got, model.MetricFilter{GroupID: api.ID, GroupName: "/app/api", Name: "latency", Pattern: full.Pattern,
		CreationTime: 5, Transformations: full.Transformations, ApplyOnTransformedLogs: true}) {
		t.Fatalf("stored filter = %+v", got)
	}
	if got := all[1].Transformations[0].DefaultValue; got == nil || *got != 0 {
		t.Fatalf("default value 0 read back as %v", got)
	}
	for _, tc := range []struct {
		q    model.MetricFilterQuery
		want string
	}{
		{model.MetricFilterQuery{GroupID: api.ID}, "/app/api:errors /app/api:errors-5xx /app/api:latency"},
		{model.MetricFilterQuery{GroupID: api.ID, NamePrefix: "errors"}, "/app/api:errors /app/api:errors-5xx"},
		{model.MetricFilterQuery{NamePrefix: "errors-"}, "/app/api:errors-5xx"},
		{model.MetricFilterQuery{MetricName: "Errors", MetricNamespace: "App"}, "/app/api:errors /app/web:errors"},
		{model.MetricFilterQuery{MetricName: "Errors", MetricNamespace: "Other"}, ""},
		{model.MetricFilterQuery{HasAfter: true, AfterName: "errors", AfterGroup: "/app/api", Limit: 2}, "/app/web:errors /app/api:errors-5xx"},
		{model.MetricFilterQuery{HasAfter: true, AfterName: "errors", AfterGroup: "/app/web"}, "/app/api:errors-5xx /app/api:latency"},
		{model.MetricFilterQuery{GroupID: other.ID}, ""},
	} {
		if got := filterKeys(list(tc.q)); got != tc.want {
			t.Errorf("ListMetricFilters(%+v) = %q, want %q", tc.q, got, tc.want)
		}
	}

	// Replacing keeps the count; the count follows creates and deletes.
	repl := metricFilter(api.ID, "errors", "ErrorsV2")
	repl.CreationTime = 9
	if err := c.PutMetricFilter(ctx, repl); err != nil {
		t.Fatal(err)
	}
	if got := list(model.MetricFilterQuery{MetricName: "ErrorsV2", MetricNamespace: "App"}); filterKeys(got) != "/app/api:errors" || got[0].CreationTime != 9 {
		t.Fatalf("replaced filter = %+v", got)
	}
	wantCount := func(name string, n int32) {
		t.Helper()
		g, err := c.GetLogGroup(ctx, acct, name)
		if err != nil {
			t.Fatal(err)
		}
		if g.MetricFilterCount != n {
			t.Fatalf("%s metric_filter_count = %d, want %d", name, g.MetricFilterCount, n)
		}
	}
	wantCount("/app/api", 3)
	wantCount("/app/web", 1)
	if err := c.DeleteMetricFilter(ctx, api.ID, "errors-5xx"); err != nil {
		t.Fatal(err)
	}
	wantCount("/app/api", 2)
	wantErr(t, c.DeleteMetricFilter(ctx, api.ID, "errors-5xx"), model.ErrNotFound, "The specified metric filter does not exist.")
	wantErr(t, c.PutMetricFilter(ctx, metricFilter(999999, "x", "X")), model.ErrNotFound, msgGroupNotFound)
	wantErr(t, c.PutMetricFilter(ctx, model.MetricFilter{GroupID: api.ID, Name: "x"}), model.ErrInvalidParameter, "")

	// Deleting the group takes its filters along.
	if _, err := c.DeleteLogGroup(ctx, acct, "/app/api"); err != nil {
		t.Fatal(err)
	}
	if got := filterKeys(list(model.MetricFilterQuery{})); got != "/app/web:errors" {
		t.Fatalf("after deleting the group = %q", got)
	}
}

func TestMetricFilterLimit(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g := mustGroup(t, c, acct, "/app")
	for i := range maxMetricFilters {
		if err := c.PutMetricFilter(ctx, metricFilter(g.ID, fmt.Sprintf("f%03d", i), "M")); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, c.PutMetricFilter(ctx, metricFilter(g.ID, "one-more", "M")), model.ErrLimitExceeded, "")
	// Replacing one at the limit is fine.
	if err := c.PutMetricFilter(ctx, metricFilter(g.ID, "f000", "N")); err != nil {
		t.Fatalf("replace at the limit: %v", err)
	}
	got, err := c.GetLogGroup(ctx, acct, "/app")
	if err != nil || got.MetricFilterCount != maxMetricFilters {
		t.Fatalf("count = %d, %v", got.MetricFilterCount, err)
	}
}
