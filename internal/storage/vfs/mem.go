package vfs

import (
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// MemFS is an in-memory FS for tests. Besides the current contents it tracks
// what a real disk would still hold after a power loss: the contents of each
// file as of its last Sync, and the entries of each directory as of its last
// directory Sync. CrashClone returns that state.
//
// Simplification: directories themselves are durable as soon as MkdirAll
// returns.
type MemFS struct {
	mu    sync.Mutex
	nodes map[string]*memNode
	// durable maps a file path to its node as of the last Sync of the
	// directory holding it.
	durable map[string]*memNode
}

type memNode struct {
	dir     bool
	data    []byte
	synced  []byte
	modTime time.Time
}

// NewMem returns an empty in-memory filesystem.
func NewMem() *MemFS {
	m := &MemFS{nodes: make(map[string]*memNode), durable: make(map[string]*memNode)}
	now := time.Now()
	m.nodes[string(filepath.Separator)] = &memNode{dir: true, modTime: now}
	m.nodes["."] = &memNode{dir: true, modTime: now}
	return m
}

// CrashClone returns a new MemFS holding what would survive if the machine
// lost power now: every directory, and every file whose directory entry was
// synced, with the contents it had at its last Sync.
func (m *MemFS) CrashClone() *MemFS {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := &MemFS{nodes: make(map[string]*memNode), durable: make(map[string]*memNode)}
	for p, n := range m.nodes {
		if n.dir {
			c.nodes[p] = &memNode{dir: true, modTime: n.modTime}
		}
	}
	for p, n := range m.durable {
		if parent, ok := c.nodes[filepath.Dir(p)]; !ok || !parent.dir {
			continue
		}
		cn := &memNode{data: slices.Clone(n.synced), synced: slices.Clone(n.synced), modTime: n.modTime}
		c.nodes[p] = cn
		c.durable[p] = cn
	}
	return c
}

func clean(name string) string { return filepath.Clean(name) }

func pathErr(op, name string, err error) error { return &fs.PathError{Op: op, Path: name, Err: err} }

var (
	errIsDir    = errors.New("is a directory")
	errNotDir   = errors.New("not a directory")
	errNotEmpty = errors.New("directory not empty")
)

// parentDirLocked checks that p's parent exists and is a directory.
func (m *MemFS) parentDirLocked(op, p string) error {
	parent, ok := m.nodes[filepath.Dir(p)]
	if !ok {
		return pathErr(op, p, fs.ErrNotExist)
	}
	if !parent.dir {
		return pathErr(op, p, errNotDir)
	}
	return nil
}

// Create implements FS.
func (m *MemFS) Create(name string) (File, error) {
	p := clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.parentDirLocked("create", p); err != nil {
		return nil, err
	}
	n, ok := m.nodes[p]
	switch {
	case ok && n.dir:
		return nil, pathErr("create", p, errIsDir)
	case ok:
		n.data = nil
		n.modTime = time.Now()
	default:
		n = &memNode{modTime: time.Now()}
		m.nodes[p] = n
	}
	return &memFile{fs: m, n: n, name: p, read: true, write: true}, nil
}

func (m *MemFS) open(op, name string, write, wantDir bool) (File, error) {
	p := clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[p]
	if !ok {
		return nil, pathErr(op, p, fs.ErrNotExist)
	}
	if wantDir && !n.dir {
		return nil, pathErr(op, p, errNotDir)
	}
	if write && n.dir {
		return nil, pathErr(op, p, errIsDir)
	}
	return &memFile{fs: m, n: n, name: p, read: true, write: write}, nil
}

// Open implements FS.
func (m *MemFS) Open(name string) (File, error) { return m.open("open", name, false, false) }

// OpenReadWrite implements FS.
func (m *MemFS) OpenReadWrite(name string) (File, error) { return m.open("open", name, true, false) }

// OpenDir implements FS.
func (m *MemFS) OpenDir(name string) (File, error) { return m.open("open", name, false, true) }

func (m *MemFS) hasChildrenLocked(dir string) bool {
	for q := range m.nodes {
		if q != dir && filepath.Dir(q) == dir {
			return true
		}
	}
	return false
}

// Remove implements FS.
func (m *MemFS) Remove(name string) error {
	p := clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[p]
	if !ok {
		return pathErr("remove", p, fs.ErrNotExist)
	}
	if n.dir && m.hasChildrenLocked(p) {
		return pathErr("remove", p, errNotEmpty)
	}
	delete(m.nodes, p)
	return nil
}

func isUnder(p, dir string) bool {
	if dir == string(filepath.Separator) {
		return strings.HasPrefix(p, dir) && p != dir
	}
	return strings.HasPrefix(p, dir+string(filepath.Separator))
}

// RemoveAll implements FS.
func (m *MemFS) RemoveAll(name string) error {
	p := clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	for q := range m.nodes {
		if q == p || isUnder(q, p) {
			delete(m.nodes, q)
		}
	}
	return nil
}

// Rename implements FS.
func (m *MemFS) Rename(oldname, newname string) error {
	op, np := clean(oldname), clean(newname)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[op]
	if !ok {
		return pathErr("rename", op, fs.ErrNotExist)
	}
	if err := m.parentDirLocked("rename", np); err != nil {
		return err
	}
	if op == np {
		return nil
	}
	if dst, ok := m.nodes[np]; ok && (dst.dir || n.dir) {
		return pathErr("rename", np, fs.ErrExist)
	}
	if n.dir {
		if isUnder(np, op) {
			return pathErr("rename", np, fs.ErrInvalid)
		}
		for q, c := range m.nodes {
			if isUnder(q, op) {
				delete(m.nodes, q)
				m.nodes[np+q[len(op):]] = c
			}
		}
	}
	delete(m.nodes, op)
	m.nodes[np] = n
	return nil
}

// MkdirAll implements FS.
func (m *MemFS) MkdirAll(dir string, _ fs.FileMode) error {
	p := clean(dir)
	m.mu.Lock()
	defer m.mu.Unlock()
	var missing []string
	for q := p; ; q = filepath.Dir(q) {
		n, ok := m.nodes[q]
		if ok {
			if !n.dir {
				return pathErr("mkdir", q, errNotDir)
			}
			break
		}
		missing = append(missing, q)
		if filepath.Dir(q) == q {
			break
		}
	}
	now := time.Now()
	for _, q := range missing {
		m.nodes[q] = &memNode{dir: true, modTime: now}
	}
	return nil
}

// List implements FS.
func (m *MemFS) List(dir string) ([]string, error) {
	p := clean(dir)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[p]
	if !ok {
		return nil, pathErr("open", p, fs.ErrNotExist)
	}
	if !n.dir {
		return nil, pathErr("readdirent", p, errNotDir)
	}
	var names []string
	for q := range m.nodes {
		if q != p && filepath.Dir(q) == p {
			names = append(names, filepath.Base(q))
		}
	}
	slices.Sort(names)
	return names, nil
}

// Stat implements FS.
func (m *MemFS) Stat(name string) (fs.FileInfo, error) {
	p := clean(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.nodes[p]
	if !ok {
		return nil, pathErr("stat", p, fs.ErrNotExist)
	}
	return n.info(p), nil
}

func (n *memNode) info(p string) fs.FileInfo {
	return memInfo{name: filepath.Base(p), size: int64(len(n.data)), dir: n.dir, modTime: n.modTime}
}

// syncDirLocked makes the current entries of dir the durable ones.
func (m *MemFS) syncDirLocked(dir string) {
	for q := range m.durable {
		if filepath.Dir(q) == dir {
			delete(m.durable, q)
		}
	}
	for q, n := range m.nodes {
		if !n.dir && q != dir && filepath.Dir(q) == dir {
			m.durable[q] = n
		}
	}
}

type memInfo struct {
	name    string
	size    int64
	dir     bool
	modTime time.Time
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time { return i.modTime }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

// memFile is a handle on a memNode. All state, including pos, is guarded by
// the owning MemFS's mutex.
type memFile struct {
	fs          *MemFS
	n           *memNode
	name        string
	pos         int64
	read, write bool
	closed      bool
}

func (f *memFile) check(op string, write bool) error {
	switch {
	case f.closed:
		return pathErr(op, f.name, fs.ErrClosed)
	case f.n.dir && op != "sync" && op != "stat" && op != "close":
		return pathErr(op, f.name, errIsDir)
	case write && !f.write:
		return pathErr(op, f.name, fs.ErrPermission)
	}
	return nil
}

func (f *memFile) readAtLocked(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, pathErr("read", f.name, fs.ErrInvalid)
	}
	if off >= int64(len(f.n.data)) {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	n := copy(p, f.n.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *memFile) writeAtLocked(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, pathErr("write", f.name, fs.ErrInvalid)
	}
	end := off + int64(len(p))
	if end > int64(len(f.n.data)) {
		f.n.data = append(f.n.data, make([]byte, end-int64(len(f.n.data)))...)
	}
	copy(f.n.data[off:], p)
	f.n.modTime = time.Now()
	return len(p), nil
}

func (f *memFile) Read(p []byte) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("read", false); err != nil {
		return 0, err
	}
	n, err := f.readAtLocked(p, f.pos)
	f.pos += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("read", false); err != nil {
		return 0, err
	}
	return f.readAtLocked(p, off)
}

func (f *memFile) Write(p []byte) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("write", true); err != nil {
		return 0, err
	}
	n, err := f.writeAtLocked(p, f.pos)
	f.pos += int64(n)
	return n, err
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("write", true); err != nil {
		return 0, err
	}
	return f.writeAtLocked(p, off)
}

func (f *memFile) Close() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("close", false); err != nil {
		return err
	}
	f.closed = true
	return nil
}

func (f *memFile) Sync() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("sync", false); err != nil {
		return err
	}
	if f.n.dir {
		f.fs.syncDirLocked(f.name)
		return nil
	}
	f.n.synced = slices.Clone(f.n.data)
	return nil
}

func (f *memFile) Stat() (fs.FileInfo, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("stat", false); err != nil {
		return nil, err
	}
	return f.n.info(f.name), nil
}

func (f *memFile) Truncate(size int64) error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if err := f.check("truncate", true); err != nil {
		return err
	}
	if size < 0 {
		return pathErr("truncate", f.name, fs.ErrInvalid)
	}
	if size <= int64(len(f.n.data)) {
		f.n.data = f.n.data[:size:size]
	} else {
		f.n.data = append(f.n.data, make([]byte, size-int64(len(f.n.data)))...)
	}
	f.n.modTime = time.Now()
	return nil
}
