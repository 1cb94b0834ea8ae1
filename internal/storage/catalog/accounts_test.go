package catalog

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

func TestAccounts(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	created := time.Date(2025, 3, 1, 12, 0, 0, 123_000_000, time.UTC)
	a := model.Account{ID: "222222222222", Name: "second", CreatedAt: created}
	b := model.Account{ID: "111111111111", Name: "first", CreatedAt: created.Add(time.Hour)}
	for _, acc := range []model.Account{a, b} {
		if err := c.CreateAccount(ctx, acc); err != nil {
			t.Fatal(err)
		}
	}
	err := c.CreateAccount(ctx, model.Account{ID: a.ID, Name: "again"})
	wantErr(t, err, model.ErrAlreadyExists, "")

	tests := []struct {
		id      string
		want    model.Account
		wantErr error
	}{
		{id: a.ID, want: a},
		{id: b.ID, want: b},
		{id: "333333333333", wantErr: model.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, err := c.GetAccount(ctx, tt.id)
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr, "")
				return
			}
			if err != nil || got.ID != tt.want.ID || got.Name != tt.want.Name || !got.CreatedAt.Equal(tt.want.CreatedAt) {
				t.Fatalf("GetAccount = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}

	list, err := c.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, acc := range list {
		ids = append(ids, acc.ID)
	}
	if !reflect.DeepEqual(ids, []string{b.ID, a.ID}) {
		t.Fatalf("ListAccounts ids = %v", ids)
	}
}

func TestAccessKeys(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	for _, id := range []string{acct, otherAcct} {
		if err := c.CreateAccount(ctx, model.Account{ID: id, Name: id}); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.UnixMilli(1_700_000_000_000).UTC()
	// Ids out of alphabetical order, to tell creation order from id order.
	keys := []model.AccessKey{
		{ID: "AKIDZZZ", Secret: "s1", AccountID: acct, Admin: true, CreatedAt: t0},
		{ID: "AKIDAAA", Secret: "s2", AccountID: otherAcct, CreatedAt: t0},
		{ID: "AKIDMMM", Secret: "s3", AccountID: acct, Disabled: true, CreatedAt: t0.Add(time.Second)},
	}
	for _, k := range keys {
		if err := c.PutKey(ctx, k); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("put", func(t *testing.T) {
		tests := []struct {
			name    string
			key     model.AccessKey
			wantErr error
			want    model.AccessKey // state of the key after the call
		}{
			{
				name: "update same account keeps creation time",
				key:  model.AccessKey{ID: "AKIDZZZ", Secret: "new", AccountID: acct, Admin: false, Disabled: true, CreatedAt: t0.Add(time.Hour)},
				want: model.AccessKey{ID: "AKIDZZZ", Secret: "new", AccountID: acct, Admin: false, Disabled: true, CreatedAt: t0},
			},
			{
				name: "update back",
				key:  model.AccessKey{ID: "AKIDZZZ", Secret: "s1", AccountID: acct, Admin: true},
				want: model.AccessKey{ID: "AKIDZZZ", Secret: "s1", AccountID: acct, Admin: true, CreatedAt: t0},
			},
			{
				name:    "id of another account",
				key:     model.AccessKey{ID: "AKIDAAA", Secret: "stolen", AccountID: acct, Admin: true},
				wantErr: model.ErrAlreadyExists,
				want:    keys[1],
			},
			{
				name:    "unknown account",
				key:     model.AccessKey{ID: "AKIDNEW", Secret: "x", AccountID: "999999999999"},
				wantErr: model.ErrNotFound,
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := c.PutKey(ctx, tt.key)
				if tt.wantErr != nil {
					wantErr(t, err, tt.wantErr, "")
				} else if err != nil {
					t.Fatal(err)
				}
				got, err := c.GetKey(ctx, tt.key.ID)
				if tt.want.ID == "" {
					wantErr(t, err, model.ErrNotFound, "")
					return
				}
				if err != nil || !sameKey(got, tt.want) {
					t.Fatalf("key = %+v, %v; want %+v", got, err, tt.want)
				}
			})
		}
	})

	t.Run("list", func(t *testing.T) {
		tests := []struct {
			account string
			want    []string
		}{
			{"", []string{"AKIDZZZ", "AKIDAAA", "AKIDMMM"}},
			{acct, []string{"AKIDZZZ", "AKIDMMM"}},
			{otherAcct, []string{"AKIDAAA"}},
			{"333333333333", nil},
		}
		for _, tt := range tests {
			got, err := c.ListKeys(ctx, tt.account)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, k := range got {
				ids = append(ids, k.ID)
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Errorf("ListKeys(%q) = %v, want %v", tt.account, ids, tt.want)
			}
		}
		got, err := c.ListKeys(ctx, otherAcct)
		if err != nil || len(got) != 1 || !sameKey(got[0], keys[1]) {
			t.Fatalf("ListKeys fields = %+v, %v; want %+v", got, err, keys[1])
		}
	})

	t.Run("disable", func(t *testing.T) {
		for _, disabled := range []bool{true, false, false} {
			if err := c.SetKeyDisabled(ctx, "AKIDAAA", disabled); err != nil {
				t.Fatal(err)
			}
			if k, err := c.GetKey(ctx, "AKIDAAA"); err != nil || k.Disabled != disabled {
				t.Fatalf("after SetKeyDisabled(%v): %+v, %v", disabled, k, err)
			}
		}
		wantErr(t, c.SetKeyDisabled(ctx, "AKIDNOPE", true), model.ErrNotFound, "")
	})

	t.Run("count", func(t *testing.T) {
		n, err := c.CountKeys(ctx)
		if err != nil || n != len(keys) {
			t.Fatalf("CountKeys = %d, %v; want %d", n, err, len(keys))
		}
	})

	_, err := c.GetKey(ctx, "AKIDNOPE")
	wantErr(t, err, model.ErrNotFound, "")
}

func TestCountKeysEmpty(t *testing.T) {
	c, _ := newCatalog(t)
	if n, err := c.CountKeys(context.Background()); err != nil || n != 0 {
		t.Fatalf("CountKeys = %d, %v", n, err)
	}
	if keys, err := c.ListKeys(context.Background(), ""); err != nil || len(keys) != 0 {
		t.Fatalf("ListKeys = %v, %v", keys, err)
	}
	if accts, err := c.ListAccounts(context.Background()); err != nil || len(accts) != 0 {
		t.Fatalf("ListAccounts = %v, %v", accts, err)
	}
}

func sameKey(a, b model.AccessKey) bool {
	return a.ID == b.ID && a.Secret == b.Secret && a.AccountID == b.AccountID && a.Admin == b.Admin &&
		a.Disabled == b.Disabled && a.CreatedAt.Equal(b.CreatedAt)
}
