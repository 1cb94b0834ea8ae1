package vfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
)

// Op names one filesystem operation, so that an Injector can decide which
// ones fail.
type Op int

// Operations seen by an Injector. File operations carry the path the file
// was opened with.
const (
	OpCreate Op = iota
	OpOpen
	OpOpenReadWrite
	OpOpenDir
	OpRemove
	OpRemoveAll
	OpRename
	OpMkdirAll
	OpList
	OpStat
	OpRead
	OpReadAt
	OpWrite
	OpWriteAt
	OpSync
	OpClose
	OpFileStat
	OpTruncate
)

var opNames = [...]string{
	OpCreate:        "create",
	OpOpen:          "open",
	OpOpenReadWrite: "open-read-write",
	OpOpenDir:       "open-dir",
	OpRemove:        "remove",
	OpRemoveAll:     "remove-all",
	OpRename:        "rename",
	OpMkdirAll:      "mkdir-all",
	OpList:          "list",
	OpStat:          "stat",
	OpRead:          "read",
	OpReadAt:        "read-at",
	OpWrite:         "write",
	OpWriteAt:       "write-at",
	OpSync:          "sync",
	OpClose:         "close",
	OpFileStat:      "file-stat",
	OpTruncate:      "truncate",
}

// String returns the operation's name, e.g. "write-at".
func (o Op) String() string {
	if o >= 0 && int(o) < len(opNames) {
		return opNames[o]
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// IsWrite reports whether o is Write or WriteAt.
func (o Op) IsWrite() bool { return o == OpWrite || o == OpWriteAt }

// Injector decides, before each operation of an ErrorFS, whether it fails.
// A nil result lets the operation through. For Write and WriteAt a
// *ShortWriteError lets its first N bytes reach the inner file before the
// operation fails; any other error fails the operation before it starts.
// Implementations must be safe for concurrent use.
type Injector interface {
	MaybeError(op Op, path string) error
}

// InjectorFunc adapts a function to Injector.
type InjectorFunc func(op Op, path string) error

// MaybeError implements Injector.
func (f InjectorFunc) MaybeError(op Op, path string) error { return f(op, path) }

// ErrInjected is a generic injected failure.
var ErrInjected = errors.New("injected I/O error")

// ShortWriteError, returned by an Injector for a write, makes the write
// store only its first N bytes and then fail with Err (io.ErrShortWrite
// when Err is nil).
type ShortWriteError struct {
	N   int
	Err error
}

func (e *ShortWriteError) cause() error {
	if e.Err == nil {
		return io.ErrShortWrite
	}
	return e.Err
}

func (e *ShortWriteError) Error() string {
	return fmt.Sprintf("short write after %d bytes: %v", e.N, e.cause())
}

// Unwrap returns the error the short write fails with.
func (e *ShortWriteError) Unwrap() error { return e.cause() }

// NewErrorFS wraps inner so that every operation, on the FS and on the files
// it opens, first asks inj whether to fail.
func NewErrorFS(inner FS, inj Injector) FS { return &errorFS{inner: inner, inj: inj} }

type errorFS struct {
	inner FS
	inj   Injector
}

func (e *errorFS) wrap(f File, err error, name string) (File, error) {
	if err != nil {
		return nil, err
	}
	return &errorFile{inner: f, inj: e.inj, name: name}, nil
}

func (e *errorFS) Create(name string) (File, error) {
	if err := e.inj.MaybeError(OpCreate, name); err != nil {
		return nil, pathErr("create", name, err)
	}
	f, err := e.inner.Create(name)
	return e.wrap(f, err, name)
}

func (e *errorFS) Open(name string) (File, error) {
	if err := e.inj.MaybeError(OpOpen, name); err != nil {
		return nil, pathErr("open", name, err)
	}
	f, err := e.inner.Open(name)
	return e.wrap(f, err, name)
}

func (e *errorFS) OpenReadWrite(name string) (File, error) {
	if err := e.inj.MaybeError(OpOpenReadWrite, name); err != nil {
		return nil, pathErr("open", name, err)
	}
	f, err := e.inner.OpenReadWrite(name)
	return e.wrap(f, err, name)
}

func (e *errorFS) OpenDir(name string) (File, error) {
	if err := e.inj.MaybeError(OpOpenDir, name); err != nil {
		return nil, pathErr("open", name, err)
	}
	f, err := e.inner.OpenDir(name)
	return e.wrap(f, err, name)
}

func (e *errorFS) Remove(name string) error {
	if err := e.inj.MaybeError(OpRemove, name); err != nil {
		return pathErr("remove", name, err)
	}
	return e.inner.Remove(name)
}

func (e *errorFS) RemoveAll(name string) error {
	if err := e.inj.MaybeError(OpRemoveAll, name); err != nil {
		return pathErr("removeall", name, err)
	}
	return e.inner.RemoveAll(name)
}

func (e *errorFS) Rename(oldname, newname string) error {
	if err := e.inj.MaybeError(OpRename, oldname); err != nil {
		return &fs.PathError{Op: "rename", Path: oldname, Err: err}
	}
	return e.inner.Rename(oldname, newname)
}

func (e *errorFS) MkdirAll(dir string, perm fs.FileMode) error {
	if err := e.inj.MaybeError(OpMkdirAll, dir); err != nil {
		return pathErr("mkdir", dir, err)
	}
	return e.inner.MkdirAll(dir, perm)
}

func (e *errorFS) List(dir string) ([]string, error) {
	if err := e.inj.MaybeError(OpList, dir); err != nil {
		return nil, pathErr("readdirent", dir, err)
	}
	return e.inner.List(dir)
}

func (e *errorFS) Stat(name string) (fs.FileInfo, error) {
	if err := e.inj.MaybeError(OpStat, name); err != nil {
		return nil, pathErr("stat", name, err)
	}
	return e.inner.Stat(name)
}

type errorFile struct {
	inner File
	inj   Injector
	name  string
}

func (f *errorFile) Read(p []byte) (int, error) {
	if err := f.inj.MaybeError(OpRead, f.name); err != nil {
		return 0, pathErr("read", f.name, err)
	}
	return f.inner.Read(p)
}

func (f *errorFile) ReadAt(p []byte, off int64) (int, error) {
	if err := f.inj.MaybeError(OpReadAt, f.name); err != nil {
		return 0, pathErr("read", f.name, err)
	}
	return f.inner.ReadAt(p, off)
}

// shortWrite applies an injected error to a write: a *ShortWriteError lets a
// prefix through, anything else fails the write whole.
func (f *errorFile) shortWrite(err error, p []byte, write func([]byte) (int, error)) (int, error) {
	var sw *ShortWriteError
	if !errors.As(err, &sw) {
		return 0, pathErr("write", f.name, err)
	}
	keep := min(max(sw.N, 0), len(p))
	n, werr := write(p[:keep])
	if werr != nil {
		return n, werr
	}
	return n, pathErr("write", f.name, err)
}

func (f *errorFile) Write(p []byte) (int, error) {
	if err := f.inj.MaybeError(OpWrite, f.name); err != nil {
		return f.shortWrite(err, p, f.inner.Write)
	}
	return f.inner.Write(p)
}

func (f *errorFile) WriteAt(p []byte, off int64) (int, error) {
	if err := f.inj.MaybeError(OpWriteAt, f.name); err != nil {
		return f.shortWrite(err, p, func(b []byte) (int, error) { return f.inner.WriteAt(b, off) })
	}
	return f.inner.WriteAt(p, off)
}

func (f *errorFile) Sync() error {
	if err := f.inj.MaybeError(OpSync, f.name); err != nil {
		return pathErr("sync", f.name, err)
	}
	return f.inner.Sync()
}

func (f *errorFile) Close() error {
	if err := f.inj.MaybeError(OpClose, f.name); err != nil {
		// The inner file is closed anyway so that a failed Close does not
		// leak a descriptor, as with os.File.
		if cerr := f.inner.Close(); cerr != nil {
			return errors.Join(pathErr("close", f.name, err), cerr)
		}
		return pathErr("close", f.name, err)
	}
	return f.inner.Close()
}

func (f *errorFile) Stat() (fs.FileInfo, error) {
	if err := f.inj.MaybeError(OpFileStat, f.name); err != nil {
		return nil, pathErr("stat", f.name, err)
	}
	return f.inner.Stat()
}

func (f *errorFile) Truncate(size int64) error {
	if err := f.inj.MaybeError(OpTruncate, f.name); err != nil {
		return pathErr("truncate", f.name, err)
	}
	return f.inner.Truncate(size)
}
