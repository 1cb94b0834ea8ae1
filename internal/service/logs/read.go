package logs

import (
	"context"
	"fmt"
	"math"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/filterpattern"
)

// GetLogEventsInput is GetLogEvents' request.
type GetLogEventsInput struct {
	GroupName, GroupIdentifier string
	Stream                     string
	StartTime, EndTime         *int64
	NextToken                  *string
	Limit                      *int32
	StartFromHead              bool
}

// GetLogEventsOutput is GetLogEvents' result; events are ascending.
type GetLogEventsOutput struct {
	Events                    []model.StoredEvent
	NextForward, NextBackward string
}

// GetLogEvents reads one stream a page at a time, forwards or backwards, with
// AWS's token rules: at the end of the data the token passed in comes back.
func (s *Service) GetLogEvents(ctx context.Context, c Caller, in GetLogEventsInput) (GetLogEventsOutput, error) {
	g, err := s.resolveGroup(ctx, c, in.GroupName, in.GroupIdentifier)
	if err != nil {
		return GetLogEventsOutput{}, err
	}
	if err := validateStreamName(in.Stream, "logStreamName"); err != nil {
		return GetLogEventsOutput{}, err
	}
	limit, err := validateLimit(in.Limit, maxReadLimit, "limit")
	if err != nil {
		return GetLogEventsOutput{}, err
	}
	st, err := s.cat.GetLogStream(ctx, g.ID, in.Stream)
	if err != nil {
		return GetLogEventsOutput{}, err
	}
	spec := model.ReadSpec{GroupID: g.ID, StreamIDs: []int64{st.ID}}
	spec.Start, spec.End = s.readRange(g, in.StartTime, in.EndTime, false)

	dir := byte('f')
	var pos model.Cursor
	if in.NextToken != nil {
		if dir, pos, err = decodeEventToken(*in.NextToken); err != nil {
			return GetLogEventsOutput{}, err
		}
		if dir == 'f' {
			spec.After = &pos
		} else {
			spec.Before = &pos
		}
	} else if !in.StartFromHead {
		dir = 'b'
	}
	spec.Descending = dir == 'b'

	events, _, err := s.readPage(ctx, spec, limit)
	if err != nil {
		return GetLogEventsOutput{}, err
	}
	if spec.Descending {
		for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
			events[i], events[j] = events[j], events[i]
		}
	}
	out := GetLogEventsOutput{Events: events}
	if len(events) > 0 {
		out.NextForward = encodeEventToken('f', events[len(events)-1].CursorOf())
		out.NextBackward = encodeEventToken('b', events[0].CursorOf())
		return out, nil
	}
	switch {
	case in.NextToken != nil && dir == 'f':
		out.NextForward = *in.NextToken
		out.NextBackward = encodeEventToken('b', pos.Next())
	case in.NextToken != nil:
		out.NextBackward = *in.NextToken
		out.NextForward = encodeEventToken('f', pos.Prev())
	default:
		// Nothing in the range yet: forward continues from the range start
		// (so a follower sees events as they arrive), backward has nothing.
		start := model.Cursor{Timestamp: spec.Start - 1, Seq: math.MaxUint64}
		if spec.Start == 0 {
			start = model.Cursor{}
		}
		out.NextForward = encodeEventToken('f', start)
		out.NextBackward = encodeEventToken('b', start.Next())
	}
	return out, nil
}

// readPage collects up to limit events that fit in one 1 MB response, and
// reports whether the read stopped before the end of the data.
func (s *Service) readPage(ctx context.Context, spec model.ReadSpec, limit int) (events []model.StoredEvent, more bool, err error) {
	size := 0
	err = s.store.Read(ctx, spec, func(e *model.StoredEvent) bool {
		n := len(e.Message) + eventOverhead
		if len(events) == limit || (len(events) > 0 && size+n > maxReadBytes) {
			more = true
			return false
		}
		size += n
		events = append(events, *e)
		return true
	})
	if err != nil {
		return nil, false, fmt.Errorf("cannot read log events: %w", err)
	}
	return events, more, nil
}

// readRange turns request bounds into the store's [Start, End), clipped to
// the group's retention so expired events are never returned.
// endInclusive says whether the request's end time is inclusive.
func (s *Service) readRange(g model.LogGroup, start, end *int64, endInclusive bool) (int64, int64) {
	var lo, hi int64
	if start != nil {
		lo = *start
	}
	if r := retentionStart(g.RetentionInDays, s.nowMillis()); r > lo {
		lo = r
	}
	if end != nil {
		hi = *end
		if endInclusive && hi < math.MaxInt64 {
			hi++
		}
		if hi <= lo {
			// An empty range answers no events, not an error. End 0 would
			// mean "unbounded" to the store, so an empty range at 0 ends at -1.
			hi = lo
			if hi == 0 {
				hi = -1
			}
		}
	}
	return lo, hi
}

