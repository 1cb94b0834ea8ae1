package wal

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// Open opens the log in dir, creating the directory if needed. It repairs a
// torn tail of the last segment (see the package documentation) before
// returning, so appends follow good data. Call Replay to read the records.
func Open(fsys vfs.FS, dir string, opts Options) (*WAL, error) {
	if err := opts.normalize(); err != nil {
		return nil, fmt.Errorf("cannot open wal: %w", err)
	}
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create wal directory %q: %w", dir, err)
	}
	w := &WAL{fs: fsys, dir: dir, opts: opts, writerDone: make(chan struct{})}
	w.cond.L = &w.mu
	segs, err := listSegments(fsys, dir)
	if err != nil {
		return nil, err
	}
	for _, s := range segs[:max(len(segs)-1, 0)] {
		fi, err := fsys.Stat(segmentPath(dir, s))
		if err != nil {
			return nil, fmt.Errorf("cannot stat segment %q: %w", segmentName(s), err)
		}
		w.segments = append(w.segments, segment{index: s, size: fi.Size()})
	}
	if len(segs) > 0 {
		if err := w.recoverLast(segs[len(segs)-1]); err != nil {
			return nil, err
		}
	}
	go w.run()
	return w, nil
}

// listSegments returns the indexes of the segment files in dir, in order,
// and fails when they are not consecutive.
func listSegments(fsys vfs.FS, dir string) ([]uint32, error) {
	names, err := fsys.List(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot list wal directory %q: %w", dir, err)
	}
	var segs []uint32
	for _, name := range names {
		if idx, ok := parseSegmentName(name); ok {
			segs = append(segs, idx)
			continue
		}
		// Spares left by an earlier process go: their old records are
		// not needed, and a file is cheap to create again.
		if _, ok := parseSpareName(name); ok {
			if err := fsys.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("cannot remove spare wal segment %q: %w", name, err)
			}
		}
	}
	slices.Sort(segs)
	for i := 1; i < len(segs); i++ {
		if segs[i] != segs[i-1]+1 {
			return nil, model.Errorf(model.ErrCorruption, "wal segment %s is missing", segmentName(segs[i-1]+1))
		}
	}
	return segs, nil
}

// recoverLast validates the last segment, truncating a torn tail or
// removing a segment whose header never reached the disk, and makes it the
// active segment. w.segments holds the earlier segments.
func (w *WAL) recoverLast(index uint32) error {
	path := segmentPath(w.dir, index)
	name := segmentName(index)
	f, err := w.fs.OpenReadWrite(path)
	if err != nil {
		return fmt.Errorf("cannot open segment %q: %w", name, err)
	}
	end, size, seed, err := scanTail(f, index)
	if errors.Is(err, errTornHeader) {
		if err := f.Close(); err != nil {
			return fmt.Errorf("cannot close segment %q: %w", name, err)
		}
		if err := w.fs.Remove(path); err != nil {
			return fmt.Errorf("cannot remove empty segment %q: %w", name, err)
		}
		var st fsyncStats
		if err := syncDir(w.fs, w.dir, &st); err != nil {
			return err
		}
		w.torn++
		w.tornSize += size
		// The next append creates a segment with this index again, so LSNs
		// keep increasing. The previous segment, fsync'd before this one
		// was created, is left as it is.
		w.seg = index - 1
		return nil
	}
	if err == nil && end < size {
		if err = f.Truncate(end); err == nil {
			err = f.Sync()
		}
		if err != nil {
			err = fmt.Errorf("cannot truncate torn tail of segment %q: %w", name, err)
		} else {
			w.torn++
			w.tornSize += size - end
		}
	}
	if err != nil {
		return errors.Join(fmt.Errorf("segment %q: %w", name, err), f.Close())
	}
	w.segments = append(w.segments, segment{index: index, size: end})
	w.haveSegment, w.seg, w.off = true, index, end
	w.active, w.activeSeg, w.activeOff, w.activeSize, w.activeSeed = f, index, end, end, seed
	return nil
}

// scanTail reads last segment index and returns the end of its last good
// record, its size and the seed of its records' checksums, which appends to
// it keep using. A header that is present but wrong is corruption.
func scanTail(f vfs.File, index uint32) (end, size int64, seed uint32, err error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, 0, fmt.Errorf("cannot stat: %w", err)
	}
	size = fi.Size()
	r := newSegmentReader(f, index, size)
	if err := r.readHeader(); err != nil {
		var herr *headerError
		if errors.As(err, &herr) {
			return 0, size, 0, model.Errorf(model.ErrCorruption, "%v", herr)
		}
		return 0, size, 0, err
	}
	for {
		_, _, err := r.next()
		var rerr *recordError
		switch {
		case err == io.EOF:
			return size, size, r.seed, nil
		case errors.As(err, &rerr):
			return rerr.offset, size, r.seed, nil
		case err != nil:
			return 0, size, 0, err
		}
	}
}
