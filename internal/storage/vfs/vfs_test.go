package vfs

import (
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
)

// fsCase runs the same checks against every FS implementation.
type fsCase struct {
	name string
	fs   FS
	root string
}

func implementations(t *testing.T) []fsCase {
	t.Helper()
	return []fsCase{
		{name: "os", fs: Default, root: t.TempDir()},
		{name: "mem", fs: NewMem(), root: filepath.Join(string(filepath.Separator), "data")},
		{name: "mem-relative", fs: NewMem(), root: "data"},
		{name: "errorfs-pass", fs: NewErrorFS(NewMem(), InjectorFunc(func(Op, string) error { return nil })), root: "/x"},
	}
}

func mustWriteFile(t *testing.T, fsys FS, name, content string) {
	t.Helper()
	f, err := fsys.Create(name)
	if err != nil {
		t.Fatalf("Create(%q): %v", name, err)
	}
	if _, err := f.Write([]byte(content)); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if err := f.Sync(); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func readFile(t *testing.T, fsys FS, name string) string {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatalf("Open(%q): %v", name, err)
	}
	defer func() {
		if err := f.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("ReadAll(%q): %v", name, err)
	}
	return string(b)
}

func TestFSConformance(t *testing.T) {
	for _, c := range implementations(t) {
		t.Run(c.name, func(t *testing.T) {
			fsys, root := c.fs, c.root
			dir := filepath.Join(root, "a", "b")
			if err := fsys.MkdirAll(dir, 0o755); err != nil {
				t.Fatalf("MkdirAll: %v", err)
			}
			if err := fsys.MkdirAll(dir, 0o755); err != nil {
				t.Fatalf("MkdirAll again: %v", err)
			}
			if _, err := fsys.Create(filepath.Join(root, "missing", "f")); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Create in missing dir: got %v, want ErrNotExist", err)
			}
			if _, err := fsys.Open(filepath.Join(dir, "nope")); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Open missing: got %v, want ErrNotExist", err)
			}
			if _, err := fsys.OpenReadWrite(filepath.Join(dir, "nope")); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("OpenReadWrite missing: got %v, want ErrNotExist", err)
			}

			f1 := filepath.Join(dir, "f1")
			mustWriteFile(t, fsys, f1, "hello world")
			if got := readFile(t, fsys, f1); got != "hello world" {
				t.Fatalf("content = %q", got)
			}
			fi, err := fsys.Stat(f1)
			if err != nil || fi.Size() != 11 || fi.IsDir() || fi.Name() != "f1" {
				t.Fatalf("Stat = %v, %v", fi, err)
			}
			if fi, err := fsys.Stat(dir); err != nil || !fi.IsDir() {
				t.Fatalf("Stat(dir) = %v, %v", fi, err)
			}

			// OpenReadWrite keeps the content; WriteAt past the end extends with zeros.
			rw, err := fsys.OpenReadWrite(f1)
			if err != nil {
				t.Fatalf("OpenReadWrite: %v", err)
			}
			if _, err := rw.WriteAt([]byte("W"), 6); err != nil {
				t.Fatalf("WriteAt: %v", err)
			}
			if _, err := rw.WriteAt([]byte("!"), 13); err != nil {
				t.Fatalf("WriteAt past end: %v", err)
			}
			buf := make([]byte, 5)
			if n, err := rw.ReadAt(buf, 6); err != nil || string(buf[:n]) != "World" {
				t.Fatalf("ReadAt = %q, %v", buf[:n], err)
			}
			if n, err := rw.ReadAt(buf, 12); !errors.Is(err, io.EOF) || n != 2 {
				t.Fatalf("ReadAt at tail = %d, %v; want 2, EOF", n, err)
			}
			if err := rw.Truncate(5); err != nil {
				t.Fatalf("Truncate: %v", err)
			}
			if fi, err := rw.Stat(); err != nil || fi.Size() != 5 {
				t.Fatalf("File.Stat after truncate = %v, %v", fi, err)
			}
			if err := rw.Sync(); err != nil {
				t.Fatalf("Sync: %v", err)
			}
			if err := rw.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if got := readFile(t, fsys, f1); got != "hello" {
				t.Fatalf("after truncate content = %q", got)
			}

			// Read-only files refuse writes.
			ro, err := fsys.Open(f1)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if _, err := ro.Write([]byte("x")); err == nil {
				t.Fatalf("Write on read-only file succeeded")
			}
			if err := ro.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}

			// Create truncates an existing file.
			mustWriteFile(t, fsys, f1, "new")
			if got := readFile(t, fsys, f1); got != "new" {
				t.Fatalf("after re-create content = %q", got)
			}

			mustWriteFile(t, fsys, filepath.Join(dir, "f2"), "two")
			if err := fsys.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatalf("MkdirAll sub: %v", err)
			}
			names, err := fsys.List(dir)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if want := []string{"f1", "f2", "sub"}; !slices.Equal(names, want) {
				t.Fatalf("List = %v, want %v", names, want)
			}

			if err := fsys.Rename(filepath.Join(dir, "f2"), f1); err != nil {
				t.Fatalf("Rename over existing: %v", err)
			}
			if got := readFile(t, fsys, f1); got != "two" {
				t.Fatalf("after rename content = %q", got)
			}
			if _, err := fsys.Stat(filepath.Join(dir, "f2")); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Stat renamed-away file: %v", err)
			}

			d, err := fsys.OpenDir(dir)
			if err != nil {
				t.Fatalf("OpenDir: %v", err)
			}
			if err := d.Sync(); err != nil {
				t.Fatalf("dir Sync: %v", err)
			}
			if err := d.Close(); err != nil {
				t.Fatalf("dir Close: %v", err)
			}

			if err := fsys.Remove(filepath.Join(root, "a")); err == nil {
				t.Fatalf("Remove of non-empty dir succeeded")
			}
			if err := fsys.Remove(f1); err != nil {
				t.Fatalf("Remove: %v", err)
			}
			if err := fsys.Remove(f1); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Remove twice: %v", err)
			}
			if err := fsys.RemoveAll(filepath.Join(root, "a")); err != nil {
				t.Fatalf("RemoveAll: %v", err)
			}
			if err := fsys.RemoveAll(filepath.Join(root, "a")); err != nil {
				t.Fatalf("RemoveAll missing: %v", err)
			}
			if _, err := fsys.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Stat after RemoveAll: %v", err)
			}
		})
	}
}

