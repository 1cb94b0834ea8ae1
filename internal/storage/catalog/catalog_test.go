package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/accounts"
	"github.com/openwatch/openwatch/internal/service/logs"
)

// The Catalog serves both ports.
var (
	_ logs.Catalog   = (*Catalog)(nil)
	_ accounts.Store = (*Catalog)(nil)
)

// envKillChild makes the test binary act as the process that TestSurvivesKill
// kills; its value is the catalog path.
const envKillChild = "OPENWATCH_CATALOG_KILL_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(envKillChild); path != "" {
		os.Exit(killChild(path))
	}
	os.Exit(m.Run())
}

// openAt opens the catalog at path and closes it when the test ends.
func openAt(t testing.TB, path string) *Catalog {
	t.Helper()
	c, err := OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatalf("OpenSQLite(%q): %v", path, err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

// newCatalog opens a fresh catalog in a temporary directory.
func newCatalog(t testing.TB) (*Catalog, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "catalog.db")
	return openAt(t, path), path
}

// wantErr checks that err is a *model.Error of kind with message msg (any
// message when msg is "").
func wantErr(t *testing.T, err, kind error, msg string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) || !errors.Is(err, kind) {
		t.Fatalf("error = %v, want a *model.Error of kind %v", err, kind)
	}
	if msg != "" && me.Message != msg {
		t.Fatalf("message = %q, want %q", me.Message, msg)
	}
}

func mustGroup(t testing.TB, c *Catalog, account, name string) model.LogGroup {
	t.Helper()
	g, err := c.CreateLogGroup(context.Background(), model.LogGroup{AccountID: account, Name: name, CreationTime: 1000}, nil)
	if err != nil {
		t.Fatalf("CreateLogGroup(%q): %v", name, err)
	}
	return g
}

func mustStream(t testing.TB, c *Catalog, groupID int64, name string) model.LogStream {
	t.Helper()
	s, err := c.CreateLogStream(context.Background(), groupID, name, 2000)
	if err != nil {
		t.Fatalf("CreateLogStream(%q): %v", name, err)
	}
	return s
}

func TestOpenSQLitePragmas(t *testing.T) {
	c, _ := newCatalog(t)
	ctx := context.Background()
	tests := []struct {
		pool string
		db   *sql.DB
		want map[string]string
	}{
		{"writer", c.writer, map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000", "query_only": "0"}},
		{"ingester", c.ingester, map[string]string{"journal_mode": "wal", "synchronous": "1", "foreign_keys": "1", "busy_timeout": "10000", "query_only": "0"}},
		{"reader", c.reader, map[string]string{"journal_mode": "wal", "busy_timeout": "10000", "query_only": "1"}},
	}
	for _, tt := range tests {
		for pragma, want := range tt.want {
			var got string
			if err := tt.db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", tt.pool, pragma, err)
			}
			if got != want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", tt.pool, pragma, got, want)
			}
		}
	}
	if _, err := c.reader.ExecContext(ctx, "DELETE FROM accounts"); err == nil {
		t.Error("reader accepted a write")
	}
}

func TestOpenSQLiteReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "catalog.db")
	c, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	g := mustGroup(t, c, "111111111111", "/app")
	if err := c.CreateAccount(ctx, model.Account{ID: "111111111111", Name: "a", CreatedAt: time.UnixMilli(5)}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	c = openAt(t, path)
	got, err := c.GetLogGroup(ctx, "111111111111", "/app")
	if err != nil || got != g {
		t.Fatalf("after reopen GetLogGroup = %+v, %v; want %+v", got, err, g)
	}
	if _, err := c.GetAccount(ctx, "111111111111"); err != nil {
		t.Fatalf("after reopen GetAccount: %v", err)
	}
	var n int
	if err := c.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_version").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(migrations) {
		t.Fatalf("schema_version has %d rows, want %d", n, len(migrations))
	}
}

func TestOpenSQLiteOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odd ?#% dir")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "cat?alog#1%20.db")
	c := openAt(t, path)
	mustGroup(t, c, "111111111111", "/x")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("catalog not created at %q: %v", path, err)
	}
}

func TestOpenSQLiteErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(notDB, []byte("this is not an SQLite database, not at all, really not"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
	}{
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "catalog.db")},
		{"not a database", notDB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := OpenSQLite(context.Background(), tt.path)
			if err == nil {
				c.Close()
				t.Fatal("OpenSQLite succeeded")
			}
		})
	}
}

func TestClosedCatalog(t *testing.T) {
	c, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.GetLogGroup(ctx, "111111111111", "/x"); !errors.Is(err, model.ErrUnavailable) {
		t.Errorf("GetLogGroup after Close = %v, want ErrUnavailable", err)
	}
	if err := c.RecordIngest(ctx, 1, 1, 1, 1, 1, 1); !errors.Is(err, model.ErrUnavailable) {
		t.Errorf("RecordIngest after Close = %v, want ErrUnavailable", err)
	}
	if _, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: "1", Name: "/x"}, nil); !errors.Is(err, model.ErrUnavailable) {
		t.Errorf("CreateLogGroup after Close = %v, want ErrUnavailable", err)
	}
}

func TestCanceledContext(t *testing.T) {
	c, _ := newCatalog(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: "1", Name: "/x"}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("CreateLogGroup with canceled context = %v, want context.Canceled", err)
	}
	if _, err := c.GetLogGroup(context.Background(), "1", "/x"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("group created despite canceled context: %v", err)
	}
}

// TestConcurrentOpen opens one fresh file from several handles at once, as
// the server and the CLI may: the schema is migrated exactly once.
func TestConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.db")
	const n = 4
	cats := make([]*Catalog, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { cats[i], errs[i] = OpenSQLite(context.Background(), path) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("handle %d: %v", i, errs[i])
		}
		t.Cleanup(func() { cats[i].Close() })
	}
	var rows int
	if err := cats[0].reader.QueryRow("SELECT COUNT(*) FROM schema_version").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(migrations) {
		t.Fatalf("schema_version has %d rows, want %d", rows, len(migrations))
	}
}

