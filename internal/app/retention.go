package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/catalog"
	"github.com/openwatch/openwatch/internal/storage/logstore"
)

// retentionInterval is how often expired log data is dropped. Reads clip
// expired events at once; this frees the disk space.
const retentionInterval = time.Hour

// retentionJob applies every log group's retention policy to the log store
// in the background.
type retentionJob struct {
	cancel context.CancelFunc
	done   sync.WaitGroup
}

func startRetention(cat *catalog.Catalog, store *logstore.Store, log *slog.Logger) *retentionJob {
	ctx, cancel := context.WithCancel(context.Background())
	j := &retentionJob{cancel: cancel}
	j.done.Go(func() {
		t := time.NewTicker(retentionInterval)
		defer t.Stop()
		for {
			if err := applyRetention(ctx, cat, store, time.Now()); err != nil && ctx.Err() == nil {
				log.Warn("cannot apply log retention", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
	return j
}

func (j *retentionJob) stop() {
	j.cancel()
	j.done.Wait()
}

// applyRetention walks every account's groups and drops what their
// retention has expired.
func applyRetention(ctx context.Context, cat *catalog.Catalog, store *logstore.Store, now time.Time) error {
	accts, err := cat.ListAccounts(ctx)
	if err != nil {
		return err
	}
	for _, a := range accts {
		after := ""
		for {
			groups, err := cat.ListLogGroups(ctx, a.ID, model.GroupQuery{After: after, Limit: 1000})
			if err != nil {
				return err
			}
			for _, g := range groups {
				if g.RetentionInDays > 0 {
					if err := store.ApplyRetention(ctx, g.ID, g.RetentionInDays, now); err != nil {
						return err
					}
				}
			}
			if len(groups) < 1000 {
				break
			}
			after = groups[len(groups)-1].Name
		}
	}
	return nil
}
