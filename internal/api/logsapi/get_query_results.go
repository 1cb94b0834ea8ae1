package logsapi

import (
	"context"
	"time"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
)

// WaitHeader is OpenWatch's extension of GetQueryResults: a request with
// it (a Go duration such as "2s", at most MaxWait) is answered as soon as
// the query ends or the duration passes, whichever is first, so a client
// learns of the end without polling in a tight loop. AWS clients never
// send it and get CloudWatch's immediate answer.
const (
	WaitHeader = "X-Openwatch-Wait"
	MaxWait    = 20 * time.Second
)

type resultField struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

type queryStatistics struct {
	RecordsMatched float64 `json:"recordsMatched"`
	RecordsScanned float64 `json:"recordsScanned"`
	BytesScanned   float64 `json:"bytesScanned"`
}

type getQueryResultsOutput struct {
	Status        string          `json:"status"`
	Results       [][]resultField `json:"results"`
	Statistics    queryStatistics `json:"statistics"`
	QueryLanguage string          `json:"queryLanguage"`
}

func (a *API) getQueryResults(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[queryIDInput](c)
	if err != nil {
		return nil, err
	}
	var wait time.Duration
	if h := c.Header(WaitHeader); h != "" {
		if wait, err = time.ParseDuration(h); err != nil || wait < 0 || wait > MaxWait {
			return nil, model.Errorf(model.ErrInvalidParameter, "%s must be a duration between 0s and %s, such as 2s.", WaitHeader, MaxWait)
		}
	}
	res, err := a.insights.GetQueryResults(ctx, insightsCaller(c), str(in.QueryID), wait)
	if err != nil {
		return nil, err
	}
	out := getQueryResultsOutput{
		Status:        res.Status,
		Results:       make([][]resultField, len(res.Rows)),
		QueryLanguage: "CWLI",
		Statistics: queryStatistics{
			RecordsMatched: float64(res.Stats.RecordsMatched),
			RecordsScanned: float64(res.Stats.RecordsScanned),
			BytesScanned:   float64(res.Stats.BytesScanned),
		},
	}
	for i, row := range res.Rows {
		r := make([]resultField, len(row))
		for j, f := range row {
			r[j] = resultField{Field: f.Field, Value: f.Value}
		}
		out.Results[i] = r
	}
	return out, nil
}
