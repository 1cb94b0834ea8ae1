package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// PutDashboard creates d or replaces the account's dashboard of the same
// name whole.
func (c *Catalog) PutDashboard(ctx context.Context, d model.Dashboard) error {
	const what = "put dashboard"
	_, err := c.writer.ExecContext(ctx, c.d.rebind(`INSERT INTO dashboards (account_id, name, body, size, last_modified) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (account_id, name) DO UPDATE SET body = excluded.body, size = excluded.size, last_modified = excluded.last_modified`),
		d.AccountID, d.Name, d.Body, int64(len(d.Body)), d.LastModified)
	if err != nil {
		return unavailable(what, err)
	}
	return nil
}

// GetDashboard returns one of the account's dashboards; an unknown name is
// model.ErrNotFound.
func (c *Catalog) GetDashboard(ctx context.Context, accountID, name string) (model.Dashboard, error) {
	d := model.Dashboard{AccountID: accountID, Name: name}
	err := c.reader.QueryRowContext(ctx, c.d.rebind("SELECT body, size, last_modified FROM dashboards WHERE account_id = ? AND name = ?"),
		accountID, name).Scan(&d.Body, &d.Size, &d.LastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Dashboard{}, model.Errorf(model.ErrNotFound, "Dashboard %s does not exist", name)
	}
	if err != nil {
		return model.Dashboard{}, unavailable("get dashboard", err)
	}
	return d, nil
}

// ListDashboards returns up to limit (all when limit <= 0) of the
// account's dashboards whose name starts with prefix, in name order and
// after the name after when it is not empty. The entries carry Size but
// not Body.
func (c *Catalog) ListDashboards(ctx context.Context, accountID, prefix, after string, limit int) ([]model.Dashboard, error) {
	const what = "list dashboards"
	q := "SELECT name, last_modified, size FROM dashboards WHERE account_id = ?"
	args := []any{accountID}
	if prefix != "" {
		q += " AND name >= ?"
		args = append(args, prefix)
		if bound, ok := prefixUpperBound(prefix); ok {
			q += " AND name < ?"
			args = append(args, bound)
		}
	}
	if after != "" {
		q += " AND name > ?"
		args = append(args, after)
	}
	q += " ORDER BY name"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(q), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.Dashboard
	for rows.Next() {
		s := model.Dashboard{AccountID: accountID}
		if err := rows.Scan(&s.Name, &s.LastModified, &s.Size); err != nil {
			return nil, unavailable(what, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// DeleteDashboards removes the named dashboards of the account, all or
// none: when any name is unknown nothing is deleted and the error is
// model.ErrNotFound naming the missing ones.
func (c *Catalog) DeleteDashboards(ctx context.Context, accountID string, names []string) error {
	const what = "delete dashboards"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		var missing []string
		for _, name := range names {
			res, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM dashboards WHERE account_id = ? AND name = ?"), accountID, name)
			if err != nil {
				return unavailable(what, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return unavailable(what, err)
			}
			if n == 0 {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			// The error rolls the deletions back.
			return model.Errorf(model.ErrNotFound, "The specified dashboard does not exist. [%s]", strings.Join(missing, ", "))
		}
		return nil
	})
}
