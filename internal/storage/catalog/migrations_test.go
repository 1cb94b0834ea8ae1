package catalog

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrationsNumbered(t *testing.T) {
	for i, m := range migrations {
		if m.version != i+1 {
			t.Errorf("migration %d (%s) has version %d, want %d", i, m.name, m.version, i+1)
		}
		for _, stmt := range m.stmts {
			if ddl := sqliteDialect.ddl.Replace(stmt); strings.Contains(ddl, "{{") {
				t.Errorf("migration %d: marker left in %q", m.version, ddl)
			}
		}
	}
}

func TestMigrateIdempotent(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	mustGroup(t, c, acct, "/kept")
	if err := migrate(ctx, c.writer, c.d); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if _, err := c.GetLogGroup(ctx, acct, "/kept"); err != nil {
		t.Fatalf("data lost by second migrate: %v", err)
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "catalog.db")
	c, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.writer.ExecContext(ctx, "INSERT INTO schema_version (version, applied_at) VALUES (?, 0)", len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c, err = OpenSQLite(ctx, path)
	if err == nil {
		c.Close()
		t.Fatal("OpenSQLite accepted a newer schema")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Fatalf("error = %v, want one about a newer schema", err)
	}
}
