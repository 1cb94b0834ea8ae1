package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// EventBridge's wording for the errors of the event tables.
func errBusNotFound(name string) error {
	return model.Errorf(model.ErrNotFound, "Event bus %s does not exist.", name)
}

func errRuleNotFound(name, bus string) error {
	return model.Errorf(model.ErrNotFound, "Rule %s does not exist on EventBus %s.", name, bus)
}

// nameFilter appends the prefix, continuation and limit conditions that
// every listing of named rows shares, and the ordering by name.
func nameFilter(q string, args []any, column, prefix, after string, limit int) (string, []any) {
	if prefix != "" {
		q += " AND " + column + " >= ?"
		args = append(args, prefix)
		if bound, ok := prefixUpperBound(prefix); ok {
			q += " AND " + column + " < ?"
			args = append(args, bound)
		}
	}
	if after != "" {
		q += " AND " + column + " > ?"
		args = append(args, after)
	}
	q += " ORDER BY " + column
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	return q, args
}

// execCount runs a statement in tx and returns the rows it touched.
func execCount(ctx context.Context, c *Catalog, tx *sql.Tx, what, q string, args ...any) (int64, error) {
	res, err := tx.ExecContext(ctx, c.d.rebind(q), args...)
	if err != nil {
		return 0, unavailable(what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, unavailable(what, err)
	}
	return n, nil
}

const busColumns = "account_id, name, description, tags, created_at, last_modified"

func scanBus(r rowScanner) (model.EventBus, error) {
	var b model.EventBus
	err := r.Scan(&b.AccountID, &b.Name, &b.Description, &b.Tags, &b.CreatedAt, &b.LastModified)
	return b, err
}

// CreateEventBus stores a custom bus; a bus of that name is
// model.ErrAlreadyExists.
func (c *Catalog) CreateEventBus(ctx context.Context, b model.EventBus) error {
	_, err := c.writer.ExecContext(ctx, c.d.rebind("INSERT INTO event_buses ("+busColumns+") VALUES (?, ?, ?, ?, ?, ?)"),
		b.AccountID, b.Name, b.Description, b.Tags, b.CreatedAt, b.LastModified)
	if c.d.isUniqueViolation(err) {
		return model.Errorf(model.ErrAlreadyExists, "Event bus %s already exists.", b.Name)
	}
	if err != nil {
		return unavailable("create event bus", err)
	}
	return nil
}

// GetEventBus returns a custom bus; an unknown name is model.ErrNotFound.
func (c *Catalog) GetEventBus(ctx context.Context, accountID, name string) (model.EventBus, error) {
	b, err := scanBus(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+busColumns+" FROM event_buses WHERE account_id = ? AND name = ?"), accountID, name))
	if errors.Is(err, sql.ErrNoRows) {
		return model.EventBus{}, errBusNotFound(name)
	}
	if err != nil {
		return model.EventBus{}, unavailable("get event bus", err)
	}
	return b, nil
}

// ListEventBuses returns up to limit (all when limit <= 0) custom buses of
// the account whose name starts with prefix, in name order after the name
// after.
func (c *Catalog) ListEventBuses(ctx context.Context, accountID, prefix, after string, limit int) ([]model.EventBus, error) {
	q, args := nameFilter("SELECT "+busColumns+" FROM event_buses WHERE account_id = ?", []any{accountID}, "name", prefix, after, limit)
	return queryRows(ctx, c, "list event buses", q, args, scanBus)
}

// DeleteEventBus removes a custom bus with its rules and their targets.
// Deleting a bus that does not exist is not an error, as in EventBridge.
func (c *Catalog) DeleteEventBus(ctx context.Context, accountID, name string) error {
	const what = "delete event bus"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		for _, q := range []string{
			"DELETE FROM event_targets WHERE account_id = ? AND bus = ?",
			"DELETE FROM event_rules WHERE account_id = ? AND bus = ?",
			"DELETE FROM event_buses WHERE account_id = ? AND name = ?",
		} {
			if _, err := execCount(ctx, c, tx, what, q, accountID, name); err != nil {
				return err
			}
		}
		return nil
	})
}

const ruleColumns = "account_id, bus, name, event_pattern, schedule_expression, state, description, role_arn, tags, created_at"

func scanRule(r rowScanner) (model.EventRule, error) {
	var x model.EventRule
	err := r.Scan(&x.AccountID, &x.Bus, &x.Name, &x.EventPattern, &x.ScheduleExpression, &x.State, &x.Description, &x.RoleARN, &x.Tags, &x.CreatedAt)
	return x, err
}

