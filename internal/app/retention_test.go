package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/catalog"
	"github.com/openwatch/openwatch/internal/storage/logstore"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

func TestApplyRetentionDropsExpiredEvents(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cat, err := catalog.OpenSQLite(ctx, filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	store, err := logstore.Open(ctx, vfs.Default, filepath.Join(dir, "logs"), logstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := cat.CreateAccount(ctx, model.Account{ID: "111111111111", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	kept, err := cat.CreateLogGroup(ctx, model.LogGroup{AccountID: "111111111111", Name: "forever", CreationTime: now.UnixMilli(), LogGroupClass: "STANDARD"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	short, err := cat.CreateLogGroup(ctx, model.LogGroup{AccountID: "111111111111", Name: "one-day", CreationTime: now.UnixMilli(), LogGroupClass: "STANDARD"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.SetRetention(ctx, "111111111111", "one-day", 1); err != nil {
		t.Fatal(err)
	}
	old := []model.LogEvent{{Timestamp: now.Add(-72 * time.Hour).UnixMilli(), Message: "old"}}
	fresh := []model.LogEvent{{Timestamp: now.UnixMilli(), Message: "fresh"}}
	for _, g := range []int64{kept.ID, short.ID} {
		for _, evs := range [][]model.LogEvent{old, fresh} {
			if _, err := store.Append(ctx, g, 1, now.UnixMilli(), evs); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := applyRetention(ctx, cat, store, now); err != nil {
		t.Fatal(err)
	}
	count := func(g int64) []string {
		var msgs []string
		if err := store.Read(ctx, model.ReadSpec{GroupID: g}, func(e *model.StoredEvent) bool { msgs = append(msgs, e.Message); return true }); err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	if got := count(short.ID); len(got) != 1 || got[0] != "fresh" {
		t.Fatalf("group with 1-day retention still holds %v", got)
	}
	if got := count(kept.ID); len(got) != 2 {
		t.Fatalf("group without retention lost events: %v", got)
	}
}
