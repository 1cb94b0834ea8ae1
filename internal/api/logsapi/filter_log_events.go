package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type filterLogEventsInput struct {
	LogGroupName        *string  `json:"logGroupName"`
	LogGroupIdentifier  *string  `json:"logGroupIdentifier"`
	LogStreamNames      []string `json:"logStreamNames"`
	LogStreamNamePrefix *string  `json:"logStreamNamePrefix"`
	StartTime           *int64   `json:"startTime"`
	EndTime             *int64   `json:"endTime"`
	FilterPattern       *string  `json:"filterPattern"`
	NextToken           *string  `json:"nextToken"`
	Limit               *int32   `json:"limit"`
	Interleaved         *bool    `json:"interleaved"`
	Unmask              *bool    `json:"unmask"`
}

type filteredLogEvent struct {
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId"`
}

type searchedLogStream struct {
	LogStreamName      string `json:"logStreamName"`
	SearchedCompletely bool   `json:"searchedCompletely"`
}

type filterLogEventsOutput struct {
	Events []filteredLogEvent `json:"events"`
	// SearchedLogStreams is deprecated by AWS and always empty.
	SearchedLogStreams []searchedLogStream `json:"searchedLogStreams"`
	NextToken          *string             `json:"nextToken,omitempty"`
}

func (a *API) filterLogEvents(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[filterLogEventsInput](c)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.FilterLogEvents(ctx, caller(c), logs.FilterLogEventsInput{
		GroupName:       str(in.LogGroupName),
		GroupIdentifier: str(in.LogGroupIdentifier),
		StreamNames:     in.LogStreamNames,
		StreamPrefix:    in.LogStreamNamePrefix,
		StartTime:       in.StartTime,
		EndTime:         in.EndTime,
		Pattern:         in.FilterPattern,
		NextToken:       in.NextToken,
		Limit:           in.Limit,
	})
	if err != nil {
		return nil, err
	}
	out := filterLogEventsOutput{Events: make([]filteredLogEvent, len(res.Events)), SearchedLogStreams: []searchedLogStream{}, NextToken: opt(res.NextToken)}
	for i, e := range res.Events {
		out.Events[i] = filteredLogEvent{LogStreamName: e.StreamName, Timestamp: e.Timestamp, Message: e.Message, IngestionTime: e.IngestionTime, EventID: e.EventID}
	}
	return out, nil
}
