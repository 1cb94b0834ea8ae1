package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// migration is one numbered schema change. Statements use {{type}} markers
// that the dialect turns into column types; everything else is portable SQL.
type migration struct {
	version int
	name    string
	stmts   []string
}

// migrations is the schema history, oldest first; versions are 1, 2, … in
// order. Never edit a released migration: append a new one.
var migrations = []migration{
	{
		version: 1,
		name:    "log groups, streams and tags",
		stmts: []string{
			`CREATE TABLE log_groups (
				id {{serial}},
				account_id {{name}} NOT NULL,
				name {{name}} NOT NULL,
				creation_time {{int}} NOT NULL,
				retention_days {{int}} NOT NULL,
				kms_key_id {{text}} NOT NULL,
				log_group_class {{text}} NOT NULL,
				deletion_protection {{bool}} NOT NULL,
				metric_filter_count {{int}} NOT NULL,
				stored_bytes {{int}} NOT NULL,
				UNIQUE (account_id, name)
			)`,
			`CREATE TABLE log_streams (
				id {{serial}},
				group_id {{int}} NOT NULL REFERENCES log_groups (id) ON DELETE CASCADE,
				name {{name}} NOT NULL,
				creation_time {{int}} NOT NULL,
				first_event_timestamp {{int}} NOT NULL,
				last_event_timestamp {{int}} NOT NULL,
				last_ingestion_time {{int}} NOT NULL,
				stored_bytes {{int}} NOT NULL,
				UNIQUE (group_id, name)
			)`,
			// Serves DescribeLogStreams ordered by LastEventTime.
			`CREATE INDEX log_streams_by_last_event ON log_streams (group_id, last_event_timestamp, name)`,
			`CREATE TABLE log_group_tags (
				group_id {{int}} NOT NULL REFERENCES log_groups (id) ON DELETE CASCADE,
				tag_key {{name}} NOT NULL,
				tag_value {{text}} NOT NULL,
				PRIMARY KEY (group_id, tag_key)
			)`,
		},
	},
	{
		version: 2,
		name:    "accounts and access keys",
		stmts: []string{
			`CREATE TABLE accounts (
				id {{name}} PRIMARY KEY,
				name {{text}} NOT NULL,
				created_at {{int}} NOT NULL
			)`,
			// seq records creation order, which ListKeys follows; id is the
			// natural key that signatures name.
			`CREATE TABLE access_keys (
				seq {{serial}},
				id {{name}} NOT NULL UNIQUE,
				secret {{text}} NOT NULL,
				account_id {{name}} NOT NULL REFERENCES accounts (id),
				admin {{bool}} NOT NULL,
				disabled {{bool}} NOT NULL,
				created_at {{int}} NOT NULL
			)`,
			`CREATE INDEX access_keys_by_account ON access_keys (account_id, seq)`,
		},
	},
	{
		version: 3,
		name:    "saved Logs Insights queries",
		stmts: []string{
			// log_group_names holds a JSON array: it is only ever read
			// and written whole with its definition.
			`CREATE TABLE query_definitions (
				account_id {{name}} NOT NULL,
				id {{name}} NOT NULL,
				name {{name}} NOT NULL,
				query_string {{text}} NOT NULL,
				log_group_names {{text}} NOT NULL,
				last_modified {{int}} NOT NULL,
				PRIMARY KEY (account_id, id)
			)`,
			`CREATE INDEX query_definitions_by_name ON query_definitions (account_id, name, id)`,
		},
	},
	{
		version: 4,
		name:    "metric filters",
		stmts: []string{
			// transformations holds the JSON list of metric transformations,
			// read and written whole; metric_name and metric_namespace copy
			// its one entry so DescribeMetricFilters can select on them.
			`CREATE TABLE metric_filters (
				group_id {{int}} NOT NULL REFERENCES log_groups (id) ON DELETE CASCADE,
				name {{name}} NOT NULL,
				pattern {{text}} NOT NULL,
				transformations {{text}} NOT NULL,
				metric_name {{name}} NOT NULL,
				metric_namespace {{name}} NOT NULL,
				apply_on_transformed_logs {{bool}} NOT NULL,
				creation_time {{int}} NOT NULL,
				PRIMARY KEY (group_id, name)
			)`,
			`CREATE INDEX metric_filters_by_metric ON metric_filters (metric_namespace, metric_name)`,
		},
	},
	{
		version: 5,
		name:    "alarms and alarm history",
		stmts: []string{
			// definition holds the alarm's configuration as JSON, read and
			// written whole by the alarms service; the columns beside it are
			// what the catalog selects or updates on its own.
			`CREATE TABLE alarms (
				account_id {{name}} NOT NULL,
				name {{name}} NOT NULL,
				type {{name}} NOT NULL,
				definition {{text}} NOT NULL,
				state {{name}} NOT NULL,
				state_reason {{text}} NOT NULL,
				state_reason_data {{text}} NOT NULL,
				state_updated {{int}} NOT NULL,
				config_updated {{int}} NOT NULL,
				actions_enabled {{bool}} NOT NULL,
				tags {{text}} NOT NULL,
				PRIMARY KEY (account_id, name)
			)`,
			`CREATE TABLE alarm_history (
				id {{serial}},
				account_id {{name}} NOT NULL,
				alarm_name {{name}} NOT NULL,
				alarm_type {{name}} NOT NULL,
				timestamp {{int}} NOT NULL,
				item_type {{name}} NOT NULL,
				summary {{text}} NOT NULL,
				data {{text}} NOT NULL
			)`,
			`CREATE INDEX alarm_history_by_time ON alarm_history (account_id, timestamp)`,
		},
	},
	{
		version: 6,
		name:    "dashboards",
		stmts: []string{
			// body is the DashboardBody exactly as put: clients expect the
			// text they wrote back, key order and spacing included. size is
			// its length in bytes, which listings show without reading it.
			`CREATE TABLE dashboards (
				account_id {{name}} NOT NULL,
				name {{name}} NOT NULL,
				body {{text}} NOT NULL,
				size {{int}} NOT NULL,
				last_modified {{int}} NOT NULL,
				PRIMARY KEY (account_id, name)
			)`,
		},
	},
	migrationTopics,
	migrationEvents,
	migrationConsole,
	migrationAnomalyDetectors,
	migrationDeliveryMethod,
}