// PutEventRule creates the rule or replaces every field of the existing
// one but its creation time.
func (c *Catalog) PutEventRule(ctx context.Context, r model.EventRule) error {
	q := c.d.upsert("event_rules",
		[]string{"account_id", "bus", "name", "event_pattern", "schedule_expression", "state", "description", "role_arn", "tags", "created_at"},
		[]string{"account_id", "bus", "name"},
		[]string{"event_pattern", "schedule_expression", "state", "description", "role_arn", "tags"}, "")
	_, err := c.writer.ExecContext(ctx, q, r.AccountID, r.Bus, r.Name, r.EventPattern, r.ScheduleExpression, r.State, r.Description, r.RoleARN, r.Tags, r.CreatedAt)
	if err != nil {
		return unavailable("put event rule", err)
	}
	return nil
}

// GetEventRule returns one rule; an unknown name is model.ErrNotFound.
func (c *Catalog) GetEventRule(ctx context.Context, accountID, bus, name string) (model.EventRule, error) {
	r, err := scanRule(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+ruleColumns+" FROM event_rules WHERE account_id = ? AND bus = ? AND name = ?"), accountID, bus, name))
	if errors.Is(err, sql.ErrNoRows) {
		return model.EventRule{}, errRuleNotFound(name, bus)
	}
	if err != nil {
		return model.EventRule{}, unavailable("get event rule", err)
	}
	return r, nil
}

// ListEventRules returns up to limit (all when limit <= 0) rules of the
// bus whose name starts with prefix, in name order after the name after.
func (c *Catalog) ListEventRules(ctx context.Context, accountID, bus, prefix, after string, limit int) ([]model.EventRule, error) {
	q, args := nameFilter("SELECT "+ruleColumns+" FROM event_rules WHERE account_id = ? AND bus = ?", []any{accountID, bus}, "name", prefix, after, limit)
	return queryRows(ctx, c, "list event rules", q, args, scanRule)
}

// ListScheduledEventRules returns every rule of every account that has a
// schedule expression, enabled or not.
func (c *Catalog) ListScheduledEventRules(ctx context.Context) ([]model.EventRule, error) {
	return queryRows(ctx, c, "list scheduled event rules",
		"SELECT "+ruleColumns+" FROM event_rules WHERE schedule_expression <> '' ORDER BY account_id, bus, name", nil, scanRule)
}

// SetEventRuleState enables or disables a rule; an unknown rule is
// model.ErrNotFound.
func (c *Catalog) SetEventRuleState(ctx context.Context, accountID, bus, name, state string) error {
	const what = "set event rule state"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		n, err := execCount(ctx, c, tx, what, "UPDATE event_rules SET state = ? WHERE account_id = ? AND bus = ? AND name = ?", state, accountID, bus, name)
		if err != nil {
			return err
		}
		if n == 0 {
			return errRuleNotFound(name, bus)
		}
		return nil
	})
}

// DeleteEventRule removes a rule. A rule that still has targets is
// model.ErrValidation unless force is set, which removes them too; a rule
// that does not exist is not an error, as in EventBridge.
func (c *Catalog) DeleteEventRule(ctx context.Context, accountID, bus, name string, force bool) error {
	const what = "delete event rule"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		var targets int64
		err := tx.QueryRowContext(ctx, c.d.rebind("SELECT COUNT(*) FROM event_targets WHERE account_id = ? AND bus = ? AND rule = ?"), accountID, bus, name).Scan(&targets)
		if err != nil {
			return unavailable(what, err)
		}
		if targets > 0 && !force {
			return model.Errorf(model.ErrValidation, "Rule can't be deleted since it has targets.")
		}
		if _, err := execCount(ctx, c, tx, what, "DELETE FROM event_targets WHERE account_id = ? AND bus = ? AND rule = ?", accountID, bus, name); err != nil {
			return err
		}
		_, err = execCount(ctx, c, tx, what, "DELETE FROM event_rules WHERE account_id = ? AND bus = ? AND name = ?", accountID, bus, name)
		return err
	})
}

const targetColumns = "account_id, bus, rule, id, arn, definition"

func scanTarget(r rowScanner) (model.EventTarget, error) {
	var t model.EventTarget
	err := r.Scan(&t.AccountID, &t.Bus, &t.Rule, &t.ID, &t.ARN, &t.Definition)
	return t, err
}

