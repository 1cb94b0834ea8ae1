package insights

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/exec"
)

// Results is GetQueryResults' answer.
type Results struct {
	Status string
	// Rows are complete only when Status is Complete; while the query is
	// Running they are the result over the events scanned so far.
	Rows  [][]exec.ResultField
	Stats exec.Statistics
	// Error explains a Failed query.
	Error string
}

func errQueryNotFound(id string) error {
	return model.Errorf(model.ErrNotFound, "Query %s does not exist.", id)
}

func (s *Service) lookup(c Caller, id string) (*query, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.queries[id]
	if !ok || q.account != c.AccountID {
		return nil, errQueryNotFound(id)
	}
	return q, nil
}

// GetQueryResults returns a query's status, statistics and rows. While it
// runs, the statistics show its progress and the rows are those of the
// events scanned so far, as CloudWatch shows partial results. A positive
// wait holds the answer of a query that has not ended until it ends, wait
// passes or ctx ends.
func (s *Service) GetQueryResults(ctx context.Context, c Caller, id string, wait time.Duration) (Results, error) {
	q, err := s.lookup(c, id)
	if err != nil {
		return Results{}, err
	}
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-q.done:
		case <-t.C:
		case <-ctx.Done():
		case <-s.draining:
		}
		t.Stop()
	}
	status, res, _ := q.snapshot()
	out := Results{Status: status}
	if res != nil {
		out.Rows, out.Stats = res.Rows, res.Stats
		return out, nil
	}
	out.Stats = exec.Statistics{RecordsScanned: q.scanned.Load(), BytesScanned: q.bytes.Load()}
	if status == StatusRunning {
		// The engine's own counts leave out the events the store skipped
		// for pushed-down filters; the query's counters have them all.
		if part := q.partial(); part != nil {
			out.Rows, out.Stats.RecordsMatched = part.Rows, part.Stats.RecordsMatched
		}
	}
	if status == StatusFailed {
		q.mu.Lock()
		out.Error = q.err.Error()
		q.mu.Unlock()
	}
	return out, nil
}

// StopQuery cancels a scheduled or running query.
func (s *Service) StopQuery(_ context.Context, c Caller, id string) error {
	q, err := s.lookup(c, id)
	if err != nil {
		return err
	}
	q.mu.Lock()
	if q.status != StatusScheduled && q.status != StatusRunning {
		q.mu.Unlock()
		return model.Errorf(model.ErrInvalidParameter, "Query %s is not running (status %s).", id, q.status)
	}
	q.status = StatusCancelled
	q.mu.Unlock()
	q.cancel()
	s.release(q)
	return nil
}

// QueryInfo is one DescribeQueries entry.
type QueryInfo struct {
	ID, QueryString, Status, LogGroupName string
	CreateTime                            int64 // ms
	Duration                              int64 // ms
	BytesScanned                          float64
}

// DescribeQueries lists the account's recent queries, newest first.
func (s *Service) DescribeQueries(_ context.Context, c Caller, group, status string, max int, next string) ([]QueryInfo, string, error) {
	if max == 0 {
		max = 1000
	}
	if max < 1 || max > 1000 {
		return nil, "", model.Errorf(model.ErrInvalidParameter, "maxResults must be between 1 and 1000.")
	}
	skip := 0
	if next != "" {
		n, err := strconv.Atoi(next)
		if err != nil || n < 0 {
			return nil, "", model.Errorf(model.ErrInvalidParameter, "The specified nextToken is invalid.")
		}
		skip = n
	}
	s.mu.Lock()
	var qs []*query
	for _, q := range s.queries {
		if q.account == c.AccountID {
			qs = append(qs, q)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(qs, func(a, b *query) int {
		if c := b.created.Compare(a.created); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	var out []QueryInfo
	for _, q := range qs {
		st, res, fin := q.snapshot()
		if status != "" && st != status {
			continue
		}
		if group != "" && !slices.Contains(q.groups, group) {
			continue
		}
		info := QueryInfo{ID: q.id, QueryString: q.text, Status: st, CreateTime: q.created.UnixMilli()}
		if len(q.groups) > 0 {
			info.LogGroupName = q.groups[0]
		}
		if !fin.IsZero() {
			info.Duration = fin.Sub(q.created).Milliseconds()
		}
		info.BytesScanned = float64(q.bytes.Load())
		if res != nil {
			info.BytesScanned = float64(res.Stats.BytesScanned)
		}
		out = append(out, info)
	}
	if skip > len(out) {
		skip = len(out)
	}
	out = out[skip:]
	if len(out) > max {
		return out[:max], strconv.Itoa(skip + max), nil
	}
	return out, "", nil
}

// GetLogRecord returns every field of the event an @ptr names.
func (s *Service) GetLogRecord(ctx context.Context, c Caller, ptrText string) (map[string]string, error) {
	p, err := decodePtr(ptrText)
	if err != nil {
		return nil, err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, p.groupName)
	if errors.Is(err, model.ErrNotFound) || (err == nil && g.ID != p.groupID) {
		return nil, model.Errorf(model.ErrNotFound, "The log record the pointer names does not exist.")
	}
	if err != nil {
		return nil, err
	}
	var found *model.StoredEvent
	before := p.cursor.Prev()
	err = s.store.Read(ctx, model.ReadSpec{GroupID: g.ID, StreamIDs: []int64{p.streamID}, Start: p.cursor.Timestamp, End: p.cursor.Timestamp + 1, After: &before},
		func(e *model.StoredEvent) bool {
			if e.Seq == p.cursor.Seq {
				ev := *e
				found = &ev
			}
			return false
		})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, model.Errorf(model.ErrNotFound, "The log record the pointer names does not exist.")
	}
	names, err := s.cat.StreamNames(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	ev := exec.Event{Timestamp: found.Timestamp, IngestionTime: found.IngestionTime, Message: found.Message,
		LogStream: names[found.StreamID], LogGroup: c.AccountID + ":" + g.Name, Ptr: ptrText}
	return exec.Record(&ev), nil
}

// partialEvery is how often polls of a running query take a new snapshot
// of its result; polls in between get the last one.
const partialEvery = 250 * time.Millisecond

// partial is the query's result so far, or nil.
func (q *query) partial() *exec.Result {
	q.partMu.Lock()
	defer q.partMu.Unlock()
	if q.part == nil || time.Since(q.partAt) >= partialEvery {
		q.part, q.partAt = q.progress.Snapshot(), time.Now()
	}
	return q.part
}
