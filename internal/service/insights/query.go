package insights

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/exec"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

// Query statuses as GetQueryResults reports them.
const (
	StatusScheduled = "Scheduled"
	StatusRunning   = "Running"
	StatusComplete  = "Complete"
	StatusFailed    = "Failed"
	StatusCancelled = "Cancelled"
	StatusTimeout   = "Timeout"
)

const (
	maxQueryLen    = 10000
	maxGroups      = 50
	defaultLimit   = 10000
	maxQueryGroups = 10000 // through SOURCE or prefixes: no 50-group cap
)

// query is one StartQuery and its outcome.
type query struct {
	id, account, text string
	groups            []string
	created           time.Time
	cancel            context.CancelFunc
	// done is closed once the query has ended and its status is final.
	done chan struct{}

	scanned, bytes atomic.Int64
	// progress serves the rows found so far while the query runs; part is
	// the last snapshot, taken at partAt and reused for a while, since
	// taking one copies every worker's state and holds each worker up.
	progress exec.Progress
	partMu   sync.Mutex
	part     *exec.Result
	partAt   time.Time
	// released is set, under Service.mu, once the query no longer counts
	// against its account's concurrency.
	released bool

	mu       sync.Mutex
	status   string
	result   *exec.Result
	err      error
	finished time.Time
}

func (q *query) snapshot() (string, *exec.Result, time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.status, q.result, q.finished
}

// StartQueryInput is StartQuery's request. Start and End are epoch
// seconds, both inclusive.
type StartQueryInput struct {
	QueryString string
	GroupNames  []string
	// GroupIdentifiers are names or ARNs.
	GroupIdentifiers []string
	Start, End       int64
	Limit            *int32
}

// StartQuery validates and schedules a query and returns its id.
func (s *Service) StartQuery(ctx context.Context, c Caller, in StartQueryInput) (string, error) {
	if len(in.QueryString) > maxQueryLen {
		return "", model.Errorf(model.ErrInvalidParameter, "1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length less than or equal to %d", maxQueryLen)
	}
	if in.End < in.Start {
		return "", model.Errorf(model.ErrInvalidParameter, "endTime (%d) must not be before startTime (%d).", in.End, in.Start)
	}
	limit := defaultLimit
	if in.Limit != nil {
		if *in.Limit < 1 || *in.Limit > exec.MaxLimit {
			return "", model.Errorf(model.ErrInvalidParameter, "limit must be between 1 and %d.", exec.MaxLimit)
		}
		limit = int(*in.Limit)
	}
	parsed, err := syntax.Parse(in.QueryString)
	if err != nil {
		return "", err
	}
	groups, err := s.resolveGroups(ctx, c, in, parsed)
	if err != nil {
		return "", err
	}

	s.mu.Lock()
	s.sweepLocked()
	if s.running[c.AccountID] >= s.opts.MaxConcurrentPerAccount {
		s.mu.Unlock()
		return "", model.Errorf(model.ErrLimitExceeded, "Account %s already runs the maximum of %d concurrent queries.", c.AccountID, s.opts.MaxConcurrentPerAccount)
	}
	qctx, cancel := context.WithTimeout(s.ctx, s.opts.Timeout)
	q := &query{id: newID(), account: c.AccountID, text: in.QueryString, created: s.opts.Now(), cancel: cancel, status: StatusScheduled, done: make(chan struct{})}
	for _, g := range groups {
		q.groups = append(q.groups, g.Name)
	}
	s.queries[q.id] = q
	s.running[c.AccountID]++
	s.wg.Add(1)
	s.mu.Unlock()

	go s.run(qctx, q, parsed, groups, in.Start*1000, in.End*1000+999, limit)
	return q.id, nil
}

// resolveGroups turns names, identifiers or a SOURCE command into groups.
func (s *Service) resolveGroups(ctx context.Context, c Caller, in StartQueryInput, parsed *syntax.Query) ([]model.LogGroup, error) {
	src := parsed.Source()
	given := 0
	for _, n := range [][]string{in.GroupNames, in.GroupIdentifiers} {
		if len(n) > 0 {
			given++
		}
	}
	switch {
	case given > 1:
		return nil, model.Errorf(model.ErrInvalidParameter, "Specify exactly one of logGroupName, logGroupNames and logGroupIdentifiers.")
	case given == 0 && src == nil:
		return nil, model.Errorf(model.ErrInvalidParameter, "Specify the log groups to query: logGroupName, logGroupNames, logGroupIdentifiers, or a SOURCE command.")
	case given > 0 && src != nil:
		return nil, model.Errorf(model.ErrInvalidParameter, "A query with a SOURCE command cannot also name log groups in the request.")
	}
	if src != nil {
		return s.groupsByPrefix(ctx, c, src.NamePrefixes)
	}
	names := in.GroupNames
	if len(in.GroupIdentifiers) > 0 {
		names = nil
		for _, id := range in.GroupIdentifiers {
			n, err := nameFromIdentifier(c, id)
			if err != nil {
				return nil, err
			}
			names = append(names, n)
		}
	}
	if len(names) > maxGroups {
		return nil, model.Errorf(model.ErrInvalidParameter, "A query can name at most %d log groups; use a SOURCE command with name prefixes for more.", maxGroups)
	}
	var out []model.LogGroup
	for _, n := range names {
		// A trailing * selects every group with that prefix, beyond
		// CloudWatch's 50-group cap.
		if p, ok := strings.CutSuffix(n, "*"); ok {
			gs, err := s.groupsByPrefix(ctx, c, []string{p})
			if err != nil {
				return nil, err
			}
			out = append(out, gs...)
			continue
		}
		g, err := s.cat.GetLogGroup(ctx, c.AccountID, n)
		if err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return nil, model.Errorf(model.ErrNotFound, "Log group '%s' does not exist for account ID '%s'", n, c.AccountID)
			}
			return nil, err
		}
		out = append(out, g)
	}
	return dedupGroups(out), nil
}

