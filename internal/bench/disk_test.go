package bench

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMeasureDisk(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("catalog.db", 10000)
	write("logs/wal/000001.wal", 70000)
	write("logs/wal/000002.wal", 5000)
	write("logs/parts/p1/data", 20000)
	u, err := measureDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if u.WAL != 75000 {
		t.Fatalf("WAL = %d, want 75000", u.WAL)
	}
	if u.Allocated < 105000 {
		t.Fatalf("Allocated = %d, less than the 105000 bytes written", u.Allocated)
	}
	if _, err := measureDisk(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("measureDisk of a missing directory succeeded")
	}
}
