package metricsapi

import (
	"context"
	"strconv"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

type statisticSet struct {
	SampleCount *float64 `json:"SampleCount,omitempty"`
	Sum         *float64 `json:"Sum,omitempty"`
	Minimum     *float64 `json:"Minimum,omitempty"`
	Maximum     *float64 `json:"Maximum,omitempty"`
}

// metricDatum holds its names as plain strings and its dimensions in the
// model's type, where other wire shapes have pointers: a request carries a
// thousand data, and an absent name means the same as an empty one to the
// service.
type metricDatum struct {
	MetricName        string              `json:"MetricName,omitempty"`
	Dimensions        []model.Dimension   `json:"Dimensions,omitempty"`
	Timestamp         *awsproto.Timestamp `json:"Timestamp,omitempty"`
	Value             *float64            `json:"Value,omitempty"`
	StatisticValues   *statisticSet       `json:"StatisticValues,omitempty"`
	Values            []float64           `json:"Values,omitempty"`
	Counts            []float64           `json:"Counts,omitempty"`
	Unit              string              `json:"Unit,omitempty"`
	StorageResolution *int32              `json:"StorageResolution,omitempty"`
}

type entity struct {
	KeyAttributes map[string]string `json:"KeyAttributes,omitempty"`
	Attributes    map[string]string `json:"Attributes,omitempty"`
}

type entityMetricData struct {
	Entity     *entity       `json:"Entity,omitempty"`
	MetricData []metricDatum `json:"MetricData,omitempty"`
}

type putMetricDataInput struct {
	Namespace              *string            `json:"Namespace,omitempty"`
	MetricData             []metricDatum      `json:"MetricData,omitempty"`
	EntityMetricData       []entityMetricData `json:"EntityMetricData,omitempty"`
	StrictEntityValidation *bool              `json:"StrictEntityValidation,omitempty"`
}

func (a *API) putMetricData(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decodePutMetricData(c)
	if err != nil {
		return nil, err
	}
	req := metrics.PutMetricDataInput{Namespace: str(in.Namespace)}
	if req.MetricData, err = toData("MetricData", in.MetricData); err != nil {
		return nil, err
	}
	for i, e := range in.EntityMetricData {
		ds, err := toData("EntityMetricData.member."+strconv.Itoa(i+1)+".MetricData", e.MetricData)
		if err != nil {
			return nil, err
		}
		req.EntityMetricData = append(req.EntityMetricData, ds)
	}
	if err := a.svc.PutMetricData(ctx, c.Principal.AccountID, req); err != nil {
		return nil, err
	}
	// PutMetricData has no output shape.
	return nil, nil
}

// decodePutMetricData reads the request: through a decoder for the usual
// shape in the protocols that carry the most data, and through the generic
// decoder, with its error messages, for anything else.
func decodePutMetricData(c *awsproto.Call) (*putMetricDataInput, error) {
	switch c.Protocol().(type) {
	case awsproto.RPCv2CBOR:
		if in, ok := scanPutMetricDataCBOR(c.Body()); ok {
			return in, nil
		}
	case awsproto.JSON:
		if in, ok := scanPutMetricDataJSON(c.Body()); ok {
			return in, nil
		}
	case awsproto.Query:
		// Parameters in the URL join the body's; only the generic
		// decoder merges them.
		if c.HasURLParams() {
			break
		}
		if in, ok := scanPutMetricDataForm(c.Body()); ok {
			return in, nil
		}
	}
	return decode[putMetricDataInput](c)
}

// toData converts the data of one list; list names it in messages.
func toData(list string, in []metricDatum) ([]metrics.Datum, error) {
	out := make([]metrics.Datum, len(in))
	for i, w := range in {
		d := metrics.Datum{MetricDatum: model.MetricDatum{
			MetricName: w.MetricName,
			Value:      w.Value,
			Values:     w.Values,
			Counts:     w.Counts,
			Unit:       w.Unit,
		}}
		if len(w.Dimensions) > 0 {
			d.Dimensions = w.Dimensions
		}
		if w.Timestamp != nil {
			d.Timestamp, d.Stamped = w.Timestamp.Time().UnixMilli(), true
		}
		if r := w.StorageResolution; r != nil {
			// In the model 0 means "not given", which a client cannot mean
			// by sending 0.
			if *r == 0 {
				return nil, model.Errorf(model.ErrInvalidParameter, "The value 0 for parameter %s.member.%d.StorageResolution is invalid. Valid values are 1 and 60.", list, i+1)
			}
			d.StorageResolution = int(*r)
		}
		if st := w.StatisticValues; st != nil {
			for _, f := range []struct {
				name string
				v    *float64
			}{{"SampleCount", st.SampleCount}, {"Sum", st.Sum}, {"Minimum", st.Minimum}, {"Maximum", st.Maximum}} {
				if f.v == nil {
					return nil, model.Errorf(model.ErrMissingParameter, "The parameter %s.member.%d.StatisticValues.%s is required.", list, i+1, f.name)
				}
			}
			d.Stats = &model.StatisticSet{SampleCount: *st.SampleCount, Sum: *st.Sum, Minimum: *st.Minimum, Maximum: *st.Maximum}
		}
		out[i] = d
	}
	return out, nil
}
