package metrics

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/metricmath"
)

// Limits of GetMetricData.
const (
	maxDataQueries       = 500
	maxExpressionLen     = 2048
	defaultMaxDatapoints = 100_800
	// defaultExpressionPeriod is the period of an expression that has none
	// in a request without metric queries to take one from.
	defaultExpressionPeriod = 300
)

// ScanBy orders and StatusCode values of GetMetricData.
const (
	ScanTimestampDescending = "TimestampDescending"
	ScanTimestampAscending  = "TimestampAscending"
	StatusComplete          = "Complete"
	StatusPartialData       = "PartialData"
)

// MetricStat is a metric, a statistic and a period: one series to read.
type MetricStat struct {
	Metric Metric
	Period int64
	Stat   string
	// Unit selects data stored with that unit; "" reads every unit
	// together.
	Unit string
}

// MetricDataQuery is one query of GetMetricData: a MetricStat or a metric
// math Expression.
type MetricDataQuery struct {
	ID         string
	MetricStat *MetricStat
	Expression string
	Label      string
	// ReturnData nil means true.
	ReturnData *bool
	// Period is the period of an expression (0: the smallest period of the
	// request's metrics).
	Period    int64
	AccountID string
}

// GetMetricDataInput is a GetMetricData request. Times are epoch
// milliseconds; zero means absent.
type GetMetricDataInput struct {
	MetricDataQueries  []MetricDataQuery
	StartTime, EndTime int64
	NextToken          string
	// ScanBy is ScanTimestampDescending (the default) or
	// ScanTimestampAscending.
	ScanBy string
	// MaxDatapoints bounds the datapoints of one page; 0 means 100,800.
	MaxDatapoints int64
	// LabelTimezone is LabelOptions.Timezone, "+HHMM" or "-HHMM".
	LabelTimezone string
}

// MessageData is a message about a result or about the whole request.
type MessageData struct {
	Code, Value string
}

// MetricDataResult is one time series of the answer. An expression that
// yields several (SEARCH, METRICS()) gives one result each, under its Id.
type MetricDataResult struct {
	ID, Label  string
	Timestamps []int64 // epoch ms
	Values     []float64
	// StatusCode is StatusPartialData when more of this series is on later
	// pages.
	StatusCode string
	Messages   []MessageData
}

// GetMetricDataOutput is one page of the answer to GetMetricData.
type GetMetricDataOutput struct {
	MetricDataResults []MetricDataResult
	NextToken         string
	Messages          []MessageData
}

// idRe is the rule for query ids: metric math names them, so they start
// with a lower-case letter.
var idRe = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

// timezoneRe is the form of LabelOptions.Timezone.
var timezoneRe = regexp.MustCompile(`^[+-](0\d|1[0-4])[0-5]\d$`)

// dataQuery is a validated query of a GetMetricData request.
type dataQuery struct {
	MetricDataQuery
	index      int
	expr       metricmath.Expr
	refs       []string
	period     int64
	label      string
	returnData bool
}

