package logstore

import (
	"container/list"
	"context"
	"errors"
	"sync"
)

// dataFiles keeps the data files of parts open between reads: an open
// costs as much as reading a few columns, and a scan reads a block's
// columns in several ranges. At most max files stay open; beyond that the
// least recently used idle ones close. A file in use is never closed under
// its reader: a part dropped, or the store closed, while a read uses the
// file closes it when the read releases it.
type dataFiles struct {
	mu     sync.Mutex
	max    int
	open   map[*part]*dataFile
	lru    list.List // of *dataFile, most recently used first
	closed bool      // the store closed: reads get files of their own
}

// dataFile is an open data file and its readers.
type dataFile struct {
	p     *part
	f     rangeFile
	users int
	// doomed files close when their last reader releases them; they are
	// no longer in open.
	doomed bool
	elem   *list.Element
}

// maxOpenPartFiles bounds the data files kept open.
const maxOpenPartFiles = 256

func newDataFiles(max int) *dataFiles {
	return &dataFiles{max: max, open: make(map[*part]*dataFile)}
}

// acquire returns p's data file, opened for reads, for one read, which
// must release it.
func (c *dataFiles) acquire(ctx context.Context, rr rangeReader, p *part) (*dataFile, error) {
	c.mu.Lock()
	if pf := c.open[p]; pf != nil {
		pf.users++
		c.lru.MoveToFront(pf.elem)
		c.mu.Unlock()
		return pf, nil
	}
	c.mu.Unlock()
	// Opening outside the lock keeps other reads going; a second opener
	// of the same part keeps its own file as a one-off.
	f, err := rr.OpenRanges(ctx, p.dataName())
	if err != nil {
		return nil, err
	}
	pf := &dataFile{p: p, f: f, users: 1}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.open[p] != nil {
		pf.doomed = true
		return pf, nil
	}
	c.open[p] = pf
	pf.elem = c.lru.PushFront(pf)
	c.evictLocked()
	return pf, nil
}

// release ends one read of pf, closing the file when it is doomed and
// this was its last reader.
func (c *dataFiles) release(pf *dataFile) error {
	c.mu.Lock()
	pf.users--
	closeNow := pf.doomed && pf.users == 0
	c.mu.Unlock()
	if closeNow {
		return pf.f.Close()
	}
	return nil
}

// evictLocked closes idle files, least recently used first, while more
// than max are open.
func (c *dataFiles) evictLocked() {
	for e := c.lru.Back(); e != nil && len(c.open) > c.max; {
		pf := e.Value.(*dataFile)
		e = e.Prev()
		if pf.users == 0 {
			c.forgetLocked(pf)
			// The file is idle and out of the map: no one can reach it.
			_ = pf.f.Close()
		}
	}
}

// forgetLocked takes pf out of the cache.
func (c *dataFiles) forgetLocked(pf *dataFile) {
	delete(c.open, pf.p)
	c.lru.Remove(pf.elem)
	pf.doomed = true
}

// drop closes p's file, at once when idle, else when its last reader
// releases it.
func (c *dataFiles) drop(p *part) error {
	c.mu.Lock()
	pf := c.open[p]
	if pf == nil {
		c.mu.Unlock()
		return nil
	}
	c.forgetLocked(pf)
	idle := pf.users == 0
	c.mu.Unlock()
	if idle {
		return pf.f.Close()
	}
	return nil
}

// closeAll closes every idle file, and the others as their reads end;
// later reads open files of their own.
func (c *dataFiles) closeAll() error {
	c.mu.Lock()
	c.closed = true
	var idle []*dataFile
	for _, pf := range c.open {
		c.forgetLocked(pf)
		if pf.users == 0 {
			idle = append(idle, pf)
		}
	}
	c.mu.Unlock()
	var errs []error
	for _, pf := range idle {
		errs = append(errs, pf.f.Close())
	}
	return errors.Join(errs...)
}