// PutEventTargets adds the targets to a rule, replacing those with the
// same id, all or none. An unknown rule is model.ErrNotFound; a rule that
// would end up with more than maxPerRule targets is model.ErrLimitExceeded
// and keeps its targets.
func (c *Catalog) PutEventTargets(ctx context.Context, accountID, bus, rule string, targets []model.EventTarget, maxPerRule int) error {
	const what = "put event targets"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		var n int64
		err := tx.QueryRowContext(ctx, c.d.rebind("SELECT COUNT(*) FROM event_rules WHERE account_id = ? AND bus = ? AND name = ?"), accountID, bus, rule).Scan(&n)
		if err != nil {
			return unavailable(what, err)
		}
		if n == 0 {
			return errRuleNotFound(rule, bus)
		}
		q := c.d.upsert("event_targets", []string{"account_id", "bus", "rule", "id", "arn", "definition"},
			[]string{"account_id", "bus", "rule", "id"}, []string{"arn", "definition"}, "")
		for _, t := range targets {
			if _, err := tx.ExecContext(ctx, q, accountID, bus, rule, t.ID, t.ARN, t.Definition); err != nil {
				return unavailable(what, err)
			}
		}
		if err := tx.QueryRowContext(ctx, c.d.rebind("SELECT COUNT(*) FROM event_targets WHERE account_id = ? AND bus = ? AND rule = ?"), accountID, bus, rule).Scan(&n); err != nil {
			return unavailable(what, err)
		}
		if n > int64(maxPerRule) {
			// The error rolls the additions back.
			return model.Errorf(model.ErrLimitExceeded, "The requested resource exceeds the maximum number allowed.")
		}
		return nil
	})
}

// ListEventTargets returns the targets of a rule in id order.
func (c *Catalog) ListEventTargets(ctx context.Context, accountID, bus, rule string) ([]model.EventTarget, error) {
	return queryRows(ctx, c, "list event targets",
		"SELECT "+targetColumns+" FROM event_targets WHERE account_id = ? AND bus = ? AND rule = ? ORDER BY id", []any{accountID, bus, rule}, scanTarget)
}

// ListBusEventTargets returns the targets of every rule of a bus, ordered
// by rule and id.
func (c *Catalog) ListBusEventTargets(ctx context.Context, accountID, bus string) ([]model.EventTarget, error) {
	return queryRows(ctx, c, "list event targets",
		"SELECT "+targetColumns+" FROM event_targets WHERE account_id = ? AND bus = ? ORDER BY rule, id", []any{accountID, bus}, scanTarget)
}

// RemoveEventTargets removes the targets with the given ids from a rule;
// ids it does not have are ignored.
func (c *Catalog) RemoveEventTargets(ctx context.Context, accountID, bus, rule string, ids []string) error {
	const what = "remove event targets"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := execCount(ctx, c, tx, what, "DELETE FROM event_targets WHERE account_id = ? AND bus = ? AND rule = ? AND id = ?", accountID, bus, rule, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListRuleNamesByTarget returns up to limit (all when limit <= 0) names of
// the bus's rules that have a target with that ARN, in name order after
// the name after.
func (c *Catalog) ListRuleNamesByTarget(ctx context.Context, accountID, bus, arn, after string, limit int) ([]string, error) {
	q, args := nameFilter("SELECT DISTINCT rule FROM event_targets WHERE account_id = ? AND bus = ? AND arn = ?", []any{accountID, bus, arn}, "rule", "", after, limit)
	return queryRows(ctx, c, "list rule names by target", q, args, func(r rowScanner) (string, error) {
		var s string
		err := r.Scan(&s)
		return s, err
	})
}

const connectionColumns = "account_id, name, description, authorization_type, auth_parameters, state, created_at, last_modified"

func scanConnection(r rowScanner) (model.EventConnection, error) {
	var x model.EventConnection
	err := r.Scan(&x.AccountID, &x.Name, &x.Description, &x.AuthorizationType, &x.AuthParameters, &x.State, &x.CreatedAt, &x.LastModified)
	return x, err
}

// CreateEventConnection stores a connection; a connection of that name is
// model.ErrAlreadyExists.
func (c *Catalog) CreateEventConnection(ctx context.Context, x model.EventConnection) error {
	_, err := c.writer.ExecContext(ctx, c.d.rebind("INSERT INTO event_connections ("+connectionColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
		x.AccountID, x.Name, x.Description, x.AuthorizationType, x.AuthParameters, x.State, x.CreatedAt, x.LastModified)
	if c.d.isUniqueViolation(err) {
		return model.Errorf(model.ErrAlreadyExists, "Connection %s already exists.", x.Name)
	}
	if err != nil {
		return unavailable("create connection", err)
	}
	return nil
}

// GetEventConnection returns a connection; an unknown name is
// model.ErrNotFound.
func (c *Catalog) GetEventConnection(ctx context.Context, accountID, name string) (model.EventConnection, error) {
	x, err := scanConnection(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+connectionColumns+" FROM event_connections WHERE account_id = ? AND name = ?"), accountID, name))
	if errors.Is(err, sql.ErrNoRows) {
		return model.EventConnection{}, model.Errorf(model.ErrNotFound, "Failed to describe the connection(s). Connection '%s' does not exist.", name)
	}
	if err != nil {
		return model.EventConnection{}, unavailable("get connection", err)
	}
	return x, nil
}

// ListEventConnections returns up to limit (all when limit <= 0)
// connections whose name starts with prefix, in name order after after.
func (c *Catalog) ListEventConnections(ctx context.Context, accountID, prefix, after string, limit int) ([]model.EventConnection, error) {
	q, args := nameFilter("SELECT "+connectionColumns+" FROM event_connections WHERE account_id = ?", []any{accountID}, "name", prefix, after, limit)
	return queryRows(ctx, c, "list connections", q, args, scanConnection)
}

// DeleteEventConnection removes a connection; an unknown name is
// model.ErrNotFound.
func (c *Catalog) DeleteEventConnection(ctx context.Context, accountID, name string) error {
	const what = "delete connection"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		n, err := execCount(ctx, c, tx, what, "DELETE FROM event_connections WHERE account_id = ? AND name = ?", accountID, name)
		if err != nil {
			return err
		}
		if n == 0 {
			return model.Errorf(model.ErrNotFound, "Failed to delete the connection. Connection '%s' does not exist.", name)
		}
		return nil
	})
}

