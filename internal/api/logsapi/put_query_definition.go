package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/insights"
)

type putQueryDefinitionInput struct {
	Name              *string  `json:"name"`
	QueryDefinitionID *string  `json:"queryDefinitionId"`
	LogGroupNames     []string `json:"logGroupNames"`
	QueryString       *string  `json:"queryString"`
	ClientToken       *string  `json:"clientToken"`
	QueryLanguage     *string  `json:"queryLanguage"`
}

type putQueryDefinitionOutput struct {
	QueryDefinitionID string `json:"queryDefinitionId"`
}

func (a *API) putQueryDefinition(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[putQueryDefinitionInput](c)
	if err != nil {
		return nil, err
	}
	id, err := a.insights.PutQueryDefinition(ctx, insightsCaller(c), insights.PutQueryDefinitionInput{
		ID: str(in.QueryDefinitionID), Name: str(in.Name), QueryString: str(in.QueryString), LogGroupNames: in.LogGroupNames,
	})
	if err != nil {
		return nil, err
	}
	return putQueryDefinitionOutput{QueryDefinitionID: id}, nil
}
