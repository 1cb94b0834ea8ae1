package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type describeQueryDefinitionsInput struct {
	QueryDefinitionNamePrefix *string `json:"queryDefinitionNamePrefix"`
	MaxResults                *int32  `json:"maxResults"`
	NextToken                 *string `json:"nextToken"`
}

type queryDefinitionOut struct {
	QueryDefinitionID string   `json:"queryDefinitionId"`
	Name              string   `json:"name"`
	QueryString       string   `json:"queryString"`
	LastModified      int64    `json:"lastModified"`
	LogGroupNames     []string `json:"logGroupNames"`
	QueryLanguage     string   `json:"queryLanguage"`
}

type describeQueryDefinitionsOutput struct {
	QueryDefinitions []queryDefinitionOut `json:"queryDefinitions"`
	NextToken        *string              `json:"nextToken,omitempty"`
}

func (a *API) describeQueryDefinitions(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[describeQueryDefinitionsInput](c)
	if err != nil {
		return nil, err
	}
	max := 0
	if in.MaxResults != nil {
		max = int(*in.MaxResults)
		if max == 0 {
			max = -1
		}
	}
	defs, next, err := a.insights.DescribeQueryDefinitions(ctx, insightsCaller(c), str(in.QueryDefinitionNamePrefix), max, str(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := describeQueryDefinitionsOutput{QueryDefinitions: make([]queryDefinitionOut, len(defs)), NextToken: opt(next)}
	for i, d := range defs {
		out.QueryDefinitions[i] = queryDefinitionOut{QueryDefinitionID: d.ID, Name: d.Name, QueryString: d.QueryString,
			LastModified: d.LastModified, LogGroupNames: d.LogGroupNames, QueryLanguage: "CWLI"}
	}
	return out, nil
}
