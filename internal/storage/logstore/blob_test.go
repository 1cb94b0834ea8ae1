package logstore

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

func TestDirBlob(t *testing.T) {
	ctx := context.Background()
	mem := vfs.NewMem()
	b := NewDirBlob(mem, "/root/parts")
	for _, name := range []string{"1/2024-01-01/a.data", "1/2024-01-01/a.index", "1/2024-01-02/b.data", "10/x"} {
		if err := b.Put(ctx, name, []byte("content of "+name)); err != nil {
			t.Fatalf("Put(%q): %v", name, err)
		}
	}
	got, err := b.Get(ctx, "1/2024-01-02/b.data")
	if err != nil || string(got) != "content of 1/2024-01-02/b.data" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if got, err := b.GetRange(ctx, "10/x", 3, 4); err != nil || string(got) != "tent" {
		t.Fatalf("GetRange = %q, %v", got, err)
	}
	if _, err := b.GetRange(ctx, "10/x", 5, 100); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("GetRange past the end = %v", err)
	}
	if _, err := b.Get(ctx, "nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Get of a missing object = %v", err)
	}
	for _, bad := range []string{"", ".", "../x", "/abs", "a//b"} {
		if err := b.Put(ctx, bad, nil); err == nil {
			t.Fatalf("Put(%q) accepted", bad)
		}
	}
	list := func(prefix string) []string {
		t.Helper()
		names, err := b.List(ctx, prefix)
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	if got := list(""); !slices.Equal(got, []string{"1/2024-01-01/a.data", "1/2024-01-01/a.index", "1/2024-01-02/b.data", "10/x"}) {
		t.Fatalf("List all = %v", got)
	}
	if got := list("1/"); len(got) != 3 {
		t.Fatalf("List 1/ = %v", got)
	}
	if got := list("1/2024-01-01/a.i"); !slices.Equal(got, []string{"1/2024-01-01/a.index"}) {
		t.Fatalf("List by name prefix = %v", got)
	}
	// A Put is durable when it returns.
	crashed := NewDirBlob(mem.CrashClone(), "/root/parts")
	if got, err := crashed.Get(ctx, "1/2024-01-01/a.index"); err != nil || string(got) != "content of 1/2024-01-01/a.index" {
		t.Fatalf("after a power loss: %q, %v", got, err)
	}
	// Deletes are idempotent and remove emptied directories.
	for _, name := range []string{"1/2024-01-02/b.data", "1/2024-01-02/b.data", "missing/object"} {
		if err := b.Delete(ctx, name); err != nil {
			t.Fatalf("Delete(%q): %v", name, err)
		}
	}
	if _, err := mem.Stat("/root/parts/1/2024-01-02"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("emptied directory left: %v", err)
	}
	if _, err := mem.Stat("/root/parts"); err != nil {
		t.Fatalf("root removed: %v", err)
	}
}

// TestDirBlobPutFailure checks that a failed Put leaves nothing behind:
// no object, no temporary file.
func TestDirBlobPutFailure(t *testing.T) {
	for _, op := range []vfs.Op{vfs.OpWrite, vfs.OpSync, vfs.OpClose, vfs.OpRename, vfs.OpOpenDir} {
		t.Run(op.String(), func(t *testing.T) {
			mem := vfs.NewMem()
			efs := vfs.NewErrorFS(mem, vfs.InjectorFunc(func(o vfs.Op, path string) error {
				if o == op && strings.HasPrefix(path, "/root/d") {
					return syscall.EIO
				}
				return nil
			}))
			b := NewDirBlob(efs, "/root")
			if err := b.Put(context.Background(), "d/obj", []byte("data")); !errors.Is(err, syscall.EIO) {
				t.Fatalf("Put = %v", err)
			}
			names, err := NewDirBlob(mem, "/root").List(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if op == vfs.OpOpenDir {
				// The rename happened; only its durability is in doubt.
				names = slices.DeleteFunc(names, func(n string) bool { return n == "d/obj" })
			}
			if len(names) != 0 {
				t.Fatalf("left behind: %v", names)
			}
		})
	}
}

// TestDirRangeFileLends checks that a data file on the operating system's
// filesystem lends the bytes ReadRange reads, and nothing past its end,
// and that one on another filesystem lends nothing.
func TestDirRangeFileLends(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("data files are mapped on Linux only")
	}
	ctx := context.Background()
	data := make([]byte, 3*4096+17)
	for i := range data {
		data[i] = byte(i * 7)
	}
	osBlob := NewDirBlob(vfs.Default, t.TempDir())
	memBlob := NewDirBlob(vfs.NewMem(), "/root")
	for _, b := range []*DirBlob{osBlob, memBlob} {
		if err := b.Put(ctx, "p/data", data); err != nil {
			t.Fatal(err)
		}
		if err := b.Put(ctx, "p/empty", nil); err != nil {
			t.Fatal(err)
		}
	}

	f, err := osBlob.OpenRanges(ctx, "p/data")
	if err != nil {
		t.Fatal(err)
	}
	l, ok := f.(rangeLender)
	if !ok {
		t.Fatalf("%T lends nothing", f)
	}
	tests := []struct {
		name   string
		off    int64
		n      int
		wantOK bool
	}{
		{name: "start", off: 0, n: 10, wantOK: true},
		{name: "across pages", off: 4090, n: 4100, wantOK: true},
		{name: "to the end", off: int64(len(data)) - 17, n: 17, wantOK: true},
		{name: "whole", off: 0, n: len(data), wantOK: true},
		{name: "empty at the end", off: int64(len(data)), n: 0, wantOK: true},
		{name: "past the end", off: int64(len(data)) - 16, n: 17},
		{name: "beyond", off: int64(len(data)) + 1, n: 0},
		{name: "negative offset", off: -1, n: 1},
		{name: "negative length", off: 0, n: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := l.Lend(tt.off, tt.n)
			if ok != tt.wantOK {
				t.Fatalf("Lend(%d, %d) ok = %v, want %v", tt.off, tt.n, ok, tt.wantOK)
			}
			if !ok {
				return
			}
			want := make([]byte, tt.n)
			if err := f.ReadRange(want, tt.off); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) || cap(got) != tt.n {
				t.Fatalf("Lend(%d, %d) = %d bytes (cap %d), not the %d ReadRange read", tt.off, tt.n, len(got), cap(got), len(want))
			}
		})
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		blob *DirBlob
		name string
	}{{memBlob, "p/data"}, {osBlob, "p/empty"}} {
		f, err := c.blob.OpenRanges(ctx, c.name)
		if err != nil {
			t.Fatal(err)
		}
		if l, ok := f.(rangeLender); ok {
			if _, ok := l.Lend(0, 0); ok {
				t.Errorf("%s lends bytes without a mapping", c.name)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
