package insights

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
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

// scanSource reads the query's log groups with one store scan. The engine
// either has the scan push each batch to a worker on the goroutine that read
// it (exec.PushSource), or pulls batches (exec.BatchSource): then the scan
// runs in its own goroutine, started by the first pull, and hands its
// batches over through a channel, so the store keeps reading while the
// engine works.
type scanSource struct {
	ctx         context.Context
	sc          Scanner
	spec        model.ScanSpec
	byID        map[int64]*scanGroup
	plan        *scanPlan
	concurrency int
	scanned     *atomic.Int64
	bytes       *atomic.Int64

	once   sync.Once             // starts the pulled scan, or marks the source pushed
	pushed bool                  // set by once: Push came first
	ch     chan *exec.EventBatch // the pulled scan's batches
	errc   chan error            // the pulled scan's error
}

func newScanSource(ctx context.Context, sc Scanner, groups []scanGroup, plan *scanPlan, start, end int64, concurrency int, scanned, bytes *atomic.Int64) *scanSource {
	s := &scanSource{ctx: ctx, sc: sc, plan: plan, concurrency: concurrency, scanned: scanned, bytes: bytes}
	// One scan over every group keeps the store's workers busy across
	// groups; each batch names its group.
	s.byID = make(map[int64]*scanGroup, len(groups))
	s.spec = plan.spec
	s.spec.Start, s.spec.End = start, end
	s.spec.GroupIDs = make([]int64, 0, len(groups))
	for i := range groups {
		s.byID[groups[i].group.ID] = &groups[i]
		s.spec.GroupIDs = append(s.spec.GroupIDs, groups[i].group.ID)
	}
	return s
}

// batch makes the engine's batch of one the store read, and counts it.
func (s *scanSource) batch(b *model.Batch) (*exec.EventBatch, error) {
	g := s.byID[b.GroupID]
	if g == nil {
		return nil, fmt.Errorf("the store returned a batch of log group %d, which the query does not read", b.GroupID)
	}
	eb := eventBatch(b, *g, s.plan)
	s.scanned.Add(int64(b.Len()))
	s.bytes.Add(eb.Bytes)
	return eb, nil
}

// Push implements exec.PushSource.
func (s *scanSource) Push(ctx context.Context, workers int, fn func(worker int, eb *exec.EventBatch) error) error {
	first := false
	s.once.Do(func() { first, s.pushed = true, true })
	switch {
	case !first && s.pushed:
		return errors.New("the scan was pushed twice")
	case !first:
		return errors.New("the scan was pulled from before it was pushed")
	}
	err := s.sc.ScanWorkers(ctx, s.spec, workers, func(w int, b *model.Batch) error {
		eb, err := s.batch(b)
		if err != nil {
			return err
		}
		return fn(w, eb)
	})
	if err != nil {
		return fmt.Errorf("cannot scan the log groups: %w", err)
	}
	return nil
}

// pull starts the scan that feeds NextBatch.
func (s *scanSource) pull() {
	s.ch, s.errc = make(chan *exec.EventBatch, 2*s.concurrency), make(chan error, 1)
	go func() {
		defer close(s.ch)
		err := s.sc.ScanWorkers(s.ctx, s.spec, s.concurrency, func(_ int, b *model.Batch) error {
			eb, err := s.batch(b)
			if err != nil {
				return err
			}
			select {
			case s.ch <- eb:
				return nil
			case <-s.ctx.Done():
				return s.ctx.Err()
			}
		})
		if err != nil {
			s.errc <- fmt.Errorf("cannot scan the log groups: %w", err)
		}
	}()
}

func (s *scanSource) NextBatch(ctx context.Context) (*exec.EventBatch, error) {
	s.once.Do(s.pull)
	if s.pushed {
		return nil, errors.New("the scan was pulled from after it was pushed")
	}
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
