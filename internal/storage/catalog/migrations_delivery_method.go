package catalog

// migrationDeliveryMethod lets a delivery name its HTTP method (API
// destinations may use PUT, PATCH…); rows written before it were POSTs.
var migrationDeliveryMethod = migration{
	version: 11,
	name:    "delivery HTTP methods",
	stmts: []string{
		`ALTER TABLE delivery_outbox ADD COLUMN method {{text}} NOT NULL DEFAULT 'POST'`,
		`ALTER TABLE delivery_dead_letters ADD COLUMN method {{text}} NOT NULL DEFAULT 'POST'`,
	},
}