// GetMetricData runs the queries of a request and returns one page of the
// series they produce: MetricStat queries read the store, expressions are
// evaluated over them (and over SEARCH results) in dependency order.
// Pages hold at most MaxDatapoints datapoints; NextToken continues.
func (s *Service) GetMetricData(ctx context.Context, account string, in GetMetricDataInput) (GetMetricDataOutput, error) {
	qs, err := checkDataQueries(account, in.MetricDataQueries)
	if err != nil {
		return GetMetricDataOutput{}, err
	}
	if err := checkRange(in.StartTime, in.EndTime); err != nil {
		return GetMetricDataOutput{}, err
	}
	scan := in.ScanBy
	switch scan {
	case "":
		scan = ScanTimestampDescending
	case ScanTimestampDescending, ScanTimestampAscending:
	default:
		return GetMetricDataOutput{}, model.Errorf(model.ErrInvalidParameter,
			"The value %s for parameter ScanBy is invalid. Valid values are TimestampDescending and TimestampAscending.", clip(in.ScanBy))
	}
	limit := in.MaxDatapoints
	switch {
	case limit == 0:
		limit = defaultMaxDatapoints
	case limit < 0:
		return GetMetricDataOutput{}, invalidValue(top("MaxDatapoints"), fmt.Sprint(in.MaxDatapoints))
	}
	if in.LabelTimezone != "" && !timezoneRe.MatchString(in.LabelTimezone) {
		return GetMetricDataOutput{}, model.Errorf(model.ErrInvalidParameter,
			"The value %s for parameter LabelOptions.Timezone is invalid. It must be +HHMM or -HHMM.", clip(in.LabelTimezone))
	}
	order, err := evalOrder(qs)
	if err != nil {
		return GetMetricDataOutput{}, err
	}
	fp := fingerprint(qs, in.StartTime, in.EndTime, scan)
	var tok pageToken
	if in.NextToken != "" {
		if tok, err = decodePageToken(in.NextToken, fp); err != nil {
			return GetMetricDataOutput{}, err
		}
	}

	run := &dataRun{svc: s, account: account, now: s.nowMs(), start: in.StartTime, end: in.EndTime}
	// The page is copied out of the series; their values are dead after.
	defer run.vals.release()
	results := make([]metricmath.Result, len(qs))
	done := make([]bool, len(qs))
	if err := run.readMetrics(ctx, qs, results, done); err != nil {
		return GetMetricDataOutput{}, err
	}
	for _, i := range order {
		q := &qs[i]
		res, err := run.evalExpression(ctx, q, qs, results, done)
		if err != nil {
			return GetMetricDataOutput{}, err
		}
		results[i], done[i] = res, true
	}

	var series []outSeries
	for i := range qs {
		if !qs[i].returnData {
			continue
		}
		for _, sr := range results[i].Series {
			series = append(series, outSeries{id: qs[i].ID, label: sr.Label, ts: sr.Timestamps, vs: sr.Values})
		}
	}
	out := paginate(series, scan == ScanTimestampDescending, limit, tok, fp)
	out.Messages = run.messages
	return out, nil
}

// checkDataQueries validates the queries of a request and parses their
// expressions. CloudWatch reports problems with a query's structure as
// ValidationError.
func checkDataQueries(account string, in []MetricDataQuery) ([]dataQuery, error) {
	list := top("MetricDataQueries")
	switch {
	case len(in) == 0:
		return nil, missing(list)
	case len(in) > maxDataQueries:
		return nil, tooMany(list, maxDataQueries)
	}
	qs := make([]dataQuery, len(in))
	seen := make(map[string]bool, len(in))
	var minPeriod int64
	for i := range in {
		q := &qs[i]
		q.MetricDataQuery, q.index = in[i], i
		p := list.at(i)
		if err := checkDataQuery(p, account, q); err != nil {
			return nil, asValidation(err)
		}
		if seen[q.ID] {
			return nil, model.Errorf(model.ErrValidation, "The value %s for parameter %s.Id is used by more than one query.", q.ID, p.String())
		}
		seen[q.ID] = true
		if q.MetricStat != nil && (minPeriod == 0 || q.MetricStat.Period < minPeriod) {
			minPeriod = q.MetricStat.Period
		}
	}
	if minPeriod == 0 {
		minPeriod = defaultExpressionPeriod
	}
	for i := range qs {
		if qs[i].expr != nil && qs[i].period == 0 {
			qs[i].period = minPeriod
		}
	}
	return qs, nil
}

