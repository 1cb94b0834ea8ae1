package catalog

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

const acct, otherAcct = "111111111111", "222222222222"

func TestCreateGetLogGroup(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	in := model.LogGroup{
		ID: 999, AccountID: acct, Name: "/app/web", CreationTime: 1700000000000, RetentionInDays: 30,
		KMSKeyID: "arn:aws:kms:us-east-1:111111111111:key/k", LogGroupClass: "INFREQUENT_ACCESS",
		DeletionProtection: true, MetricFilterCount: 2, StoredBytes: 7,
	}
	g, err := c.CreateLogGroup(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.ID <= 0 || g.ID == 999 {
		t.Fatalf("ID = %d, want a fresh positive id", g.ID)
	}
	want := in
	want.ID = g.ID
	if g != want {
		t.Fatalf("CreateLogGroup = %+v, want %+v", g, want)
	}

	tests := []struct {
		name      string
		account   string
		group     string
		wantErr   error
		wantMsg   string
		wantGroup model.LogGroup
	}{
		{"found", acct, "/app/web", nil, "", want},
		{"other account", otherAcct, "/app/web", model.ErrNotFound, "The specified log group does not exist.", model.LogGroup{}},
		{"case differs", acct, "/APP/web", model.ErrNotFound, "The specified log group does not exist.", model.LogGroup{}},
		{"missing", acct, "/nope", model.ErrNotFound, "The specified log group does not exist.", model.LogGroup{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.GetLogGroup(ctx, tt.account, tt.group)
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr, tt.wantMsg)
				return
			}
			if err != nil || got != tt.wantGroup {
				t.Fatalf("GetLogGroup = %+v, %v; want %+v", got, err, tt.wantGroup)
			}
		})
	}

	t.Run("duplicate", func(t *testing.T) {
		_, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: acct, Name: "/app/web"}, nil)
		wantErr(t, err, model.ErrAlreadyExists, "The specified log group already exists")
	})
	t.Run("same name in another account", func(t *testing.T) {
		g2, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: otherAcct, Name: "/app/web"}, nil)
		if err != nil || g2.ID == g.ID {
			t.Fatalf("CreateLogGroup = %+v, %v", g2, err)
		}
	})
}

func TestCreateLogGroupTags(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: acct, Name: "/tagged"}, map[string]string{"team": "a", "env": "prod"})
	if err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTags(ctx, g.ID)
	if err != nil || !reflect.DeepEqual(tags, map[string]string{"team": "a", "env": "prod"}) {
		t.Fatalf("ListTags = %v, %v", tags, err)
	}

	_, err = c.CreateLogGroup(ctx, model.LogGroup{AccountID: acct, Name: "/too-many"}, manyTags("k", maxTags+1))
	wantErr(t, err, model.ErrTooManyTags, "")
	_, err = c.GetLogGroup(ctx, acct, "/too-many")
	wantErr(t, err, model.ErrNotFound, "")

	if _, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: acct, Name: "/fifty"}, manyTags("k", maxTags)); err != nil {
		t.Fatalf("CreateLogGroup with %d tags: %v", maxTags, err)
	}
	// A failed duplicate creation leaves the existing group's tags alone.
	_, err = c.CreateLogGroup(ctx, model.LogGroup{AccountID: acct, Name: "/tagged"}, map[string]string{"team": "b"})
	wantErr(t, err, model.ErrAlreadyExists, "")
	if tags, _ := c.ListTags(ctx, g.ID); tags["team"] != "a" {
		t.Fatalf("tags after failed duplicate = %v", tags)
	}
}

