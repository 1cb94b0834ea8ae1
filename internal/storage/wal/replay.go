package wal

import (
	"errors"
	"fmt"
	"io"

	"github.com/openwatch/openwatch/internal/model"
)

// Replay calls fn for every durable record, oldest first. The payload is
// valid only during the call. A record that cannot be read returns an error
// wrapping model.ErrCorruption; an error from fn stops the replay and is
// returned wrapped. Records appended while Replay runs may or may not be
// seen, so callers replay before they start appending.
func (w *WAL) Replay(fn func(lsn LSN, payload []byte) error) error {
	w.mu.Lock()
	segs := append([]segment(nil), w.segments...)
	w.mu.Unlock()
	for i, s := range segs {
		if s.size == 0 && i == len(segs)-1 {
			// Created by a roll whose first write has not completed.
			break
		}
		if err := w.replaySegment(s, fn); err != nil {
			return err
		}
	}
	return nil
}

func (w *WAL) replaySegment(s segment, fn func(LSN, []byte) error) (err error) {
	name := segmentName(s.index)
	f, err := w.fs.Open(segmentPath(w.dir, s.index))
	if err != nil {
		return fmt.Errorf("cannot open segment %q: %w", name, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("cannot close segment %q: %w", name, cerr)
		}
	}()
	r := newSegmentReader(f, s.index, s.size)
	if err := r.readHeader(); err != nil {
		var herr *headerError
		if errors.As(err, &herr) || errors.Is(err, errTornHeader) {
			return model.Errorf(model.ErrCorruption, "wal segment %q: %v", name, err)
		}
		return fmt.Errorf("cannot read segment %q: %w", name, err)
	}
	for {
		payload, off, err := r.next()
		var rerr *recordError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &rerr):
			return model.Errorf(model.ErrCorruption, "wal segment %q: %v", name, rerr)
		case err != nil:
			return fmt.Errorf("cannot read segment %q: %w", name, err)
		}
		lsn := makeLSN(s.index, off)
		if err := fn(lsn, payload); err != nil {
			return fmt.Errorf("cannot replay record %v: %w", lsn, err)
		}
	}
}
