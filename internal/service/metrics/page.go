package metrics

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
)

// outSeries is a series GetMetricData returns, before paging.
type outSeries struct {
	id, label string
	ts        []int64 // epoch seconds, ascending
	vs        []float64
}

// pageToken is where a page of GetMetricData ends: in series index, after
// the point at time last in scan order (at the start of the series when
// hasLast is false). Keeping a time rather than a count means points that
// arrive between two pages never make a page repeat or skip a point.
type pageToken struct {
	index   int
	hasLast bool
	last    int64
}

// pageTokenVersion heads every token, so the layout can change.
const pageTokenVersion = 1

// maxTokenLen bounds the tokens decodePageToken reads.
const maxTokenLen = 64

// encode writes the token, bound to the request's fingerprint fp.
func (t pageToken) encode(fp uint64) string {
	b := []byte{pageTokenVersion}
	b = binary.BigEndian.AppendUint64(b, fp)
	b = binary.AppendUvarint(b, uint64(t.index))
	if t.hasLast {
		b = append(b, 1)
		b = binary.AppendVarint(b, t.last)
	} else {
		b = append(b, 0)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodePageToken reads a token issued for the request whose fingerprint
// is fp; a token of another request, or no token at all, fails with
// model.ErrInvalidNextToken.
func decodePageToken(s string, fp uint64) (pageToken, error) {
	bad := func() (pageToken, error) {
		return pageToken{}, model.Errorf(model.ErrInvalidNextToken, "The NextToken is not valid for this request.")
	}
	if len(s) > maxTokenLen {
		return bad()
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 10 || b[0] != pageTokenVersion || binary.BigEndian.Uint64(b[1:9]) != fp {
		return bad()
	}
	b = b[9:]
	idx, n := binary.Uvarint(b)
	if n <= 0 || idx > maxDataQueries*maxSearchResults {
		return bad()
	}
	b = b[n:]
	t := pageToken{index: int(idx)}
	switch {
	case len(b) == 1 && b[0] == 0:
	case len(b) > 1 && b[0] == 1:
		var m int
		t.last, m = binary.Varint(b[1:])
		if m <= 0 || 1+m != len(b) {
			return bad()
		}
		t.hasLast = true
	default:
		return bad()
	}
	return t, nil
}

// fingerprint identifies what a GetMetricData request asks for, so that a
// token is refused by any other request.
func fingerprint(qs []dataQuery, start, end int64, scan string) uint64 {
	h := fnv.New64a()
	put := func(parts ...any) {
		for _, p := range parts {
			_, _ = fmt.Fprintf(h, "%v\x00", p)
		}
	}
	put(start, end, scan, len(qs))
	for i := range qs {
		q := &qs[i]
		put(q.ID, q.Expression, q.label, q.period, q.returnData)
		if ms := q.MetricStat; ms != nil {
			put(ms.Metric.Namespace, ms.Metric.MetricName, ms.Stat, ms.Unit, len(ms.Metric.Dimensions))
			for _, d := range ms.Metric.Dimensions {
				put(d.Name, d.Value)
			}
		}
	}
	return h.Sum64()
}

// paginate cuts the page that tok starts out of every series to return.
// Every page lists every series, so a client sees all ids on any page:
// series finished on earlier pages come back empty and Complete, series
// with points left after this page are PartialData, and the page's token
// points after its last point.
func paginate(series []outSeries, descending bool, limit int64, tok pageToken, fp uint64) GetMetricDataOutput {
	out := GetMetricDataOutput{MetricDataResults: make([]MetricDataResult, len(series))}
	budget := limit
	var next *pageToken
	for i := range series {
		s := &series[i]
		res := MetricDataResult{ID: s.id, Label: s.label, StatusCode: StatusComplete, Timestamps: []int64{}, Values: []float64{}}
		out.MetricDataResults[i] = res
		if i < tok.index {
			continue
		}
		lo, hi := 0, len(s.ts) // the points left, as a range in ascending order
		if i == tok.index && tok.hasLast {
			cut, _ := slices.BinarySearch(s.ts, tok.last)
			if descending {
				hi = cut
			} else {
				lo = cut
				if lo < len(s.ts) && s.ts[lo] == tok.last {
					lo++
				}
			}
		}
		n := int64(hi - lo)
		take := min(n, budget)
		budget -= take
		if take < n {
			res.StatusCode = StatusPartialData
			if next == nil {
				next = &pageToken{index: i}
				if take > 0 || (i == tok.index && tok.hasLast) {
					next.hasLast = true
					switch {
					case take == 0:
						next.last = tok.last
					case descending:
						next.last = s.ts[hi-int(take)]
					default:
						next.last = s.ts[lo+int(take)-1]
					}
				}
			}
		}
		if descending {
			lo = hi - int(take)
		} else {
			hi = lo + int(take)
		}
		res.Timestamps = make([]int64, 0, hi-lo)
		res.Values = make([]float64, 0, hi-lo)
		if descending {
			for j := hi - 1; j >= lo; j-- {
				res.Timestamps = append(res.Timestamps, s.ts[j]*1000)
				res.Values = append(res.Values, s.vs[j])
			}
		} else {
			for j := lo; j < hi; j++ {
				res.Timestamps = append(res.Timestamps, s.ts[j]*1000)
				res.Values = append(res.Values, s.vs[j])
			}
		}
		out.MetricDataResults[i] = res
	}
	if next != nil {
		out.NextToken = next.encode(fp)
	}
	return out
}