// FilterLogEventsInput is FilterLogEvents' request.
type FilterLogEventsInput struct {
	GroupName, GroupIdentifier string
	StreamNames                []string
	StreamPrefix               *string
	StartTime, EndTime         *int64
	Pattern                    *string
	NextToken                  *string
	Limit                      *int32
}

// FilteredEvent is one FilterLogEvents result.
type FilteredEvent struct {
	model.StoredEvent
	StreamName string
	EventID    string
}

// FilterLogEventsOutput is FilterLogEvents' result. NextToken is empty when
// there is nothing more.
type FilterLogEventsOutput struct {
	Events    []FilteredEvent
	NextToken string
}

// FilterLogEvents searches a group's streams with a filter pattern, in
// (timestamp, ingestion) order.
func (s *Service) FilterLogEvents(ctx context.Context, c Caller, in FilterLogEventsInput) (FilterLogEventsOutput, error) {
	g, err := s.resolveGroup(ctx, c, in.GroupName, in.GroupIdentifier)
	if err != nil {
		return FilterLogEventsOutput{}, err
	}
	if len(in.StreamNames) > 0 && in.StreamPrefix != nil {
		return FilterLogEventsOutput{}, invalid("You cannot specify both logStreamNames and logStreamNamePrefix.")
	}
	if len(in.StreamNames) > maxFilterStreams {
		return FilterLogEventsOutput{}, constraint(fmt.Sprintf("%d names", len(in.StreamNames)), "logStreamNames", "Member must have length less than or equal to 100")
	}
	limit, err := validateLimit(in.Limit, maxReadLimit, "limit")
	if err != nil {
		return FilterLogEventsOutput{}, err
	}
	spec := model.ReadSpec{GroupID: g.ID}
	spec.Start, spec.End = s.readRange(g, in.StartTime, in.EndTime, true)
	if in.Pattern != nil && *in.Pattern != "" {
		if len(*in.Pattern) > maxFilterPatLen {
			return FilterLogEventsOutput{}, constraint(*in.Pattern, "filterPattern", "Member must have length less than or equal to 1024")
		}
		p, err := filterpattern.Parse(*in.Pattern)
		if err != nil {
			return FilterLogEventsOutput{}, err
		}
		// The terms every match contains let the store skip the blocks
		// and events that lack one without matching them.
		spec.Match, spec.Terms = p.Match, p.RequiredTerms()
		if p.Kind() == filterpattern.JSON {
			// A JSON pattern is mostly decided from the field columns it
			// names, without rebuilding the messages.
			spec.FilterBatch, spec.Fields, spec.MatchKey = p.MatchBatch, p.Fields(), p.String()
		}
	}
	if in.NextToken != nil {
		pos, err := decodeFilterToken(*in.NextToken)
		if err != nil {
			return FilterLogEventsOutput{}, err
		}
		spec.After = &pos
	}
	names, err := s.cat.StreamNames(ctx, g.ID)
	if err != nil {
		return FilterLogEventsOutput{}, err
	}
	if spec.StreamIDs, err = selectStreams(names, in.StreamNames, in.StreamPrefix); err != nil {
		return FilterLogEventsOutput{}, err
	}
	if spec.StreamIDs != nil && len(spec.StreamIDs) == 0 {
		return FilterLogEventsOutput{}, nil
	}

	events, more, err := s.readPage(ctx, spec, limit)
	if err != nil {
		return FilterLogEventsOutput{}, err
	}
	var out FilterLogEventsOutput
	if more {
		out.NextToken = encodeFilterToken(events[len(events)-1].CursorOf())
	}
	out.Events = make([]FilteredEvent, len(events))
	for i := range events {
		out.Events[i] = FilteredEvent{StoredEvent: events[i], StreamName: names[events[i].StreamID], EventID: EventID(&events[i])}
	}
	return out, nil
}

// selectStreams picks stream ids by name list or prefix; nil means all.
func selectStreams(names map[int64]string, list []string, prefix *string) ([]int64, error) {
	if len(list) == 0 && prefix == nil {
		return nil, nil
	}
	ids := []int64{}
	if len(list) > 0 {
		want := make(map[string]bool, len(list))
		for _, n := range list {
			if err := validateStreamName(n, "logStreamNames"); err != nil {
				return nil, err
			}
			want[n] = true
		}
		for id, n := range names {
			if want[n] {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil, errStreamNotFound()
		}
		return ids, nil
	}
	for id, n := range names {
		if len(n) >= len(*prefix) && n[:len(*prefix)] == *prefix {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