func (s *Service) groupsByPrefix(ctx context.Context, c Caller, prefixes []string) ([]model.LogGroup, error) {
	if len(prefixes) == 0 {
		prefixes = []string{""}
	}
	var out []model.LogGroup
	for _, p := range prefixes {
		after := ""
		for {
			page, err := s.cat.ListLogGroups(ctx, c.AccountID, model.GroupQuery{Prefix: p, After: after, Limit: 1000})
			if err != nil {
				return nil, err
			}
			out = append(out, page...)
			if len(out) > maxQueryGroups {
				return nil, model.Errorf(model.ErrInvalidParameter, "The SOURCE command selects more than %d log groups.", maxQueryGroups)
			}
			if len(page) < 1000 {
				break
			}
			after = page[len(page)-1].Name
		}
	}
	if len(out) == 0 {
		return nil, model.Errorf(model.ErrNotFound, "No log group matches the name prefixes %q.", prefixes)
	}
	return dedupGroups(out), nil
}

func dedupGroups(gs []model.LogGroup) []model.LogGroup {
	slices.SortFunc(gs, func(a, b model.LogGroup) int { return strings.Compare(a.Name, b.Name) })
	return slices.CompactFunc(gs, func(a, b model.LogGroup) bool { return a.ID == b.ID })
}

func nameFromIdentifier(c Caller, id string) (string, error) {
	if !strings.HasPrefix(id, "arn:") {
		return id, nil
	}
	parts := strings.SplitN(id, ":", 7)
	if len(parts) != 7 || parts[2] != "logs" || parts[5] != "log-group" {
		return "", model.Errorf(model.ErrInvalidParameter, "Invalid log group identifier %q.", id)
	}
	if parts[4] != c.AccountID {
		return "", model.Errorf(model.ErrNotFound, "Log group '%s' does not exist for account ID '%s'", parts[6], c.AccountID)
	}
	return strings.TrimSuffix(parts[6], ":*"), nil
}

// run executes one query in the background.
func (s *Service) run(ctx context.Context, q *query, parsed *syntax.Query, groups []model.LogGroup, startMs, endMs int64, limit int) {
	defer s.wg.Done()
	defer close(q.done)
	defer q.cancel()
	defer s.release(q)
	q.mu.Lock()
	if q.status == StatusScheduled {
		q.status = StatusRunning
	}
	q.mu.Unlock()

	res, err := s.execute(ctx, q, parsed, groups, startMs, endMs, limit)

	q.mu.Lock()
	defer q.mu.Unlock()
	q.finished = s.opts.Now()
	switch {
	case q.status == StatusCancelled:
	case errors.Is(err, context.DeadlineExceeded):
		q.status = StatusTimeout
	case errors.Is(err, context.Canceled):
		q.status = StatusCancelled
	case err != nil:
		q.status, q.err = StatusFailed, err
		s.log.Warn("query failed", "query_id", q.id, "err", err)
	default:
		q.status, q.result = StatusComplete, res
	}
}

func (s *Service) execute(ctx context.Context, q *query, parsed *syntax.Query, groups []model.LogGroup, startMs, endMs int64, limit int) (*exec.Result, error) {
	sgs, err := s.scanGroups(ctx, q, groups)
	if err != nil {
		return nil, err
	}
	// Every minute's count must come back: ranges of more minutes than a
	// result may hold run in one step.
	if np, ok := planNewest(parsed, limit); ok && parsed.Diff() == nil && (endMs-startMs)/binWidth.Milliseconds()+2 <= exec.MaxLimit {
		return s.executeNewest(ctx, q, np, parsed, sgs, startMs, endMs, limit)
	}
	return s.executeOnce(ctx, q, parsed, sgs, startMs, endMs, limit, &q.scanned, &q.bytes, &q.progress)
}

