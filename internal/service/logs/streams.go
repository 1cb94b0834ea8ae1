package logs

import (
	"context"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// CreateLogStream creates a stream in a group of the caller's account.
func (s *Service) CreateLogStream(ctx context.Context, c Caller, group, stream string) error {
	if err := validateGroupName(group, "logGroupName"); err != nil {
		return err
	}
	if err := validateStreamName(stream, "logStreamName"); err != nil {
		return err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, group)
	if err != nil {
		return err
	}
	_, err = s.cat.CreateLogStream(ctx, g.ID, stream, s.nowMillis())
	return err
}

// DeleteLogStream deletes a stream and its events.
func (s *Service) DeleteLogStream(ctx context.Context, c Caller, group, stream string) error {
	if err := validateGroupName(group, "logGroupName"); err != nil {
		return err
	}
	if err := validateStreamName(stream, "logStreamName"); err != nil {
		return err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, group)
	if err != nil {
		return err
	}
	st, err := s.cat.DeleteLogStream(ctx, g.ID, stream)
	if err != nil {
		return err
	}
	if err := s.store.DeleteStream(ctx, g.ID, st.ID); err != nil {
		return fmt.Errorf("cannot delete events of log stream %q: %w", stream, err)
	}
	return nil
}

// DescribeLogStreamsInput is DescribeLogStreams' request.
type DescribeLogStreamsInput struct {
	GroupName       string
	GroupIdentifier string
	Prefix          *string
	OrderBy         string
	Descending      bool
	Limit           *int32
	NextToken       *string
}

// LogStreamView is a stream as DescribeLogStreams shows it.
type LogStreamView struct {
	model.LogStream
	ARN string
}

// DescribeLogStreams lists a group's streams a page at a time.
func (s *Service) DescribeLogStreams(ctx context.Context, c Caller, in DescribeLogStreamsInput) ([]LogStreamView, string, error) {
	g, err := s.resolveGroup(ctx, c, in.GroupName, in.GroupIdentifier)
	if err != nil {
		return nil, "", err
	}
	q := model.StreamQuery{Descending: in.Descending}
	switch in.OrderBy {
	case "", "LogStreamName":
		q.Order = model.OrderByName
	case "LastEventTime":
		q.Order = model.OrderByLastEventTime
	default:
		return nil, "", constraint(in.OrderBy, "orderBy", "Member must satisfy enum value set: [LogStreamName, LastEventTime]")
	}
	if in.Prefix != nil {
		if q.Order == model.OrderByLastEventTime {
			return nil, "", invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
		}
		if err := validateStreamName(*in.Prefix, "logStreamNamePrefix"); err != nil {
			return nil, "", err
		}
		q.Prefix = *in.Prefix
	}
	limit, err := validateLimit(in.Limit, maxDescribeLimit, "limit")
	if err != nil {
		return nil, "", err
	}
	if in.NextToken != nil {
		t, name, err := decodeStreamToken(*in.NextToken)
		if err != nil {
			return nil, "", err
		}
		q.HasAfter, q.AfterTime, q.AfterName = true, t, name
	}
	q.Limit = limit + 1
	streams, err := s.cat.ListLogStreams(ctx, g.ID, q)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(streams) > limit {
		streams = streams[:limit]
		last := streams[limit-1]
		next = encodeStreamToken(last.LastEventTimestamp, last.Name)
	}
	views := make([]LogStreamView, len(streams))
	for i, st := range streams {
		views[i] = LogStreamView{LogStream: st, ARN: StreamARN(c, g.Name, st.Name)}
	}
	return views, next, nil
}

// resolveGroup finds the group a request names by logGroupName or
// logGroupIdentifier; exactly one must be given.
func (s *Service) resolveGroup(ctx context.Context, c Caller, name, identifier string) (model.LogGroup, error) {
	switch {
	case name != "" && identifier != "":
		return model.LogGroup{}, invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	case name == "" && identifier == "":
		return model.LogGroup{}, invalid("Either logGroupName or logGroupIdentifier must be specified.")
	case identifier != "":
		n, err := groupNameFromIdentifier(c, identifier, "logGroupIdentifier")
		if err != nil {
			return model.LogGroup{}, err
		}
		name = n
	default:
		if err := validateGroupName(name, "logGroupName"); err != nil {
			return model.LogGroup{}, err
		}
	}
	return s.cat.GetLogGroup(ctx, c.AccountID, name)
}
