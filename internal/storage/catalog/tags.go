package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// maxTags is CloudWatch's limit of tags per log group.
const maxTags = 50

func errTooManyTags() error {
	return model.Errorf(model.ErrTooManyTags, "A log group can have at most %d tags.", maxTags)
}

// TagLogGroup merges tags into the group's tags, replacing the values of
// keys it already has. When the result would exceed 50 tags it changes
// nothing and returns model.ErrTooManyTags; an unknown group is
// model.ErrNotFound.
func (c *Catalog) TagLogGroup(ctx context.Context, groupID int64, tags map[string]string) error {
	if len(tags) > maxTags {
		return errTooManyTags()
	}
	const what = "tag log group"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		if err := groupExists(ctx, tx, c.d, groupID, what); err != nil {
			return err
		}
		if err := c.putTags(ctx, tx, groupID, tags); err != nil {
			return err
		}
		// Counting after the merge is exact whichever keys were new; the
		// transaction undoes the merge when the count is over.
		var n int
		if err := tx.QueryRowContext(ctx, c.d.rebind("SELECT COUNT(*) FROM log_group_tags WHERE group_id = ?"),
			groupID).Scan(&n); err != nil {
			return unavailable(what, err)
		}
		if n > maxTags {
			return errTooManyTags()
		}
		return nil
	})
}

// UntagLogGroup removes the given keys from the group's tags; keys it does
// not have are ignored. An unknown group is model.ErrNotFound.
func (c *Catalog) UntagLogGroup(ctx context.Context, groupID int64, keys []string) error {
	const what = "untag log group"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		if err := groupExists(ctx, tx, c.d, groupID, what); err != nil {
			return err
		}
		if len(keys) == 0 {
			return nil
		}
		stmt, err := tx.PrepareContext(ctx, c.d.rebind("DELETE FROM log_group_tags WHERE group_id = ? AND tag_key = ?"))
		if err != nil {
			return unavailable(what, err)
		}
		defer stmt.Close()
		for _, k := range keys {
			if _, err := stmt.ExecContext(ctx, groupID, k); err != nil {
				return unavailable(what, err)
			}
		}
		return nil
	})
}

// ListTags returns the group's tags (an empty, non-nil map when it has none).
// An unknown group is model.ErrNotFound.
func (c *Catalog) ListTags(ctx context.Context, groupID int64) (map[string]string, error) {
	const what = "list tags"
	// One statement, so a group deleted meanwhile cannot show as existing
	// with no tags: the outer join yields one row with NULL tag columns for a
	// group without tags and no row for a missing group.
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(`SELECT t.tag_key, t.tag_value FROM log_groups g
		LEFT JOIN log_group_tags t ON t.group_id = g.id WHERE g.id = ?`), groupID)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var tags map[string]string
	for rows.Next() {
		if tags == nil {
			tags = map[string]string{}
		}
		var k, v sql.NullString
		if err := rows.Scan(&k, &v); err != nil {
			return nil, unavailable(what, err)
		}
		if k.Valid {
			tags[k.String] = v.String
		}
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	if tags == nil {
		return nil, errGroupNotFound()
	}
	return tags, nil
}

// putTags upserts tags of a group within tx.
func (c *Catalog) putTags(ctx context.Context, tx *sql.Tx, groupID int64, tags map[string]string) error {
	if len(tags) == 0 {
		return nil
	}
	const what = "store tags"
	stmt, err := tx.PrepareContext(ctx, c.d.upsert("log_group_tags",
		[]string{"group_id", "tag_key", "tag_value"}, []string{"group_id", "tag_key"}, []string{"tag_value"}, ""))
	if err != nil {
		return unavailable(what, err)
	}
	defer stmt.Close()
	for k, v := range tags {
		if _, err := stmt.ExecContext(ctx, groupID, k, v); err != nil {
			return unavailable(what, err)
		}
	}
	return nil
}

// groupExists returns model.ErrNotFound unless the group exists.
func groupExists(ctx context.Context, tx *sql.Tx, d *dialect, groupID int64, what string) error {
	var one int
	err := tx.QueryRowContext(ctx, d.rebind("SELECT 1 FROM log_groups WHERE id = ?"), groupID).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return errGroupNotFound()
	case err != nil:
		return unavailable(what, fmt.Errorf("cannot look up log group %d: %w", groupID, err))
	}
	return nil
}