func TestMemRenameDir(t *testing.T) {
	m := NewMem()
	if err := m.MkdirAll("/a/b", 0o755); err != nil {
		t.Fatal(err)
	}
	mustWriteFile(t, m, "/a/b/f", "x")
	if err := m.Rename("/a", "/c"); err != nil {
		t.Fatalf("Rename dir: %v", err)
	}
	if got := readFile(t, m, "/c/b/f"); got != "x" {
		t.Fatalf("content after dir rename = %q", got)
	}
	if _, err := m.Stat("/a/b/f"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("old path still exists: %v", err)
	}
	if err := m.Rename("/c", "/c/b/inside"); err == nil {
		t.Fatalf("renaming a dir into itself succeeded")
	}
}

func TestMemClosedFile(t *testing.T) {
	m := NewMem()
	f, err := m.Create("/f")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, fs.ErrClosed) {
		t.Fatalf("Write after Close: %v", err)
	}
	if err := f.Close(); !errors.Is(err, fs.ErrClosed) {
		t.Fatalf("double Close: %v", err)
	}
}

func TestMemCrashClone(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, m *MemFS)
		want    map[string]string // path → content; absent paths must not exist
		missing []string
	}{
		{
			name: "synced file and dir survive",
			setup: func(t *testing.T, m *MemFS) {
				f, _ := m.Create("/d/f")
				_, _ = f.Write([]byte("durable"))
				syncFile(t, f)
				syncDir(t, m, "/d")
				_, _ = f.Write([]byte(" lost"))
			},
			want: map[string]string{"/d/f": "durable"},
		},
		{
			name: "file without dir sync is lost",
			setup: func(t *testing.T, m *MemFS) {
				f, _ := m.Create("/d/f")
				_, _ = f.Write([]byte("data"))
				syncFile(t, f)
			},
			missing: []string{"/d/f"},
		},
		{
			name: "dir sync without file sync keeps an empty file",
			setup: func(t *testing.T, m *MemFS) {
				f, _ := m.Create("/d/f")
				_, _ = f.Write([]byte("data"))
				syncDir(t, m, "/d")
			},
			want: map[string]string{"/d/f": ""},
		},
		{
			name: "unsynced remove is undone",
			setup: func(t *testing.T, m *MemFS) {
				f, _ := m.Create("/d/f")
				_, _ = f.Write([]byte("data"))
				syncFile(t, f)
				syncDir(t, m, "/d")
				if err := m.Remove("/d/f"); err != nil {
					t.Fatal(err)
				}
			},
			want: map[string]string{"/d/f": "data"},
		},
		{
			name: "synced truncate sticks",
			setup: func(t *testing.T, m *MemFS) {
				f, _ := m.Create("/d/f")
				_, _ = f.Write([]byte("abcdef"))
				syncFile(t, f)
				syncDir(t, m, "/d")
				if err := f.Truncate(2); err != nil {
					t.Fatal(err)
				}
				syncFile(t, f)
			},
			want: map[string]string{"/d/f": "ab"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMem()
			if err := m.MkdirAll("/d", 0o755); err != nil {
				t.Fatal(err)
			}
			tc.setup(t, m)
			c := m.CrashClone()
			for p, want := range tc.want {
				if got := readFile(t, c, p); got != want {
					t.Errorf("%s = %q, want %q", p, got, want)
				}
			}
			for _, p := range tc.missing {
				if _, err := c.Stat(p); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s exists after crash: %v", p, err)
				}
			}
		})
	}
}

func syncFile(t *testing.T, f File) {
	t.Helper()
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
}

func syncDir(t *testing.T, fsys FS, dir string) {
	t.Helper()
	d, err := fsys.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestDatasync checks that Datasync makes written data durable, with
// fdatasync on a host file and with Sync on any other File.
func TestDatasync(t *testing.T) {
	f, err := Default.Create(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := Datasync(f); err != nil {
		t.Fatalf("Datasync of a host file: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := Datasync(f); err == nil {
		t.Fatal("Datasync of a closed host file succeeded")
	}

	m := NewMem()
	if err := m.MkdirAll("/d", 0o755); err != nil {
		t.Fatal(err)
	}
	mf, err := m.Create("/d/data")
	if err != nil {
		t.Fatal(err)
	}
	if err := SyncDir(m, "/d"); err != nil {
		t.Fatal(err)
	}
	if _, err := mf.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := Datasync(mf); err != nil {
		t.Fatal(err)
	}
	fi, err := m.CrashClone().Stat("/d/data")
	if err != nil || fi.Size() != 5 {
		t.Fatalf("after Datasync and a power loss: %v, %v; want 5 bytes", fi, err)
	}
}
