package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
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
	res, err := a.insights.GetQueryResults(ctx, insightsCaller(c), str(in.QueryID))
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
