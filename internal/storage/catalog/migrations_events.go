package catalog

// migrationEvents holds EventBridge-compatible buses, rules and their targets.
var migrationEvents = migration{
	version: 8,
	name:    "event buses, rules and targets",
	stmts: []string{
		// The default bus of every account is implicit; only custom buses
		// have rows.
		`CREATE TABLE event_buses (
			account_id {{name}} NOT NULL,
			name {{name}} NOT NULL,
			description {{text}} NOT NULL,
			tags {{text}} NOT NULL,
			created_at {{int}} NOT NULL,
			last_modified {{int}} NOT NULL,
			PRIMARY KEY (account_id, name)
		)`,
		`CREATE TABLE event_rules (
			account_id {{name}} NOT NULL,
			bus {{name}} NOT NULL,
			name {{name}} NOT NULL,
			event_pattern {{text}} NOT NULL,
			schedule_expression {{text}} NOT NULL,
			state {{name}} NOT NULL,
			description {{text}} NOT NULL,
			role_arn {{text}} NOT NULL,
			tags {{text}} NOT NULL,
			created_at {{int}} NOT NULL,
			PRIMARY KEY (account_id, bus, name)
		)`,
		// The scheduler lists every schedule rule of every account.
		`CREATE INDEX event_rules_by_schedule ON event_rules (schedule_expression)`,
		// definition holds the target's configuration as JSON, read and
		// written whole by the events service.
		`CREATE TABLE event_targets (
			account_id {{name}} NOT NULL,
			bus {{name}} NOT NULL,
			rule {{name}} NOT NULL,
			id {{name}} NOT NULL,
			arn {{text}} NOT NULL,
			definition {{text}} NOT NULL,
			PRIMARY KEY (account_id, bus, rule, id)
		)`,
		// Serves ListRuleNamesByTarget.
		`CREATE INDEX event_targets_by_arn ON event_targets (account_id, bus, arn)`,
		`CREATE TABLE event_connections (
			account_id {{name}} NOT NULL,
			name {{name}} NOT NULL,
			description {{text}} NOT NULL,
			authorization_type {{name}} NOT NULL,
			auth_parameters {{text}} NOT NULL,
			state {{name}} NOT NULL,
			created_at {{int}} NOT NULL,
			last_modified {{int}} NOT NULL,
			PRIMARY KEY (account_id, name)
		)`,
		`CREATE TABLE event_api_destinations (
			account_id {{name}} NOT NULL,
			name {{name}} NOT NULL,
			description {{text}} NOT NULL,
			connection_arn {{text}} NOT NULL,
			invocation_endpoint {{text}} NOT NULL,
			http_method {{name}} NOT NULL,
			rate_limit {{int}} NOT NULL,
			state {{name}} NOT NULL,
			created_at {{int}} NOT NULL,
			last_modified {{int}} NOT NULL,
			PRIMARY KEY (account_id, name)
		)`,
	},
}