func TestListLogGroups(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	names := []string{
		"/aws/lambda/a", "/aws/lambda/b", "/Aws/upper", "/aws/rds", "app_1", "app%1", "appX", "apq",
		"b", "a.b", "A", "_x", "z#1", "app",
	}
	for _, n := range names {
		mustGroup(t, c, acct, n)
	}
	mustGroup(t, c, otherAcct, "/aws/lambda/other")
	all := sortedCopy(names)

	tests := []struct {
		name string
		q    model.GroupQuery
		want []string
	}{
		{"all in byte order", model.GroupQuery{}, all},
		{"prefix", model.GroupQuery{Prefix: "/aws/"}, []string{"/aws/lambda/a", "/aws/lambda/b", "/aws/rds"}},
		{"prefix is case-sensitive", model.GroupQuery{Prefix: "/Aws"}, []string{"/Aws/upper"}},
		{"prefix underscore is literal", model.GroupQuery{Prefix: "app_"}, []string{"app_1"}},
		{"prefix percent is literal", model.GroupQuery{Prefix: "app%"}, []string{"app%1"}},
		{"prefix equal to a name", model.GroupQuery{Prefix: "app"}, []string{"app", "app%1", "appX", "app_1"}},
		{"prefix without match", model.GroupQuery{Prefix: "zz"}, nil},
		{"prefix of high bytes", model.GroupQuery{Prefix: "\xff\xff"}, nil},
		{"contains", model.GroupQuery{Contains: "lambda"}, []string{"/aws/lambda/a", "/aws/lambda/b"}},
		{"contains is case-sensitive", model.GroupQuery{Contains: "LAMBDA"}, nil},
		{"contains underscore is literal", model.GroupQuery{Contains: "_"}, []string{"_x", "app_1"}},
		{"contains percent is literal", model.GroupQuery{Contains: "%"}, []string{"app%1"}},
		{"after", model.GroupQuery{After: "app_1"}, []string{"apq", "b", "z#1"}},
		{"after a missing name", model.GroupQuery{After: "apps"}, []string{"apq", "b", "z#1"}},
		{"limit", model.GroupQuery{Limit: 2}, all[:2]},
		{"prefix, after and limit", model.GroupQuery{Prefix: "/aws/", After: "/aws/lambda/a", Limit: 1}, []string{"/aws/lambda/b"}},
		{"contains and after", model.GroupQuery{Contains: "a", After: "app_1"}, []string{"apq"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ListLogGroups(ctx, acct, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if gotNames := groupNames(got); !reflect.DeepEqual(gotNames, tt.want) {
				t.Fatalf("names = %q, want %q", gotNames, tt.want)
			}
			for _, g := range got {
				if g.AccountID != acct {
					t.Fatalf("group of account %s listed", g.AccountID)
				}
			}
		})
	}

	for _, limit := range []int{1, 3, 5, 50} {
		var got []string
		q := model.GroupQuery{Limit: limit}
		for pages := 0; ; pages++ {
			if pages > len(names) {
				t.Fatalf("limit %d: pagination does not end", limit)
			}
			page, err := c.ListLogGroups(ctx, acct, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > limit {
				t.Fatalf("limit %d: page of %d", limit, len(page))
			}
			if len(page) == 0 {
				break
			}
			got = append(got, groupNames(page)...)
			q.After = page[len(page)-1].Name
		}
		if !reflect.DeepEqual(got, all) {
			t.Fatalf("limit %d: paged names = %q, want %q", limit, got, all)
		}
	}

	if got, err := c.ListLogGroups(ctx, "333333333333", model.GroupQuery{}); err != nil || len(got) != 0 {
		t.Fatalf("unknown account: %v, %v", got, err)
	}
}

func TestDeleteLogGroupCascade(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	g, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: acct, Name: "/doomed", RetentionInDays: 3}, map[string]string{"a": "1"})
	if err != nil {
		t.Fatal(err)
	}
	s1 := mustStream(t, c, g.ID, "s1")
	mustStream(t, c, g.ID, "s2")
	if err := c.RecordIngest(ctx, g.ID, s1.ID, 1, 2, 3, 100); err != nil {
		t.Fatal(err)
	}
	keep := mustGroup(t, c, acct, "/kept")
	mustStream(t, c, keep.ID, "s1")

	_, err = c.DeleteLogGroup(ctx, otherAcct, "/doomed")
	wantErr(t, err, model.ErrNotFound, "The specified log group does not exist.")

	del, err := c.DeleteLogGroup(ctx, acct, "/doomed")
	if err != nil {
		t.Fatal(err)
	}
	want := g
	want.StoredBytes = 100
	if del != want {
		t.Fatalf("DeleteLogGroup = %+v, want %+v", del, want)
	}
	_, err = c.GetLogGroup(ctx, acct, "/doomed")
	wantErr(t, err, model.ErrNotFound, "")
	_, err = c.DeleteLogGroup(ctx, acct, "/doomed")
	wantErr(t, err, model.ErrNotFound, "The specified log group does not exist.")
	_, err = c.ListTags(ctx, g.ID)
	wantErr(t, err, model.ErrNotFound, "")

	for _, table := range []string{"log_streams", "log_group_tags"} {
		var n int
		if err := c.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE group_id = ?", g.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows of the deleted group left in %s", n, table)
		}
	}
	if names, err := c.StreamNames(ctx, keep.ID); err != nil || len(names) != 1 {
		t.Fatalf("other group's streams = %v, %v", names, err)
	}
}

