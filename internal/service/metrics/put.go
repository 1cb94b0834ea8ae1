package metrics

import (
	"context"
	"fmt"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// Datum is one element of PutMetricData's MetricData. Its AccountID and
// Namespace are ignored: the request's apply.
type Datum struct {
	model.MetricDatum
	// Stamped is false when the client sent no Timestamp; the datum then
	// gets the time of the call.
	Stamped bool
}

// PutMetricDataInput is a PutMetricData request. Data of
// EntityMetricData count against the same limit of 1000 as MetricData;
// the entities themselves describe AWS resources and are not kept.
type PutMetricDataInput struct {
	Namespace        string
	MetricData       []Datum
	EntityMetricData [][]Datum
}

// dataPool recycles the data of PutMetricData requests: the store does not
// keep them, and a request holds up to a thousand.
var dataPool = sync.Pool{New: func() any { return new([]model.MetricDatum) }}

// PutMetricData validates a request as CloudWatch does and stores its data.
// The request is all or nothing: one invalid datum fails it.
func (s *Service) PutMetricData(ctx context.Context, account string, in PutMetricDataInput) error {
	if err := checkNamespace(top("Namespace"), in.Namespace, true); err != nil {
		return err
	}
	total := len(in.MetricData)
	for _, e := range in.EntityMetricData {
		total += len(e)
	}
	list := top("MetricData")
	if total == 0 {
		return missing(list)
	}
	if total > maxPutMetricData {
		return tooMany(list, maxPutMetricData)
	}
	now := s.nowMs()
	dp := dataPool.Get().(*[]model.MetricDatum)
	defer func() {
		clear(*dp)
		dataPool.Put(dp)
	}()
	if cap(*dp) < total {
		*dp = make([]model.MetricDatum, 0, total)
	}
	data := (*dp)[:0]
	add := func(list *param, ds []Datum) error {
		for i := range ds {
			d := ds[i].MetricDatum
			d.AccountID, d.Namespace = account, in.Namespace
			if !ds[i].Stamped {
				d.Timestamp = now
			}
			if err := checkDatum(list.at(i), &d, now); err != nil {
				return err
			}
			data = append(data, d)
			*dp = data
		}
		return nil
	}
	if err := add(&list, in.MetricData); err != nil {
		return err
	}
	entities := top("EntityMetricData")
	for e, ds := range in.EntityMetricData {
		entity := entities.at(e)
		entityList := entity.dot("MetricData")
		if err := add(&entityList, ds); err != nil {
			return err
		}
	}
	return s.add(ctx, data)
}

// Put stores data produced inside OpenWatch (metric filters, Embedded
// Metric Format logs) for account, under the rules PutMetricData applies
// to each datum: namespace, names, dimensions, values, unit, resolution,
// and a Timestamp (which must be set) within the past two weeks and at
// most two hours ahead. Each datum names its own namespace; AccountID is
// set to account. It is all or nothing, like PutMetricData.
func (s *Service) Put(ctx context.Context, account string, data []model.MetricDatum) error {
	if len(data) == 0 {
		return nil
	}
	now := s.nowMs()
	out := make([]model.MetricDatum, len(data))
	list := top("MetricData")
	for i := range data {
		d := data[i]
		d.AccountID = account
		p := list.at(i)
		if err := checkNamespace(p.dot("Namespace"), d.Namespace, true); err != nil {
			return err
		}
		if d.Timestamp == 0 {
			return missing(p.dot("Timestamp"))
		}
		if err := checkDatum(p, &d, now); err != nil {
			return err
		}
		out[i] = d
	}
	return s.add(ctx, out)
}

// add hands validated data to the store.
func (s *Service) add(ctx context.Context, data []model.MetricDatum) error {
	if err := s.store.Add(ctx, data); err != nil {
		return fmt.Errorf("cannot store %d datapoints: %w", len(data), err)
	}
	return nil
}

// checkDatum applies PutMetricData's rules to one datum, named p in
// messages (MetricData.member.N), at time now.
func checkDatum(p param, d *model.MetricDatum, now int64) error {
	if err := checkText(p.dot("MetricName"), d.MetricName, maxNameLen); err != nil {
		return err
	}
	if err := checkDimensions(p.dot("Dimensions"), d.Dimensions); err != nil {
		return err
	}
	switch {
	case d.Timestamp < now-twoWeeksMs:
		return model.Errorf(model.ErrInvalidParameter, "The parameter %s.Timestamp must specify a time within the past two weeks.", p.String())
	case d.Timestamp > now+twoHoursMs:
		return model.Errorf(model.ErrInvalidParameter, "The parameter %s.Timestamp must specify a time no more than two hours in the future.", p.String())
	}
	if err := checkUnit(p.dot("Unit"), d.Unit); err != nil {
		return err
	}
	switch d.StorageResolution {
	case 0, 1, 60:
	default:
		return model.Errorf(model.ErrInvalidParameter, "The value %d for parameter %s.StorageResolution is invalid. Valid values are 1 and 60.", d.StorageResolution, p.String())
	}
	return checkValues(p, d)
}

// checkValues checks that exactly one of Value, Values (with Counts) and
// StatisticValues carries the datum's data, and that every number is one
// CloudWatch stores.
func checkValues(p param, d *model.MetricDatum) error {
	hasValues := len(d.Values) > 0
	value, values, counts, stats := p.dot("Value"), p.dot("Values"), p.dot("Counts"), p.dot("StatisticValues")
	switch {
	case d.Value != nil && d.Stats != nil:
		return exclusive(value, stats)
	case d.Value != nil && hasValues:
		return exclusive(value, values)
	case hasValues && d.Stats != nil:
		return exclusive(values, stats)
	case len(d.Counts) > 0 && !hasValues:
		return model.Errorf(model.ErrInvalidParameterCombination, "The parameter %s.Counts can only be used together with %s.Values.", p, p.String())
	case d.Value == nil && !hasValues && d.Stats == nil:
		return model.Errorf(model.ErrInvalidParameterCombination, "One of the parameters %s.Value, %s.Values and %s.StatisticValues must be specified.", p, p, p.String())
	}
	switch {
	case d.Value != nil:
		if !finiteValue(*d.Value) {
			return badNumber(value, *d.Value)
		}
	case d.Stats != nil:
		st := d.Stats
		for _, f := range []struct {
			name string
			v    float64
		}{{"SampleCount", st.SampleCount}, {"Sum", st.Sum}, {"Minimum", st.Minimum}, {"Maximum", st.Maximum}} {
			if !finiteValue(f.v) {
				return badNumber(stats.dot(f.name), f.v)
			}
		}
		if st.SampleCount <= 0 {
			return badNumber(stats.dot("SampleCount"), st.SampleCount)
		}
		if st.Minimum > st.Maximum {
			return model.Errorf(model.ErrInvalidParameterCombination, "The parameter %s.StatisticValues.Minimum must not be greater than %s.StatisticValues.Maximum.", p, p.String())
		}
	default:
		if len(d.Values) > maxValues {
			return tooMany(values, maxValues)
		}
		if len(d.Counts) > 0 && len(d.Counts) != len(d.Values) {
			return model.Errorf(model.ErrInvalidParameter, "The parameters %s.Values and %s.Counts must be of the same size.", p, p.String())
		}
		for i, v := range d.Values {
			if !finiteValue(v) {
				return badNumber(values.at(i), v)
			}
		}
		for i, c := range d.Counts {
			if !finiteValue(c) || c <= 0 {
				return badNumber(counts.at(i), c)
			}
		}
	}
	return nil
}

// badNumber is the error for a number CloudWatch does not store.
func badNumber(p param, v float64) error {
	return model.Errorf(model.ErrInvalidParameter, "The value %s for parameter %s is invalid.", formatValue(v), p.String())
}
