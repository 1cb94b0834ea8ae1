package catalog

import (
	"context"
	"database/sql"
	"errors"

	"github.com/openwatch/openwatch/internal/model"
)

// PutAnomalyDetector creates d or, when replace is true, replaces the
// definition of the account's detector with the same key (keeping its
// creation time); with replace false an existing detector is left as it
// is. A new detector beyond limit detectors in the account (limit > 0) is
// refused with model.ErrLimitExceeded and nothing is written.
func (c *Catalog) PutAnomalyDetector(ctx context.Context, d model.AnomalyDetector, limit int, replace bool) error {
	const what = "put anomaly detector"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		q := `UPDATE anomaly_detectors SET definition = ? WHERE account_id = ? AND detector_key = ?`
		if !replace {
			q = `UPDATE anomaly_detectors SET definition = definition WHERE account_id = ? AND detector_key = ?`
		}
		args := []any{d.Definition, d.AccountID, d.Key}
		if !replace {
			args = args[1:]
		}
		res, err := tx.ExecContext(ctx, c.d.rebind(q), args...)
		if err != nil {
			return unavailable(what, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return unavailable(what, err)
		} else if n > 0 {
			return nil
		}
		if limit > 0 {
			var count int
			if err := tx.QueryRowContext(ctx, c.d.rebind("SELECT COUNT(*) FROM anomaly_detectors WHERE account_id = ?"), d.AccountID).Scan(&count); err != nil {
				return unavailable(what, err)
			}
			if count >= limit {
				return model.Errorf(model.ErrLimitExceeded, "The maximum number of anomaly detectors (%d) for this account has been reached.", limit)
			}
		}
		_, err = tx.ExecContext(ctx, c.d.rebind(`INSERT INTO anomaly_detectors (account_id, detector_key, type, namespace, metric_name, definition, created)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), d.AccountID, d.Key, d.Type, d.Namespace, d.MetricName, d.Definition, d.Created)
		if err != nil {
			return unavailable(what, err)
		}
		return nil
	})
}

// GetAnomalyDetector returns the account's detector with key; an unknown
// key is model.ErrNotFound.
func (c *Catalog) GetAnomalyDetector(ctx context.Context, accountID, key string) (model.AnomalyDetector, error) {
	d := model.AnomalyDetector{AccountID: accountID, Key: key}
	err := c.reader.QueryRowContext(ctx, c.d.rebind(`SELECT type, namespace, metric_name, definition, created FROM anomaly_detectors
		WHERE account_id = ? AND detector_key = ?`), accountID, key).Scan(&d.Type, &d.Namespace, &d.MetricName, &d.Definition, &d.Created)
	if errors.Is(err, sql.ErrNoRows) {
		return model.AnomalyDetector{}, model.Errorf(model.ErrNotFound, "The anomaly detector does not exist.")
	}
	if err != nil {
		return model.AnomalyDetector{}, unavailable("get anomaly detector", err)
	}
	return d, nil
}

// ListAnomalyDetectors returns the account's detectors in key order,
// only those of namespace and metricName where they are not empty.
func (c *Catalog) ListAnomalyDetectors(ctx context.Context, accountID, namespace, metricName string) ([]model.AnomalyDetector, error) {
	const what = "list anomaly detectors"
	q := "SELECT detector_key, type, namespace, metric_name, definition, created FROM anomaly_detectors WHERE account_id = ?"
	args := []any{accountID}
	if namespace != "" {
		q += " AND namespace = ?"
		args = append(args, namespace)
	}
	if metricName != "" {
		q += " AND metric_name = ?"
		args = append(args, metricName)
	}
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(q+" ORDER BY detector_key"), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.AnomalyDetector
	for rows.Next() {
		d := model.AnomalyDetector{AccountID: accountID}
		if err := rows.Scan(&d.Key, &d.Type, &d.Namespace, &d.MetricName, &d.Definition, &d.Created); err != nil {
			return nil, unavailable(what, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// DeleteAnomalyDetector removes the account's detector with key; an
// unknown key is model.ErrNotFound.
func (c *Catalog) DeleteAnomalyDetector(ctx context.Context, accountID, key string) error {
	const what = "delete anomaly detector"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("DELETE FROM anomaly_detectors WHERE account_id = ? AND detector_key = ?"), accountID, key)
	if err != nil {
		return unavailable(what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return unavailable(what, err)
	}
	if n == 0 {
		return model.Errorf(model.ErrNotFound, "The anomaly detector does not exist.")
	}
	return nil
}
