package catalog

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// manyTags returns n tags named prefix0, prefix1, ….
func manyTags(prefix string, n int) map[string]string {
	tags := map[string]string{}
	for i := range n {
		tags[fmt.Sprintf("%s%d", prefix, i)] = "v"
	}
	return tags
}

func TestTagLogGroup(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g := mustGroup(t, c, acct, "/tags")

	steps := []struct {
		name    string
		tag     map[string]string
		untag   []string
		want    map[string]string
		wantErr error
	}{
		{name: "starts empty", want: map[string]string{}},
		{name: "tag", tag: map[string]string{"team": "a", "env": "dev"}, want: map[string]string{"team": "a", "env": "dev"}},
		{name: "merge and overwrite", tag: map[string]string{"env": "prod", "Env": "x"}, want: map[string]string{"team": "a", "env": "prod", "Env": "x"}},
		{name: "empty value", tag: map[string]string{"empty": ""}, want: map[string]string{"team": "a", "env": "prod", "Env": "x", "empty": ""}},
		{name: "untag", untag: []string{"Env", "empty", "absent"}, want: map[string]string{"team": "a", "env": "prod"}},
		{name: "untag nothing", untag: []string{}, want: map[string]string{"team": "a", "env": "prod"}},
		{name: "fill to the limit", tag: manyTags("k", maxTags-2), want: merge(map[string]string{"team": "a", "env": "prod"}, manyTags("k", maxTags-2))},
		{name: "overwrite at the limit", tag: map[string]string{"team": "b"}, want: merge(map[string]string{"team": "b", "env": "prod"}, manyTags("k", maxTags-2))},
		{name: "one over the limit", tag: map[string]string{"new": "v"}, wantErr: model.ErrTooManyTags, want: merge(map[string]string{"team": "b", "env": "prod"}, manyTags("k", maxTags-2))},
		// The overwrite of team in the refused call must not stick.
		{name: "refusal is atomic", tag: map[string]string{"team": "c", "new1": "v", "new2": "v"}, wantErr: model.ErrTooManyTags, want: merge(map[string]string{"team": "b", "env": "prod"}, manyTags("k", maxTags-2))},
		{name: "untag makes room", untag: []string{"k0", "k1"}, want: merge(map[string]string{"team": "b", "env": "prod"}, manyTagsExcept("k", maxTags-2, "k0", "k1"))},
		{name: "tag into the room", tag: map[string]string{"n1": "v", "n2": "v"}, want: merge(map[string]string{"team": "b", "env": "prod", "n1": "v", "n2": "v"}, manyTagsExcept("k", maxTags-2, "k0", "k1"))},
		{name: "more than 50 in one call", tag: manyTags("x", maxTags+1), wantErr: model.ErrTooManyTags, want: merge(map[string]string{"team": "b", "env": "prod", "n1": "v", "n2": "v"}, manyTagsExcept("k", maxTags-2, "k0", "k1"))},
	}
	for _, st := range steps {
		var err error
		switch {
		case st.tag != nil:
			err = c.TagLogGroup(ctx, g.ID, st.tag)
		case st.untag != nil:
			err = c.UntagLogGroup(ctx, g.ID, st.untag)
		}
		if st.wantErr != nil {
			wantErr(t, err, st.wantErr, "")
		} else if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := c.ListTags(ctx, g.ID)
		if err != nil {
			t.Fatalf("%s: ListTags: %v", st.name, err)
		}
		if !reflect.DeepEqual(got, st.want) {
			t.Fatalf("%s: tags = %v, want %v", st.name, got, st.want)
		}
	}
}

func TestTagsUnknownGroup(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g := mustGroup(t, c, acct, "/gone")
	if _, err := c.DeleteLogGroup(ctx, acct, "/gone"); err != nil {
		t.Fatal(err)
	}
	const msg = "The specified log group does not exist."
	tests := []struct {
		name string
		call func() error
	}{
		{"tag", func() error { return c.TagLogGroup(ctx, g.ID, map[string]string{"a": "b"}) }},
		{"untag", func() error { return c.UntagLogGroup(ctx, g.ID, []string{"a"}) }},
		{"untag nothing", func() error { return c.UntagLogGroup(ctx, g.ID, nil) }},
		{"list", func() error { _, err := c.ListTags(ctx, g.ID); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.call(), model.ErrNotFound, msg)
		})
	}
}

func merge(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

func manyTagsExcept(prefix string, n int, except ...string) map[string]string {
	tags := manyTags(prefix, n)
	for _, k := range except {
		delete(tags, k)
	}
	return tags
}
