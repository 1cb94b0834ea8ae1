package anomalydetectors

import (
	"context"
	"sort"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

// memStore is an in-memory Store.
type memStore struct {
	mu   sync.Mutex
	recs map[[2]string]model.AnomalyDetector
}

func newMemStore() *memStore { return &memStore{recs: map[[2]string]model.AnomalyDetector{}} }

func (m *memStore) PutAnomalyDetector(_ context.Context, d model.AnomalyDetector, limit int, replace bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{d.AccountID, d.Key}
	if old, ok := m.recs[k]; ok {
		if replace {
			old.Definition = d.Definition
			m.recs[k] = old
		}
		return nil
	}
	n := 0
	for k := range m.recs {
		if k[0] == d.AccountID {
			n++
		}
	}
	if limit > 0 && n >= limit {
		return model.Errorf(model.ErrLimitExceeded, "limit")
	}
	m.recs[k] = d
	return nil
}

func (m *memStore) GetAnomalyDetector(_ context.Context, accountID, key string) (model.AnomalyDetector, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.recs[[2]string{accountID, key}]
	if !ok {
		return d, model.Errorf(model.ErrNotFound, "no detector")
	}
	return d, nil
}

func (m *memStore) ListAnomalyDetectors(_ context.Context, accountID, namespace, metricName string) ([]model.AnomalyDetector, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []model.AnomalyDetector
	for k, d := range m.recs {
		if k[0] == accountID && (namespace == "" || d.Namespace == namespace) && (metricName == "" || d.MetricName == metricName) {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (m *memStore) DeleteAnomalyDetector(_ context.Context, accountID, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.recs[[2]string{accountID, key}]; !ok {
		return model.Errorf(model.ErrNotFound, "no detector")
	}
	delete(m.recs, [2]string{accountID, key})
	return nil
}

// fakeReader answers GetMetricData from a function of time: one value
// per period of every query that returns data, from the first period
// boundary at or after the start, in pages of pageSize points.
type fakeReader struct {
	value    func(ms int64) (float64, bool)
	pageSize int

	mu    sync.Mutex
	calls int
	err   error
}

func (f *fakeReader) GetMetricData(_ context.Context, _ string, in metrics.GetMetricDataInput) (metrics.GetMetricDataOutput, error) {
	f.mu.Lock()
	f.calls++
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return metrics.GetMetricDataOutput{}, err
	}
	var out metrics.GetMetricDataOutput
	skip := 0
	if in.NextToken != "" {
		for _, c := range in.NextToken {
			skip = skip*10 + int(c-'0')
		}
	}
	for _, q := range in.MetricDataQueries {
		if q.ReturnData != nil && !*q.ReturnData {
			continue
		}
		period := q.Period
		if q.MetricStat != nil {
			period = q.MetricStat.Period
		}
		if period == 0 {
			period = 60
		}
		r := metrics.MetricDataResult{ID: q.ID}
		step := period * 1000
		first := (in.StartTime + step - 1) / step * step
		i := 0
		for ts := first; ts < in.EndTime; ts += step {
			v, ok := f.value(ts)
			if !ok {
				continue
			}
			if i >= skip && (f.pageSize == 0 || i < skip+f.pageSize) {
				r.Timestamps = append(r.Timestamps, ts)
				r.Values = append(r.Values, v)
			}
			i++
		}
		if f.pageSize > 0 && i > skip+f.pageSize {
			out.NextToken = itoa(skip + f.pageSize)
		}
		out.MetricDataResults = append(out.MetricDataResults, r)
	}
	return out, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
