package catalog

// migrationTopics holds SNS-compatible topics, their subscriptions and dead-letter records of deliveries that failed for good.
var migrationTopics = migration{
	version: 7,
	name:    "topics and subscriptions",
	stmts: []string{
		`CREATE TABLE topics (
			account_id {{name}} NOT NULL,
			name {{name}} NOT NULL,
			attributes {{text}} NOT NULL,
			tags {{text}} NOT NULL,
			created_at {{int}} NOT NULL,
			PRIMARY KEY (account_id, name)
		)`,
		`CREATE TABLE topic_subscriptions (
			arn {{name}} PRIMARY KEY,
			account_id {{name}} NOT NULL,
			topic_name {{name}} NOT NULL,
			protocol {{text}} NOT NULL,
			endpoint {{text}} NOT NULL,
			token {{text}} NOT NULL,
			confirmed {{bool}} NOT NULL,
			attributes {{text}} NOT NULL,
			created_at {{int}} NOT NULL,
			FOREIGN KEY (account_id, topic_name) REFERENCES topics (account_id, name) ON DELETE CASCADE
		)`,
		// Serves ListSubscriptionsByTopic and fan-out on Publish.
		`CREATE INDEX topic_subscriptions_by_topic ON topic_subscriptions (account_id, topic_name, arn)`,
		// The outbox holds every delivery not yet done, so a restart resumes
		// them; next_attempt orders the work.
		`CREATE TABLE delivery_outbox (
			id {{serial}},
			account_id {{name}} NOT NULL,
			url {{text}} NOT NULL,
			headers {{text}} NOT NULL,
			body {{text}} NOT NULL,
			source {{text}} NOT NULL,
			attempts {{int}} NOT NULL,
			next_attempt {{int}} NOT NULL,
			last_error {{text}} NOT NULL,
			created_at {{int}} NOT NULL
		)`,
		`CREATE INDEX delivery_outbox_by_due ON delivery_outbox (next_attempt, id)`,
		`CREATE TABLE delivery_dead_letters (
			id {{serial}},
			account_id {{name}} NOT NULL,
			url {{text}} NOT NULL,
			headers {{text}} NOT NULL,
			body {{text}} NOT NULL,
			source {{text}} NOT NULL,
			attempts {{int}} NOT NULL,
			reason {{text}} NOT NULL,
			created_at {{int}} NOT NULL,
			failed_at {{int}} NOT NULL
		)`,
		`CREATE INDEX delivery_dead_letters_by_account ON delivery_dead_letters (account_id, id)`,
	},
}
