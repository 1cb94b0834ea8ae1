package logstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// Blob keeps the immutable files of log parts as named objects. DirBlob
// keeps them in a local directory; an S3-compatible object store serves the
// same contract at scale.
//
// Contracts:
//   - Names are slash-separated paths (io/fs.ValidPath).
//   - Put stores data under name atomically and durably: once it returns
//     nil, Get returns exactly data, after a crash too; when it fails, no
//     partial object is ever visible under name. Put replaces an existing
//     object.
//   - Get returns a whole object and GetRange n bytes of it from off; a
//     missing object gives an error wrapping fs.ErrNotExist, a range past
//     the end an error wrapping io.ErrUnexpectedEOF.
//   - List returns the names under prefix, sorted. It may also return
//     leftovers of interrupted Puts, which the owner deletes.
//   - Delete removes an object; a missing object is not an error. A
//     delete need not be durable before the next Put.
//   - All methods are safe for concurrent use; the returned slices belong
//     to the caller.
type Blob interface {
	Put(ctx context.Context, name string, data []byte) error
	Get(ctx context.Context, name string) ([]byte, error)
	GetRange(ctx context.Context, name string, off, n int64) ([]byte, error)
	List(ctx context.Context, prefix string) ([]string, error)
	Delete(ctx context.Context, name string) error
}

// rangeReader is a Blob that can also open an object for reads of ranges
// into the caller's buffers, which spares the reader of many blocks an
// allocation per block, and the reader of a few columns of a block an
// open per range.
type rangeReader interface {
	OpenRanges(ctx context.Context, name string) (rangeFile, error)
}

// rangeFile reads ranges of one object. ReadRange fills dst with the
// len(dst) bytes from off, with the errors of GetRange.
type rangeFile interface {
	ReadRange(dst []byte, off int64) error
	Close() error
}

// rangeLender is a rangeFile that can also lend the bytes of a range in
// place, sparing the copy ReadRange makes. Lend returns the n bytes from
// off, valid until Close, or false when it cannot; the caller then reads
// them.
type rangeLender interface {
	Lend(off int64, n int) ([]byte, bool)
}

// streamPutter is a Blob that can also write an object piece by piece, so
// that a large part never has to be held in memory whole: Create starts
// the object, whose writer keeps Put's contract at Commit.
type streamPutter interface {
	Create(ctx context.Context, name string) (objectWriter, error)
}

// objectWriter writes one object. Nothing is visible under its name until
// Commit returns nil; Abort (or a failed Commit) leaves nothing behind.
type objectWriter interface {
	io.Writer
	Commit() error
	Abort()
}

// tempSuffix marks the file a DirBlob Put writes before renaming it.
const tempSuffix = ".tmp"

// DirBlob is a Blob in a local directory on a vfs.FS. Each object is a file
// at root/name. Put writes a temporary file, fsyncs it, renames it into
// place and syncs the directory.
type DirBlob struct {
	fs   vfs.FS
	root string
	// dirs orders Puts, which may create directories, against Deletes,
	// which remove the directories they leave empty.
	dirs sync.RWMutex
}

// NewDirBlob returns a Blob keeping objects under root, which is created
// when first needed.
func NewDirBlob(fsys vfs.FS, root string) *DirBlob { return &DirBlob{fs: fsys, root: root} }

func (d *DirBlob) path(name string) (string, error) {
	if !fs.ValidPath(name) || name == "." {
		return "", fmt.Errorf("invalid object name %q", name)
	}
	return filepath.Join(d.root, filepath.FromSlash(name)), nil
}

// Put implements Blob.
func (d *DirBlob) Put(ctx context.Context, name string, data []byte) error {
	o, err := d.Create(ctx, name)
	if err != nil {
		return err
	}
	if _, err := o.Write(data); err != nil {
		o.Abort()
		return err
	}
	return o.Commit()
}

