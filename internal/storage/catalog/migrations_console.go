package catalog

// migrationConsole holds the web console: users with passwords, sessions and read-only dashboard share links.
var migrationConsole = migration{
	version: 9,
	name:    "console users, sessions and share links",
	stmts: []string{
		// User names are unique across accounts: signing in names only
		// the user.
		`CREATE TABLE console_users (
			name {{name}} PRIMARY KEY,
			account_id {{name}} NOT NULL REFERENCES accounts (id),
			password_hash {{text}} NOT NULL,
			created_at {{int}} NOT NULL,
			password_changed_at {{int}} NOT NULL
		)`,
		`CREATE INDEX console_users_by_account ON console_users (account_id, name)`,
		// id_hash is a digest of the cookie value, so a copy of the
		// catalog opens no session. access_key_id and user_name are ''
		// when the session was not opened that way.
		`CREATE TABLE console_sessions (
			id_hash {{name}} PRIMARY KEY,
			account_id {{name}} NOT NULL,
			access_key_id {{name}} NOT NULL,
			user_name {{name}} NOT NULL,
			created_at {{int}} NOT NULL,
			expires_at {{int}} NOT NULL
		)`,
		`CREATE INDEX console_sessions_by_user ON console_sessions (user_name)`,
		`CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at)`,
		// token_hash is a digest of the share link's token, for the same
		// reason as id_hash.
		`CREATE TABLE console_shares (
			token_hash {{name}} PRIMARY KEY,
			account_id {{name}} NOT NULL,
			dashboard_name {{name}} NOT NULL,
			created_by {{text}} NOT NULL,
			created_at {{int}} NOT NULL
		)`,
		`CREATE INDEX console_shares_by_account ON console_shares (account_id, created_at)`,
	},
}
