package catalog

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

func TestConsoleUsers(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	t0 := time.UnixMilli(1_700_000_000_000).UTC()
	for _, id := range []string{"111111111111", "222222222222"} {
		if err := c.CreateAccount(ctx, model.Account{ID: id, Name: id, CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	users := []model.ConsoleUser{
		{Name: "zoe", AccountID: "111111111111", PasswordHash: "h1", CreatedAt: t0, PasswordChangedAt: t0},
		{Name: "adam", AccountID: "222222222222", PasswordHash: "h2", CreatedAt: t0, PasswordChangedAt: t0},
		{Name: "bob", AccountID: "111111111111", PasswordHash: "h3", CreatedAt: t0, PasswordChangedAt: t0},
	}
	for _, u := range users {
		if err := c.CreateConsoleUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, c.CreateConsoleUser(ctx, model.ConsoleUser{Name: "zoe", AccountID: "222222222222", CreatedAt: t0}), model.ErrAlreadyExists, "")
	wantErr(t, c.CreateConsoleUser(ctx, model.ConsoleUser{Name: "eve", AccountID: "333333333333", CreatedAt: t0}), model.ErrNotFound, "Account 333333333333 does not exist.")

	names := func(accountID string) string {
		t.Helper()
		list, err := c.ListConsoleUsers(ctx, accountID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range list {
			out = append(out, u.AccountID+"/"+u.Name)
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct{ account, want string }{
		{"", "[111111111111/bob 111111111111/zoe 222222222222/adam]"},
		{"111111111111", "[111111111111/bob 111111111111/zoe]"},
		{"999999999999", "[]"},
	} {
		if got := names(tc.account); got != tc.want {
			t.Errorf("list %q = %s, want %s", tc.account, got, tc.want)
		}
	}

	// A new password ends the user's sessions but not other users'.
	for _, s := range []model.ConsoleSession{
		{IDHash: "s-zoe", AccountID: "111111111111", UserName: "zoe", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)},
		{IDHash: "s-bob", AccountID: "111111111111", UserName: "bob", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)},
	} {
		if err := c.PutConsoleSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	t1 := t0.Add(time.Minute)
	if err := c.SetConsoleUserPassword(ctx, "zoe", "h9", t1); err != nil {
		t.Fatal(err)
	}
	u, err := c.GetConsoleUser(ctx, "zoe")
	if err != nil || u.PasswordHash != "h9" || !u.PasswordChangedAt.Equal(t1) || !u.CreatedAt.Equal(t0) {
		t.Fatalf("after set-password: %+v %v", u, err)
	}
	_, err = c.GetConsoleSession(ctx, "s-zoe")
	wantErr(t, err, model.ErrNotFound, "")
	if _, err := c.GetConsoleSession(ctx, "s-bob"); err != nil {
		t.Fatalf("bob's session after zoe's new password: %v", err)
	}
	wantErr(t, c.SetConsoleUserPassword(ctx, "nobody", "h", t1), model.ErrNotFound, "Console user nobody does not exist.")

	if err := c.DeleteConsoleUser(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetConsoleSession(ctx, "s-bob")
	wantErr(t, err, model.ErrNotFound, "")
	_, err = c.GetConsoleUser(ctx, "bob")
	wantErr(t, err, model.ErrNotFound, "Console user bob does not exist.")
	wantErr(t, c.DeleteConsoleUser(ctx, "bob"), model.ErrNotFound, "")
}

func TestConsoleSessions(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	t0 := time.UnixMilli(1_700_000_000_000).UTC()
	s := model.ConsoleSession{IDHash: "abc", AccountID: "111111111111", AccessKeyID: "AKIAEXAMPLE", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	if err := c.PutConsoleSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.PutConsoleSession(ctx, s), model.ErrAlreadyExists, "")
	got, err := c.GetConsoleSession(ctx, "abc")
	if err != nil || got != s {
		t.Fatalf("get = %+v, %v; want %+v", got, err, s)
	}
	if err := c.ExtendConsoleSession(ctx, "abc", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetConsoleSession(ctx, "abc"); !got.ExpiresAt.Equal(t0.Add(2 * time.Hour)) {
		t.Fatalf("extended expiry = %v", got.ExpiresAt)
	}
	wantErr(t, c.ExtendConsoleSession(ctx, "nope", t0), model.ErrNotFound, "")

	old := model.ConsoleSession{IDHash: "old", AccountID: "111111111111", UserName: "u", CreatedAt: t0, ExpiresAt: t0.Add(time.Minute)}
	if err := c.PutConsoleSession(ctx, old); err != nil {
		t.Fatal(err)
	}
	n, err := c.DeleteExpiredConsoleSessions(ctx, t0.Add(90*time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("expired sweep removed %d, %v; want 1", n, err)
	}
	if _, err := c.GetConsoleSession(ctx, "abc"); err != nil {
		t.Fatalf("live session swept: %v", err)
	}
	for range 2 {
		if err := c.DeleteConsoleSession(ctx, "abc"); err != nil {
			t.Fatalf("sign-out: %v", err)
		}
	}
	_, err = c.GetConsoleSession(ctx, "abc")
	wantErr(t, err, model.ErrNotFound, "")
}

func TestDashboardShares(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	t0 := time.UnixMilli(1_700_000_000_000).UTC()
	shares := []model.DashboardShare{
		{TokenHash: "t2", AccountID: "111111111111", DashboardName: "ops", CreatedBy: "AKIA1", CreatedAt: t0.Add(time.Second)},
		{TokenHash: "t1", AccountID: "111111111111", DashboardName: "api", CreatedBy: "user:zoe", CreatedAt: t0},
		{TokenHash: "t3", AccountID: "222222222222", DashboardName: "ops", CreatedBy: "AKIA2", CreatedAt: t0},
	}
	for _, s := range shares {
		if err := c.PutDashboardShare(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, c.PutDashboardShare(ctx, shares[0]), model.ErrAlreadyExists, "")
	got, err := c.GetDashboardShare(ctx, "t1")
	if err != nil || got != shares[1] {
		t.Fatalf("get = %+v, %v", got, err)
	}
	list, err := c.ListDashboardShares(ctx, "111111111111")
	if err != nil || len(list) != 2 || list[0].TokenHash != "t1" || list[1].TokenHash != "t2" {
		t.Fatalf("list = %+v, %v", list, err)
	}
	// Another account cannot revoke the share.
	wantErr(t, c.DeleteDashboardShare(ctx, "222222222222", "t1"), model.ErrNotFound, "The share does not exist.")
	if err := c.DeleteDashboardShare(ctx, "111111111111", "t1"); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetDashboardShare(ctx, "t1")
	wantErr(t, err, model.ErrNotFound, "")
	wantErr(t, c.DeleteDashboardShare(ctx, "111111111111", "t1"), model.ErrNotFound, "")
}
