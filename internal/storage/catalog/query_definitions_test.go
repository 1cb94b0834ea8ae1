package catalog

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestQueryDefinitions(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	put := func(id, name string, create bool) error {
		return c.PutQueryDefinition(ctx, model.QueryDefinition{AccountID: "111111111111", ID: id, Name: name, QueryString: "fields @message", LogGroupNames: []string{"g1"}, LastModified: 5}, create)
	}
	for i, name := range []string{"errors/b", "errors/a", "latency", "errors/a"} {
		if err := put(fmt.Sprintf("id%d", i), name, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := put("id0", "x", true); !errors.Is(err, model.ErrAlreadyExists) {
		t.Fatalf("duplicate id: %v", err)
	}
	if err := put("nope", "x", false); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("update of a missing id: %v", err)
	}
	// An update replaces every field.
	if err := c.PutQueryDefinition(ctx, model.QueryDefinition{AccountID: "111111111111", ID: "id2", Name: "latency", QueryString: "stats count(*)", LastModified: 9}, false); err != nil {
		t.Fatal(err)
	}
	all, err := c.ListQueryDefinitions(ctx, "111111111111", "", "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range all {
		got = append(got, d.Name+"/"+d.ID)
	}
	if fmt.Sprint(got) != "[errors/a/id1 errors/a/id3 errors/b/id0 latency/id2]" {
		t.Fatalf("order: %v", got)
	}
	if d := all[3]; d.QueryString != "stats count(*)" || len(d.LogGroupNames) != 0 || d.LastModified != 9 {
		t.Fatalf("updated definition: %+v", d)
	}
	page, err := c.ListQueryDefinitions(ctx, "111111111111", "errors/", "errors/a", "id1", 2)
	if err != nil || len(page) != 2 || page[0].ID != "id3" || page[1].ID != "id0" {
		t.Fatalf("prefix page after (errors/a, id1): %+v %v", page, err)
	}
	if other, _ := c.ListQueryDefinitions(ctx, "222222222222", "", "", "", 0); len(other) != 0 {
		t.Fatalf("another account sees %d definitions", len(other))
	}
	if err := c.DeleteQueryDefinition(ctx, "222222222222", "id0"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete from another account: %v", err)
	}
	if err := c.DeleteQueryDefinition(ctx, "111111111111", "id0"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteQueryDefinition(ctx, "111111111111", "id0"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}
