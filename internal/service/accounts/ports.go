package accounts

import (
	"context"

	"github.com/openwatch/openwatch/internal/model"
)

// Store keeps accounts and access keys. The embedded default is SQLite
// (storage/catalog); PostgreSQL serves the same contract at scale.
//
// Contracts: CreateAccount returns model.ErrAlreadyExists for a taken id;
// GetAccount and GetKey return model.ErrNotFound for unknown ids; keys are
// listed in creation order. Safe for concurrent use, also across processes
// sharing one data directory (the CLI edits keys while the server runs).
type Store interface {
	CreateAccount(ctx context.Context, a model.Account) error
	GetAccount(ctx context.Context, id string) (model.Account, error)
	ListAccounts(ctx context.Context) ([]model.Account, error)

	// PutKey inserts the key, or updates secret/admin/disabled of an existing
	// key with the same id and account.
	PutKey(ctx context.Context, k model.AccessKey) error
	GetKey(ctx context.Context, id string) (model.AccessKey, error)
	ListKeys(ctx context.Context, accountID string) ([]model.AccessKey, error)
	SetKeyDisabled(ctx context.Context, id string, disabled bool) error
	CountKeys(ctx context.Context) (int, error)
}
