package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// maxMetricFilters is CloudWatch's quota of metric filters per log group.
const maxMetricFilters = 100

func errMetricFilterNotFound() error {
	return model.Errorf(model.ErrNotFound, "The specified metric filter does not exist.")
}

// transformationJSON is the stored form of a model.MetricTransformation;
// its names are the API's, so the column reads like the wire shape.
type transformationJSON struct {
	MetricName      string            `json:"metricName"`
	MetricNamespace string            `json:"metricNamespace"`
	MetricValue     string            `json:"metricValue"`
	DefaultValue    *float64          `json:"defaultValue,omitempty"`
	Dimensions      map[string]string `json:"dimensions,omitempty"`
	Unit            string            `json:"unit,omitempty"`
}

func encodeTransformations(ts []model.MetricTransformation) (string, error) {
	out := make([]transformationJSON, len(ts))
	for i, t := range ts {
		out[i] = transformationJSON(t)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("cannot encode metric transformations: %w", err)
	}
	return string(b), nil
}

func decodeTransformations(s string) ([]model.MetricTransformation, error) {
	var in []transformationJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]model.MetricTransformation, len(in))
	for i, t := range in {
		out[i] = model.MetricTransformation(t)
	}
	return out, nil
}

// PutMetricFilter creates the group's filter named f.Name, or replaces every
// field of it. An unknown group is model.ErrNotFound; a new filter beyond
// 100 in the group is model.ErrLimitExceeded. The group's
// metric_filter_count follows in the same transaction.
func (c *Catalog) PutMetricFilter(ctx context.Context, f model.MetricFilter) error {
	if len(f.Transformations) == 0 {
		return model.Errorf(model.ErrInvalidParameter, "A metric filter needs a metric transformation.")
	}
	ts, err := encodeTransformations(f.Transformations)
	if err != nil {
		return err
	}
	const what = "put metric filter"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		if err := groupExists(ctx, tx, c.d, f.GroupID, what); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, c.d.rebind(`UPDATE metric_filters SET pattern = ?, transformations = ?,
			metric_name = ?, metric_namespace = ?, apply_on_transformed_logs = ?, creation_time = ?
			WHERE group_id = ? AND name = ?`),
			f.Pattern, ts, f.Transformations[0].MetricName, f.Transformations[0].MetricNamespace,
			f.ApplyOnTransformedLogs, f.CreationTime, f.GroupID, f.Name)
		if err != nil {
			return unavailable(what, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return unavailable(what, err)
		} else if n > 0 {
			return nil
		}
		var count int
		if err := tx.QueryRowContext(ctx, c.d.rebind("SELECT COUNT(*) FROM metric_filters WHERE group_id = ?"),
			f.GroupID).Scan(&count); err != nil {
			return unavailable(what, err)
		}
		if count >= maxMetricFilters {
			return model.Errorf(model.ErrLimitExceeded, "A log group can have at most %d metric filters.", maxMetricFilters)
		}
		if _, err := tx.ExecContext(ctx, c.d.rebind(`INSERT INTO metric_filters (group_id, name, pattern,
			transformations, metric_name, metric_namespace, apply_on_transformed_logs, creation_time)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
			f.GroupID, f.Name, f.Pattern, ts, f.Transformations[0].MetricName,
			f.Transformations[0].MetricNamespace, f.ApplyOnTransformedLogs, f.CreationTime); err != nil {
			return unavailable(what, err)
		}
		return c.syncMetricFilterCount(ctx, tx, f.GroupID, what)
	})
}

// syncMetricFilterCount recounts the group's filters into
// log_groups.metric_filter_count, which DescribeLogGroups reports.
// Recounting rather than adding keeps the column exact whatever it held.
func (c *Catalog) syncMetricFilterCount(ctx context.Context, tx *sql.Tx, groupID int64, what string) error {
	if _, err := tx.ExecContext(ctx, c.d.rebind(`UPDATE log_groups SET metric_filter_count =
		(SELECT COUNT(*) FROM metric_filters WHERE group_id = ?) WHERE id = ?`), groupID, groupID); err != nil {
		return unavailable(what, err)
	}
	return nil
}

// ListMetricFilters returns the account's metric filters selected by q,
// ordered by filter name and then group name in byte order.
func (c *Catalog) ListMetricFilters(ctx context.Context, accountID string, q model.MetricFilterQuery) ([]model.MetricFilter, error) {
	var b strings.Builder
	args := []any{accountID}
	b.WriteString(`SELECT f.group_id, g.name, f.name, f.pattern, f.transformations, f.apply_on_transformed_logs,
		f.creation_time FROM metric_filters f JOIN log_groups g ON g.id = f.group_id WHERE g.account_id = ?`)
	if q.GroupID != 0 {
		b.WriteString(" AND f.group_id = ?")
		args = append(args, q.GroupID)
	}
	if q.NamePrefix != "" {
		b.WriteString(" AND f.name >= ?")
		args = append(args, q.NamePrefix)
		if bound, ok := prefixUpperBound(q.NamePrefix); ok {
			b.WriteString(" AND f.name < ?")
			args = append(args, bound)
		}
	}
	if q.MetricName != "" {
		b.WriteString(" AND f.metric_name = ?")
		args = append(args, q.MetricName)
	}
	if q.MetricNamespace != "" {
		b.WriteString(" AND f.metric_namespace = ?")
		args = append(args, q.MetricNamespace)
	}
	if q.HasAfter {
		b.WriteString(" AND (f.name > ? OR (f.name = ? AND g.name > ?))")
		args = append(args, q.AfterName, q.AfterName, q.AfterGroup)
	}
	b.WriteString(" ORDER BY f.name, g.name")
	if q.Limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, q.Limit)
	}
	const what = "list metric filters"
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(b.String()), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.MetricFilter
	for rows.Next() {
		var f model.MetricFilter
		var ts string
		if err := rows.Scan(&f.GroupID, &f.GroupName, &f.Name, &f.Pattern, &ts, &f.ApplyOnTransformedLogs, &f.CreationTime); err != nil {
			return nil, unavailable(what, err)
		}
		if f.Transformations, err = decodeTransformations(ts); err != nil {
			return nil, fmt.Errorf("metric filter %q of log group %q has unreadable transformations: %w",
				f.Name, f.GroupName, errors.Join(model.ErrCorruption, err))
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// DeleteMetricFilter removes the group's filter of that name; an unknown
// filter is model.ErrNotFound.
func (c *Catalog) DeleteMetricFilter(ctx context.Context, groupID int64, name string) error {
	const what = "delete metric filter"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM metric_filters WHERE group_id = ? AND name = ?"), groupID, name)
		if err != nil {
			return unavailable(what, err)
		}
		if err := mustAffect(res, what, errMetricFilterNotFound); err != nil {
			return err
		}
		return c.syncMetricFilterCount(ctx, tx, groupID, what)
	})
}
