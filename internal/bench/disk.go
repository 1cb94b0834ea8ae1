package bench

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
)

// diskUsage is what `du` says of a directory: the bytes of the blocks
// allocated to everything under it.
type diskUsage struct {
	// Allocated counts allocated blocks, as du does.
	Allocated int64
	// WAL is the apparent size of the write-ahead-log segments (*.wal)
	// found under the directory.
	WAL int64
}

// measureDisk walks dir.
func measureDisk(dir string) (diskUsage, error) {
	var u diskUsage
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			u.Allocated += st.Blocks * 512
		} else {
			u.Allocated += info.Size()
		}
		if info.Mode().IsRegular() && strings.HasSuffix(d.Name(), ".wal") {
			u.WAL += info.Size()
		}
		return nil
	})
	if err != nil {
		return diskUsage{}, fmt.Errorf("cannot measure disk use of %q: %w", dir, err)
	}
	return u, nil
}
