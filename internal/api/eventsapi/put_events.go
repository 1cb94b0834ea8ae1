package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type putEventsInput struct {
	Entries []struct {
		Time         *awsproto.Timestamp `json:"Time"`
		Source       *string             `json:"Source"`
		Resources    []string            `json:"Resources"`
		DetailType   *string             `json:"DetailType"`
		Detail       *string             `json:"Detail"`
		EventBusName *string             `json:"EventBusName"`
		TraceHeader  *string             `json:"TraceHeader"`
	} `json:"Entries"`
	EndpointID *string `json:"EndpointId"`
}

type putEventsResultEntry struct {
	EventID      *string `json:"EventId,omitempty"`
	ErrorCode    *string `json:"ErrorCode,omitempty"`
	ErrorMessage *string `json:"ErrorMessage,omitempty"`
}

type putEventsOutput struct {
	FailedEntryCount int                    `json:"FailedEntryCount"`
	Entries          []putEventsResultEntry `json:"Entries"`
}

func (a *API) putEvents(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[putEventsInput](c)
	if err != nil {
		return nil, err
	}
	entries := make([]events.PutEventsEntry, len(in.Entries))
	for i, e := range in.Entries {
		entries[i] = events.PutEventsEntry{Source: str(e.Source), DetailType: str(e.DetailType), Detail: str(e.Detail),
			Resources: e.Resources, EventBusName: str(e.EventBusName), TraceHeader: str(e.TraceHeader)}
		if e.Time != nil {
			entries[i].Time = e.Time.Time()
		}
	}
	results, nFailed, err := a.svc.PutEvents(ctx, caller(c), entries)
	if err != nil {
		return nil, err
	}
	out := putEventsOutput{FailedEntryCount: nFailed, Entries: make([]putEventsResultEntry, len(results))}
	for i, r := range results {
		out.Entries[i] = putEventsResultEntry{EventID: opt(r.EventID), ErrorCode: opt(r.ErrorCode), ErrorMessage: opt(r.ErrorMessage)}
	}
	return out, nil
}
