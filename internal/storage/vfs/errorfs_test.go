package vfs

import (
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

func TestErrorFSInjects(t *testing.T) {
	tests := []struct {
		name    string
		inject  Op
		err     error
		run     func(fsys FS) error
		content string // content of /d/f after the run, "" when absent
	}{
		{
			name: "create fails", inject: OpCreate, err: ErrInjected,
			run: func(fsys FS) error { _, err := fsys.Create("/d/f"); return err },
		},
		{
			name: "disk full on write", inject: OpWrite, err: syscall.ENOSPC,
			run: func(fsys FS) error {
				f, err := fsys.Create("/d/f")
				if err != nil {
					return err
				}
				n, err := f.Write([]byte("abcdef"))
				if n != 0 {
					return errors.New("bytes written despite failure")
				}
				return err
			},
		},
		{
			name: "short write keeps a prefix", inject: OpWriteAt, err: &ShortWriteError{N: 3},
			run: func(fsys FS) error {
				f, err := fsys.Create("/d/f")
				if err != nil {
					return err
				}
				n, err := f.WriteAt([]byte("abcdef"), 0)
				if n != 3 {
					return errors.New("short write did not write 3 bytes")
				}
				return err
			},
			content: "abc",
		},
		{
			name: "fsync fails after data written", inject: OpSync, err: syscall.EIO,
			run: func(fsys FS) error {
				f, err := fsys.Create("/d/f")
				if err != nil {
					return err
				}
				if _, err := f.Write([]byte("xyz")); err != nil {
					return err
				}
				return f.Sync()
			},
			content: "xyz",
		},
		{
			name: "rename fails", inject: OpRename, err: ErrInjected,
			run: func(fsys FS) error { return fsys.Rename("/d/g", "/d/f") },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := NewMem()
			if err := mem.MkdirAll("/d", 0o755); err != nil {
				t.Fatal(err)
			}
			mustWriteFile(t, mem, "/d/g", "")
			var hits atomic.Int32
			efs := NewErrorFS(mem, InjectorFunc(func(op Op, path string) error {
				if op == tc.inject && path == "/d/f" || op == tc.inject && op == OpRename {
					hits.Add(1)
					return tc.err
				}
				return nil
			}))
			err := tc.run(efs)
			if !errors.Is(err, tc.err) {
				t.Fatalf("got %v, want %v", err, tc.err)
			}
			if hits.Load() != 1 {
				t.Fatalf("injector hit %d times", hits.Load())
			}
			if tc.content != "" {
				if got := readFile(t, mem, "/d/f"); got != tc.content {
					t.Fatalf("content = %q, want %q", got, tc.content)
				}
			}
		})
	}
}

func TestShortWriteErrorDefault(t *testing.T) {
	e := &ShortWriteError{N: 1}
	if !errors.Is(e, io.ErrShortWrite) {
		t.Fatalf("ShortWriteError without Err should unwrap to io.ErrShortWrite")
	}
	if !strings.Contains(e.Error(), "1 bytes") {
		t.Fatalf("message = %q", e.Error())
	}
}

func TestOpString(t *testing.T) {
	if OpWriteAt.String() != "write-at" || Op(99).String() != "op(99)" {
		t.Fatalf("unexpected names %q %q", OpWriteAt, Op(99))
	}
	if !OpWrite.IsWrite() || OpSync.IsWrite() {
		t.Fatalf("IsWrite wrong")
	}
}
