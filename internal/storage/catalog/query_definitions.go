package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// maxQueryDefinitions is CloudWatch's quota of saved queries per account.
const maxQueryDefinitions = 1000

func errQueryDefinitionNotFound() error {
	return model.Errorf(model.ErrNotFound, "The specified query definition does not exist.")
}

// PutQueryDefinition creates d, or replaces every field of the account's
// definition with the same id. create says which is meant: updating a
// missing id is model.ErrNotFound, and creating past the quota is
// model.ErrLimitExceeded.
func (c *Catalog) PutQueryDefinition(ctx context.Context, d model.QueryDefinition, create bool) error {
	const what = "put query definition"
	names, err := json.Marshal(nonNilStrings(d.LogGroupNames))
	if err != nil {
		return fmt.Errorf("cannot encode log group names: %w", err)
	}
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		if !create {
			res, err := tx.ExecContext(ctx, c.d.rebind(`UPDATE query_definitions SET name = ?, query_string = ?, log_group_names = ?, last_modified = ?
				WHERE account_id = ? AND id = ?`), d.Name, d.QueryString, string(names), d.LastModified, d.AccountID, d.ID)
			if err != nil {
				return unavailable(what, err)
			}
			return mustAffect(res, what, errQueryDefinitionNotFound)
		}
		var n int
		if err := tx.QueryRowContext(ctx, c.d.rebind("SELECT COUNT(*) FROM query_definitions WHERE account_id = ?"), d.AccountID).Scan(&n); err != nil {
			return unavailable(what, err)
		}
		if n >= maxQueryDefinitions {
			return model.Errorf(model.ErrLimitExceeded, "An account can have at most %d query definitions.", maxQueryDefinitions)
		}
		_, err := tx.ExecContext(ctx, c.d.rebind(`INSERT INTO query_definitions (account_id, id, name, query_string, log_group_names, last_modified)
			VALUES (?, ?, ?, ?, ?, ?)`), d.AccountID, d.ID, d.Name, d.QueryString, string(names), d.LastModified)
		if err != nil {
			if c.d.isUniqueViolation(err) {
				return model.Errorf(model.ErrAlreadyExists, "A query definition with id %s already exists.", d.ID)
			}
			return unavailable(what, err)
		}
		return nil
	})
}

// ListQueryDefinitions returns up to limit (all when limit <= 0) of the
// account's definitions whose name starts with prefix, ordered by (name,
// id) and starting after (afterName, afterID) when afterID is not empty.
func (c *Catalog) ListQueryDefinitions(ctx context.Context, accountID, prefix, afterName, afterID string, limit int) ([]model.QueryDefinition, error) {
	const what = "list query definitions"
	q := "SELECT id, name, query_string, log_group_names, last_modified FROM query_definitions WHERE account_id = ?"
	args := []any{accountID}
	if prefix != "" {
		q += " AND name >= ?"
		args = append(args, prefix)
		if bound, ok := prefixUpperBound(prefix); ok {
			q += " AND name < ?"
			args = append(args, bound)
		}
	}
	if afterID != "" {
		q += " AND (name > ? OR (name = ? AND id > ?))"
		args = append(args, afterName, afterName, afterID)
	}
	q += " ORDER BY name, id"
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(q), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.QueryDefinition
	for rows.Next() {
		d := model.QueryDefinition{AccountID: accountID}
		var names string
		if err := rows.Scan(&d.ID, &d.Name, &d.QueryString, &names, &d.LastModified); err != nil {
			return nil, unavailable(what, err)
		}
		if err := json.Unmarshal([]byte(names), &d.LogGroupNames); err != nil {
			return nil, fmt.Errorf("query definition %s has unreadable log group names: %w", d.ID, errors.Join(model.ErrCorruption, err))
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// DeleteQueryDefinition removes one of the account's definitions; an
// unknown id is model.ErrNotFound.
func (c *Catalog) DeleteQueryDefinition(ctx context.Context, accountID, id string) error {
	const what = "delete query definition"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("DELETE FROM query_definitions WHERE account_id = ? AND id = ?"), accountID, id)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, errQueryDefinitionNotFound)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
