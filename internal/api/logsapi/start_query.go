package logsapi

import (
	"context"
	"errors"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/syntax"
	"github.com/openwatch/openwatch/internal/service/insights"
)

type startQueryInput struct {
	LogGroupName        *string  `json:"logGroupName"`
	LogGroupNames       []string `json:"logGroupNames"`
	LogGroupIdentifiers []string `json:"logGroupIdentifiers"`
	StartTime           *int64   `json:"startTime"`
	EndTime             *int64   `json:"endTime"`
	QueryString         *string  `json:"queryString"`
	Limit               *int32   `json:"limit"`
	QueryLanguage       *string  `json:"queryLanguage"`
}

type startQueryOutput struct {
	QueryID string `json:"queryId"`
}

func (a *API) startQuery(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[startQueryInput](c)
	if err != nil {
		return nil, err
	}
	if in.StartTime == nil || in.EndTime == nil || in.QueryString == nil {
		return nil, model.Errorf(model.ErrInvalidParameter, "1 validation error detected: startTime, endTime and queryString are required")
	}
	if l := str(in.QueryLanguage); l != "" && l != "CWLI" {
		return nil, model.Errorf(model.ErrInvalidParameter, "Query language %s is not supported; use CWLI.", l)
	}
	names := in.LogGroupNames
	if in.LogGroupName != nil {
		if len(names) > 0 {
			return nil, model.Errorf(model.ErrInvalidParameter, "Specify exactly one of logGroupName, logGroupNames and logGroupIdentifiers.")
		}
		names = []string{*in.LogGroupName}
	}
	id, err := a.insights.StartQuery(ctx, insightsCaller(c), insights.StartQueryInput{
		QueryString:      *in.QueryString,
		GroupNames:       names,
		GroupIdentifiers: in.LogGroupIdentifiers,
		Start:            *in.StartTime,
		End:              *in.EndTime,
		Limit:            in.Limit,
	})
	if err != nil {
		return nil, malformedQuery(err)
	}
	return startQueryOutput{QueryID: id}, nil
}

// malformedQuery adds the queryCompileError member SDKs read from a
// MalformedQueryException: where the first problem is and what it is.
func malformedQuery(err error) error {
	var pe syntax.ParseErrors
	if !errors.As(err, &pe) || len(pe) == 0 {
		return err
	}
	return &awsproto.APIError{
		Code:    "MalformedQueryException",
		Message: pe.Error(),
		Status:  400,
		Fields: map[string]any{"queryCompileError": map[string]any{
			"location": map[string]any{"startCharOffset": pe[0].Start, "endCharOffset": pe[0].End},
			"message":  pe[0].Msg,
		}},
	}
}
