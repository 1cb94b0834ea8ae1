package logstore

import (
	"context"
	"errors"
	"testing"
)

// countingFiles is a rangeReader whose files count their opens and
// closes, and fail reads once closed.
type countingFiles struct{ opened, closed int }

type countedFile struct {
	c      *countingFiles
	closed bool
}

func (c *countingFiles) OpenRanges(context.Context, string) (rangeFile, error) {
	c.opened++
	return &countedFile{c: c}, nil
}

func (f *countedFile) ReadRange(dst []byte, off int64) error {
	if f.closed {
		return errors.New("file already closed")
	}
	return nil
}

func (f *countedFile) Close() error {
	if f.closed {
		return errors.New("closed twice")
	}
	f.closed = true
	f.c.closed++
	return nil
}

func TestDataFiles(t *testing.T) {
	ctx := t.Context()
	parts := []*part{{meta: partMeta{id: 1}}, {meta: partMeta{id: 2}}, {meta: partMeta{id: 3}}}
	t.Run("reuse and bound", func(t *testing.T) {
		rr := &countingFiles{}
		c := newDataFiles(2)
		for range 3 {
			for _, p := range parts {
				f, err := c.acquire(ctx, rr, p)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.f.ReadRange(nil, 0); err != nil {
					t.Fatal(err)
				}
				if err := c.release(f); err != nil {
					t.Fatal(err)
				}
			}
		}
		if open := rr.opened - rr.closed; open > 2 {
			t.Fatalf("%d files open, at most 2 may be", open)
		}
		f, _ := c.acquire(ctx, rr, parts[2])
		f2, _ := c.acquire(ctx, rr, parts[2])
		if f != f2 {
			t.Fatal("a part's open file was not shared")
		}
		c.release(f)
		c.release(f2)
		if err := c.closeAll(); err != nil {
			t.Fatal(err)
		}
		if rr.opened != rr.closed {
			t.Fatalf("%d opened, %d closed", rr.opened, rr.closed)
		}
	})
	t.Run("close and drop under a read", func(t *testing.T) {
		rr := &countingFiles{}
		c := newDataFiles(8)
		a, _ := c.acquire(ctx, rr, parts[0])
		b, _ := c.acquire(ctx, rr, parts[1])
		if err := c.drop(parts[1]); err != nil {
			t.Fatal(err)
		}
		if err := c.closeAll(); err != nil {
			t.Fatal(err)
		}
		for _, f := range []*dataFile{a, b} {
			if err := f.f.ReadRange(nil, 0); err != nil {
				t.Fatalf("a read in progress failed: %v", err)
			}
			if err := c.release(f); err != nil {
				t.Fatal(err)
			}
		}
		// A read after the close gets a file of its own, closed after it.
		late, err := c.acquire(ctx, rr, parts[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := c.release(late); err != nil {
			t.Fatal(err)
		}
		if rr.opened != 3 || rr.closed != 3 {
			t.Fatalf("%d opened, %d closed; want 3 and 3", rr.opened, rr.closed)
		}
	})
}
