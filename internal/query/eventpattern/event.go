package eventpattern

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/openwatch/openwatch/internal/model"
)

// Event is a parsed JSON event. Parse an event once with ParseEvent and
// match it against every rule's pattern; an Event is read-only and safe
// for concurrent use.
type Event struct {
	root map[string]any
}

// ParseEvent parses a JSON object. Numbers keep their text, since exact
// matching compares numbers as written. Errors wrap
// model.ErrInvalidParameter.
func ParseEvent(data []byte) (*Event, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, model.Errorf(model.ErrInvalidParameter, "Event is not valid. Reason: %v", err)
	}
	if root == nil {
		return nil, model.Errorf(model.ErrInvalidParameter, "Event is not valid. Reason: the event must be a JSON object")
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, model.Errorf(model.ErrInvalidParameter, "Event is not valid. Reason: unexpected data after the JSON object")
	}
	return &Event{root: root}, nil
}