// TestTwoHandles stands for the server and the CLI sharing one file: each
// sees the other's committed writes at once.
func TestTwoHandles(t *testing.T) {
	ctx := context.Background()
	server, path := newCatalog(t)
	cli := openAt(t, path)

	g := mustGroup(t, server, "111111111111", "/shared")
	if got, err := cli.GetLogGroup(ctx, "111111111111", "/shared"); err != nil || got.ID != g.ID {
		t.Fatalf("cli GetLogGroup = %+v, %v", got, err)
	}
	s := mustStream(t, cli, g.ID, "s")
	if err := server.RecordIngest(ctx, g.ID, s.ID, 10, 20, 30, 40); err != nil {
		t.Fatal(err)
	}
	got, err := cli.GetLogStream(ctx, g.ID, "s")
	if err != nil || got.LastEventTimestamp != 20 || got.StoredBytes != 40 {
		t.Fatalf("cli GetLogStream = %+v, %v", got, err)
	}
	if err := cli.CreateAccount(ctx, model.Account{ID: "111111111111", Name: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := cli.PutKey(ctx, model.AccessKey{ID: "AKIDCLI", Secret: "s", AccountID: "111111111111"}); err != nil {
		t.Fatal(err)
	}
	if k, err := server.GetKey(ctx, "AKIDCLI"); err != nil || k.Disabled {
		t.Fatalf("server GetKey = %+v, %v", k, err)
	}
	if err := cli.SetKeyDisabled(ctx, "AKIDCLI", true); err != nil {
		t.Fatal(err)
	}
	if k, err := server.GetKey(ctx, "AKIDCLI"); err != nil || !k.Disabled {
		t.Fatalf("server GetKey after disable = %+v, %v", k, err)
	}
	if _, err := server.DeleteLogGroup(ctx, "111111111111", "/shared"); err != nil {
		t.Fatal(err)
	}
	if _, err := cli.GetLogStream(ctx, g.ID, "s"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("cli GetLogStream after delete = %v, want ErrNotFound", err)
	}
}

// TestConcurrentStreamsAndIngest creates streams and records ingest from
// several goroutines on two handles while others read.
func TestConcurrentStreamsAndIngest(t *testing.T) {
	ctx := context.Background()
	a, path := newCatalog(t)
	b := openAt(t, path)
	g := mustGroup(t, a, "111111111111", "/busy")

	const workers, streams, batches = 4, 10, 5
	var writers, readers sync.WaitGroup
	errs := make(chan error, workers+1)
	for w := range workers {
		c := a
		if w%2 == 1 {
			c = b
		}
		writers.Go(func() {
			for i := range streams {
				s, err := c.CreateLogStream(ctx, g.ID, fmt.Sprintf("w%d-s%02d", w, i), 1)
				if err != nil {
					errs <- err
					return
				}
				for j := range batches {
					ts := int64(100 + j)
					if err := c.RecordIngest(ctx, g.ID, s.ID, ts, ts, ts, 10); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	done := make(chan struct{})
	readers.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := b.ListLogStreams(ctx, g.ID, model.StreamQuery{Order: model.OrderByLastEventTime, Limit: 50}); err != nil {
				errs <- err
				return
			}
		}
	})
	writers.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	list, err := a.ListLogStreams(ctx, g.ID, model.StreamQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != workers*streams {
		t.Fatalf("%d streams, want %d", len(list), workers*streams)
	}
	for _, s := range list {
		if s.FirstEventTimestamp != 100 || s.LastEventTimestamp != 100+batches-1 || s.StoredBytes != 10*batches {
			t.Fatalf("stream %+v: want first 100, last %d, bytes %d", s, 100+batches-1, 10*batches)
		}
	}
	got, err := b.GetLogGroup(ctx, "111111111111", "/busy")
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(workers * streams * batches * 10); got.StoredBytes != want {
		t.Fatalf("group stored bytes = %d, want %d", got.StoredBytes, want)
	}
}

// killChild runs in a child process: it writes metadata through every pool
// and kills itself with SIGKILL, so no Close or deferred code runs.
func killChild(path string) int {
	ctx := context.Background()
	c, err := OpenSQLite(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	g, err := c.CreateLogGroup(ctx, model.LogGroup{AccountID: "111111111111", Name: "/killed", CreationTime: 1}, map[string]string{"k": "v"})
	if err == nil {
		var s model.LogStream
		s, err = c.CreateLogStream(ctx, g.ID, "s", 2)
		if err == nil {
			err = c.RecordIngest(ctx, g.ID, s.ID, 10, 20, 30, 40)
		}
	}
	if err == nil {
		err = c.CreateAccount(ctx, model.Account{ID: "111111111111", Name: "a"})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Kill()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	time.Sleep(time.Minute)
	return 3
}

func TestSurvivesKill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envKillChild+"="+path)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != -1 {
		t.Fatalf("child did not die by a signal: %v\n%s", err, out)
	}

	c := openAt(t, path)
	ctx := context.Background()
	g, err := c.GetLogGroup(ctx, "111111111111", "/killed")
	if err != nil {
		t.Fatalf("group lost: %v", err)
	}
	if tags, err := c.ListTags(ctx, g.ID); err != nil || tags["k"] != "v" {
		t.Fatalf("tags = %v, %v", tags, err)
	}
	s, err := c.GetLogStream(ctx, g.ID, "s")
	if err != nil {
		t.Fatalf("stream lost: %v", err)
	}
	if s.FirstEventTimestamp != 10 || s.LastEventTimestamp != 20 || s.LastIngestionTime != 30 || s.StoredBytes != 40 {
		t.Fatalf("ingest statistics lost: %+v", s)
	}
	if _, err := c.GetAccount(ctx, "111111111111"); err != nil {
		t.Fatalf("account lost: %v", err)
	}
	// The id sequence survived too: a new group gets a fresh id.
	if g2 := mustGroup(t, c, "111111111111", "/after"); g2.ID <= g.ID {
		t.Fatalf("new group id %d not above %d", g2.ID, g.ID)
	}
}

// sortedCopy returns names sorted in byte order.
func sortedCopy(names []string) []string {
	out := append([]string(nil), names...)
	sort.Strings(out)
	return out
}
