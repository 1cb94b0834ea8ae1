package logs

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// PutLogEventsInput is PutLogEvents' request. The events' messages are
// only valid during the call: the protocol layer reuses their memory for
// the next request, so nothing here keeps them without a copy.
type PutLogEventsInput struct {
	Group, Stream string
	Events        []model.LogEvent
}

// RejectedInfo reports events PutLogEvents kept out of the batch; each index
// is meaningful only when its Has flag is set.
type RejectedInfo struct {
	HasTooNew, HasTooOld, HasExpired bool
	// TooNewStart is the first too-new index (inclusive); TooOldEnd and
	// ExpiredEnd are one past the last too-old / expired index.
	TooNewStart, TooOldEnd, ExpiredEnd int
}

// PutLogEventsOutput is PutLogEvents' result.
type PutLogEventsOutput struct {
	NextSequenceToken string
	Rejected          *RejectedInfo
}

// PutLogEvents validates a batch with CloudWatch's rules and stores the
// acceptable events durably before returning.
func (s *Service) PutLogEvents(ctx context.Context, c Caller, in PutLogEventsInput) (PutLogEventsOutput, error) {
	if err := validateGroupName(in.Group, "logGroupName"); err != nil {
		return PutLogEventsOutput{}, err
	}
	if err := validateStreamName(in.Stream, "logStreamName"); err != nil {
		return PutLogEventsOutput{}, err
	}
	if err := validateBatch(in.Events); err != nil {
		return PutLogEventsOutput{}, err
	}
	g, err := s.cat.GetLogGroup(ctx, c.AccountID, in.Group)
	if err != nil {
		return PutLogEventsOutput{}, err
	}
	st, err := s.cat.GetLogStream(ctx, g.ID, in.Stream)
	if err != nil {
		return PutLogEventsOutput{}, err
	}

	now := s.nowMillis()
	keep, rej := partitionByAge(in.Events, now, g.RetentionInDays)
	if len(keep) > 0 && keep[len(keep)-1].Timestamp-keep[0].Timestamp > maxBatchSpanMs {
		return PutLogEventsOutput{}, invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
	}
	out := PutLogEventsOutput{Rejected: rej}
	if len(keep) == 0 {
		out.NextSequenceToken = sequenceToken(0)
		return out, nil
	}
	stored, err := s.store.Append(ctx, g.ID, st.ID, now, keep)
	if err != nil {
		return PutLogEventsOutput{}, fmt.Errorf("cannot store %d events in %q/%q: %w", len(keep), in.Group, in.Stream, err)
	}
	var bytes int64
	for _, e := range keep {
		bytes += int64(len(e.Message))
	}
	// The events are durable already; stream bookkeeping that fails here
	// only leaves first/last timestamps stale, so it must not fail the call
	// (the client would retry and store the batch twice).
	if err := s.cat.RecordIngest(ctx, g.ID, st.ID, keep[0].Timestamp, keep[len(keep)-1].Timestamp, now, bytes); err != nil {
		s.log.Warn("cannot update stream bookkeeping after ingest", "group", in.Group, "stream", in.Stream, "err", err)
	}
	for _, o := range s.observers {
		o.ObserveIngest(ctx, g, st, stored)
	}
	out.NextSequenceToken = sequenceToken(stored[len(stored)-1].Seq)
	return out, nil
}

// validateBatch applies the whole-call rules: count, size, message length
// and chronological order.
func validateBatch(events []model.LogEvent) error {
	if len(events) == 0 {
		return constraint("[]", "logEvents", "Member must have length greater than or equal to 1")
	}
	if len(events) > maxBatchEvents {
		return constraint(fmt.Sprintf("%d events", len(events)), "logEvents", "Member must have length less than or equal to 10000")
	}
	size := 0
	for i, e := range events {
		if e.Message == "" {
			return constraint("", fmt.Sprintf("logEvents.%d.member.message", i+1), "Member must have length greater than or equal to 1")
		}
		if !utf8.ValidString(e.Message) {
			return invalid("Log event %d has a message that is not valid UTF-8.", i)
		}
		if e.Timestamp < 0 {
			return constraint(strconv.FormatInt(e.Timestamp, 10), fmt.Sprintf("logEvents.%d.member.timestamp", i+1), "Member must have value greater than or equal to 0")
		}
		if i > 0 && e.Timestamp < events[i-1].Timestamp {
			return invalid("Log events in a single PutLogEvents request must be in chronological order.")
		}
		size += len(e.Message) + eventOverhead
	}
	if size > maxBatchBytes {
		return invalid("Upload too large: %d bytes exceeds limit of %d", size, maxBatchBytes)
	}
	return nil
}

// partitionByAge drops too-old, expired and too-new events. Because the
// batch is chronological, the dropped events are a prefix and a suffix.
func partitionByAge(events []model.LogEvent, now int64, retentionDays int32) ([]model.LogEvent, *RejectedInfo) {
	var rej RejectedInfo
	lo, hi := 0, len(events)
	oldest := now - tooOldMs
	expiredBefore := retentionStart(retentionDays, now)
	for lo < hi && (events[lo].Timestamp < oldest || events[lo].Timestamp < expiredBefore) {
		if events[lo].Timestamp < oldest {
			rej.HasTooOld, rej.TooOldEnd = true, lo+1
		}
		if events[lo].Timestamp < expiredBefore {
			rej.HasExpired, rej.ExpiredEnd = true, lo+1
		}
		lo++
	}
	for hi > lo && events[hi-1].Timestamp > now+tooNewMs {
		hi--
		rej.HasTooNew, rej.TooNewStart = true, hi
	}
	if !rej.HasTooOld && !rej.HasExpired && !rej.HasTooNew {
		return events, nil
	}
	return events[lo:hi], &rej
}

// sequenceToken is returned for clients that still read nextSequenceToken;
// tokens are never checked.
func sequenceToken(seq uint64) string {
	return fmt.Sprintf("%056d", seq)
}