// checkDataQuery validates one query, named p in messages.
func checkDataQuery(p param, account string, q *dataQuery) error {
	if q.ID == "" {
		return missing(p.dot("Id"))
	}
	if len(q.ID) > maxNameLen || !idRe.MatchString(q.ID) {
		return model.Errorf(model.ErrValidation, "The value %s for parameter %s.Id is invalid. An Id must start with a lowercase letter and hold only letters, digits and underscores.", clip(q.ID), p.String())
	}
	if q.AccountID != "" && q.AccountID != account {
		return model.Errorf(model.ErrValidation, "The value %s for parameter %s.AccountId is invalid. Only the caller's own account can be queried.", clip(q.AccountID), p.String())
	}
	q.returnData = q.ReturnData == nil || *q.ReturnData
	switch {
	case q.MetricStat != nil && q.Expression != "":
		return model.Errorf(model.ErrValidation, "The parameters %s.Expression and %s.MetricStat are mutually exclusive and you have specified both.", p.String(), p.String())
	case q.MetricStat == nil && q.Expression == "":
		return model.Errorf(model.ErrValidation, "Exactly one of the parameters %s.Expression and %s.MetricStat must be specified.", p.String(), p.String())
	case q.MetricStat != nil:
		ms, msParam := q.MetricStat, p.dot("MetricStat")
		if err := checkMetric(msParam.dot("Metric"), ms.Metric); err != nil {
			return err
		}
		if err := checkPeriod(msParam.dot("Period"), ms.Period); err != nil {
			return err
		}
		if ms.Stat == "" {
			return missing(msParam.dot("Stat"))
		}
		if !ValidStatistic(ms.Stat) {
			return model.Errorf(model.ErrValidation, "The value %s for parameter %s.MetricStat.Stat is not a valid statistic.", clip(ms.Stat), p.String())
		}
		if err := checkUnit(msParam.dot("Unit"), ms.Unit); err != nil {
			return err
		}
		if q.Period != 0 {
			return model.Errorf(model.ErrValidation, "The parameter %s.Period is for expressions; the period of a MetricStat is %s.MetricStat.Period.", p.String(), p.String())
		}
		q.period = ms.Period
		q.label = q.Label
		if q.label == "" {
			q.label = ms.Metric.MetricName
		}
		return nil
	}
	if len(q.Expression) > maxExpressionLen {
		return tooLong(p.dot("Expression"), maxExpressionLen)
	}
	if q.Period != 0 {
		if err := checkPeriod(p.dot("Period"), q.Period); err != nil {
			return err
		}
	}
	expr, err := metricmath.Parse(q.Expression)
	if err != nil {
		return expressionError(q.ID, err)
	}
	q.expr, q.refs, q.period, q.label = expr, metricmath.Refs(expr), q.Period, q.Label
	return nil
}

// asValidation reports an invalid value in the structure of a
// GetMetricData query as CloudWatch does, as a ValidationError with the
// same message. Missing parameters, invalid combinations and errors in
// expressions keep their own kinds.
func asValidation(err error) error {
	var me *model.Error
	if errors.As(err, &me) && me.Kind == model.ErrInvalidParameter && !expressionFailure(err) {
		return model.Errorf(model.ErrValidation, "%s", me.Message)
	}
	return err
}

// errExpression marks errors in an expression, which keep their kind.
type errExpression struct{ error }

func (e errExpression) Unwrap() error { return e.error }

func expressionFailure(err error) bool {
	var ee errExpression
	return errors.As(err, &ee)
}

// expressionError names the query whose expression failed. Problems with
// the expression keep their kind (an invalid parameter value, a limit);
// failures of the store pass through.
func expressionError(id string, err error) error {
	var pe *metricmath.ParseError
	if errors.As(err, &pe) {
		return errExpression{model.Errorf(model.ErrInvalidParameter, "Error in expression %s: %s", id, pe.Msg)}
	}
	var me *model.Error
	if errors.As(err, &me) && (errors.Is(err, model.ErrInvalidParameter) || errors.Is(err, model.ErrLimitExceeded)) {
		return errExpression{model.Errorf(me.Kind, "Error in expression %s: %s", id, me.Message)}
	}
	return fmt.Errorf("cannot evaluate expression %s: %w", id, err)
}

