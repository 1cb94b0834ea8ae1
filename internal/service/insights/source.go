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
// exec.BatchSource: Scan runs in its own goroutine and hands over its
// batches through a channel, so the store keeps reading while the engine
// works.
type scanSource struct {
	ch      chan *exec.EventBatch
	errc    chan error
	scanned *atomic.Int64
	bytes   *atomic.Int64
}

func newScanSource(ctx context.Context, sc Scanner, groups []scanGroup, plan *scanPlan, start, end int64, concurrency int, scanned, bytes *atomic.Int64) *scanSource {
	s := &scanSource{ch: make(chan *exec.EventBatch, 2*concurrency), errc: make(chan error, 1), scanned: scanned, bytes: bytes}
	// One scan over every group keeps the store's workers busy across
	// groups; each batch names its group.
	byID := make(map[int64]*scanGroup, len(groups))
	spec := plan.spec
	spec.Start, spec.End = start, end
	spec.GroupIDs = make([]int64, 0, len(groups))
	for i := range groups {
		byID[groups[i].group.ID] = &groups[i]
		spec.GroupIDs = append(spec.GroupIDs, groups[i].group.ID)
	}
	go func() {
		defer close(s.ch)
		err := sc.Scan(ctx, spec, concurrency, func(b *model.Batch) error {
			g := byID[b.GroupID]
			if g == nil {
				return fmt.Errorf("the store returned a batch of log group %d, which the query does not read", b.GroupID)
			}
			eb := eventBatch(b, *g, plan)
			s.scanned.Add(int64(b.Len()))
			s.bytes.Add(eb.Bytes)
			select {
			case s.ch <- eb:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if err != nil {
			s.errc <- fmt.Errorf("cannot scan the log groups: %w", err)
		}
	}()
	return s
}

func (s *scanSource) NextBatch(ctx context.Context) (*exec.EventBatch, error) {
	select {
	case eb, ok := <-s.ch:
		if !ok {
			select {
			case err := <-s.errc:
				return nil, err
			default:
				return nil, io.EOF
			}
		}
		return eb, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *scanSource) Next(ctx context.Context) ([]exec.Event, error) {
	eb, err := s.NextBatch(ctx)
	if err != nil {
		return nil, err
	}
	return eb.Events(), nil
}

// eventBatch wraps a batch of the store for the engine: the rows of an
// exact scan read their fields from its columns. The batch is never
// reused by the store, so nothing is copied.
func eventBatch(b *model.Batch, g scanGroup, plan *scanPlan) *exec.EventBatch {
	eb := &exec.EventBatch{Batch: b, Streams: g.streams, LogGroup: g.label, PtrOf: g.ptrOf, Bytes: b.MessageBytes}
	if plan.spec.Exact {
		eb.Fields = exec.NewFieldColumns(b, plan.fields)
	}
	if b.MessageBytes == 0 && b.Messages != nil {
		// A store that does not count them: the messages it did read.
		for _, m := range b.Messages {
			eb.Bytes += int64(len(m))
		}
	}
	return eb
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
