package consoleauth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

const (
	acctA = "111111111111"
	acctB = "222222222222"
)

type fixture struct {
	svc   *Service
	store *MemStore
	keys  *fakeKeys
	clock *clock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{
		store: NewMemStore(acctA, acctB),
		keys: &fakeKeys{keys: map[string]model.AccessKey{
			"AKIAAAAAAAAAAAAAAAAA": {ID: "AKIAAAAAAAAAAAAAAAAA", Secret: "secret-a", AccountID: acctA},
			"AKIABBBBBBBBBBBBBBBB": {ID: "AKIABBBBBBBBBBBBBBBB", Secret: "secret-b", AccountID: acctB, Admin: true},
		}},
		clock: &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
	f.svc = New(f.store, f.keys.lookup, Options{Now: f.clock.now, IdleTimeout: time.Hour, MaxLifetime: 3 * time.Hour, Hash: cheapParams})
	return f
}

func wantUnauthenticated(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("%s: error = %v, want ErrUnauthenticated", what, err)
	}
}

func TestSignInWithKey(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, tc := range []struct{ name, id, secret string }{
		{"wrong secret", "AKIAAAAAAAAAAAAAAAAA", "secret-b"},
		{"unknown key", "AKIAZZZZZZZZZZZZZZZZ", "secret-a"},
		{"empty secret", "AKIAAAAAAAAAAAAAAAAA", ""},
		{"empty key", "", "secret-a"},
	} {
		_, err := f.svc.SignInWithKey(ctx, tc.id, tc.secret)
		wantUnauthenticated(t, tc.name, err)
	}
	sess, err := f.svc.SignInWithKey(ctx, "AKIAAAAAAAAAAAAAAAAA", "secret-a")
	if err != nil {
		t.Fatal(err)
	}
	if len(sess.ID) != secretLen || sess.CSRFToken == "" || sess.CSRFToken == sess.ID {
		t.Fatalf("session = %+v", sess)
	}
	want := model.Principal{AccountID: acctA, AccessKeyID: "AKIAAAAAAAAAAAAAAAAA"}
	if sess.Principal != want || sess.Name != "AKIAAAAAAAAAAAAAAAAA" {
		t.Fatalf("principal = %+v, name %q", sess.Principal, sess.Name)
	}
	for h := range f.store.sessions {
		if h == sess.ID {
			t.Fatal("the session id is stored in clear")
		}
	}
	got, err := f.svc.Resolve(ctx, sess.ID)
	if err != nil || got.Principal != want || got.CSRFToken != sess.CSRFToken || got.ID != "" {
		t.Fatalf("resolve = %+v, %v", got, err)
	}
	if !got.CheckCSRF(sess.CSRFToken) || got.CheckCSRF("") || got.CheckCSRF(sess.CSRFToken[1:]) || got.CheckCSRF(sess.ID) {
		t.Fatal("CheckCSRF accepts the wrong tokens")
	}

	// Disabling the key ends the session on its next use.
	f.keys.disable("AKIAAAAAAAAAAAAAAAAA")
	_, err = f.svc.Resolve(ctx, sess.ID)
	wantUnauthenticated(t, "session of a disabled key", err)
	if len(f.store.sessions) != 0 {
		t.Fatalf("the dead session was kept: %v", f.store.sessions)
	}
	_, err = f.svc.SignInWithKey(ctx, "AKIAAAAAAAAAAAAAAAAA", "secret-a")
	wantUnauthenticated(t, "sign-in with a disabled key", err)
}

func TestSessionExpiry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sess, err := f.svc.SignInWithKey(ctx, "AKIABBBBBBBBBBBBBBBB", "secret-b")
	if err != nil {
		t.Fatal(err)
	}
	if want := f.clock.now().Add(time.Hour); !sess.ExpiresAt.Equal(want) {
		t.Fatalf("expires %v, want %v", sess.ExpiresAt, want)
	}
	// Used within the idle timeout, the session slides, but writes its
	// expiry only every few minutes.
	f.clock.advance(time.Minute)
	if _, err := f.svc.Resolve(ctx, sess.ID); err != nil || f.store.extends != 0 {
		t.Fatalf("resolve after 1m: %v, %d extends", err, f.store.extends)
	}
	for range 3 {
		f.clock.advance(50 * time.Minute)
		got, err := f.svc.Resolve(ctx, sess.ID)
		if err != nil {
			t.Fatalf("resolve at %v: %v", f.clock.now(), err)
		}
		if want := f.clock.now().Add(time.Hour); got.ExpiresAt.After(want) {
			t.Fatalf("expiry %v beyond idle timeout %v", got.ExpiresAt, want)
		}
	}
	// 201 minutes after sign-in: past the 3 h lifetime, however used.
	f.clock.advance(50 * time.Minute)
	_, err = f.svc.Resolve(ctx, sess.ID)
	wantUnauthenticated(t, "session past its lifetime", err)

	idle, err := f.svc.SignInWithKey(ctx, "AKIABBBBBBBBBBBBBBBB", "secret-b")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.advance(time.Hour)
	_, err = f.svc.Resolve(ctx, idle.ID)
	wantUnauthenticated(t, "idle session", err)
}

