package metricstore

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// Listing windows, as CloudWatch has them.
const (
	listWindow     = 14 * 86400 // ListMetrics shows series with data in the last two weeks
	recentWindow   = 3 * 3600   // RecentlyActive (PT3H)
	maxListResults = 500
)

// DimensionFilter matches series that have dimension Name, with value Value
// unless Value is empty.
type DimensionFilter struct {
	Name  string
	Value string
}

// Filter selects series of one account as ListMetrics does: every field
// that is set must match, and the series must have every dimension of
// Dimensions (it may have others).
type Filter struct {
	AccountID  string
	Namespace  string
	MetricName string
	Dimensions []DimensionFilter
	// RecentlyActive keeps only series with a datapoint no more than three
	// hours before Now, which must then be set.
	RecentlyActive bool
}

// ListQuery is a ListMetrics request.
type ListQuery struct {
	Filter
	// Now is the current time in milliseconds since the epoch. When set,
	// only series with a datapoint in the two weeks before Now (or later)
	// are listed, as in CloudWatch.
	Now int64
	// Limit is the most keys returned; 0 or more than 500 means 500.
	Limit int
	// NextToken continues a previous listing.
	NextToken string
}

// ListMetrics returns the keys of the series matching q, in a stable order
// (the order in which the series were created since the store was opened),
// and a token for the next page, empty on the last page. A token stays
// valid while the store is open; series created after it was issued may
// or may not appear in later pages.
func (s *Store) ListMetrics(ctx context.Context, q ListQuery) ([]SeriesKey, string, error) {
	if err := q.Filter.validate(q.Now); err != nil {
		return nil, "", err
	}
	after, err := parseToken(q.NextToken)
	if err != nil {
		return nil, "", err
	}
	limit := q.Limit
	if limit <= 0 || limit > maxListResults {
		limit = maxListResults
	}
	x := s.idx
	x.mu.RLock()
	defer x.mu.RUnlock()
	m, ok := x.compile(&q.Filter, q.Now)
	if !ok {
		return nil, "", nil
	}
	cands := x.candidates(&q.Filter)
	var out []SeriesKey
	for i := sort.Search(len(cands), func(i int) bool { return cands[i] >= after }); i < len(cands); i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, "", err
			}
		}
		id := cands[i]
		sr := x.get(id)
		if sr == nil || !m.match(x, sr) {
			continue
		}
		if len(out) == limit {
			return out, strconv.FormatUint(uint64(id), 36), nil
		}
		out = append(out, x.decodeKey(sr.key))
	}
	return out, "", nil
}

func parseToken(tok string) (uint32, error) {
	if tok == "" {
		return 0, nil
	}
	id, err := strconv.ParseUint(tok, 36, 32)
	if err != nil || id > maxSeriesID {
		return 0, model.Errorf(model.ErrInvalidParameter, "invalid next token")
	}
	return uint32(id), nil
}

// validate checks the filter's fields.
func (f *Filter) validate(now int64) error {
	if !validAccount(f.AccountID) {
		return model.Errorf(model.ErrInvalidParameter, "invalid account id %q", f.AccountID)
	}
	if len(f.Namespace) > maxNameLen || len(f.MetricName) > maxNameLen {
		return model.Errorf(model.ErrInvalidParameter, "namespace and metric name are at most %d bytes long", maxNameLen)
	}
	if len(f.Dimensions) > maxDimensions {
		return model.Errorf(model.ErrInvalidParameter, "at most %d dimension filters", maxDimensions)
	}
	for _, d := range f.Dimensions {
		if len(d.Name) == 0 || len(d.Name) > maxNameLen || len(d.Value) > maxDimValueLen {
			return model.Errorf(model.ErrInvalidParameter, "invalid dimension filter %q", d.Name)
		}
	}
	if f.RecentlyActive && now == 0 {
		return model.Errorf(model.ErrInvalidParameter, "RecentlyActive needs the current time")
	}
	return nil
}

// matcher is a Filter compiled against the string table.
type matcher struct {
	account   string
	scope     uint32
	hasScope  bool
	metric    uint32
	hasMetric bool
	dims      []dimMatch
	// minLast is the earliest latest-datapoint time a series may have.
	minLast int64
}

type dimMatch struct {
	name  uint32
	value string
	any   bool
}

// compile compiles f for the time now (ms, 0 for none). It returns false
// when f names a string no series uses, so that nothing matches. Caller
// holds mu.
func (x *index) compile(f *Filter, now int64) (matcher, bool) {
	m := matcher{account: f.AccountID}
	var ok bool
	if f.Namespace != "" {
		if m.scope, ok = x.internScope(f.AccountID, f.Namespace, false); !ok {
			return m, false
		}
		m.hasScope = true
	}
	if f.MetricName != "" {
		if m.metric, ok = x.intern(f.MetricName, false); !ok {
			return m, false
		}
		m.hasMetric = true
	}
	for _, d := range f.Dimensions {
		id, ok := x.intern(d.Name, false)
		if !ok {
			return m, false
		}
		m.dims = append(m.dims, dimMatch{name: id, value: d.Value, any: d.Value == ""})
	}
	if now != 0 {
		window := int64(listWindow)
		if f.RecentlyActive {
			window = recentWindow
		}
		m.minLast = now/1000 - window
	}
	return m, true
}

// candidates returns the shortest postings list that holds every series
// matching f. Caller holds mu.
func (x *index) candidates(f *Filter) []uint32 {
	best := x.postings(x.termHash(termAccount, f.AccountID))
	try := func(t uint64) {
		if l := x.postings(t); len(l) < len(best) {
			best = l
		}
	}
	if f.Namespace != "" {
		try(x.termHash(termNamespace, f.AccountID, f.Namespace))
		if f.MetricName != "" {
			try(x.termHash(termMetric, f.AccountID, f.Namespace, f.MetricName))
		}
	}
	for _, d := range f.Dimensions {
		if d.Value == "" {
			try(x.termHash(termDimName, f.AccountID, d.Name))
		} else {
			try(x.termHash(termDimValue, f.AccountID, d.Name, d.Value))
		}
	}
	return best
}

// match reports whether a series matches. Caller holds mu.
func (m *matcher) match(x *index, sr *series) bool {
	if sr.key == "" || sr.lastTime() < max(m.minLast, 0) {
		return false
	}
	kr := keyReader{s: sr.key}
	scope := kr.uvarint()
	if m.hasScope {
		if scope != uint64(m.scope) {
			return false
		}
	} else if s := x.strs[scope]; len(s) <= len(m.account) || s[len(m.account)] != 0 || !strings.HasPrefix(s, m.account) {
		return false
	}
	if metric := kr.uvarint(); m.hasMetric && metric != uint64(m.metric) {
		return false
	}
	if len(m.dims) == 0 {
		return true
	}
	var names [maxDimensions]uint64
	var values [maxDimensions]string
	n := min(int(kr.uvarint()), maxDimensions)
	for i := range n {
		names[i] = kr.uvarint()
		values[i] = kr.str()
	}
	for _, d := range m.dims {
		found := false
		for i := range n {
			if names[i] == uint64(d.name) && (d.any || values[i] == d.value) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