// Create implements streamPutter: the object is written to a temporary
// file, which Commit fsyncs, renames into place and makes durable with a
// sync of its directory.
func (d *DirBlob) Create(ctx context.Context, name string) (objectWriter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := d.path(name)
	if err != nil {
		return nil, err
	}
	// Deletes remove the directories they leave empty: creating one and
	// the file in it must not interleave with them. Once the temporary
	// file is there, the directory is not empty.
	d.dirs.RLock()
	defer d.dirs.RUnlock()
	if err := d.mkdirs(filepath.Dir(p)); err != nil {
		return nil, err
	}
	tmp := p + tempSuffix
	f, err := d.fs.Create(tmp)
	if err != nil {
		return nil, fmt.Errorf("cannot create %q: %w", tmp, err)
	}
	return &dirObject{d: d, f: f, tmp: tmp, path: p}, nil
}

// dirObject is an object of a DirBlob being written.
type dirObject struct {
	d         *DirBlob
	f         vfs.File
	tmp, path string
}

func (o *dirObject) Write(b []byte) (int, error) {
	n, err := o.f.Write(b)
	if err != nil {
		return n, fmt.Errorf("cannot write %q: %w", o.tmp, err)
	}
	return n, nil
}

func (o *dirObject) Commit() (err error) {
	defer func() {
		if err == nil {
			return
		}
		if rerr := o.d.fs.Remove(o.tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = errors.Join(err, fmt.Errorf("cannot remove %q: %w", o.tmp, rerr))
		}
	}()
	if err := o.f.Sync(); err != nil {
		return errors.Join(fmt.Errorf("cannot sync %q: %w", o.tmp, err), o.f.Close())
	}
	if err := o.f.Close(); err != nil {
		return fmt.Errorf("cannot close %q: %w", o.tmp, err)
	}
	o.d.dirs.RLock()
	defer o.d.dirs.RUnlock()
	if err := o.d.fs.Rename(o.tmp, o.path); err != nil {
		return fmt.Errorf("cannot rename %q: %w", o.tmp, err)
	}
	return vfs.SyncDir(o.d.fs, filepath.Dir(o.path))
}

// Abort discards the object; a temporary file that cannot be removed is a
// leftover the store's next Open deletes.
func (o *dirObject) Abort() {
	_ = o.f.Close()
	_ = o.d.fs.Remove(o.tmp)
}

// mkdirs creates dir and its missing parents, and syncs the directory
// holding each one it creates so that they survive a crash.
func (d *DirBlob) mkdirs(dir string) error {
	var missing []string
	for p := dir; ; p = filepath.Dir(p) {
		_, err := d.fs.Stat(p)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot stat %q: %w", p, err)
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := d.fs.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create directory %q: %w", dir, err)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if parent := filepath.Dir(missing[i]); parent != missing[i] {
			if err := vfs.SyncDir(d.fs, parent); err != nil {
				return err
			}
		}
	}
	return nil
}

// Get implements Blob.
func (d *DirBlob) Get(ctx context.Context, name string) ([]byte, error) {
	return d.read(ctx, name, 0, -1)
}

// GetRange implements Blob.
func (d *DirBlob) GetRange(ctx context.Context, name string, off, n int64) ([]byte, error) {
	if off < 0 || n < 0 {
		return nil, fmt.Errorf("invalid range %d+%d of %q", off, n, name)
	}
	return d.read(ctx, name, off, n)
}

// OpenRanges opens name for ReadRange calls.
func (d *DirBlob) OpenRanges(ctx context.Context, name string) (rangeFile, error) {
	f, p, err := d.open(ctx, name)
	if err != nil {
		return nil, err
	}
	r := &dirRangeFile{f: f, path: p}
	r.mapped, _ = mapFile(f)
	return r, nil
}

// open opens the file of name for reading, and returns its path.
func (d *DirBlob) open(ctx context.Context, name string) (vfs.File, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	p, err := d.path(name)
	if err != nil {
		return nil, "", err
	}
	f, err := d.fs.Open(p)
	if err != nil {
		return nil, "", fmt.Errorf("cannot open %q: %w", p, err)
	}
	return f, p, nil
}

