package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

type getMetricStatisticsInput struct {
	Namespace          *string             `json:"Namespace,omitempty"`
	MetricName         *string             `json:"MetricName,omitempty"`
	Dimensions         []dimension         `json:"Dimensions,omitempty"`
	StartTime          *awsproto.Timestamp `json:"StartTime,omitempty"`
	EndTime            *awsproto.Timestamp `json:"EndTime,omitempty"`
	Period             *int32              `json:"Period,omitempty"`
	Statistics         []string            `json:"Statistics,omitempty"`
	ExtendedStatistics []string            `json:"ExtendedStatistics,omitempty"`
	Unit               *string             `json:"Unit,omitempty"`
}

type datapoint struct {
	Timestamp          *awsproto.Timestamp `json:"Timestamp,omitempty"`
	SampleCount        *float64            `json:"SampleCount,omitempty"`
	Average            *float64            `json:"Average,omitempty"`
	Sum                *float64            `json:"Sum,omitempty"`
	Minimum            *float64            `json:"Minimum,omitempty"`
	Maximum            *float64            `json:"Maximum,omitempty"`
	Unit               *string             `json:"Unit,omitempty"`
	ExtendedStatistics map[string]float64  `json:"ExtendedStatistics,omitempty"`
}

type getMetricStatisticsOutput struct {
	Label      *string     `json:"Label,omitempty"`
	Datapoints []datapoint `json:"Datapoints"`
}

func (a *API) getMetricStatistics(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[getMetricStatisticsInput](c)
	if err != nil {
		return nil, err
	}
	req := metrics.GetMetricStatisticsInput{
		Namespace:          str(in.Namespace),
		MetricName:         str(in.MetricName),
		Dimensions:         toDimensions(in.Dimensions),
		StartTime:          millis(in.StartTime),
		EndTime:            millis(in.EndTime),
		Statistics:         in.Statistics,
		ExtendedStatistics: in.ExtendedStatistics,
		Unit:               str(in.Unit),
	}
	if in.Period != nil {
		// The service reads 0 as "not given", which a client cannot mean
		// by sending 0.
		if *in.Period == 0 {
			return nil, model.Errorf(model.ErrInvalidParameter, "The value 0 for parameter Period is invalid.")
		}
		req.Period = int64(*in.Period)
	}
	res, err := a.svc.GetMetricStatistics(ctx, c.Principal.AccountID, req)
	if err != nil {
		return nil, err
	}
	out := getMetricStatisticsOutput{Label: &res.Label, Datapoints: make([]datapoint, len(res.Datapoints))}
	for i, d := range res.Datapoints {
		ts := timestamp(d.Timestamp)
		out.Datapoints[i] = datapoint{
			Timestamp: &ts, SampleCount: d.SampleCount, Average: d.Average, Sum: d.Sum,
			Minimum: d.Minimum, Maximum: d.Maximum, Unit: opt(d.Unit), ExtendedStatistics: d.ExtendedStatistics,
		}
	}
	return out, nil
}
