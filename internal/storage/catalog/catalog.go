package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"

	// The pure-Go SQLite driver registers itself as "sqlite".
	_ "modernc.org/sqlite"
)

// readerConns bounds the read pool; reads are short point lookups and
// listings, and SQLite in WAL mode runs them in parallel with the writer.
const readerConns = 4

// Catalog is the metadata catalog on a SQL database. It implements the
// logs.Catalog and accounts.Store ports; see the package documentation for
// its concurrency and durability. Create it with OpenSQLite and release it
// with Close.
type Catalog struct {
	d *dialect
	// writer takes every metadata change, ingester the RecordIngest
	// bookkeeping and reader the queries. On an engine without SQLite's
	// single-writer lock they may all be one pool.
	writer, ingester, reader *sql.DB

	// Every signed request looks up its key, and every PutLogEvents its
	// group and stream: parsing their SQL each time cost more than the
	// lookups.
	getKeyStmt       *sql.Stmt // reader
	getGroupStmt     *sql.Stmt // reader
	getStreamStmt    *sql.Stmt // reader
	ingestStreamStmt *sql.Stmt // ingester
	ingestGroupStmt  *sql.Stmt // ingester
}

// OpenSQLite opens, or creates, the SQLite catalog file at path and brings
// its schema up to date. The directory must exist. Several processes may
// open the same file at once.
func OpenSQLite(ctx context.Context, path string) (*Catalog, error) {
	c := &Catalog{d: sqliteDialect}
	if err := c.openSQLite(ctx, path); err != nil {
		return nil, errors.Join(err, c.Close())
	}
	return c, nil
}

func (c *Catalog) openSQLite(ctx context.Context, path string) error {
	open := func(pool sqlitePool, conns int) (*sql.DB, error) {
		dsn, err := sqliteDSN(path, pool)
		if err != nil {
			return nil, err
		}
		db, err := sql.Open(c.d.driver, dsn)
		if err != nil {
			return nil, fmt.Errorf("cannot open catalog %q: %w", path, err)
		}
		db.SetMaxOpenConns(conns)
		db.SetMaxIdleConns(conns)
		return db, nil
	}
	var err error
	if c.writer, err = open(poolWriter, 1); err != nil {
		return err
	}
	// The first connection creates the file; in WAL mode, which the file
	// keeps, later connections of any process read while one writes.
	if err := enableWAL(ctx, c.writer); err != nil {
		return fmt.Errorf("cannot open catalog %q: %w", path, err)
	}
	if err := migrate(ctx, c.writer, c.d); err != nil {
		return fmt.Errorf("cannot migrate catalog %q: %w", path, err)
	}
	if c.ingester, err = open(poolIngester, 1); err != nil {
		return err
	}
	if c.reader, err = open(poolReader, readerConns); err != nil {
		return err
	}
	return c.prepare(ctx)
}

// prepare compiles the statements of the PutLogEvents path once.
func (c *Catalog) prepare(ctx context.Context) error {
	stmts := []struct {
		dst   **sql.Stmt
		db    *sql.DB
		query string
	}{
		{&c.getKeyStmt, c.reader, "SELECT " + keyColumns + " FROM access_keys WHERE id = ?"},
		{&c.getGroupStmt, c.reader, "SELECT " + groupColumns + " FROM log_groups WHERE account_id = ? AND name = ?"},
		{&c.getStreamStmt, c.reader, "SELECT " + streamColumns + " FROM log_streams WHERE group_id = ? AND name = ?"},
		{&c.ingestStreamStmt, c.ingester, ingestStreamSQL},
		{&c.ingestGroupStmt, c.ingester, "UPDATE log_groups SET stored_bytes = stored_bytes + ? WHERE id = ?"},
	}
	for _, s := range stmts {
		stmt, err := s.db.PrepareContext(ctx, c.d.rebind(s.query))
		if err != nil {
			return fmt.Errorf("cannot prepare catalog statement %q: %w", s.query, err)
		}
		*s.dst = stmt
	}
	return nil
}

// Close releases the prepared statements and connections. Calls in flight
// must have returned.
func (c *Catalog) Close() error {
	var errs []error
	for _, s := range []*sql.Stmt{c.getKeyStmt, c.getGroupStmt, c.getStreamStmt, c.ingestStreamStmt, c.ingestGroupStmt} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	closed := map[*sql.DB]bool{}
	for _, db := range []*sql.DB{c.reader, c.ingester, c.writer} {
		if db != nil && !closed[db] {
			closed[db] = true
			errs = append(errs, db.Close())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cannot close catalog: %w", err)
	}
	return nil
}

// AWS's wording for the errors the Catalog contract names.
const (
	msgGroupNotFound  = "The specified log group does not exist."
	msgStreamNotFound = "The specified log stream does not exist."
	msgGroupExists    = "The specified log group already exists"
	msgStreamExists   = "The specified log stream already exists"
)

func errGroupNotFound() error  { return model.Errorf(model.ErrNotFound, msgGroupNotFound) }
func errStreamNotFound() error { return model.Errorf(model.ErrNotFound, msgStreamNotFound) }

// unavailable wraps a database failure: clients see a retryable error, logs
// see what failed.
func unavailable(what string, err error) error {
	return model.Unavailable(fmt.Errorf("cannot %s: %w", what, err))
}

// rollback ends a transaction that did not commit; after a commit it is a
// no-op.
func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("cannot roll back catalog transaction: %w", err)
	}
	return nil
}

// inTx runs fn in a transaction on db and commits it when fn succeeds.
// Errors of fn are returned as they are, so domain errors keep their kind;
// failures of the transaction itself are wrapped as unavailable.
func inTx(ctx context.Context, db *sql.DB, what string, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return unavailable(what, err)
	}
	if err := fn(tx); err != nil {
		if rerr := rollback(tx); rerr != nil {
			return errors.Join(err, unavailable(what, rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return unavailable(what, err)
	}
	return nil
}

// prefixUpperBound returns the least string greater than every string that
// starts with prefix, so that "s >= prefix AND s < bound" selects exactly the
// strings with that prefix in byte order and can use an index. ok is false
// when no such bound exists (prefix is empty or all 0xff bytes).
func prefixUpperBound(prefix string) (bound string, ok bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

// rowScanner is what *sql.Row and *sql.Rows share.
type rowScanner interface {
	Scan(dest ...any) error
}

// queryRows runs q (with ? placeholders) on the reader and scans every
// row with scan; a failure of either reports the catalog unavailable for
// what.
func queryRows[T any](ctx context.Context, c *Catalog, what, q string, args []any, scan func(rowScanner) (T, error)) ([]T, error) {
	rows, err := c.reader.QueryContext(ctx, c.d.rebind(q), args...)
	if err != nil {
		return nil, unavailable(what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, unavailable(what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, unavailable(what, err)
	}
	return out, nil
}
