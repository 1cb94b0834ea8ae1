package awsproto

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// Timestamp is an instant in a wire structure. Each protocol frames it its
// own way: the JSON protocols as epoch seconds (a number, fractional seconds
// allowed), RPC v2 CBOR as tag 1 over epoch seconds, and the query protocol
// and its XML responses as ISO 8601 text. All of them carry milliseconds,
// the precision AWS keeps, so a Timestamp survives every codec unchanged
// once it is whole milliseconds; finer parts are dropped on encoding.
//
// Wire structs hold optional members as *Timestamp. CloudWatch Logs
// predates this type and sends epoch milliseconds as plain integers.
type Timestamp time.Time

// Time returns t as a time.Time in UTC.
func (t Timestamp) Time() time.Time { return time.Time(t).UTC() }

// IsZero reports whether t is the zero time (omitzero uses it).
func (t Timestamp) IsZero() bool { return time.Time(t).IsZero() }

// String formats t as the query protocol does.
func (t Timestamp) String() string { return t.Time().Format(isoLayout) }

// isoLayout is the ISO 8601 form AWS writes: UTC, milliseconds only when
// there are any.
const isoLayout = "2006-01-02T15:04:05.999Z"

// Epoch seconds representable as a time.Time that formats as ISO 8601 with
// a four-digit year (0001-01-01 … 9999-12-31).
const (
	minEpochSeconds = -62135596800
	maxEpochSeconds = 253402300799
)

var errTimestampRange = errors.New("timestamp is outside years 0001 to 9999")

// fromMillis builds a Timestamp from epoch milliseconds.
func fromMillis(ms int64) Timestamp { return Timestamp(time.UnixMilli(ms).UTC()) }

// fromSeconds converts fractional epoch seconds, rounding to the nearest
// millisecond: clients compute seconds as milliseconds/1000 in binary
// floating point, and rounding undoes that error exactly.
func fromSeconds(s float64) (Timestamp, error) {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return Timestamp{}, fmt.Errorf("timestamp %v is not a finite number", s)
	}
	ms := math.Round(s * 1000)
	if ms < minEpochSeconds*1000 || ms > maxEpochSeconds*1000+999 {
		return Timestamp{}, errTimestampRange
	}
	return fromMillis(int64(ms)), nil
}

// fromWholeSeconds converts integer epoch seconds.
func fromWholeSeconds(s int64) (Timestamp, error) {
	if s < minEpochSeconds || s > maxEpochSeconds {
		return Timestamp{}, errTimestampRange
	}
	return fromMillis(s * 1000), nil
}

// seconds returns t as epoch seconds with millisecond precision.
func (t Timestamp) seconds() float64 { return float64(time.Time(t).UnixMilli()) / 1000 }

// MarshalJSON writes epoch seconds, with a fraction only when t has
// milliseconds.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, t.seconds(), 'f', -1, 64), nil
}

// UnmarshalJSON reads epoch seconds, integral or fractional. null leaves t
// unchanged, as encoding/json does for other types.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("timestamp must be epoch seconds as a number, got %s", truncate(string(b), 40))
	}
	v, err := fromSeconds(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// MarshalText writes ISO 8601 in UTC, as the query protocol and XML
// responses carry timestamps.
func (t Timestamp) MarshalText() ([]byte, error) {
	return t.Time().AppendFormat(nil, isoLayout), nil
}

// UnmarshalText reads ISO 8601 (RFC 3339, with or without fractional
// seconds; a missing zone means UTC) or epoch seconds.
func (t *Timestamp) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "" {
		return errors.New("timestamp is empty")
	}
	if strings.ContainsAny(s, "T:") {
		layout := time.RFC3339
		if !hasZone(s) {
			layout = "2006-01-02T15:04:05"
		}
		v, err := time.Parse(layout, s)
		if err != nil {
			return fmt.Errorf("timestamp %q is not ISO 8601 (for example 2024-01-02T03:04:05Z)", truncate(s, 40))
		}
		*t = fromMillis(v.UnixMilli())
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("timestamp %q is neither ISO 8601 nor epoch seconds", truncate(s, 40))
	}
	v, err := fromSeconds(f)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// hasZone reports whether an ISO 8601 date-time ends in Z or ±hh:mm.
func hasZone(s string) bool {
	if strings.HasSuffix(s, "Z") {
		return true
	}
	if len(s) < 6 {
		return false
	}
	z := s[len(s)-6:]
	return (z[0] == '+' || z[0] == '-') && z[3] == ':'
}

// MarshalCBOR writes tag 1 over float64 epoch seconds, the form the Smithy
// RPC v2 CBOR protocol uses for every timestamp.
func (t Timestamp) MarshalCBOR() ([]byte, error) {
	return cborEnc.Marshal(cbor.Tag{Number: 1, Content: t.seconds()})
}

// UnmarshalCBOR reads tag 1 over integer or floating epoch seconds. A bare
// number is accepted too; null and undefined leave t unchanged.
func (t *Timestamp) UnmarshalCBOR(data []byte) error {
	if len(data) > 0 && data[0]>>5 == 6 { // major type 6: a tag
		var tag cbor.RawTag
		if err := cborDec.Unmarshal(data, &tag); err != nil {
			return fmt.Errorf("cannot decode timestamp: %w", err)
		}
		if tag.Number != 1 {
			return fmt.Errorf("timestamp has CBOR tag %d, want 1 (epoch seconds)", tag.Number)
		}
		data = tag.Content
	}
	if bytes.Equal(data, []byte{0xf6}) || bytes.Equal(data, []byte{0xf7}) {
		return nil
	}
	var n any
	if err := cborDec.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("cannot decode timestamp: %w", err)
	}
	var (
		v   Timestamp
		err error
	)
	switch n := n.(type) {
	case uint64:
		if n > maxEpochSeconds {
			return errTimestampRange
		}
		v, err = fromWholeSeconds(int64(n))
	case int64:
		v, err = fromWholeSeconds(n)
	case float64:
		v, err = fromSeconds(n)
	default:
		return fmt.Errorf("timestamp must be epoch seconds, got CBOR %T", n)
	}
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// truncate shortens s for an error message, keeping it valid UTF-8.
func truncate(s string, n int) string {
	if len(s) <= n {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.ToValidUTF8(s[:n], "\uFFFD") + "…"
}
