package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/openwatch/openwatch/internal/service/accounts"
	"github.com/openwatch/openwatch/internal/storage/catalog"
)

// Admin gives the CLI account and key administration over a data
// directory. It shares the catalog file with a running server safely.
type Admin struct {
	*accounts.Service
	cat *catalog.Catalog
}

// OpenAdmin opens the catalog of dataDir.
func OpenAdmin(ctx context.Context, dataDir string) (*Admin, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create data directory %q: %w", dataDir, err)
	}
	cat, err := catalog.OpenSQLite(ctx, filepath.Join(dataDir, catalogFile))
	if err != nil {
		return nil, fmt.Errorf("cannot open catalog: %w", err)
	}
	return &Admin{Service: accounts.New(cat), cat: cat}, nil
}

// Close releases the catalog.
func (a *Admin) Close() error { return a.cat.Close() }
