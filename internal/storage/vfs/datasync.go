package vfs

import "os"

// Datasync flushes f's data, and the metadata needed to read it back (its
// size), to stable storage: fdatasync(2) for a host file where the
// platform has it, Sync otherwise. Unlike Sync it leaves the modification
// time to the filesystem's own pace, which spares a journal commit when a
// write changed nothing else.
func Datasync(f File) error {
	if o, ok := f.(*os.File); ok {
		return datasync(o)
	}
	return f.Sync()
}
