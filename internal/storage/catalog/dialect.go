package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds what differs between the SQL engines that can serve the
// catalog. Queries are written once, with ? placeholders and portable SQL,
// and pass through the dialect before they reach the driver.
type dialect struct {
	// driver is the database/sql driver name.
	driver string
	// rebind rewrites the ? placeholders of a query into the engine's form
	// (PostgreSQL numbers them: $1, $2, …).
	rebind func(query string) string
	// ddl replaces the {{type}} markers of the migrations with column types.
	ddl *strings.Replacer
	// contains returns a condition true when the column holds the argument
	// as a case-sensitive substring.
	contains func(column, arg string) string
	// isUniqueViolation reports whether err comes from a UNIQUE or PRIMARY
	// KEY constraint.
	isUniqueViolation func(err error) bool
}

// upsert builds an INSERT of cols into table that, when a row with the same
// conflict columns exists, updates the update columns instead, and only when
// where (if not empty) holds. SQLite and PostgreSQL share this syntax;
// existing rows are named by the table, the proposed row by "excluded".
func (d *dialect) upsert(table string, cols []string, conflict []string, update []string, where string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET ",
		table, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "),
		strings.Join(conflict, ", "))
	for i, c := range update {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = excluded.%s", c, c)
	}
	if where != "" {
		b.WriteString(" WHERE ")
		b.WriteString(where)
	}
	return d.rebind(b.String())
}

// sqliteDialect is the embedded engine. Names are compared with the BINARY
// collation (byte order), which is what CloudWatch's ASCII ordering of names
// needs; INTEGER is 64-bit and doubles as the boolean type.
var sqliteDialect = &dialect{
	driver: "sqlite",
	rebind: func(query string) string { return query },
	ddl: strings.NewReplacer(
		"{{serial}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
		"{{name}}", "TEXT COLLATE BINARY",
		"{{text}}", "TEXT",
		"{{int}}", "INTEGER",
		"{{bool}}", "INTEGER",
	),
	contains: func(column, arg string) string {
		return "instr(" + column + ", " + arg + ") > 0"
	},
	isUniqueViolation: func(err error) bool {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
}

// sqliteBusyTimeout bounds how long a statement waits for a lock held by
// another connection, typically the CLI and the server writing at once.
const sqliteBusyTimeout = 10 * time.Second

// enableWAL switches the database to write-ahead logging. The switch needs
// the database to itself, and SQLite reports SQLITE_BUSY at once, without
// its busy handler, when another connection is busy with it (typically a
// second process opening a fresh file at the same moment), so it is retried
// here for up to sqliteBusyTimeout.
func enableWAL(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(sqliteBusyTimeout)
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		var mode string
		err := db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		var e *sqlite.Error
		if errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY && time.Now().Before(deadline) {
			select {
			case <-time.After(delay):
				continue
			case <-ctx.Done():
				return fmt.Errorf("cannot enable WAL journal mode: %w", ctx.Err())
			}
		}
		if err != nil {
			return fmt.Errorf("cannot enable WAL journal mode: %w", err)
		}
		if !strings.EqualFold(mode, "wal") {
			return fmt.Errorf("cannot enable WAL journal mode: journal mode is %q (is the file on a network file system?)", mode)
		}
		return nil
	}
}

// sqlitePool names the roles of the connection pools on one SQLite file.
// Writer and ingester transactions begin IMMEDIATE, taking the write lock at
// BEGIN: a deferred transaction that reads first and then writes fails at
// once, without waiting, when another connection committed in between.
type sqlitePool int

const (
	poolWriter sqlitePool = iota
	poolIngester
	poolReader
)

// sqliteDSN returns the driver data source name for one pool on the file at
// path. The pragmas are in the DSN because the driver runs them on every new
// connection, and database/sql opens connections on its own.
func sqliteDSN(path string, pool sqlitePool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("cannot resolve catalog path %q: %w", path, err)
	}
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(sqliteBusyTimeout.Milliseconds(), 10))
	switch pool {
	case poolWriter:
		// The journal mode is not set here: it is stored in the file, and
		// enableWAL switches it once, retrying while another process does
		// the same.
		q.Set("_synchronous", "FULL")
		q.Set("_foreign_keys", "1")
		q.Set("_txlock", "immediate")
	case poolIngester:
		q.Set("_synchronous", "NORMAL")
		q.Set("_foreign_keys", "1")
		q.Set("_txlock", "immediate")
	case poolReader:
		q.Set("_query_only", "1")
	}
	// A file: URI with an escaped path keeps names holding '?', '#' or '%'
	// intact.
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String(), nil
}