func TestSignOut(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, _ := f.svc.SignInWithKey(ctx, "AKIABBBBBBBBBBBBBBBB", "secret-b")
	b, _ := f.svc.SignInWithKey(ctx, "AKIABBBBBBBBBBBBBBBB", "secret-b")
	if a.ID == b.ID || a.CSRFToken == b.CSRFToken {
		t.Fatal("two sign-ins share a session")
	}
	if err := f.svc.SignOut(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Resolve(ctx, a.ID)
	wantUnauthenticated(t, "signed-out session", err)
	if _, err := f.svc.Resolve(ctx, b.ID); err != nil {
		t.Fatalf("the other session: %v", err)
	}
	for _, id := range []string{"", "short", a.ID + "x"} {
		_, err := f.svc.Resolve(ctx, id)
		wantUnauthenticated(t, "malformed id "+id, err)
	}
}

func TestUsers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, account, user, password string
		kind                          error
	}{
		{"short password", acctA, "zoe", "short", model.ErrInvalidParameter},
		{"bad name", acctA, "-zoe", "long enough", model.ErrInvalidParameter},
		{"space in name", acctA, "zo e", "long enough", model.ErrInvalidParameter},
		{"bad account", "12", "zoe", "long enough", model.ErrInvalidParameter},
		{"unknown account", "333333333333", "zoe", "long enough", model.ErrNotFound},
	} {
		if _, err := f.svc.CreateUser(ctx, tc.account, tc.user, tc.password); !errors.Is(err, tc.kind) {
			t.Errorf("%s: error = %v, want %v", tc.name, err, tc.kind)
		}
	}
	u, err := f.svc.CreateUser(ctx, acctA, "zoe", "first password")
	if err != nil {
		t.Fatal(err)
	}
	if u.PasswordHash == "" || u.PasswordHash == "first password" {
		t.Fatalf("stored hash %q", u.PasswordHash)
	}
	if _, err := f.svc.CreateUser(ctx, acctB, "zoe", "other password"); !errors.Is(err, model.ErrAlreadyExists) {
		t.Fatalf("duplicate name: %v", err)
	}
	for _, tc := range []struct{ name, user, password string }{
		{"wrong password", "zoe", "first passworD"},
		{"unknown user", "adam", "first password"},
		{"empty password", "zoe", ""},
	} {
		_, err := f.svc.SignInWithPassword(ctx, tc.user, tc.password)
		wantUnauthenticated(t, tc.name, err)
	}
	sess, err := f.svc.SignInWithPassword(ctx, "zoe", "first password")
	if err != nil {
		t.Fatal(err)
	}
	if want := (model.Principal{AccountID: acctA, Admin: true}); sess.Principal != want || sess.UserName != "zoe" {
		t.Fatalf("user session = %+v", sess)
	}
	if got, err := f.svc.Resolve(ctx, sess.ID); err != nil || got.UserName != "zoe" || !got.Principal.Admin {
		t.Fatalf("resolve = %+v, %v", got, err)
	}

	// A new password signs the user out everywhere.
	if err := f.svc.SetPassword(ctx, "zoe", "second password"); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Resolve(ctx, sess.ID)
	wantUnauthenticated(t, "session after a new password", err)
	_, err = f.svc.SignInWithPassword(ctx, "zoe", "first password")
	wantUnauthenticated(t, "old password", err)
	sess, err = f.svc.SignInWithPassword(ctx, "zoe", "second password")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetPassword(ctx, "zoe", "short"); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("short new password: %v", err)
	}
	if err := f.svc.SetPassword(ctx, "adam", "long enough"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
	list, err := f.svc.ListUsers(ctx, acctA)
	if err != nil || len(list) != 1 || list[0].Name != "zoe" {
		t.Fatalf("list = %v, %v", list, err)
	}

	if err := f.svc.DeleteUser(ctx, "zoe"); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Resolve(ctx, sess.ID)
	wantUnauthenticated(t, "session of a deleted user", err)
}

func TestShares(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.store.AddDashboard(acctA, "ops")
	sess, err := f.svc.SignInWithKey(ctx, "AKIAAAAAAAAAAAAAAAAA", "secret-a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateShare(ctx, sess, "missing"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("share of a missing dashboard: %v", err)
	}
	if _, err := f.svc.CreateShare(ctx, sess, ""); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("share without a name: %v", err)
	}
	a, err := f.svc.CreateShare(ctx, sess, "ops")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.CreateShare(ctx, sess, "ops")
	if err != nil {
		t.Fatal(err)
	}
	if a.Token == b.Token || len(a.Token) != secretLen || a.TokenHash == a.Token || a.CreatedBy != "AKIAAAAAAAAAAAAAAAAA" {
		t.Fatalf("shares %+v %+v", a, b)
	}
	got, err := f.svc.ResolveShare(ctx, a.Token)
	if err != nil || got.DashboardName != "ops" || got.AccountID != acctA {
		t.Fatalf("resolve = %+v, %v", got, err)
	}
	// Another account cannot revoke it, by token or id.
	for _, name := range []string{a.Token, a.TokenHash} {
		if err := f.svc.RevokeShare(ctx, acctB, name); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("revoke from another account: %v", err)
		}
	}
	if err := f.svc.RevokeShare(ctx, acctA, a.Token); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RevokeShare(ctx, acctA, b.TokenHash); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{a.Token, b.Token, "", "x", a.TokenHash} {
		if _, err := f.svc.ResolveShare(ctx, tok); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("resolve revoked or bad token %q: %v", tok, err)
		}
	}
	if list, _ := f.svc.ListShares(ctx, acctA); len(list) != 0 {
		t.Fatalf("shares left: %v", list)
	}
}
