package catalog

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestAnomalyDetectors(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	const acct, other = "111111111111", "222222222222"
	det := func(key, ns, name, def string) model.AnomalyDetector {
		typ := model.AnomalyDetectorSingleMetric
		if ns == "" {
			typ = model.AnomalyDetectorMetricMath
		}
		return model.AnomalyDetector{AccountID: acct, Key: key, Type: typ, Namespace: ns, MetricName: name, Definition: def, Created: 7}
	}
	for _, d := range []model.AnomalyDetector{
		det("b", "App", "CPU", `{"v":1}`),
		det("a", "App", "Mem", `{}`),
		det("c", "Other", "CPU", `{}`),
		det("m", "", "", `{"q":[]}`),
	} {
		if err := c.PutAnomalyDetector(ctx, d, 4, true); err != nil {
			t.Fatalf("put %s: %v", d.Key, err)
		}
	}
	// Replacing keeps the count and the creation time.
	repl := det("b", "App", "CPU", `{"v":2}`)
	repl.Created = 99
	if err := c.PutAnomalyDetector(ctx, repl, 4, true); err != nil {
		t.Fatalf("replace at the limit: %v", err)
	}
	if d, err := c.GetAnomalyDetector(ctx, acct, "b"); err != nil || d.Definition != `{"v":2}` || d.Created != 7 || d.Type != model.AnomalyDetectorSingleMetric {
		t.Fatalf("replaced: %+v %v", d, err)
	}
	// Creating without replacing leaves an existing detector alone.
	if err := c.PutAnomalyDetector(ctx, det("b", "App", "CPU", `{"v":3}`), 4, false); err != nil {
		t.Fatalf("create existing: %v", err)
	}
	if d, _ := c.GetAnomalyDetector(ctx, acct, "b"); d.Definition != `{"v":2}` {
		t.Fatalf("create replaced the definition: %+v", d)
	}
	if err := c.PutAnomalyDetector(ctx, det("z", "App", "Disk", `{}`), 4, false); !errors.Is(err, model.ErrLimitExceeded) {
		t.Fatalf("fifth detector, create only: %v", err)
	}
	if err := c.PutAnomalyDetector(ctx, det("z", "App", "Disk", `{}`), 4, true); !errors.Is(err, model.ErrLimitExceeded) {
		t.Fatalf("fifth detector: %v", err)
	}
	if _, err := c.GetAnomalyDetector(ctx, acct, "z"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("refused detector was stored: %v", err)
	}
	if _, err := c.GetAnomalyDetector(ctx, other, "b"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("another account's detector: %v", err)
	}

	keys := func(ns, name string) string {
		t.Helper()
		list, err := c.ListAnomalyDetectors(ctx, acct, ns, name)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range list {
			out = append(out, d.Key)
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct{ ns, name, want string }{
		{"", "", "[a b c m]"},
		{"App", "", "[a b]"},
		{"", "CPU", "[b c]"},
		{"App", "CPU", "[b]"},
		{"None", "", "[]"},
	} {
		if got := keys(tc.ns, tc.name); got != tc.want {
			t.Errorf("list %q %q = %s, want %s", tc.ns, tc.name, got, tc.want)
		}
	}

	if err := c.DeleteAnomalyDetector(ctx, other, "a"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete from another account: %v", err)
	}
	if err := c.DeleteAnomalyDetector(ctx, acct, "a"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteAnomalyDetector(ctx, acct, "a"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if got := keys("", ""); got != "[b c m]" {
		t.Fatalf("after delete: %s", got)
	}
	// The freed slot takes a new detector.
	if err := c.PutAnomalyDetector(ctx, det("z", "App", "Disk", `{}`), 4, true); err != nil {
		t.Fatalf("put after delete: %v", err)
	}
}
