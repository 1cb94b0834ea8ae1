package consoleauth

import (
	"context"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// Store keeps console users, sessions and share links. The embedded
// default is SQLite (storage/catalog).
//
// Contracts: lookups of unknown names or digests return model.ErrNotFound;
// CreateConsoleUser returns model.ErrAlreadyExists for a taken name and
// model.ErrNotFound for an unknown account; SetConsoleUserPassword and
// DeleteConsoleUser end the user's sessions in the same transaction;
// DeleteConsoleSession of an unknown session succeeds. Safe for concurrent
// use, also across processes sharing one data directory (the CLI edits
// users while the server runs).
type Store interface {
	CreateConsoleUser(ctx context.Context, u model.ConsoleUser) error
	GetConsoleUser(ctx context.Context, name string) (model.ConsoleUser, error)
	ListConsoleUsers(ctx context.Context, accountID string) ([]model.ConsoleUser, error)
	SetConsoleUserPassword(ctx context.Context, name, hash string, changed time.Time) error
	DeleteConsoleUser(ctx context.Context, name string) error

	PutConsoleSession(ctx context.Context, s model.ConsoleSession) error
	GetConsoleSession(ctx context.Context, idHash string) (model.ConsoleSession, error)
	ExtendConsoleSession(ctx context.Context, idHash string, expires time.Time) error
	DeleteConsoleSession(ctx context.Context, idHash string) error
	DeleteExpiredConsoleSessions(ctx context.Context, before time.Time) (int64, error)

	PutDashboardShare(ctx context.Context, s model.DashboardShare) error
	GetDashboardShare(ctx context.Context, tokenHash string) (model.DashboardShare, error)
	ListDashboardShares(ctx context.Context, accountID string) ([]model.DashboardShare, error)
	DeleteDashboardShare(ctx context.Context, accountID, tokenHash string) error

	// GetDashboard is read to refuse sharing a dashboard that does not
	// exist.
	GetDashboard(ctx context.Context, accountID, name string) (model.Dashboard, error)
}

// KeyLookup resolves an access key to its secret and principal, failing
// with model.ErrUnrecognizedKey or model.ErrDisabledKey; the accounts
// service's Lookup is one.
type KeyLookup func(ctx context.Context, keyID string) (secret string, p model.Principal, err error)