// dirRangeFile is a rangeFile of a DirBlob, and a rangeLender where the
// file could be mapped.
type dirRangeFile struct {
	f      vfs.File
	path   string
	mapped []byte // the whole file, or nil
}

func (r *dirRangeFile) ReadRange(dst []byte, off int64) error {
	if off < 0 {
		return fmt.Errorf("invalid range %d+%d of %q", off, len(dst), r.path)
	}
	return readFull(r.f, r.path, dst, off)
}

func (r *dirRangeFile) Lend(off int64, n int) ([]byte, bool) {
	if r.mapped == nil || off < 0 || n < 0 || off > int64(len(r.mapped)) || int64(n) > int64(len(r.mapped))-off {
		return nil, false
	}
	return r.mapped[off : off+int64(n) : off+int64(n)], true
}

func (r *dirRangeFile) Close() error {
	var uerr error
	if r.mapped != nil {
		uerr = unmapFile(r.mapped)
		r.mapped = nil
	}
	if err := errors.Join(uerr, r.f.Close()); err != nil {
		return fmt.Errorf("cannot close %q: %w", r.path, err)
	}
	return nil
}

// readFull fills buf from f at off; a short read is an error.
func readFull(f vfs.File, path string, buf []byte, off int64) error {
	got, err := f.ReadAt(buf, off)
	if err == io.EOF && got < len(buf) {
		err = io.ErrUnexpectedEOF
	}
	if got < len(buf) {
		return fmt.Errorf("cannot read %d bytes at %d of %q: %w", len(buf), off, path, err)
	}
	return nil
}

// read returns n bytes of name from off, or the whole file when n < 0.
func (d *DirBlob) read(ctx context.Context, name string, off, n int64) (_ []byte, err error) {
	f, p, err := d.open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("cannot close %q: %w", p, cerr)
		}
	}()
	if n < 0 {
		fi, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("cannot stat %q: %w", p, err)
		}
		n = fi.Size()
	}
	buf := make([]byte, n)
	if err := readFull(f, p, buf, off); err != nil {
		return nil, err
	}
	return buf, nil
}

// List implements Blob.
func (d *DirBlob) List(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var names []string
	if err := d.walk(d.root, "", prefix, &names); err != nil {
		return nil, err
	}
	return names, nil
}

// walk appends to names the objects under dir (whose name is rel) that
// start with prefix.
func (d *DirBlob) walk(dir, rel, prefix string, names *[]string) error {
	entries, err := d.fs.List(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot list %q: %w", dir, err)
	}
	for _, e := range entries {
		name := path.Join(rel, e)
		// Only descend where prefix can still match.
		if !strings.HasPrefix(name, prefix) && !strings.HasPrefix(prefix, name+"/") {
			continue
		}
		p := filepath.Join(dir, e)
		fi, err := d.fs.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("cannot stat %q: %w", p, err)
		}
		if fi.IsDir() {
			if err := d.walk(p, name, prefix, names); err != nil {
				return err
			}
		} else if strings.HasPrefix(name, prefix) {
			*names = append(*names, name)
		}
	}
	return nil
}

// Delete implements Blob. It also removes the directories the object
// leaves empty, up to the root.
func (d *DirBlob) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := d.path(name)
	if err != nil {
		return err
	}
	d.dirs.Lock()
	defer d.dirs.Unlock()
	if err := d.fs.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove %q: %w", p, err)
	}
	for dir := filepath.Dir(p); dir != filepath.Clean(d.root) && strings.HasPrefix(dir, filepath.Clean(d.root)); dir = filepath.Dir(dir) {
		entries, err := d.fs.List(dir)
		if err != nil || len(entries) > 0 {
			// A directory that cannot be listed is left for a later
			// delete; it holds no data.
			break
		}
		if err := d.fs.Remove(dir); err != nil {
			break
		}
	}
	return nil
}