// TestIDsNotReused checks that a group or stream deleted and created again,
// even after a restart, gets an id never used before.
func TestIDsNotReused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "catalog.db")
	c, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	g1 := mustGroup(t, c, acct, "/g")
	s1 := mustStream(t, c, g1.ID, "s")
	if _, err := c.DeleteLogStream(ctx, g1.ID, "s"); err != nil {
		t.Fatal(err)
	}
	s2 := mustStream(t, c, g1.ID, "s")
	if s2.ID <= s1.ID {
		t.Fatalf("recreated stream id %d not above %d", s2.ID, s1.ID)
	}
	if _, err := c.DeleteLogGroup(ctx, acct, "/g"); err != nil {
		t.Fatal(err)
	}
	g2 := mustGroup(t, c, acct, "/g")
	if g2.ID <= g1.ID {
		t.Fatalf("recreated group id %d not above %d", g2.ID, g1.ID)
	}
	if names, err := c.StreamNames(ctx, g2.ID); err != nil || len(names) != 0 {
		t.Fatalf("recreated group has streams %v, %v", names, err)
	}
	s3 := mustStream(t, c, g2.ID, "s")
	// Delete the newest rows, so their ids are the largest in the tables,
	// then restart.
	if _, err := c.DeleteLogGroup(ctx, acct, "/g"); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openAt(t, path)
	g3 := mustGroup(t, c, acct, "/g")
	s4 := mustStream(t, c, g3.ID, "s")
	if g3.ID <= g2.ID || s4.ID <= s3.ID {
		t.Fatalf("after restart: group id %d (previous %d), stream id %d (previous %d)", g3.ID, g2.ID, s4.ID, s3.ID)
	}
}

func TestSetRetention(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	mustGroup(t, c, acct, "/r")
	tests := []struct {
		name    string
		account string
		group   string
		days    int32
		wantErr error
	}{
		{"set", acct, "/r", 7, nil},
		{"change", acct, "/r", 3653, nil},
		{"clear", acct, "/r", 0, nil},
		{"missing group", acct, "/nope", 7, model.ErrNotFound},
		{"other account", otherAcct, "/r", 7, model.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.SetRetention(ctx, tt.account, tt.group, tt.days)
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr, "The specified log group does not exist.")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			g, err := c.GetLogGroup(ctx, tt.account, tt.group)
			if err != nil || g.RetentionInDays != tt.days {
				t.Fatalf("retention = %d, %v; want %d", g.RetentionInDays, err, tt.days)
			}
		})
	}
}

func groupNames(gs []model.LogGroup) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Name)
	}
	return out
}
