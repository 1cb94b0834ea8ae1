package logs

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// Pagination tokens are opaque to clients. They carry only a position, so
// they stay valid while data changes; a token that does not decode is an
// InvalidParameterException, as on AWS.

func errBadToken() error { return invalid("The specified nextToken is invalid.") }

// encodeNameToken encodes "continue after this name" (DescribeLogGroups).
func encodeNameToken(name string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("n1:" + name))
}

func decodeNameToken(tok string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || !strings.HasPrefix(string(b), "n1:") {
		return "", errBadToken()
	}
	return string(b[3:]), nil
}

// encodeStreamToken encodes a DescribeLogStreams position.
func encodeStreamToken(t int64, name string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("s1:" + strconv.FormatInt(t, 10) + ":" + name))
}

func decodeStreamToken(tok string) (int64, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || !strings.HasPrefix(string(b), "s1:") {
		return 0, "", errBadToken()
	}
	rest := string(b[3:])
	i := strings.IndexByte(rest, ':')
	if i < 0 {
		return 0, "", errBadToken()
	}
	t, err := strconv.ParseInt(rest[:i], 10, 64)
	if err != nil {
		return 0, "", errBadToken()
	}
	return t, rest[i+1:], nil
}

// Event-position tokens look like AWS's ("f/<digits>/s", "b/<digits>/s"):
// the direction, then the 19-digit timestamp and 20-digit sequence of the
// cursor.
func encodeEventToken(dir byte, c model.Cursor) string {
	return fmt.Sprintf("%c/%019d%020d/s", dir, c.Timestamp, c.Seq)
}

func decodeEventToken(tok string) (byte, model.Cursor, error) {
	if len(tok) != 2+19+20+2 || (tok[0] != 'f' && tok[0] != 'b') || tok[1] != '/' || tok[len(tok)-2:] != "/s" {
		return 0, model.Cursor{}, errBadToken()
	}
	ts, err1 := strconv.ParseInt(tok[2:21], 10, 64)
	seq, err2 := strconv.ParseUint(tok[21:41], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, model.Cursor{}, errBadToken()
	}
	return tok[0], model.Cursor{Timestamp: ts, Seq: seq}, nil
}

// encodeFilterToken encodes "continue after this event" for FilterLogEvents.
func encodeFilterToken(c model.Cursor) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "e1:%d:%d", c.Timestamp, c.Seq))
}

func decodeFilterToken(tok string) (model.Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return model.Cursor{}, errBadToken()
	}
	var c model.Cursor
	if n, err := fmt.Sscanf(string(b), "e1:%d:%d", &c.Timestamp, &c.Seq); err != nil || n != 2 {
		return model.Cursor{}, errBadToken()
	}
	return c, nil
}

// EventID is the stable, 56-digit id of a stored event: `aws logs tail`
// de-duplicates on it, so it must not change between reads.
func EventID(e *model.StoredEvent) string {
	return fmt.Sprintf("%020d%020d%016d", e.Timestamp, e.Seq, e.StreamID%1e16)
}
