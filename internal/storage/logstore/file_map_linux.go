package logstore

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// mapFile maps the whole of a part's data file read-only, so that scans
// decode its columns where the page cache holds them: a pread copies
// every byte a query reads once more, which cost a query over a
// settled store about a seventh of its CPU. ok is false for a file that
// is not an operating system file (a test's faulty filesystem), an empty
// one, or one the kernel will not map; reads then copy.
func mapFile(f vfs.File) (m []byte, ok bool) {
	osf, isOS := f.(*os.File)
	if !isOS {
		return nil, false
	}
	st, err := osf.Stat()
	if err != nil || st.Size() <= 0 || int64(int(st.Size())) != st.Size() {
		return nil, false
	}
	m, err = unix.Mmap(int(osf.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, false
	}
	return m, true
}

// unmapFile gives back a mapping of mapFile. Nothing may read it
// afterwards.
func unmapFile(m []byte) error { return unix.Munmap(m) }
