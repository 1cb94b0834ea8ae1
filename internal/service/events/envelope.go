package events

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"
)

// envelope is the event as rules match it and targets receive it, with
// EventBridge's field order.
type envelope struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}

// eventTimeLayout is the envelope's time: UTC to the second.
const eventTimeLayout = "2006-01-02T15:04:05Z"

func newEnvelope(id, account, region, source, detailType string, t time.Time, resources []string, detail json.RawMessage) envelope {
	if resources == nil {
		resources = []string{}
	}
	return envelope{Version: "0", ID: id, DetailType: detailType, Source: source, Account: account,
		Time: t.UTC().Format(eventTimeLayout), Region: region, Resources: resources, Detail: detail}
}

// marshal encodes the event without escaping <, > and &, which
// json.Marshal would turn into \u003c and friends in the event's text.
func (e envelope) marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, fmt.Errorf("cannot encode event %s: %w", e.ID, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// newEventID returns a random version 4 UUID, the form of EventBridge's
// event ids.
func newEventID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// compactObject validates that detail is one JSON object and returns it
// without insignificant space; ok is false otherwise.
func compactObject(detail string) (json.RawMessage, bool) {
	d := bytes.TrimSpace([]byte(detail))
	if len(d) == 0 || d[0] != '{' || !json.Valid(d) {
		return nil, false
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, d); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// checkEnvelope requires the fields TestEventPattern's event must have.
func checkEnvelope(event []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(event, &m); err != nil {
		return validation("Parameter Event is not valid.")
	}
	for _, k := range []string{"id", "account", "source", "time", "region", "detail-type"} {
		if _, ok := m[k]; !ok {
			return validation("Parameter Event is not valid.")
		}
	}
	return nil
}
