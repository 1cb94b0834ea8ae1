package catalog

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

func errDeliveryNotFound(id int64) error {
	return model.Errorf(model.ErrNotFound, "Delivery %d is not in the outbox.", id)
}

func encodeHeaders(h map[string]string) (string, error) {
	if h == nil {
		h = map[string]string{}
	}
	b, err := json.Marshal(h)
	if err != nil {
		return "", fmt.Errorf("cannot encode delivery headers: %w", err)
	}
	return string(b), nil
}

func decodeHeaders(s string) (map[string]string, error) {
	var h map[string]string
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return nil, fmt.Errorf("delivery headers are unreadable: %w", errors.Join(model.ErrCorruption, err))
	}
	return h, nil
}

// EnqueueDelivery adds d to the outbox and returns its id. It is durable
// when EnqueueDelivery returns.
func (c *Catalog) EnqueueDelivery(ctx context.Context, d model.Delivery) (int64, error) {
	const what = "enqueue delivery"
	headers, err := encodeHeaders(d.Headers)
	if err != nil {
		return 0, err
	}
	var id int64
	err = c.writer.QueryRowContext(ctx, c.d.rebind(`INSERT INTO delivery_outbox (account_id, url, method, headers, body, source,
		attempts, next_attempt, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		d.AccountID, d.URL, cmp.Or(d.Method, "POST"), headers, d.Body, d.Source, d.Attempts, d.NextAttempt, d.LastError, d.CreatedAt).Scan(&id)
	if err != nil {
		return 0, unavailable(what, err)
	}
	return id, nil
}

const outboxColumns = "id, account_id, url, method, headers, body, source, attempts, next_attempt, last_error, created_at"

// DueDeliveries returns up to limit deliveries whose next attempt is due
// at now (epoch milliseconds), the most overdue first.
func (c *Catalog) DueDeliveries(ctx context.Context, now int64, limit int) ([]model.Delivery, error) {
	const what = "list due deliveries"
	rows, err := c.reader.QueryContext(ctx, c.d.rebind("SELECT "+outboxColumns+
		" FROM delivery_outbox WHERE next_attempt <= ? ORDER BY next_attempt, id LIMIT ?"), now, limit)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.Delivery
	for rows.Next() {
		var d model.Delivery
		var headers string
		if err := rows.Scan(&d.ID, &d.AccountID, &d.URL, &d.Method, &headers, &d.Body, &d.Source, &d.Attempts,
			&d.NextAttempt, &d.LastError, &d.CreatedAt); err != nil {
			return nil, unavailable(what, err)
		}
		if d.Headers, err = decodeHeaders(headers); err != nil {
			return nil, fmt.Errorf("delivery %d: %w", d.ID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// NextDeliveryDue returns when the earliest pending delivery is due
// (epoch milliseconds); ok is false when the outbox is empty.
func (c *Catalog) NextDeliveryDue(ctx context.Context) (at int64, ok bool, err error) {
	var next sql.NullInt64
	if err := c.reader.QueryRowContext(ctx, "SELECT MIN(next_attempt) FROM delivery_outbox").Scan(&next); err != nil {
		return 0, false, unavailable("find next delivery", err)
	}
	return next.Int64, next.Valid, nil
}

// RetryDelivery records a failed attempt of delivery id: its attempt
// count, when to try again and why the last attempt failed.
func (c *Catalog) RetryDelivery(ctx context.Context, id int64, attempts int, next int64, lastErr string) error {
	const what = "reschedule delivery"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("UPDATE delivery_outbox SET attempts = ?, next_attempt = ?, last_error = ? WHERE id = ?"),
		attempts, next, lastErr, id)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, func() error { return errDeliveryNotFound(id) })
}

// CompleteDelivery removes a delivered delivery from the outbox.
func (c *Catalog) CompleteDelivery(ctx context.Context, id int64) error {
	const what = "complete delivery"
	res, err := c.writer.ExecContext(ctx, c.d.rebind("DELETE FROM delivery_outbox WHERE id = ?"), id)
	if err != nil {
		return unavailable(what, err)
	}
	return mustAffect(res, what, func() error { return errDeliveryNotFound(id) })
}

// DeadLetterDelivery moves delivery id from the outbox to the dead
// letters in one transaction, with its final attempt count, the reason and
// the time (epoch milliseconds).
func (c *Catalog) DeadLetterDelivery(ctx context.Context, id int64, attempts int, reason string, at int64) error {
	const what = "dead-letter delivery"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, c.d.rebind(`INSERT INTO delivery_dead_letters (account_id, url, method, headers, body, source,
			attempts, reason, created_at, failed_at)
			SELECT account_id, url, method, headers, body, source, ?, ?, created_at, ? FROM delivery_outbox WHERE id = ?`),
			attempts, reason, at, id)
		if err != nil {
			return unavailable(what, err)
		}
		if err := mustAffect(res, what, func() error { return errDeliveryNotFound(id) }); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM delivery_outbox WHERE id = ?"), id); err != nil {
			return unavailable(what, err)
		}
		return nil
	})
}

// ListDeadLetters returns the account's dead letters, newest first, at
// most limit of them (<= 0: all); account "" lists every account's.
func (c *Catalog) ListDeadLetters(ctx context.Context, accountID string, limit int) ([]model.DeadLetter, error) {
	q := `SELECT id, account_id, url, method, headers, body, source, attempts, reason, created_at, failed_at
		FROM delivery_dead_letters`
	var args []any
	if accountID != "" {
		q += " WHERE account_id = ?"
		args = append(args, accountID)
	}
	q += " ORDER BY id DESC"
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	const what = "list dead letters"
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(q), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.DeadLetter
	for rows.Next() {
		var d model.DeadLetter
		var headers string
		if err := rows.Scan(&d.ID, &d.AccountID, &d.URL, &d.Method, &headers, &d.Body, &d.Source, &d.Attempts, &d.Reason,
			&d.CreatedAt, &d.FailedAt); err != nil {
			return nil, unavailable(what, err)
		}
		if d.Headers, err = decodeHeaders(headers); err != nil {
			return nil, fmt.Errorf("dead letter %d: %w", d.ID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// AddAlarmHistory records one history item of an alarm, such as the
// outcome of an alarm action, apart from any state change.
func (c *Catalog) AddAlarmHistory(ctx context.Context, h model.AlarmHistoryItem) error {
	const what = "add alarm history"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		return c.addAlarmHistory(ctx, tx, h, what)
	})
}
