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
	"sync"
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

// bodyBufs keeps request bodies of answered requests: a fresh megabyte
// for every request costs the client more in page faults than writing it.
var bodyBufs = sync.Pool{New: func() any { return new([]byte) }}

// send is the sendFunc of PutLogEvents.
func (p *putLogEventsClient) send(ctx context.Context, stream int, batch []Event) error {
	buf := bodyBufs.Get().(*[]byte)
	req, err := p.request(ctx, stream, batch, buf)
	if err != nil {
		return err
	}
	resp, err := p.http.Do(req)
	if err = p.finish(resp, err); err == nil {
		// The server answered 200 after reading the whole body, so the
		// transport is done with it.
		bodyBufs.Put(buf)
	}
	return err
}

// request builds a signed PutLogEvents request, its body in *buf.
func (p *putLogEventsClient) request(ctx context.Context, stream int, batch []Event, buf *[]byte) (*http.Request, error) {
	// Room for the escapes of JSON messages, so the body is not grown.
	size := 128
	for i := range batch {
		size += len(batch[i].Message)*5/4 + 48
	}
	if cap(*buf) < size {
		*buf = make([]byte, 0, size)
	}
	body := appendPutLogEventsBody((*buf)[:0], benchGroup, StreamName(stream), batch)
	*buf = body
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
	return req, nil
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