const apiDestinationColumns = "account_id, name, description, connection_arn, invocation_endpoint, http_method, rate_limit, state, created_at, last_modified"

func scanAPIDestination(r rowScanner) (model.EventAPIDestination, error) {
	var x model.EventAPIDestination
	err := r.Scan(&x.AccountID, &x.Name, &x.Description, &x.ConnectionARN, &x.InvocationEndpoint, &x.HTTPMethod, &x.RateLimitPerSecond, &x.State, &x.CreatedAt, &x.LastModified)
	return x, err
}

// CreateEventAPIDestination stores an API destination; one of that name is
// model.ErrAlreadyExists.
func (c *Catalog) CreateEventAPIDestination(ctx context.Context, x model.EventAPIDestination) error {
	_, err := c.writer.ExecContext(ctx, c.d.rebind("INSERT INTO event_api_destinations ("+apiDestinationColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
		x.AccountID, x.Name, x.Description, x.ConnectionARN, x.InvocationEndpoint, x.HTTPMethod, x.RateLimitPerSecond, x.State, x.CreatedAt, x.LastModified)
	if c.d.isUniqueViolation(err) {
		return model.Errorf(model.ErrAlreadyExists, "An api-destination '%s' already exists.", x.Name)
	}
	if err != nil {
		return unavailable("create API destination", err)
	}
	return nil
}

// GetEventAPIDestination returns an API destination; an unknown name is
// model.ErrNotFound.
func (c *Catalog) GetEventAPIDestination(ctx context.Context, accountID, name string) (model.EventAPIDestination, error) {
	x, err := scanAPIDestination(c.reader.QueryRowContext(ctx, c.d.rebind("SELECT "+apiDestinationColumns+" FROM event_api_destinations WHERE account_id = ? AND name = ?"), accountID, name))
	if errors.Is(err, sql.ErrNoRows) {
		return model.EventAPIDestination{}, model.Errorf(model.ErrNotFound, "Failed to describe the api-destination(s). An api-destination '%s' does not exist.", name)
	}
	if err != nil {
		return model.EventAPIDestination{}, unavailable("get API destination", err)
	}
	return x, nil
}

// ListEventAPIDestinations returns up to limit (all when limit <= 0) API
// destinations whose name starts with prefix, in name order after after.
func (c *Catalog) ListEventAPIDestinations(ctx context.Context, accountID, prefix, after string, limit int) ([]model.EventAPIDestination, error) {
	q, args := nameFilter("SELECT "+apiDestinationColumns+" FROM event_api_destinations WHERE account_id = ?", []any{accountID}, "name", prefix, after, limit)
	return queryRows(ctx, c, "list API destinations", q, args, scanAPIDestination)
}

// DeleteEventAPIDestination removes an API destination; an unknown name is
// model.ErrNotFound.
func (c *Catalog) DeleteEventAPIDestination(ctx context.Context, accountID, name string) error {
	const what = "delete API destination"
	return inTx(ctx, c.writer, what, func(tx *sql.Tx) error {
		n, err := execCount(ctx, c, tx, what, "DELETE FROM event_api_destinations WHERE account_id = ? AND name = ?", accountID, name)
		if err != nil {
			return err
		}
		if n == 0 {
			return model.Errorf(model.ErrNotFound, "Failed to delete the api-destination. An api-destination '%s' does not exist.", name)
		}
		return nil
	})
}
