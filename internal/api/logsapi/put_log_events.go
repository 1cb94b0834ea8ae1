package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type inputLogEvent struct {
	Timestamp *int64  `json:"timestamp"`
	Message   *string `json:"message"`
}

type putLogEventsInput struct {
	LogGroupName  *string         `json:"logGroupName"`
	LogStreamName *string         `json:"logStreamName"`
	LogEvents     []inputLogEvent `json:"logEvents"`
	SequenceToken *string         `json:"sequenceToken"`
}

type rejectedLogEventsInfo struct {
	TooNewLogEventStartIndex *int `json:"tooNewLogEventStartIndex,omitempty"`
	TooOldLogEventEndIndex   *int `json:"tooOldLogEventEndIndex,omitempty"`
	ExpiredLogEventEndIndex  *int `json:"expiredLogEventEndIndex,omitempty"`
}

type putLogEventsOutput struct {
	NextSequenceToken     string                 `json:"nextSequenceToken"`
	RejectedLogEventsInfo *rejectedLogEventsInfo `json:"rejectedLogEventsInfo,omitempty"`
}

func (a *API) putLogEvents(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[putLogEventsInput](c)
	if err != nil {
		return nil, err
	}
	events := make([]model.LogEvent, len(in.LogEvents))
	for i, e := range in.LogEvents {
		if e.Timestamp == nil || e.Message == nil {
			return nil, model.Errorf(model.ErrInvalidParameter, "1 validation error detected: Value null at 'logEvents.%d.member.%s' failed to satisfy constraint: Member must not be null", i+1, missingMember(e))
		}
		events[i] = model.LogEvent{Timestamp: *e.Timestamp, Message: *e.Message}
	}
	res, err := a.svc.PutLogEvents(ctx, caller(c), logs.PutLogEventsInput{Group: str(in.LogGroupName), Stream: str(in.LogStreamName), Events: events})
	if err != nil {
		return nil, err
	}
	out := putLogEventsOutput{NextSequenceToken: res.NextSequenceToken}
	if r := res.Rejected; r != nil {
		info := &rejectedLogEventsInfo{}
		if r.HasTooNew {
			info.TooNewLogEventStartIndex = &r.TooNewStart
		}
		if r.HasTooOld {
			info.TooOldLogEventEndIndex = &r.TooOldEnd
		}
		if r.HasExpired {
			info.ExpiredLogEventEndIndex = &r.ExpiredEnd
		}
		out.RejectedLogEventsInfo = info
	}
	return out, nil
}

func missingMember(e inputLogEvent) string {
	if e.Timestamp == nil {
		return "timestamp"
	}
	return "message"
}
