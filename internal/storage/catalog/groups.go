package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

const groupColumns = "id, account_id, name, creation_time, retention_days, kms_key_id, " +
	"log_group_class, deletion_protection, metric_filter_count, stored_bytes"

func scanGroup(r rowScanner) (model.LogGroup, error) {
	var g model.LogGroup
	err := r.Scan(&g.ID, &g.AccountID, &g.Name, &g.CreationTime, &g.RetentionInDays, &g.KMSKeyID,
		&g.LogGroupClass, &g.DeletionProtection, &g.MetricFilterCount, &g.StoredBytes)
	return g, err
}

// CreateLogGroup stores g with its tags and returns it with its new id. The
// ID of g is ignored. It fails with model.ErrAlreadyExists when the account
// has a group of that name and with model.ErrTooManyTags for more than 50
// tags; then nothing is stored.
func (c *Catalog) CreateLogGroup(ctx context.Context, g model.LogGroup, tags map[string]string) (model.LogGroup, error) {
	if len(tags) > maxTags {
		return model.LogGroup{}, errTooManyTags()
	}
	const what = "create log group"
	err := inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, c.d.rebind(`INSERT INTO log_groups (account_id, name, creation_time,
			retention_days, kms_key_id, log_group_class, deletion_protection, metric_filter_count, stored_bytes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			g.AccountID, g.Name, g.CreationTime, g.RetentionInDays, g.KMSKeyID, g.LogGroupClass,
			g.DeletionProtection, g.MetricFilterCount, g.StoredBytes).Scan(&g.ID)
		if err != nil {
			if c.d.isUniqueViolation(err) {
				return model.Errorf(model.ErrAlreadyExists, msgGroupExists)
			}
			return unavailable(what, err)
		}
		return c.putTags(ctx, tx, g.ID, tags)
	})
	if err != nil {
		return model.LogGroup{}, err
	}
	return g, nil
}

// GetLogGroup returns the account's group of that name, or
// model.ErrNotFound.
func (c *Catalog) GetLogGroup(ctx context.Context, accountID, name string) (model.LogGroup, error) {
	g, err := scanGroup(c.getGroupStmt.QueryRowContext(ctx, accountID, name))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.LogGroup{}, errGroupNotFound()
	case err != nil:
		return model.LogGroup{}, unavailable("get log group", err)
	}
	return g, nil
}

// ListLogGroups returns the account's groups in ascending byte order of
// name: those after q.After, starting with q.Prefix and holding q.Contains
// (case-sensitive), at most q.Limit of them (all when Limit <= 0).
func (c *Catalog) ListLogGroups(ctx context.Context, accountID string, q model.GroupQuery) ([]model.LogGroup, error) {
	var b strings.Builder
	args := []any{accountID}
	b.WriteString("SELECT " + groupColumns + " FROM log_groups WHERE account_id = ?")
	if q.After != "" {
		b.WriteString(" AND name > ?")
		args = append(args, q.After)
	}
	// LIKE would fold case and treat _ and % as wildcards; a range on the
	// byte order is exact and uses the (account_id, name) index.
	if q.Prefix != "" {
		b.WriteString(" AND name >= ?")
		args = append(args, q.Prefix)
		if bound, ok := prefixUpperBound(q.Prefix); ok {
			b.WriteString(" AND name < ?")
			args = append(args, bound)
		}
	}
	if q.Contains != "" {
		b.WriteString(" AND " + c.d.contains("name", "?"))
		args = append(args, q.Contains)
	}
	b.WriteString(" ORDER BY name")
	if q.Limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, q.Limit)
	}
	const what = "list log groups"
	return queryRows(ctx, c, what, b.String(), args, scanGroup)
}

// DeleteLogGroup deletes the account's group of that name with its streams
// and tags, and returns the deleted record so the caller can drop the
// group's events by id. It returns model.ErrNotFound for an unknown group.
func (c *Catalog) DeleteLogGroup(ctx context.Context, accountID, name string) (model.LogGroup, error) {
	// One statement: the foreign keys cascade to streams and tags within it.
	g, err := scanGroup(c.writer.QueryRowContext(ctx, c.d.rebind(
		"DELETE FROM log_groups WHERE account_id = ? AND name = ? RETURNING "+groupColumns), accountID, name))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.LogGroup{}, errGroupNotFound()
	case err != nil:
		return model.LogGroup{}, unavailable("delete log group", err)
	}
	return g, nil
}

// SetRetention sets the group's retention in days; 0 means never expire.
// It returns model.ErrNotFound for an unknown group.
func (c *Catalog) SetRetention(ctx context.Context, accountID, name string, days int32) error {
	res, err := c.writer.ExecContext(ctx, c.d.rebind(
		"UPDATE log_groups SET retention_days = ? WHERE account_id = ? AND name = ?"), days, accountID, name)
	if err != nil {
		return unavailable("set retention", err)
	}
	return mustAffect(res, "set retention", errGroupNotFound)
}

// mustAffect turns an UPDATE or DELETE that matched no row into the error
// notFound builds.
func mustAffect(res sql.Result, what string, notFound func() error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return unavailable(what, err)
	}
	if n == 0 {
		return notFound()
	}
	return nil
}
