package insights

import (
	"context"

	"github.com/openwatch/openwatch/internal/model"
)

// Scanner reads events for queries; storage/logstore implements it. The
// contract of ScanWorkers is LogStore.Scan's in internal/service/logs/ports.go,
// except that fn runs on the goroutine that read the batch: worker
// (0 ≤ worker < concurrency) names it, and only the calls of one worker
// never overlap; after one call fails, others may still be made before the
// scan stops.
type Scanner interface {
	ScanWorkers(ctx context.Context, spec model.ScanSpec, concurrency int, fn func(worker int, b *model.Batch) error) error
	Read(ctx context.Context, spec model.ReadSpec, fn func(*model.StoredEvent) bool) error
}

// Catalog is the metadata queries need: group and stream names, and saved
// query definitions. storage/catalog implements it.
type Catalog interface {
	GetLogGroup(ctx context.Context, accountID, name string) (model.LogGroup, error)
	ListLogGroups(ctx context.Context, accountID string, q model.GroupQuery) ([]model.LogGroup, error)
	StreamNames(ctx context.Context, groupID int64) (map[int64]string, error)

	PutQueryDefinition(ctx context.Context, d model.QueryDefinition, create bool) error
	ListQueryDefinitions(ctx context.Context, accountID, prefix, afterName, afterID string, limit int) ([]model.QueryDefinition, error)
	DeleteQueryDefinition(ctx context.Context, accountID, id string) error
}
