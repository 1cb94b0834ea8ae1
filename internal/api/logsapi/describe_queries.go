package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type describeQueriesInput struct {
	LogGroupName *string `json:"logGroupName"`
	Status       *string `json:"status"`
	MaxResults   *int32  `json:"maxResults"`
	NextToken    *string `json:"nextToken"`
}

type queryInfoOut struct {
	QueryID       string  `json:"queryId"`
	QueryString   string  `json:"queryString"`
	Status        string  `json:"status"`
	CreateTime    int64   `json:"createTime"`
	LogGroupName  string  `json:"logGroupName,omitempty"`
	QueryDuration int64   `json:"queryDuration,omitempty"`
	BytesScanned  float64 `json:"bytesScanned"`
	QueryLanguage string  `json:"queryLanguage"`
}

type describeQueriesOutput struct {
	Queries   []queryInfoOut `json:"queries"`
	NextToken *string        `json:"nextToken,omitempty"`
}

func (a *API) describeQueries(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[describeQueriesInput](c)
	if err != nil {
		return nil, err
	}
	max := 0
	if in.MaxResults != nil {
		max = int(*in.MaxResults)
		if max == 0 {
			max = -1 // an explicit 0 is out of range, unlike an absent value
		}
	}
	qs, next, err := a.insights.DescribeQueries(ctx, insightsCaller(c), str(in.LogGroupName), str(in.Status), max, str(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := describeQueriesOutput{Queries: make([]queryInfoOut, len(qs)), NextToken: opt(next)}
	for i, q := range qs {
		out.Queries[i] = queryInfoOut{QueryID: q.ID, QueryString: q.QueryString, Status: q.Status, CreateTime: q.CreateTime,
			LogGroupName: q.LogGroupName, QueryDuration: q.Duration, BytesScanned: q.BytesScanned, QueryLanguage: "CWLI"}
	}
	return out, nil
}
