package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// putLogEventsClient sends PutLogEvents as lean log shippers do: the JSON
// body is written directly and signed with the SDK's SigV4 signer, so the
// client's CPU goes to the protocol rather than to a generic serializer,
// as the VictoriaLogs client's does to its JSON lines.
type putLogEventsClient struct {
	url    string
	http   *http.Client
	signer *v4.Signer
	creds  aws.Credentials
}

func newPutLogEventsClient(url string, conns int) *putLogEventsClient {
	return &putLogEventsClient{
		url:    url + "/",
		http:   &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}},
		signer: v4.NewSigner(),
		creds:  aws.Credentials{AccessKeyID: benchKeyID, SecretAccessKey: benchSecret},
	}
}

// appendPutLogEventsBody appends the JSON body of a PutLogEvents request.
func appendPutLogEventsBody(b []byte, group, stream string, batch []Event) []byte {
	b = append(b, `{"logGroupName":`...)
	b = appendJSONString(b, group)
	b = append(b, `,"logStreamName":`...)
	b = appendJSONString(b, stream)
	b = append(b, `,"logEvents":[`...)
	for i := range batch {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"timestamp":`...)
		b = strconv.AppendInt(b, batch[i].Timestamp, 10)
		b = append(b, `,"message":`...)
		b = appendJSONString(b, batch[i].Message)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// prepare is the prepareFunc of PutLogEvents: it encodes and signs the
// request.
func (p *putLogEventsClient) prepare(ctx context.Context, stream int, batch []Event) (func() error, error) {
	// Room for the escapes of JSON messages, so the body is not grown.
	size := 128
	for i := range batch {
		size += len(batch[i].Message)*5/4 + 48
	}
	body := appendPutLogEventsBody(make([]byte, 0, size), benchGroup, StreamName(stream), batch)
	sum := sha256.Sum256(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("cannot build PutLogEvents request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Logs_20140328.PutLogEvents")
	if err := p.signer.SignHTTP(ctx, p.creds, req, hex.EncodeToString(sum[:]), "logs", benchRegion, time.Now()); err != nil {
		return nil, fmt.Errorf("cannot sign PutLogEvents request: %w", err)
	}
	return func() error {
		resp, err := p.http.Do(req)
		return p.finish(resp, err)
	}, nil
}

// finish reads the answer to a PutLogEvents request.
func (p *putLogEventsClient) finish(resp *http.Response, err error) error {
	if err != nil {
		return err
	}
	msg, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot read the PutLogEvents response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("PutLogEvents: %s: %s", resp.Status, bytes.TrimSpace(msg))
	}
	var out struct {
		Rejected *struct {
			TooNew  *int32 `json:"tooNewLogEventStartIndex"`
			TooOld  *int32 `json:"tooOldLogEventEndIndex"`
			Expired *int32 `json:"expiredLogEventEndIndex"`
		} `json:"rejectedLogEventsInfo"`
	}
	if err := json.Unmarshal(msg, &out); err != nil {
		return fmt.Errorf("cannot decode the PutLogEvents response %q: %w", msg, err)
	}
	if r := out.Rejected; r != nil {
		return fmt.Errorf("the server rejected events (too new from %v, too old before %v, expired before %v)",
			aws.ToInt32(r.TooNew), aws.ToInt32(r.TooOld), aws.ToInt32(r.Expired))
	}
	return nil
}