// evalOrder returns the expressions in an order that evaluates every
// query an expression names before it, rejecting unknown ids and cycles.
func evalOrder(qs []dataQuery) ([]int, error) {
	byID := make(map[string]int, len(qs))
	for i := range qs {
		byID[qs[i].ID] = i
	}
	const (
		unseen = iota
		active
		finished
	)
	state := make([]int, len(qs))
	var order []int
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case finished:
			return nil
		case active:
			return model.Errorf(model.ErrValidation, "The expression of query %s depends on itself through a cycle of ids.", qs[i].ID)
		}
		state[i] = active
		for _, ref := range qs[i].refs {
			j, ok := byID[ref]
			if !ok {
				return model.Errorf(model.ErrValidation, "Error in expression %s: Unrecognized id: %s", qs[i].ID, ref)
			}
			if qs[j].expr != nil {
				if err := visit(j); err != nil {
					return err
				}
			}
		}
		state[i] = finished
		order = append(order, i)
		return nil
	}
	for i := range qs {
		if qs[i].expr != nil {
			if err := visit(i); err != nil {
				return nil, err
			}
		}
	}
	return order, nil
}

// dataRun is the state of one GetMetricData evaluation.
type dataRun struct {
	svc        *Service
	account    string
	now        int64 // epoch ms
	start, end int64 // the request's range, epoch ms

	mu       sync.Mutex
	messages []MessageData
	// vals holds the values of series read in one pass (readMany).
	vals floatArena
}

func (r *dataRun) note(m MessageData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.Contains(r.messages, m) {
		r.messages = append(r.messages, m)
	}
}

// readMetrics reads every MetricStat query, several at a time.
func (r *dataRun) readMetrics(ctx context.Context, qs []dataQuery, results []metricmath.Result, done []bool) error {
	var idx []int
	for i := range qs {
		if qs[i].MetricStat != nil {
			idx = append(idx, i)
		}
	}
	return r.svc.parallel(ctx, len(idx), func(ctx context.Context, k int) error {
		i := idx[k]
		q := &qs[i]
		ms := q.MetricStat
		sr, err := r.readSeries(ctx, ms.Metric, ms.Stat, ms.Unit, ms.Period)
		if err != nil {
			return fmt.Errorf("cannot read query %s: %w", q.ID, err)
		}
		sr.ID, sr.Label = q.ID, q.label
		results[i] = metricmath.Result{ID: q.ID, Metric: true, Period: int(ms.Period), Series: []metricmath.Series{sr}}
		done[i] = true
		return nil
	})
}

// evalExpression evaluates query q over the results computed so far.
func (r *dataRun) evalExpression(ctx context.Context, q *dataQuery, qs []dataQuery, results []metricmath.Result, done []bool) (metricmath.Result, error) {
	env := metricmath.Env{Search: r.searchFunc(ctx), Band: r.bandFunc(ctx, qs)}
	for i := range qs {
		if done[i] {
			env.Results = append(env.Results, results[i])
		}
	}
	start := alignStart(r.start, r.now, q.period)
	res, err := metricmath.Eval(q.expr, env, metricmath.Options{
		ID: q.ID, Label: q.label, Period: int(q.period),
		Start: start / 1000, End: ceilDiv(r.end, 1000), Now: r.now / 1000,
	})
	if err != nil {
		return metricmath.Result{}, expressionError(q.ID, err)
	}
	return res, nil
}

// ceilDiv is ⌈a/b⌉ for a ≥ 0, b > 0.
func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// parallel runs fn(0…n-1) on up to s.concurrency goroutines and returns
// the first error; after one, the remaining calls are skipped.
func (s *Service) parallel(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	if n == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		next  int
		first error
		wg    sync.WaitGroup
	)
	work := func() {
		for {
			mu.Lock()
			i := next
			next++
			stop := first != nil
			mu.Unlock()
			if i >= n || stop {
				return
			}
			if err := fn(ctx, i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
					cancel()
				}
				mu.Unlock()
				return
			}
		}
	}
	for range min(s.concurrency, n) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	return first
}
