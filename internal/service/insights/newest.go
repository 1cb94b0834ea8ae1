package insights

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/query/exec"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

// A query whose result is the newest (or oldest) events that pass its
// filters, up to a limit — the console's `fields … | filter … | sort
// @timestamp desc | limit 100` — needs the fields it shows only for those
// few events, but reading them as it goes decodes them for every event
// that passes. It runs in two steps instead: the filters alone count the
// passing events per minute, which reads only the columns they need; the
// minutes that hold the limit's worth of events, newest first, are then
// the only range the whole query reads. The counts are exact, so the rows
// are those of one step, and the statistics are the first step's, which
// covers the whole range: the same records scanned and matched, and bytes
// scanned as estimated by a scan that does not read the messages.

// newestPlan is the first step of such a query.
type newestPlan struct {
	count *syntax.Query // the filters, then stats count(*) by bin(1m)
	desc  bool          // newest first
	n     int           // the rows the query keeps
}

// binField and countField name the first step's columns.
const (
	binField   = "t"
	countField = "n"
	binWidth   = time.Minute
)

// planNewest returns the first step of q when q keeps the first limit
// events in @timestamp order among those its filters pass: filter
// commands, fields and display commands of plain fields, then sort
// @timestamp (or no sort: newest first) and a limit, or the API's limit.
func planNewest(q *syntax.Query, limit int) (*newestPlan, bool) {
	p := &newestPlan{desc: true, n: limit}
	ok := true
	var filters, defined []string
	cmds := q.Commands
	i := 0
scan:
	for ; i < len(cmds); i++ {
		switch c := cmds[i].(type) {
		case *syntax.FilterCmd:
			if exec.ReadsAny(c.Expr, defined) {
				return nil, false
			}
			filters = append(filters, c.String())
		case *syntax.FieldsCmd:
			if defined, ok = pickedFields(defined, c.Items); !ok {
				return nil, false
			}
		case *syntax.DisplayCmd:
			if defined, ok = pickedFields(defined, c.Items); !ok {
				return nil, false
			}
		default:
			break scan
		}
	}
	if i < len(cmds) {
		if s, ok := cmds[i].(*syntax.SortCmd); ok {
			if len(s.Keys) != 1 {
				return nil, false
			}
			f, ok := s.Keys[0].Expr.(*syntax.FieldRef)
			if !ok || f.Name() != "@timestamp" {
				return nil, false
			}
			p.desc = s.Keys[0].Descending()
			i++
		}
	}
	if i < len(cmds) {
		l, ok := cmds[i].(*syntax.LimitCmd)
		if !ok || i != len(cmds)-1 {
			return nil, false
		}
		p.n = min(p.n, l.N)
	}
	if p.n <= 0 {
		return nil, false
	}
	text := strings.Join(append(filters, fmt.Sprintf("stats count(*) as %s by bin(%s) as %s", countField, "1m", binField)), " | ")
	count, err := syntax.Parse(text)
	if err != nil {
		return nil, false
	}
	p.count = count
	return p, true
}

// pickedFields appends the names a fields or display command sets to
// defined; ok is false unless it only picks fields as they are, which
// changes no event and drops none. A nested field it picks is set under
// its full name, which a filter after it then reads (as the engine's own
// pushdown assumes).
func pickedFields(defined []string, items []syntax.Projection) ([]string, bool) {
	for _, it := range items {
		f, ok := it.Expr.(*syntax.FieldRef)
		if !ok || (it.Alias != "" && it.Alias != f.Name()) {
			return defined, false
		}
		if len(f.Path) != 1 {
			defined = append(defined, f.Name())
		}
	}
	return defined, true
}

// narrow returns the range [lo, hi] (epoch ms) of the minutes that hold
// the plan's rows, from the first step's counts, within [start, end];
// empty reports that no event passes.
func (p *newestPlan) narrow(counts *exec.Result, start, end int64) (lo, hi int64, empty bool, err error) {
	type bin struct{ t, n int64 }
	bins := make([]bin, 0, len(counts.Rows))
	for _, row := range counts.Rows {
		var b bin
		for _, f := range row {
			switch f.Field {
			case binField:
				t, err := time.Parse("2006-01-02 15:04:05.000", f.Value)
				if err != nil {
					return 0, 0, false, fmt.Errorf("cannot read the time bin %q: %w", f.Value, err)
				}
				b.t = t.UnixMilli()
			case countField:
				n, err := strconv.ParseInt(f.Value, 10, 64)
				if err != nil {
					return 0, 0, false, fmt.Errorf("cannot read the count %q: %w", f.Value, err)
				}
				b.n = n
			}
		}
		bins = append(bins, b)
	}
	if len(bins) == 0 {
		return 0, 0, true, nil
	}
	slices.SortFunc(bins, func(a, b bin) int {
		if p.desc {
			return cmp.Compare(b.t, a.t)
		}
		return cmp.Compare(a.t, b.t)
	})
	edge := bins[len(bins)-1].t
	var sum int64
	for _, b := range bins {
		if sum += b.n; sum >= int64(p.n) {
			edge = b.t
			break
		}
	}
	if p.desc {
		return max(start, edge), end, false, nil
	}
	return start, min(end, edge+binWidth.Milliseconds()-1), false, nil
}