const schemaVersionDDL = `CREATE TABLE IF NOT EXISTS schema_version (
	version {{int}} PRIMARY KEY,
	applied_at {{int}} NOT NULL
)`

// migrate brings the schema up to the latest version. Each migration runs in
// its own transaction together with its schema_version row, so a crash leaves
// the schema at a whole version, and processes migrating the same database
// at once apply each version exactly once.
func migrate(ctx context.Context, db *sql.DB, d *dialect) error {
	if _, err := db.ExecContext(ctx, d.ddl.Replace(schemaVersionDDL)); err != nil {
		return fmt.Errorf("cannot create schema_version table: %w", err)
	}
	latest := migrations[len(migrations)-1].version
	current, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if current > latest {
		return fmt.Errorf("catalog schema version %d is newer than this OpenWatch supports (%d)", current, latest)
	}
	for _, m := range migrations {
		if m.version <= current {
			continue
		}
		if err := applyMigration(ctx, db, d, m); err != nil {
			return err
		}
	}
	return nil
}

func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("cannot read catalog schema version: %w", err)
	}
	return v, nil
}

func applyMigration(ctx context.Context, db *sql.DB, d *dialect, m migration) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot begin catalog migration %d: %w", m.version, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, rollback(tx))
		}
	}()
	// Another process may have applied it while this one waited for the
	// write lock.
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return err
	}
	if current >= m.version {
		return tx.Commit()
	}
	for i, stmt := range m.stmts {
		if _, err := tx.ExecContext(ctx, d.ddl.Replace(stmt)); err != nil {
			return fmt.Errorf("cannot apply catalog migration %d (%s), statement %d: %w", m.version, m.name, i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, d.rebind("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"),
		m.version, time.Now().UnixMilli()); err != nil {
		return fmt.Errorf("cannot record catalog migration %d: %w", m.version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cannot commit catalog migration %d: %w", m.version, err)
	}
	return nil
}
