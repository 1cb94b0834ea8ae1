package metricsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/metrics"
)

type metricStat struct {
	Metric *metric `json:"Metric,omitempty"`
	Period *int32  `json:"Period,omitempty"`
	Stat   *string `json:"Stat,omitempty"`
	Unit   *string `json:"Unit,omitempty"`
}

type metricDataQuery struct {
	ID         *string     `json:"Id,omitempty"`
	MetricStat *metricStat `json:"MetricStat,omitempty"`
	Expression *string     `json:"Expression,omitempty"`
	Label      *string     `json:"Label,omitempty"`
	ReturnData *bool       `json:"ReturnData,omitempty"`
	Period     *int32      `json:"Period,omitempty"`
	AccountID  *string     `json:"AccountId,omitempty"`
}

type labelOptions struct {
	Timezone *string `json:"Timezone,omitempty"`
}

type getMetricDataInput struct {
	MetricDataQueries []metricDataQuery   `json:"MetricDataQueries,omitempty"`
	StartTime         *awsproto.Timestamp `json:"StartTime,omitempty"`
	EndTime           *awsproto.Timestamp `json:"EndTime,omitempty"`
	NextToken         *string             `json:"NextToken,omitempty"`
	ScanBy            *string             `json:"ScanBy,omitempty"`
	MaxDatapoints     *int32              `json:"MaxDatapoints,omitempty"`
	LabelOptions      *labelOptions       `json:"LabelOptions,omitempty"`
}

type messageData struct {
	Code  *string `json:"Code,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type metricDataResult struct {
	ID         *string              `json:"Id,omitempty"`
	Label      *string              `json:"Label,omitempty"`
	Timestamps []awsproto.Timestamp `json:"Timestamps"`
	Values     []float64            `json:"Values"`
	StatusCode *string              `json:"StatusCode,omitempty"`
	Messages   []messageData        `json:"Messages,omitempty"`
}

type getMetricDataOutput struct {
	MetricDataResults []metricDataResult `json:"MetricDataResults"`
	NextToken         *string            `json:"NextToken,omitempty"`
	Messages          []messageData      `json:"Messages"`
}

func (a *API) getMetricData(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[getMetricDataInput](c)
	if err != nil {
		return nil, err
	}
	req := metrics.GetMetricDataInput{
		StartTime: millis(in.StartTime),
		EndTime:   millis(in.EndTime),
		NextToken: str(in.NextToken),
		ScanBy:    str(in.ScanBy),
	}
	if in.MaxDatapoints != nil {
		// The service reads 0 as "not given".
		if *in.MaxDatapoints <= 0 {
			return nil, model.Errorf(model.ErrInvalidParameter, "The value %d for parameter MaxDatapoints is invalid.", *in.MaxDatapoints)
		}
		req.MaxDatapoints = int64(*in.MaxDatapoints)
	}
	if in.LabelOptions != nil {
		req.LabelTimezone = str(in.LabelOptions.Timezone)
	}
	req.MetricDataQueries = make([]metrics.MetricDataQuery, len(in.MetricDataQueries))
	for i, q := range in.MetricDataQueries {
		mq := metrics.MetricDataQuery{
			ID:         str(q.ID),
			Expression: str(q.Expression),
			Label:      str(q.Label),
			ReturnData: q.ReturnData,
			AccountID:  str(q.AccountID),
		}
		if q.Period != nil {
			mq.Period = int64(*q.Period)
		}
		if ms := q.MetricStat; ms != nil {
			mq.MetricStat = &metrics.MetricStat{Metric: toMetric(ms.Metric), Stat: str(ms.Stat), Unit: str(ms.Unit)}
			if ms.Period != nil {
				mq.MetricStat.Period = int64(*ms.Period)
			}
		}
		req.MetricDataQueries[i] = mq
	}
	res, err := a.svc.GetMetricData(ctx, c.Principal.AccountID, req)
	if err != nil {
		return nil, err
	}
	out := getMetricDataOutput{
		MetricDataResults: make([]metricDataResult, len(res.MetricDataResults)),
		NextToken:         opt(res.NextToken),
		Messages:          toMessages(res.Messages),
	}
	for i, r := range res.MetricDataResults {
		w := metricDataResult{
			ID: opt(r.ID), Label: opt(r.Label), StatusCode: opt(r.StatusCode),
			Timestamps: make([]awsproto.Timestamp, len(r.Timestamps)), Values: r.Values,
			Messages: toMessages(r.Messages),
		}
		for j, t := range r.Timestamps {
			w.Timestamps[j] = timestamp(t)
		}
		out.MetricDataResults[i] = w
	}
	return out, nil
}

func toMessages(in []metrics.MessageData) []messageData {
	out := make([]messageData, len(in))
	for i, m := range in {
		out[i] = messageData{Code: opt(m.Code), Value: opt(m.Value)}
	}
	return out
}
