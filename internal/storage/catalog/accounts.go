package catalog

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// Times of accounts and keys are stored as epoch milliseconds, like every
// other timestamp in the catalog, and read back in UTC.
func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func errAccountNotFound(id string) error {
	return model.Errorf(model.ErrNotFound, "Account %s does not exist.", id)
}

func errKeyNotFound(id string) error {
	return model.Errorf(model.ErrNotFound, "Access key %s does not exist.", id)
}

// CreateAccount stores a new account; an id already taken is
// model.ErrAlreadyExists.
func (c *Catalog) CreateAccount(ctx context.Context, a model.Account) error {
	_, err := c.writer.ExecContext(ctx, c.d.rebind("INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)"),
		a.ID, a.Name, a.CreatedAt.UnixMilli())
	switch {
	case c.d.isUniqueViolation(err):
		return model.Errorf(model.ErrAlreadyExists, "Account %s already exists.", a.ID)
	case err != nil:
		return unavailable("create account", err)
	}
	return nil
}

// GetAccount returns the account with that id, or model.ErrNotFound.
func (c *Catalog) GetAccount(ctx context.Context, id string) (model.Account, error) {
	var a model.Account
	var created int64
	err := c.reader.QueryRowContext(ctx, c.d.rebind("SELECT id, name, created_at FROM accounts WHERE id = ?"), id).
		Scan(&a.ID, &a.Name, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.Account{}, errAccountNotFound(id)
	case err != nil:
		return model.Account{}, unavailable("get account", err)
	}
	a.CreatedAt = fromMillis(created)
	return a, nil
}

// ListAccounts returns every account in ascending order of id.
func (c *Catalog) ListAccounts(ctx context.Context) ([]model.Account, error) {
	const what = "list accounts"
	rows, err := c.reader.QueryContext(ctx, "SELECT id, name, created_at FROM accounts ORDER BY id")
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.Account
	for rows.Next() {
		var a model.Account
		var created int64
		if err := rows.Scan(&a.ID, &a.Name, &created); err != nil {
			return nil, unavailable(what, err)
		}
		a.CreatedAt = fromMillis(created)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// PutKey inserts k, or updates the secret, admin and disabled flags of the
// key with the same id and account (its creation time stays). A key id that
// belongs to another account is model.ErrAlreadyExists; an unknown account
// is model.ErrNotFound.
func (c *Catalog) PutKey(ctx context.Context, k model.AccessKey) error {
	const what = "put access key"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, c.d.rebind("SELECT 1 FROM accounts WHERE id = ?"), k.AccountID).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return errAccountNotFound(k.AccountID)
		case err != nil:
			return unavailable(what, err)
		}
		// The WHERE of the upsert skips the update, leaving no row
		// affected, when the existing key is another account's.
		res, err := tx.ExecContext(ctx, c.d.upsert("access_keys",
			[]string{"id", "secret", "account_id", "admin", "disabled", "created_at"},
			[]string{"id"},
			[]string{"secret", "admin", "disabled"},
			"access_keys.account_id = excluded.account_id"),
			k.ID, k.Secret, k.AccountID, k.Admin, k.Disabled, k.CreatedAt.UnixMilli())
		if err != nil {
			return unavailable(what, err)
		}
		return mustAffect(res, what, func() error {
			return model.Errorf(model.ErrAlreadyExists, "Access key %s belongs to another account.", k.ID)
		})
	})
}

const keyColumns = "id, secret, account_id, admin, disabled, created_at"

func scanKey(r rowScanner) (model.AccessKey, error) {
	var k model.AccessKey
	var created int64
	if err := r.Scan(&k.ID, &k.Secret, &k.AccountID, &k.Admin, &k.Disabled, &created); err != nil {
		return model.AccessKey{}, err
	}
	k.CreatedAt = fromMillis(created)
	return k, nil
}

// GetKey returns the access key with that id, or model.ErrNotFound.
func (c *Catalog) GetKey(ctx context.Context, id string) (model.AccessKey, error) {
	k, err := scanKey(c.getKeyStmt.QueryRowContext(ctx, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.AccessKey{}, errKeyNotFound(id)
	case err != nil:
		return model.AccessKey{}, unavailable("get access key", err)
	}
	return k, nil
}

// ListKeys returns the account's keys, or every key when accountID is "",
// in creation order.
func (c *Catalog) ListKeys(ctx context.Context, accountID string) ([]model.AccessKey, error) {
	const what = "list access keys"
	query, args := "SELECT "+keyColumns+" FROM access_keys ORDER BY seq", []any(nil)
	if accountID != "" {
		query, args = "SELECT "+keyColumns+" FROM access_keys WHERE account_id = ? ORDER BY seq", []any{accountID}
	}
	return queryRows(ctx, c, what, query, args, scanKey)
}

// SetKeyDisabled disables or re-enables a key; an unknown key is
// model.ErrNotFound.
func (c *Catalog) SetKeyDisabled(ctx context.Context, id string, disabled bool) error {
	res, err := c.writer.ExecContext(ctx, c.d.rebind("UPDATE access_keys SET disabled = ? WHERE id = ?"), disabled, id)
	if err != nil {
		return unavailable("set access key state", err)
	}
	return mustAffect(res, "set access key state", func() error { return errKeyNotFound(id) })
}

// CountKeys returns the number of access keys of all accounts.
func (c *Catalog) CountKeys(ctx context.Context) (int, error) {
	var n int
	if err := c.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM access_keys").Scan(&n); err != nil {
		return 0, unavailable("count access keys", err)
	}
	return n, nil
}
