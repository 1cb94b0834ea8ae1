package sdk

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/openwatch/openwatch/internal/app"
	"github.com/openwatch/openwatch/internal/cli"
)

// consoleSession is a browser signed in to the console.
type consoleSession struct {
	cookie *http.Cookie
	csrf   string
}

func consoleSignIn(t *testing.T, base string, creds map[string]string) consoleSession {
	t.Helper()
	body, _ := json.Marshal(creds)
	resp, err := http.Post(base+"/console/api/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("console sign-in: %d %s", resp.StatusCode, b)
	}
	var s struct{ CSRFToken string }
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "ow_session" {
			return consoleSession{cookie: c, csrf: s.CSRFToken}
		}
	}
	t.Fatalf("console sign-in set no session cookie: %v", resp.Header["Set-Cookie"])
	return consoleSession{}
}

// doorTransport sends the SDK's unsigned requests through the console's
// AWS door as the page would: same body and X-Amz-Target, the session
// cookie and CSRF token instead of a signature.
type doorTransport struct {
	next http.RoundTripper
	sess consoleSession
}

func (d doorTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Path, r.URL.RawPath = "/console/api/aws", ""
	r.Header.Del("Authorization")
	r.AddCookie(d.sess.cookie)
	r.Header.Set("X-CSRF-Token", d.sess.csrf)
	return d.next.RoundTrip(r)
}

// doorLogsClient is an unchanged SDK client that reaches the server only
// through the console door of sess.
func doorLogsClient(url string, sess consoleSession) *cloudwatchlogs.Client {
	hc := cli.NewHTTPClient()
	hc.Transport = doorTransport{next: hc.Transport, sess: sess}
	return cloudwatchlogs.New(cloudwatchlogs.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(url),
		Credentials:      aws.AnonymousCredentials{},
		HTTPClient:       hc,
		RetryMaxAttempts: 1,
	})
}

func groupSummary(out *cloudwatchlogs.DescribeLogGroupsOutput) string {
	var b strings.Builder
	for _, g := range out.LogGroups {
		fmt.Fprintf(&b, "%s %s %d %d|", aws.ToString(g.LogGroupName), aws.ToString(g.Arn), aws.ToInt64(g.CreationTime), aws.ToInt64(g.StoredBytes))
	}
	return b.String()
}

// TestConsoleDoorMatchesSigV4 checks that a console session answers AWS
// calls exactly as SigV4 requests of the same principal, and sees nothing
// of another account.
func TestConsoleDoorMatchesSigV4(t *testing.T) {
	s := startServer(t, t.TempDir())
	ctx := context.Background()
	a := logsClient(s.URL, testKeyID, testSecret)
	for _, g := range []string{"console-door-1", "console-door-2"} {
		must[*cloudwatchlogs.CreateLogGroupOutput](t)(a.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(g)}))
	}

	adm, err := app.OpenAdmin(ctx, s.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := adm.CreateAccount(ctx, "", "b")
	if err != nil {
		t.Fatal(err)
	}
	keyB, err := adm.CreateKey(ctx, acct.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := adm.ConsoleUsers().CreateUser(ctx, acct.ID, "bea", "bea's console password"); err != nil {
		t.Fatal(err)
	}
	if err := adm.Close(); err != nil {
		t.Fatal(err)
	}
	b := logsClient(s.URL, keyB.ID, keyB.Secret)
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(b.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("console-door-b")}))

	viaDoorA := doorLogsClient(s.URL, consoleSignIn(t, s.URL, map[string]string{"accessKeyId": testKeyID, "secretAccessKey": testSecret}))
	signed := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(a.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}))
	door := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(viaDoorA.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}))
	if groupSummary(door) != groupSummary(signed) || len(door.LogGroups) != 2 {
		t.Fatalf("door answer:\n%s\nSigV4 answer:\n%s", groupSummary(door), groupSummary(signed))
	}
	// The door writes too, and modelled errors come back as the SDK's types.
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(viaDoorA.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("console-door-3")}))
	var exists *types.ResourceAlreadyExistsException
	if _, err := viaDoorA.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("console-door-3")}); !errors.As(err, &exists) {
		t.Fatalf("duplicate group through the door: %v", err)
	}
	if n := len(must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(a.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})).LogGroups); n != 3 {
		t.Fatalf("SigV4 sees %d groups after the door created one", n)
	}

	for name, creds := range map[string]map[string]string{
		"key B":  {"accessKeyId": keyB.ID, "secretAccessKey": keyB.Secret},
		"user B": {"username": "bea", "password": "bea's console password"},
	} {
		viaDoorB := doorLogsClient(s.URL, consoleSignIn(t, s.URL, creds))
		got := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(viaDoorB.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}))
		want := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(b.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}))
		if groupSummary(got) != groupSummary(want) || len(got.LogGroups) != 1 {
			t.Fatalf("%s through the door sees %s, want %s", name, groupSummary(got), groupSummary(want))
		}
		var nf *types.ResourceNotFoundException
		if _, err := viaDoorB.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("console-door-1")}); !errors.As(err, &nf) {
			t.Fatalf("%s reading account A's group through the door: %v", name, err)
		}
	}

	// Without the CSRF token the door refuses, in the AWS error envelope.
	sess := consoleSignIn(t, s.URL, map[string]string{"accessKeyId": testKeyID, "secretAccessKey": testSecret})
	req, _ := http.NewRequest("POST", s.URL+"/console/api/aws", strings.NewReader(`{}`))
	req.Header.Set("X-Amz-Target", "Logs_20140328.DescribeLogGroups")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.AddCookie(sess.cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), `"__type":"AccessDeniedException"`) {
		t.Fatalf("door without CSRF: %d %s", resp.StatusCode, body)
	}
}

