package catalog

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// The web console's users, sessions and share links. Times are epoch
// milliseconds like everywhere in the catalog.

func errUserNotFound(name string) error {
	return model.Errorf(model.ErrNotFound, "Console user %s does not exist.", name)
}

// CreateConsoleUser stores a new user; a taken name is
// model.ErrAlreadyExists and an unknown account model.ErrNotFound.
func (c *Catalog) CreateConsoleUser(ctx context.Context, u model.ConsoleUser) error {
	const what = "create console user"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, c.d.rebind("SELECT 1 FROM accounts WHERE id = ?"), u.AccountID).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return errAccountNotFound(u.AccountID)
		case err != nil:
			return unavailable(what, err)
		}
		_, err = tx.ExecContext(ctx, c.d.rebind("INSERT INTO console_users (name, account_id, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)"),
			u.Name, u.AccountID, u.PasswordHash, u.CreatedAt.UnixMilli(), u.PasswordChangedAt.UnixMilli())
		switch {
		case c.d.isUniqueViolation(err):
			return model.Errorf(model.ErrAlreadyExists, "Console user %s already exists.", u.Name)
		case err != nil:
			return unavailable(what, err)
		}
		return nil
	})
}

const consoleUserColumns = "name, account_id, password_hash, created_at, password_changed_at"

func scanConsoleUser(r rowScanner) (model.ConsoleUser, error) {
	var u model.ConsoleUser
	var created, changed int64
	if err := r.Scan(&u.Name, &u.AccountID, &u.PasswordHash, &created, &changed); err != nil {
		return model.ConsoleUser{}, err
	}
	u.CreatedAt, u.PasswordChangedAt = fromMillis(created), fromMillis(changed)
	return u, nil
}

// GetConsoleUser returns the user of that name, or model.ErrNotFound.
func (c *Catalog) GetConsoleUser(ctx context.Context, name string) (model.ConsoleUser, error) {
	u, err := scanConsoleUser(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+consoleUserColumns+" FROM console_users WHERE name = ?"), name))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.ConsoleUser{}, errUserNotFound(name)
	case err != nil:
		return model.ConsoleUser{}, unavailable("get console user", err)
	}
	return u, nil
}

// ListConsoleUsers returns the users of an account ("" = every account),
// by account and name.
func (c *Catalog) ListConsoleUsers(ctx context.Context, accountID string) ([]model.ConsoleUser, error) {
	const what = "list console users"
	q := "SELECT " + consoleUserColumns + " FROM console_users"
	var args []any
	if accountID != "" {
		q += " WHERE account_id = ?"
		args = append(args, accountID)
	}
	return queryRows(ctx, c, what, q+" ORDER BY account_id, name", args, scanConsoleUser)
}

// SetConsoleUserPassword replaces a user's password hash and ends every
// session the user has open, in one transaction: whoever knew the old
// password is signed out.
func (c *Catalog) SetConsoleUserPassword(ctx context.Context, name, hash string, changed time.Time) error {
	const what = "set console user password"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, c.d.rebind("UPDATE console_users SET password_hash = ?, password_changed_at = ? WHERE name = ?"),
			hash, changed.UnixMilli(), name)
		if err != nil {
			return unavailable(what, err)
		}
		if err := mustAffect(res, what, func() error { return errUserNotFound(name) }); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM console_sessions WHERE user_name = ?"), name); err != nil {
			return unavailable(what, err)
		}
		return nil
	})
}

// DeleteConsoleUser removes a user and every session it has open.
func (c *Catalog) DeleteConsoleUser(ctx context.Context, name string) error {
	const what = "delete console user"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM console_users WHERE name = ?"), name)
		if err != nil {
			return unavailable(what, err)
		}
		if err := mustAffect(res, what, func() error { return errUserNotFound(name) }); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM console_sessions WHERE user_name = ?"), name); err != nil {
			return unavailable(what, err)
		}
		return nil
	})
}

