// Package vfs is the filesystem seam of OpenWatch's storage engine. Storage
// code never calls package os directly; it goes through an FS so that tests
// can run on an in-memory filesystem (NewMem), simulate a crash that loses
// everything not yet fsync'd (MemFS.CrashClone), and inject I/O failures such
// as a full disk, a short write or a failed fsync (NewErrorFS).
//
// The interface is deliberately small: it holds what an append-only log and
// immutable part files need, and nothing else.
package vfs

import (
	"io"
	"io/fs"
)

// File is an open file. Implementations are not required to be safe for
// concurrent use except that ReadAt may run concurrently with itself.
//
// Durability: data written is durable only after Sync returns nil. A new
// file's name is durable only after the directory holding it is synced
// (FS.OpenDir followed by File.Sync), as on POSIX filesystems.
type File interface {
	io.Reader
	io.ReaderAt
	io.Writer
	io.WriterAt
	io.Closer
	// Sync flushes the file's contents (or, for a directory, its entries) to
	// stable storage.
	Sync() error
	// Stat describes the file.
	Stat() (fs.FileInfo, error)
	// Truncate changes the file's size; bytes past size are discarded.
	Truncate(size int64) error
}

// FS is a filesystem. Paths use the host's separator (path/filepath). Errors
// for missing or existing names satisfy errors.Is(err, fs.ErrNotExist) and
// errors.Is(err, fs.ErrExist). Safe for concurrent use.
type FS interface {
	// Create creates or truncates the named file and opens it read-write.
	// The parent directory must exist.
	Create(name string) (File, error)
	// Open opens an existing file read-only.
	Open(name string) (File, error)
	// OpenReadWrite opens an existing file for reading and writing without
	// truncating it. Writes go where WriteAt says, or, for Write, from
	// offset 0.
	OpenReadWrite(name string) (File, error)
	// OpenDir opens a directory so that Sync can make its entries durable.
	OpenDir(name string) (File, error)
	// Remove removes a file or an empty directory.
	Remove(name string) error
	// RemoveAll removes a path and everything under it; a missing path is not
	// an error.
	RemoveAll(name string) error
	// Rename moves a file, replacing newname if it exists.
	Rename(oldname, newname string) error
	// MkdirAll creates a directory and any missing parents.
	MkdirAll(dir string, perm fs.FileMode) error
	// List returns the names (not paths) of the entries of dir, sorted.
	List(dir string) ([]string, error)
	// Stat describes the named file or directory.
	Stat(name string) (fs.FileInfo, error)
}