// scanGroups describes the groups a query reads for its scans.
func (s *Service) scanGroups(ctx context.Context, q *query, groups []model.LogGroup) ([]scanGroup, error) {
	sgs := make([]scanGroup, 0, len(groups))
	for _, g := range groups {
		names, err := s.cat.StreamNames(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		name := g.Name
		sgs = append(sgs, scanGroup{group: g, label: q.account + ":" + g.Name, streams: names,
			ptrOf: func(e *exec.Event) string { return encodePtr(name, e) }})
	}
	return sgs, nil
}

// executeNewest runs a query planNewest planned: the counts over the
// whole range, then the query over the minutes that hold its rows.
func (s *Service) executeNewest(ctx context.Context, q *query, np *newestPlan, parsed *syntax.Query, sgs []scanGroup, startMs, endMs int64, limit int) (*exec.Result, error) {
	// The counts are no partial result of the query: they show none.
	counts, err := s.executeOnce(ctx, q, np.count, sgs, startMs, endMs, exec.MaxLimit, &q.scanned, &q.bytes, nil)
	if err != nil {
		return nil, err
	}
	lo, hi, empty, err := np.narrow(counts, startMs, endMs)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", q.id, err)
	}
	if empty {
		// No event passes: the query still answers with its columns.
		lo, hi = endMs, endMs
	}
	var scanned, bytes atomic.Int64 // already counted by the first step
	res, err := s.executeOnce(ctx, q, parsed, sgs, lo, hi, limit, &scanned, &bytes, &q.progress)
	if err != nil {
		return nil, err
	}
	if empty {
		res.Rows = nil
	}
	if int64(len(res.Rows)) < min(int64(np.n), counts.Stats.RecordsMatched) {
		// Events went away between the steps (a stream deleted, say):
		// the minutes counted no longer hold the rows, so the whole range
		// is read again in one step.
		var scanned, bytes atomic.Int64
		return s.executeOnce(ctx, q, parsed, sgs, startMs, endMs, limit, &scanned, &bytes, &q.progress)
	}
	res.Stats = counts.Stats
	return res, nil
}

// executeOnce runs parsed over [startMs, endMs], counting what the scan
// reads in scanned and bytes and serving partial results through
// progress (nil: none).
func (s *Service) executeOnce(ctx context.Context, q *query, parsed *syntax.Query, sgs []scanGroup, startMs, endMs int64, limit int, scannedCtr, bytesCtr *atomic.Int64, progress *exec.Progress) (*exec.Result, error) {
	plan := planScan(parsed)
	opts := exec.Options{
		SourceTerms: plan.spec.Terms,
		Now:         s.opts.Now(),
		Start:       time.UnixMilli(startMs),
		End:         time.UnixMilli(endMs),
		Concurrency: s.opts.Concurrency,
		Run:         runParallel,
		Limit:       limit,
		Progress:    progress,
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The events the store leaves out for the pushed-down filters were
	// scanned all the same: the engine never sees them, so they are added
	// to its counts.
	var skipped, skippedBytes atomic.Int64
	counted := func(scanned, bytes *atomic.Int64) *scanPlan {
		p := plan
		p.spec.Skipped = func(events, size int64) {
			skipped.Add(events)
			skippedBytes.Add(size)
			scanned.Add(events)
			bytes.Add(size)
		}
		return &p
	}
	src := newScanSource(sctx, s.store, sgs, counted(scannedCtr, bytesCtr), startMs, endMs+1, s.opts.Concurrency, scannedCtr, bytesCtr)
	if d := parsed.Diff(); d != nil {
		bs, be := d.BaselineWindow(time.UnixMilli(startMs).UTC(), time.UnixMilli(endMs).UTC())
		var scanned, bytes atomic.Int64
		opts.Baseline = newScanSource(sctx, s.store, sgs, counted(&scanned, &bytes), bs.UnixMilli(), be.UnixMilli()+1, s.opts.Concurrency, &scanned, &bytes)
	}
	res, err := exec.Exec(sctx, parsed, src, opts)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", q.id, err)
	}
	res.Stats.RecordsScanned += skipped.Load()
	res.Stats.BytesScanned += skippedBytes.Load()
	return res, nil
}

// runParallel is the engine's Runner: one goroutine per task.
func runParallel(tasks []func()) {
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Go(t)
	}
	wg.Wait()
}

// release frees the query's concurrency slot; it is idempotent, so a
// stopped query frees its slot at once and again harmlessly when its
// goroutine ends.
func (s *Service) release(q *query) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !q.released {
		q.released = true
		s.running[q.account]--
	}
}

// sweepLocked forgets finished queries older than the retention.
func (s *Service) sweepLocked() {
	cutoff := s.opts.Now().Add(-s.opts.Retention)
	for id, q := range s.queries {
		if _, _, fin := q.snapshot(); !fin.IsZero() && fin.Before(cutoff) {
			delete(s.queries, id)
		}
	}
}
