package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type getLogEventsInput struct {
	LogGroupName       *string `json:"logGroupName"`
	LogGroupIdentifier *string `json:"logGroupIdentifier"`
	LogStreamName      *string `json:"logStreamName"`
	StartTime          *int64  `json:"startTime"`
	EndTime            *int64  `json:"endTime"`
	NextToken          *string `json:"nextToken"`
	Limit              *int32  `json:"limit"`
	StartFromHead      *bool   `json:"startFromHead"`
	Unmask             *bool   `json:"unmask"`
}

type outputLogEvent struct {
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
}

type getLogEventsOutput struct {
	Events            []outputLogEvent `json:"events"`
	NextForwardToken  string           `json:"nextForwardToken"`
	NextBackwardToken string           `json:"nextBackwardToken"`
}

func (a *API) getLogEvents(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[getLogEventsInput](c)
	if err != nil {
		return nil, err
	}
	res, err := a.svc.GetLogEvents(ctx, caller(c), logs.GetLogEventsInput{
		GroupName:       str(in.LogGroupName),
		GroupIdentifier: str(in.LogGroupIdentifier),
		Stream:          str(in.LogStreamName),
		StartTime:       in.StartTime,
		EndTime:         in.EndTime,
		NextToken:       in.NextToken,
		Limit:           in.Limit,
		StartFromHead:   in.StartFromHead != nil && *in.StartFromHead,
	})
	if err != nil {
		return nil, err
	}
	out := getLogEventsOutput{Events: make([]outputLogEvent, len(res.Events)), NextForwardToken: res.NextForward, NextBackwardToken: res.NextBackward}
	for i, e := range res.Events {
		out.Events[i] = outputLogEvent{Timestamp: e.Timestamp, Message: e.Message, IngestionTime: e.IngestionTime}
	}
	return out, nil
}
