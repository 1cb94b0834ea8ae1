package catalog

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestDashboards(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	const acct = "111111111111"
	for i, name := range []string{"prod-api", "prod-db", "staging", "prod-api"} {
		body := fmt.Sprintf(`{"widgets": [], "n": %d}`, i)
		if err := c.PutDashboard(ctx, model.Dashboard{AccountID: acct, Name: name, Body: body, LastModified: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := c.GetDashboard(ctx, acct, "prod-api")
	if err != nil || d.Body != `{"widgets": [], "n": 3}` || d.LastModified != 3 || d.Size != 23 {
		t.Fatalf("replaced dashboard: %+v %v", d, err)
	}
	if _, err := c.GetDashboard(ctx, "222222222222", "prod-api"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("another account's dashboard: %v", err)
	}
	all, err := c.ListDashboards(ctx, acct, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range all {
		got = append(got, fmt.Sprintf("%s/%d/%d", d.Name, d.LastModified, d.Size))
	}
	if fmt.Sprint(got) != "[prod-api/3/23 prod-db/1/23 staging/2/23]" {
		t.Fatalf("list: %v", got)
	}
	page, err := c.ListDashboards(ctx, acct, "prod-", "prod-api", 5)
	if err != nil || len(page) != 1 || page[0].Name != "prod-db" {
		t.Fatalf("prefix page: %v %v", page, err)
	}
	if page, _ := c.ListDashboards(ctx, acct, "", "", 1); len(page) != 1 {
		t.Fatalf("limit 1: %v", page)
	}
	// One unknown name keeps every dashboard.
	if err := c.DeleteDashboards(ctx, acct, []string{"prod-api", "nope"}); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete with an unknown name: %v", err)
	}
	if _, err := c.GetDashboard(ctx, acct, "prod-api"); err != nil {
		t.Fatalf("prod-api after a failed delete: %v", err)
	}
	if err := c.DeleteDashboards(ctx, acct, []string{"prod-api", "staging"}); err != nil {
		t.Fatal(err)
	}
	if left, _ := c.ListDashboards(ctx, acct, "", "", 0); len(left) != 1 || left[0].Name != "prod-db" {
		t.Fatalf("after delete: %v", left)
	}
}