// PutConsoleSession stores a new session.
func (c *Catalog) PutConsoleSession(ctx context.Context, s model.ConsoleSession) error {
	_, err := c.writer.ExecContext(ctx, c.d.rebind("INSERT INTO console_sessions (id_hash, account_id, access_key_id, user_name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
		s.IDHash, s.AccountID, s.AccessKeyID, s.UserName, s.CreatedAt.UnixMilli(), s.ExpiresAt.UnixMilli())
	switch {
	case c.d.isUniqueViolation(err):
		return model.Errorf(model.ErrAlreadyExists, "The session already exists.")
	case err != nil:
		return unavailable("put console session", err)
	}
	return nil
}

// GetConsoleSession returns the session with that id digest, expired or
// not, or model.ErrNotFound.
func (c *Catalog) GetConsoleSession(ctx context.Context, idHash string) (model.ConsoleSession, error) {
	s := model.ConsoleSession{IDHash: idHash}
	var created, expires int64
	err := c.reader.QueryRowContext(ctx, c.d.rebind("SELECT account_id, access_key_id, user_name, created_at, expires_at FROM console_sessions WHERE id_hash = ?"), idHash).
		Scan(&s.AccountID, &s.AccessKeyID, &s.UserName, &created, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.ConsoleSession{}, model.Errorf(model.ErrNotFound, "The session does not exist.")
	case err != nil:
		return model.ConsoleSession{}, unavailable("get console session", err)
	}
	s.CreatedAt, s.ExpiresAt = fromMillis(created), fromMillis(expires)
	return s, nil
}

// ExtendConsoleSession moves a session's expiry; an unknown session is
// model.ErrNotFound.
func (c *Catalog) ExtendConsoleSession(ctx context.Context, idHash string, expires time.Time) error {
	const what = "extend console session"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("UPDATE console_sessions SET expires_at = ? WHERE id_hash = ?"), expires.UnixMilli(), idHash)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, func() error { return model.Errorf(model.ErrNotFound, "The session does not exist.") })
}

// DeleteConsoleSession ends a session; ending one that does not exist is
// not an error, so signing out twice succeeds.
func (c *Catalog) DeleteConsoleSession(ctx context.Context, idHash string) error {
	if _, err := c.writer.ExecContext(ctx, c.d.rebind("DELETE FROM console_sessions WHERE id_hash = ?"), idHash); err != nil {
		return unavailable("delete console session", err)
	}
	return nil
}

// DeleteExpiredConsoleSessions removes the sessions that expired before
// t and returns how many there were.
func (c *Catalog) DeleteExpiredConsoleSessions(ctx context.Context, t time.Time) (int64, error) {
	const what = "delete expired console sessions"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("DELETE FROM console_sessions WHERE expires_at < ?"), t.UnixMilli())
	if err != nil {
		return 0, unavailable(what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, unavailable(what, err)
	}
	return n, nil
}

// PutDashboardShare stores a new share link.
func (c *Catalog) PutDashboardShare(ctx context.Context, s model.DashboardShare) error {
	_, err := c.writer.ExecContext(ctx, c.d.rebind("INSERT INTO console_shares (token_hash, account_id, dashboard_name, created_by, created_at) VALUES (?, ?, ?, ?, ?)"),
		s.TokenHash, s.AccountID, s.DashboardName, s.CreatedBy, s.CreatedAt.UnixMilli())
	switch {
	case c.d.isUniqueViolation(err):
		return model.Errorf(model.ErrAlreadyExists, "The share already exists.")
	case err != nil:
		return unavailable("put dashboard share", err)
	}
	return nil
}

const shareColumns = "token_hash, account_id, dashboard_name, created_by, created_at"

func scanShare(r rowScanner) (model.DashboardShare, error) {
	var s model.DashboardShare
	var created int64
	if err := r.Scan(&s.TokenHash, &s.AccountID, &s.DashboardName, &s.CreatedBy, &created); err != nil {
		return model.DashboardShare{}, err
	}
	s.CreatedAt = fromMillis(created)
	return s, nil
}

func errShareNotFound() error { return model.Errorf(model.ErrNotFound, "The share does not exist.") }

// GetDashboardShare returns the share with that token digest, or
// model.ErrNotFound.
func (c *Catalog) GetDashboardShare(ctx context.Context, tokenHash string) (model.DashboardShare, error) {
	s, err := scanShare(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+shareColumns+" FROM console_shares WHERE token_hash = ?"), tokenHash))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.DashboardShare{}, errShareNotFound()
	case err != nil:
		return model.DashboardShare{}, unavailable("get dashboard share", err)
	}
	return s, nil
}

// ListDashboardShares returns an account's shares, oldest first.
func (c *Catalog) ListDashboardShares(ctx context.Context, accountID string) ([]model.DashboardShare, error) {
	const what = "list dashboard shares"
	return queryRows(ctx, c, what, "SELECT "+shareColumns+" FROM console_shares WHERE account_id = ? ORDER BY created_at, token_hash", []any{accountID}, scanShare)
}

// DeleteDashboardShare revokes one of the account's shares; another
// account's share or an unknown one is model.ErrNotFound.
func (c *Catalog) DeleteDashboardShare(ctx context.Context, accountID, tokenHash string) error {
	const what = "delete dashboard share"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("DELETE FROM console_shares WHERE account_id = ? AND token_hash = ?"), accountID, tokenHash)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, errShareNotFound)
}
