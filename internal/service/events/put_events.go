package events

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// PutEventsEntry is one entry of a PutEvents request.
type PutEventsEntry struct {
	// Time is the event's time; zero means now.
	Time                       time.Time
	Source, DetailType, Detail string
	Resources                  []string
	EventBusName               string
	TraceHeader                string
}

// PutEventsResult is the outcome of one entry: an EventID, or an error.
type PutEventsResult struct {
	EventID, ErrorCode, ErrorMessage string
}

// entrySize is an entry's size as EventBridge counts it against the
// request limit.
func entrySize(e PutEventsEntry) int {
	n := len(e.Source) + len(e.DetailType) + len(e.Detail)
	if !e.Time.IsZero() {
		n += 14
	}
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

func failed(code, msg string) PutEventsResult {
	return PutEventsResult{ErrorCode: code, ErrorMessage: msg}
}

// PutEvents accepts up to ten events and queues each for matching and
// delivery; it never waits for a delivery. A bad entry fails alone, in
// its result, while the others are accepted.
func (s *Service) PutEvents(ctx context.Context, c Caller, entries []PutEventsEntry) ([]PutEventsResult, int, error) {
	if len(entries) == 0 {
		return nil, 0, missing("entries")
	}
	if len(entries) > maxPutEventsEntries {
		return nil, 0, validation("1 validation error detected: Value '[...]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to %d", maxPutEventsEntries)
	}
	total := 0
	for _, e := range entries {
		total += entrySize(e)
	}
	if total > maxPutEventsBytes {
		return nil, 0, validation("Total size of the entries in the request is over the limit.")
	}
	out := make([]PutEventsResult, len(entries))
	nFailed := 0
	knownBus := map[string]error{}
	for i, e := range entries {
		r := s.putEntry(ctx, c, e, knownBus)
		if r.ErrorCode != "" {
			nFailed++
		}
		out[i] = r
	}
	return out, nFailed, nil
}

func (s *Service) putEntry(ctx context.Context, c Caller, e PutEventsEntry, knownBus map[string]error) PutEventsResult {
	switch {
	case e.Source == "":
		return failed("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.")
	case e.DetailType == "":
		return failed("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.")
	case e.Detail == "":
		return failed("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.")
	case utf8.RuneCountInString(e.DetailType) > maxDetailTypeLen:
		return failed("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType must be at most 128 characters.")
	case strings.HasPrefix(e.Source, "aws."):
		return failed("NotAuthorizedForSourceException", "Not authorized for the source.")
	}
	detail, ok := compactObject(e.Detail)
	if !ok {
		return failed("MalformedDetail", "Detail is malformed.")
	}
	for _, r := range e.Resources {
		if r == "" {
			return failed("InvalidArgument", "Parameter Resources is not valid. Reason: a resource must not be empty.")
		}
	}
	bus := busName(e.EventBusName)
	err, seen := knownBus[bus]
	if !seen {
		err = s.checkBus(ctx, c.AccountID, bus)
		knownBus[bus] = err
	}
	switch {
	case errors.Is(err, model.ErrNotFound):
		return failed("ResourceNotFoundException", "Event bus "+bus+" does not exist.")
	case err != nil:
		s.log.Warn("cannot read event bus", "account", c.AccountID, "bus", bus, "err", err)
		return failed("InternalException", "The event bus could not be read; try again.")
	}
	t := e.Time
	if t.IsZero() {
		t = s.now()
	}
	id := newEventID()
	env := newEnvelope(id, c.AccountID, c.Region, e.Source, e.DetailType, t, e.Resources, detail)
	if err := s.enqueue(env, bus, ""); err != nil {
		return failed("ThrottlingException", "Rate exceeded.")
	}
	return PutEventsResult{EventID: id}
}

// PublishedEvent is an event another service emits, such as an alarm
// state change.
type PublishedEvent struct {
	AccountID, Source, DetailType string
	Time                          time.Time
	Resources                     []string
	// Detail is the detail object, already JSON.
	Detail json.RawMessage
}

// Publish queues an event on the account's default bus. It never blocks:
// when the queue is full the event is dropped, logged and counted.
func (s *Service) Publish(e PublishedEvent) {
	t := e.Time
	if t.IsZero() {
		t = s.now()
	}
	env := newEnvelope(newEventID(), e.AccountID, s.region, e.Source, e.DetailType, t, e.Resources, e.Detail)
	if err := s.enqueue(env, DefaultBus, ""); err != nil {
		s.log.Warn("event dropped", "source", e.Source, "detail_type", e.DetailType, "account", e.AccountID, "err", err)
	}
}
