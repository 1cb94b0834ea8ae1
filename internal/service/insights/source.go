package insights

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/exec"
)

// scanGroup is one log group a query reads, with what its events need.
type scanGroup struct {
	group   model.LogGroup
	label   string // @log: "account:name"
	streams map[int64]string
	ptrOf   func(*exec.Event) string
}

// scanSource turns the store's push-style columnar Scan into the pull-style
// exec.Source: Scan runs in its own goroutine and hands over row batches
// through a channel, so the store keeps reading while the engine works.
type scanSource struct {
	ch      chan []exec.Event
	errc    chan error
	scanned *atomic.Int64
	bytes   *atomic.Int64
}

func newScanSource(ctx context.Context, sc Scanner, groups []scanGroup, spec model.ScanSpec, concurrency int, scanned, bytes *atomic.Int64) *scanSource {
	s := &scanSource{ch: make(chan []exec.Event, 4), errc: make(chan error, 1), scanned: scanned, bytes: bytes}
	go func() {
		defer close(s.ch)
		for _, g := range groups {
			spec := spec
			spec.GroupIDs = []int64{g.group.ID}
			err := sc.Scan(ctx, spec, concurrency, func(b *model.Batch) error {
				evs := batchEvents(b, g)
				var n int64
				for i := range evs {
					n += int64(len(evs[i].Message))
				}
				s.scanned.Add(int64(len(evs)))
				s.bytes.Add(n)
				select {
				case s.ch <- evs:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if err != nil {
				s.errc <- fmt.Errorf("cannot scan log group %q: %w", g.group.Name, err)
				return
			}
		}
	}()
	return s
}

func (s *scanSource) Next(ctx context.Context) ([]exec.Event, error) {
	select {
	case evs, ok := <-s.ch:
		if !ok {
			select {
			case err := <-s.errc:
				return nil, err
			default:
				return nil, io.EOF
			}
		}
		return evs, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// batchEvents converts a columnar batch into the engine's rows. Strings
// are shared, not copied: the batch is never reused by the store.
func batchEvents(b *model.Batch, g scanGroup) []exec.Event {
	evs := make([]exec.Event, b.Len())
	for i := range evs {
		e := &evs[i]
		e.Timestamp = b.Timestamps[i]
		e.StreamID = b.StreamIDs[i]
		e.Seq = b.Seqs[i]
		e.GroupID = b.GroupID
		if b.IngestionTimes != nil {
			e.IngestionTime = b.IngestionTimes[i]
		}
		if b.Messages != nil {
			e.Message = b.Messages[i]
		}
		e.LogStream = g.streams[e.StreamID]
		e.LogGroup = g.label
		e.PtrOf = g.ptrOf
	}
	return evs
}

// A @ptr names one event: the group (by id and name, so a group deleted
// and created again does not resolve to the old one), the stream and the
// event's position. It is opaque to clients.
func encodePtr(groupName string, e *exec.Event) string {
	raw := fmt.Sprintf("p1:%d:%d:%d:%d:%s", e.GroupID, e.StreamID, e.Timestamp, e.Seq, groupName)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

type ptr struct {
	groupID, streamID int64
	cursor            model.Cursor
	groupName         string
}

func decodePtr(s string) (ptr, error) {
	bad := model.Errorf(model.ErrInvalidParameter, "The specified logRecordPointer is invalid.")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return ptr{}, bad
	}
	parts := strings.SplitN(string(raw), ":", 6)
	if len(parts) != 6 || parts[0] != "p1" {
		return ptr{}, bad
	}
	var p ptr
	var e1, e2, e3, e4 error
	p.groupID, e1 = strconv.ParseInt(parts[1], 10, 64)
	p.streamID, e2 = strconv.ParseInt(parts[2], 10, 64)
	p.cursor.Timestamp, e3 = strconv.ParseInt(parts[3], 10, 64)
	p.cursor.Seq, e4 = strconv.ParseUint(parts[4], 10, 64)
	if e1 != nil || e2 != nil || e3 != nil || e4 != nil || parts[5] == "" {
		return ptr{}, bad
	}
	p.groupName = parts[5]
	return p, nil
}
