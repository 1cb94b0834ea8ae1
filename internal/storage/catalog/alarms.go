package catalog

import (
	"context"
	"database/sql"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

func errAlarmNotFound(name string) func() error {
	return func() error { return model.Errorf(model.ErrNotFound, "Alarm %s does not exist.", name) }
}

const alarmColumns = `account_id, name, type, definition, state, state_reason, state_reason_data,
	state_updated, config_updated, actions_enabled, tags`

// PutAlarm creates the alarm, or replaces the definition, type and actions
// flag of an existing one while keeping its state and tags, as
// CloudWatch keeps them on update. h is recorded in the same transaction.
func (c *Catalog) PutAlarm(ctx context.Context, a model.Alarm, h model.AlarmHistoryItem) error {
	const what = "put alarm"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, c.d.rebind(`UPDATE alarms SET type = ?, definition = ?, config_updated = ?,
			actions_enabled = ? WHERE account_id = ? AND name = ?`),
			a.Type, a.Definition, a.ConfigUpdated, a.ActionsEnabled, a.AccountID, a.Name)
		if err != nil {
			return unavailable(what, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return unavailable(what, err)
		}
		if n == 0 {
			if _, err := tx.ExecContext(ctx, c.d.rebind(`INSERT INTO alarms (`+alarmColumns+`)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				a.AccountID, a.Name, a.Type, a.Definition, a.State, a.StateReason, a.StateReasonData,
				a.StateUpdated, a.ConfigUpdated, a.ActionsEnabled, a.Tags); err != nil {
				return unavailable(what, err)
			}
		}
		return c.addAlarmHistory(ctx, tx, h, what)
	})
}

// ListAlarms returns the alarms of the account selected by q in name
// order; account "" lists every account's alarms.
func (c *Catalog) ListAlarms(ctx context.Context, accountID string, q model.AlarmQuery) ([]model.Alarm, error) {
	var b strings.Builder
	var args []any
	b.WriteString("SELECT " + alarmColumns + " FROM alarms WHERE 1 = 1")
	if accountID != "" {
		b.WriteString(" AND account_id = ?")
		args = append(args, accountID)
	}
	if len(q.Names) > 0 {
		b.WriteString(" AND name IN (?" + strings.Repeat(", ?", len(q.Names)-1) + ")")
		for _, n := range q.Names {
			args = append(args, n)
		}
	}
	if q.Prefix != "" {
		b.WriteString(" AND name >= ?")
		args = append(args, q.Prefix)
		if bound, ok := prefixUpperBound(q.Prefix); ok {
			b.WriteString(" AND name < ?")
			args = append(args, bound)
		}
	}
	if q.State != "" {
		b.WriteString(" AND state = ?")
		args = append(args, q.State)
	}
	if len(q.Types) > 0 {
		b.WriteString(" AND type IN (?" + strings.Repeat(", ?", len(q.Types)-1) + ")")
		for _, t := range q.Types {
			args = append(args, t)
		}
	}
	if q.After != "" {
		b.WriteString(" AND name > ?")
		args = append(args, q.After)
	}
	b.WriteString(" ORDER BY name, account_id")
	if q.Limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, q.Limit)
	}
	const what = "list alarms"
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(b.String()), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.Alarm
	for rows.Next() {
		var a model.Alarm
		if err := rows.Scan(&a.AccountID, &a.Name, &a.Type, &a.Definition, &a.State, &a.StateReason,
			&a.StateReasonData, &a.StateUpdated, &a.ConfigUpdated, &a.ActionsEnabled, &a.Tags); err != nil {
			return nil, unavailable(what, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}

// DeleteAlarms removes the named alarms of the account that exist and
// returns how many it removed.
func (c *Catalog) DeleteAlarms(ctx context.Context, accountID string, names []string) (int, error) {
	const what = "delete alarms"
	deleted := 0
	err := inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		deleted = 0
		for _, n := range names {
			res, err := tx.ExecContext(ctx, c.d.rebind("DELETE FROM alarms WHERE account_id = ? AND name = ?"), accountID, n)
			if err != nil {
				return unavailable(what, err)
			}
			k, err := res.RowsAffected()
			if err != nil {
				return unavailable(what, err)
			}
			deleted += int(k)
		}
		return nil
	})
	return deleted, err
}

// SetAlarmState records a new state of the alarm and h in one transaction;
// an unknown alarm is model.ErrNotFound.
func (c *Catalog) SetAlarmState(ctx context.Context, a model.Alarm, h model.AlarmHistoryItem) error {
	const what = "set alarm state"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, c.d.rebind(`UPDATE alarms SET state = ?, state_reason = ?,
			state_reason_data = ?, state_updated = ? WHERE account_id = ? AND name = ?`),
			a.State, a.StateReason, a.StateReasonData, a.StateUpdated, a.AccountID, a.Name)
		if err != nil {
			return unavailable(what, err)
		}
		if err := mustAffect(res, what, errAlarmNotFound(a.Name)); err != nil {
			return err
		}
		return c.addAlarmHistory(ctx, tx, h, what)
	})
}

// SetAlarmActionsEnabled sets the actions flag of the named alarms that
// exist.
func (c *Catalog) SetAlarmActionsEnabled(ctx context.Context, accountID string, names []string, enabled bool) error {
	const what = "set alarm actions"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		for _, n := range names {
			if _, err := tx.ExecContext(ctx, c.d.rebind("UPDATE alarms SET actions_enabled = ? WHERE account_id = ? AND name = ?"),
				enabled, accountID, n); err != nil {
				return unavailable(what, err)
			}
		}
		return nil
	})
}

func (c *Catalog) addAlarmHistory(ctx context.Context, tx *sql.Tx, h model.AlarmHistoryItem, what string) error {
	if _, err := tx.ExecContext(ctx, c.d.rebind(`INSERT INTO alarm_history (account_id, alarm_name, alarm_type,
		timestamp, item_type, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		h.AccountID, h.AlarmName, h.AlarmType, h.Timestamp, h.Type, h.Summary, h.Data); err != nil {
		return unavailable(what, err)
	}
	return nil
}

// ListAlarmHistory returns the account's history items selected by q,
// newest first unless q.Ascending.
func (c *Catalog) ListAlarmHistory(ctx context.Context, accountID string, q model.AlarmHistoryQuery) ([]model.AlarmHistoryItem, error) {
	var b strings.Builder
	args := []any{accountID}
	b.WriteString(`SELECT id, account_id, alarm_name, alarm_type, timestamp, item_type, summary, data
		FROM alarm_history WHERE account_id = ?`)
	if q.AlarmName != "" {
		b.WriteString(" AND alarm_name = ?")
		args = append(args, q.AlarmName)
	}
	if q.Type != "" {
		b.WriteString(" AND item_type = ?")
		args = append(args, q.Type)
	}
	if len(q.AlarmTypes) > 0 {
		b.WriteString(" AND alarm_type IN (?" + strings.Repeat(", ?", len(q.AlarmTypes)-1) + ")")
		for _, t := range q.AlarmTypes {
			args = append(args, t)
		}
	}
	if q.Start != 0 {
		b.WriteString(" AND timestamp >= ?")
		args = append(args, q.Start)
	}
	if q.End != 0 {
		b.WriteString(" AND timestamp <= ?")
		args = append(args, q.End)
	}
	order := " ORDER BY id DESC"
	if q.AfterID != 0 {
		if q.Ascending {
			b.WriteString(" AND id > ?")
		} else {
			b.WriteString(" AND id < ?")
		}
		args = append(args, q.AfterID)
	}
	if q.Ascending {
		order = " ORDER BY id"
	}
	b.WriteString(order)
	if q.Limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, q.Limit)
	}
	const what = "list alarm history"
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(b.String()), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []model.AlarmHistoryItem
	for rows.Next() {
		var h model.AlarmHistoryItem
		if err := rows.Scan(&h.ID, &h.AccountID, &h.AlarmName, &h.AlarmType, &h.Timestamp, &h.Type, &h.Summary, &h.Data); err != nil {
			return nil, unavailable(what, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}