// TestConsolePagesAndAWSRequestsShareThePort checks the root routing: a
// browser's GET gets the console, and every kind of signed AWS request,
// GETs of the query protocol included, still reaches the API.
func TestConsolePagesAndAWSRequestsShareThePort(t *testing.T) {
	s := startServer(t, t.TempDir())
	ctx := context.Background()
	do := func(req *http.Request) (*http.Response, string) {
		t.Helper()
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	get := func(path string) *http.Request {
		req, err := http.NewRequest("GET", s.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	creds := aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret}
	emptyHash := hex.EncodeToString(func() []byte { h := sha256.Sum256(nil); return h[:] }())
	const listMetrics = "/?Action=ListMetrics&Version=2010-08-01"

	resp, body := do(get("/"))
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "<") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Fatalf("GET /: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	signed := get(listMetrics)
	if err := v4.NewSigner().SignHTTP(ctx, creds, signed, emptyHash, "monitoring", testRegion, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, body = do(signed)
	if resp.StatusCode != 200 || !strings.Contains(body, "<ListMetricsResponse") {
		t.Fatalf("SigV4 GET ListMetrics: %d %s", resp.StatusCode, body)
	}

	presignReq := get(listMetrics)
	presigned, _, err := v4.NewSigner().PresignHTTP(ctx, creds, presignReq, emptyHash, "monitoring", testRegion, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	resp, body = do(get(strings.TrimPrefix(presigned, s.URL)))
	if resp.StatusCode != 200 || !strings.Contains(body, "<ListMetricsResponse") {
		t.Fatalf("presigned GET ListMetrics: %d %s", resp.StatusCode, body)
	}

	// Unsigned but naming an action: the API answers, with its error.
	resp, body = do(get(listMetrics))
	if resp.StatusCode < 400 || strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "<ErrorResponse") {
		t.Fatalf("unsigned GET ListMetrics: %d %q %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp, _ := do(get("/healthz")); resp.StatusCode != 200 {
		t.Fatalf("/healthz: %d", resp.StatusCode)
	}
	if resp, body := do(get("/metrics")); resp.StatusCode != 200 || !strings.Contains(body, "openwatch_api_requests_total") {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	// An unsigned POST is the API's too.
	post, _ := http.NewRequest("POST", s.URL+"/", strings.NewReader(`{}`))
	post.Header.Set("X-Amz-Target", "Logs_20140328.DescribeLogGroups")
	post.Header.Set("Content-Type", "application/x-amz-json-1.1")
	if resp, body := do(post); resp.StatusCode < 400 || !strings.Contains(body, "__type") {
		t.Fatalf("unsigned POST: %d %s", resp.StatusCode, body)
	}
}

// TestConsoleLiveTail follows a group through the console's event stream
// while an SDK client puts events.
func TestConsoleLiveTail(t *testing.T) {
	s := startServer(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := logsClient(s.URL, testKeyID, testSecret)
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(a.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("console-tail")}))
	must[*cloudwatchlogs.CreateLogStreamOutput](t)(a.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("console-tail"), LogStreamName: aws.String("web")}))
	sess := consoleSignIn(t, s.URL, map[string]string{"accessKeyId": testKeyID, "secretAccessKey": testSecret})

	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/console/api/tail?"+url.Values{"group": {"console-tail"}, "filterPattern": {"ERROR"}}.Encode(), nil)
	req.AddCookie(sess.cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("tail: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			}
			if d, ok := strings.CutPrefix(line, "data: "); ok {
				events <- name + " " + d
			}
		}
	}()
	// The stream subscribes after its first bytes; events put until then
	// are not promised, so keep putting until one arrives.
	deadline := time.After(30 * time.Second)
	for i := 0; ; i++ {
		msg := fmt.Sprintf("ERROR request %d failed", i)
		must[*cloudwatchlogs.PutLogEventsOutput](t)(a.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{
			LogGroupName: aws.String("console-tail"), LogStreamName: aws.String("web"),
			LogEvents: []types.InputLogEvent{
				{Timestamp: aws.Int64(time.Now().UnixMilli()), Message: aws.String("INFO request served")},
				{Timestamp: aws.Int64(time.Now().UnixMilli()), Message: aws.String(msg)},
			},
		}))
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("stream ended")
			}
			var e struct{ LogGroupName, LogStreamName, Message, EventID string }
			if !strings.HasPrefix(ev, "log ") || json.Unmarshal([]byte(strings.TrimPrefix(ev, "log ")), &e) != nil {
				t.Fatalf("event %q", ev)
			}
			if e.LogGroupName != "console-tail" || e.LogStreamName != "web" || !strings.HasPrefix(e.Message, "ERROR request ") || e.EventID == "" {
				t.Fatalf("event %+v", e)
			}
			return
		case <-deadline:
			t.Fatal("no live event within 30s")
		case <-time.After(500 * time.Millisecond):
		}
	}
}
