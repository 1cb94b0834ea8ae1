package sdk

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/openwatch/openwatch/internal/app"
	"github.com/openwatch/openwatch/internal/cli"
	"github.com/openwatch/openwatch/internal/config"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/topics"
	"github.com/openwatch/openwatch/internal/storage/catalog"
)

// startServerWith is startServer with a configuration hook, for the
// delivery settings tests need.
func startServerWith(t *testing.T, dataDir string, tune func(*config.Config)) *server {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dataDir
	cfg.Addr = "127.0.0.1:0"
	cfg.ShutdownTimeout = 5 * time.Second
	cfg.Bootstrap = &config.BootstrapKey{AccountID: "111111111111", AccessKeyID: testKeyID, Secret: testSecret}
	tune(&cfg)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err != nil {
		cancel()
		t.Fatalf("app.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		t.Fatalf("listen: %v", err)
	}
	s := &server{t: t, URL: "http://" + ln.Addr().String(), DataDir: dataDir, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- a.Serve(ctx, ln) }()
	waitHealthy(t, s.URL)
	t.Cleanup(s.Stop)
	return s
}

// fastRetries makes failed deliveries come back within a second.
func fastRetries(maxAttempts int) func(*config.Config) {
	return func(c *config.Config) {
		c.Delivery = config.Delivery{MaxAttempts: maxAttempts, MinBackoff: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond}
	}
}

// snsClient is an unchanged aws-sdk-go-v2 SNS client pointed at the
// server.
func snsClient(url string) *sns.Client {
	return sns.New(sns.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(testKeyID, testSecret, ""),
		HTTPClient:       cli.NewHTTPClient(),
		RetryMaxAttempts: 1,
	})
}

// snsDelivery is one request a webhook received.
type snsDelivery struct {
	Header http.Header
	Body   string
	At     time.Time
}

// message decodes an SNS HTTP message body.
func (d snsDelivery) message(t *testing.T) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(d.Body), &m); err != nil {
		t.Fatalf("delivery body %q: %v", d.Body, err)
	}
	return m
}

// webhook is a loopback SNS HTTP endpoint. It confirms subscriptions by
// fetching their SubscribeURL when autoConfirm is set, and answers
// notifications with status().
type webhook struct {
	*httptest.Server
	mu          sync.Mutex
	got         []snsDelivery
	status      int
	autoConfirm bool
	confirmErr  error
}

func newWebhook(t *testing.T, autoConfirm bool) *webhook {
	w := &webhook{status: http.StatusOK, autoConfirm: autoConfirm}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		d := snsDelivery{Header: r.Header.Clone(), Body: string(b), At: time.Now()}
		w.mu.Lock()
		w.got = append(w.got, d)
		status, confirm := w.status, w.autoConfirm
		w.mu.Unlock()
		if r.Header.Get("x-amz-sns-message-type") == "SubscriptionConfirmation" {
			if confirm {
				var m map[string]string
				_ = json.Unmarshal(b, &m)
				resp, err := http.Get(m["SubscribeURL"])
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = errors.New("SubscribeURL answered " + resp.Status)
					}
				}
				w.mu.Lock()
				w.confirmErr = err
				w.mu.Unlock()
			}
			return
		}
		rw.WriteHeader(status)
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *webhook) setStatus(s int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.status = s
}

// waitFor polls until n deliveries of the message type have arrived and
// returns them.
func (w *webhook) waitFor(t *testing.T, typ string, n int) []snsDelivery {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		w.mu.Lock()
		var out []snsDelivery
		for _, d := range w.got {
			if d.Header.Get("x-amz-sns-message-type") == typ {
				out = append(out, d)
			}
		}
		err := w.confirmErr
		w.mu.Unlock()
		if err != nil {
			t.Fatalf("following the SubscribeURL failed: %v", err)
		}
		if len(out) >= n {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("got %d %s deliveries, want %d", len(out), typ, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitConfirmed polls until the topic's subscription is confirmed and
// returns its ARN.
func waitConfirmed(t *testing.T, c *sns.Client, topic string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := c.ListSubscriptionsByTopic(context.Background(), &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Subscriptions) == 1 && aws.ToString(out.Subscriptions[0].SubscriptionArn) != "PendingConfirmation" {
			return aws.ToString(out.Subscriptions[0].SubscriptionArn)
		}
		if time.Now().After(deadline) {
			t.Fatalf("subscription not confirmed: %+v", out.Subscriptions)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestTopicsSDK(t *testing.T) {
	s := startServer(t, t.TempDir())
	c := snsClient(s.URL)
	ctx := context.Background()

	created := must[*sns.CreateTopicOutput](t)(c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("ops"),
		Attributes: map[string]string{"DisplayName": "Ops"}, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}}}))
	topic := aws.ToString(created.TopicArn)
	if topic != "arn:aws:sns:us-east-1:111111111111:ops" {
		t.Fatalf("TopicArn = %q", topic)
	}
	must[*sns.SetTopicAttributesOutput](t)(c.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: created.TopicArn,
		AttributeName: aws.String("DisplayName"), AttributeValue: aws.String("Operations")}))
	attrs := must[*sns.GetTopicAttributesOutput](t)(c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: created.TopicArn}))
	if attrs.Attributes["DisplayName"] != "Operations" || attrs.Attributes["TopicArn"] != topic || attrs.Attributes["Owner"] != "111111111111" {
		t.Fatalf("attributes: %v", attrs.Attributes)
	}
	listed := must[*sns.ListTopicsOutput](t)(c.ListTopics(ctx, &sns.ListTopicsInput{}))
	if len(listed.Topics) != 1 || aws.ToString(listed.Topics[0].TopicArn) != topic {
		t.Fatalf("topics: %+v", listed.Topics)
	}
	tags := must[*sns.ListTagsForResourceOutput](t)(c.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: created.TopicArn}))
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "team" {
		t.Fatalf("tags: %+v", tags.Tags)
	}

	hook := newWebhook(t, true)
	sub := must[*sns.SubscribeOutput](t)(c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: created.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String(hook.URL + "/sns")}))
	if aws.ToString(sub.SubscriptionArn) != "pending confirmation" {
		t.Fatalf("SubscriptionArn = %q", aws.ToString(sub.SubscriptionArn))
	}
	conf := hook.waitFor(t, "SubscriptionConfirmation", 1)[0]
	cm := conf.message(t)
	if cm["Type"] != "SubscriptionConfirmation" || cm["TopicArn"] != topic || cm["Token"] == "" ||
		!strings.HasPrefix(cm["SubscribeURL"], s.URL+"/?Action=ConfirmSubscription&") || conf.Header.Get("x-amz-sns-topic-arn") != topic {
		t.Fatalf("confirmation: %v %v", conf.Header, cm)
	}
	subArn := waitConfirmed(t, c, topic)

	pub := must[*sns.PublishOutput](t)(c.Publish(ctx, &sns.PublishInput{TopicArn: created.TopicArn, Subject: aws.String("Hi"), Message: aws.String("hello from the test")}))
	n := hook.waitFor(t, "Notification", 1)[0]
	nm := n.message(t)
	if nm["MessageId"] != aws.ToString(pub.MessageId) || nm["Message"] != "hello from the test" || nm["Subject"] != "Hi" ||
		nm["TopicArn"] != topic || n.Header.Get("x-amz-sns-subscription-arn") != subArn ||
		nm["UnsubscribeURL"] != s.URL+"/?Action=Unsubscribe&SubscriptionArn="+strings.ReplaceAll(strings.ReplaceAll(subArn, ":", "%3A"), "/", "%2F") {
		t.Fatalf("notification: %v %v", n.Header, nm)
	}
	verifySignature(t, s.URL, nm)
	verifySignature(t, s.URL, cm)

	sa := must[*sns.GetSubscriptionAttributesOutput](t)(c.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(subArn)}))
	if sa.Attributes["PendingConfirmation"] != "false" || sa.Attributes["Protocol"] != "http" || sa.Attributes["Endpoint"] != hook.URL+"/sns" {
		t.Fatalf("subscription attributes: %v", sa.Attributes)
	}
	all := must[*sns.ListSubscriptionsOutput](t)(c.ListSubscriptions(ctx, &sns.ListSubscriptionsInput{}))
	if len(all.Subscriptions) != 1 || aws.ToString(all.Subscriptions[0].SubscriptionArn) != subArn {
		t.Fatalf("subscriptions: %+v", all.Subscriptions)
	}

	t.Run("errors", func(t *testing.T) {
		_, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String("arn:aws:sns:us-east-1:111111111111:nope")})
		var nf *types.NotFoundException
		if !errors.As(err, &nf) {
			t.Fatalf("missing topic: %v", err)
		}
		_, err = c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: created.TopicArn, Protocol: aws.String("email"), Endpoint: aws.String("ops@example.test")})
		var ip *types.InvalidParameterException
		if !errors.As(err, &ip) || !strings.Contains(aws.ToString(ip.Message), "OPENWATCH_SMTP_ADDR") {
			t.Fatalf("email without SMTP: %v", err)
		}
		_, err = c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("bad name")})
		if !errors.As(err, &ip) {
			t.Fatalf("bad name: %v", err)
		}
	})

	t.Run("unsigned links", func(t *testing.T) {
		tests := []struct {
			name, query string
			status      int
			body        string
		}{
			{"other actions need a signature", "Action=ListTopics", http.StatusForbidden, "MissingAuthenticationToken"},
			{"publish needs a signature", "Action=Publish&TopicArn=" + topic + "&Message=x", http.StatusForbidden, "MissingAuthenticationToken"},
			{"wrong token", "Action=ConfirmSubscription&TopicArn=" + topic + "&Token=0000", http.StatusBadRequest, "InvalidParameter"},
			{"confirmed token", "Action=ConfirmSubscription&TopicArn=" + topic + "&Token=" + cm["Token"], http.StatusOK, "<SubscriptionArn>" + subArn + "</SubscriptionArn>"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp, err := http.Get(s.URL + "/?" + tt.query)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.body) {
					t.Fatalf("status %d body %s", resp.StatusCode, b)
				}
			})
		}
	})

	// The UnsubscribeURL works without a signature for a subscription
	// confirmed through its link.
	resp, err := http.Get(nm["UnsubscribeURL"])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("UnsubscribeURL: %s", resp.Status)
	}
	if all := must[*sns.ListSubscriptionsOutput](t)(c.ListSubscriptions(ctx, &sns.ListSubscriptionsInput{})); len(all.Subscriptions) != 0 {
		t.Fatalf("after unsubscribe: %+v", all.Subscriptions)
	}
	must[*sns.DeleteTopicOutput](t)(c.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: created.TopicArn}))
	if listed := must[*sns.ListTopicsOutput](t)(c.ListTopics(ctx, &sns.ListTopicsInput{})); len(listed.Topics) != 0 {
		t.Fatalf("after delete: %+v", listed.Topics)
	}
}

// subscribeHook creates a topic with a confirmed http subscription to
// hook and returns the topic ARN.
func subscribeHook(t *testing.T, c *sns.Client, name string, hook *webhook) string {
	t.Helper()
	ctx := context.Background()
	topic := aws.ToString(must[*sns.CreateTopicOutput](t)(c.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)})).TopicArn)
	must[*sns.SubscribeOutput](t)(c.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("http"), Endpoint: aws.String(hook.URL)}))
	waitConfirmed(t, c, topic)
	return topic
}

func deadLetters(t *testing.T, dataDir string) []model.DeadLetter {
	t.Helper()
	cat, err := catalog.OpenSQLite(context.Background(), filepath.Join(dataDir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	dl, err := cat.ListDeadLetters(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return dl
}

// A webhook that keeps failing is retried with growing waits, then the
// message becomes a dead letter with the reason.
func TestFailingWebhookIsDeadLettered(t *testing.T) {
	s := startServerWith(t, t.TempDir(), fastRetries(4))
	c := snsClient(s.URL)
	hook := newWebhook(t, true)
	topic := subscribeHook(t, c, "flaky", hook)
	hook.setStatus(http.StatusInternalServerError)
	must[*sns.PublishOutput](t)(c.Publish(context.Background(), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("doomed")}))
	got := hook.waitFor(t, "Notification", 4)

	var dl []model.DeadLetter
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if dl = deadLetters(t, s.DataDir); len(dl) > 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(dl) != 1 || dl[0].Attempts != 4 || !strings.Contains(dl[0].Reason, "gave up after 4 attempts: endpoint answered HTTP 500") ||
		dl[0].Source != topic || !strings.Contains(dl[0].Body, `"Message":"doomed"`) {
		t.Fatalf("dead letters: %+v", dl)
	}
	// Backoff: no retry comes sooner than the minimum wait.
	for i := 1; i < len(got); i++ {
		if gap := got[i].At.Sub(got[i-1].At); gap < 100*time.Millisecond {
			t.Fatalf("attempt %d came %v after the previous one", i+1, gap)
		}
	}
	time.Sleep(500 * time.Millisecond)
	if n := len(hook.waitFor(t, "Notification", 4)); n != 4 {
		t.Fatalf("%d attempts, want 4", n)
	}
}

// A delivery pending at shutdown is made after the restart.
func TestPendingDeliverySurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s := startServerWith(t, dir, fastRetries(50))
	c := snsClient(s.URL)
	hook := newWebhook(t, true)
	topic := subscribeHook(t, c, "durable", hook)
	hook.setStatus(http.StatusServiceUnavailable)
	must[*sns.PublishOutput](t)(c.Publish(context.Background(), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("keep me")}))
	hook.waitFor(t, "Notification", 1)
	s.Stop()

	hook.setStatus(http.StatusOK)
	before := len(hook.waitFor(t, "Notification", 1))
	startServerWith(t, dir, fastRetries(50))
	got := hook.waitFor(t, "Notification", before+1)
	if m := got[len(got)-1].message(t); m["Message"] != "keep me" {
		t.Fatalf("after restart: %v", m)
	}
	if dl := deadLetters(t, dir); len(dl) != 0 {
		t.Fatalf("dead letters: %+v", dl)
	}
}

// verifySignature checks an SNS message's signature with the certificate
// its SigningCertURL serves, as an endpoint would.
func verifySignature(t *testing.T, base string, m map[string]string) {
	t.Helper()
	if !strings.HasPrefix(m["SigningCertURL"], base+"/") || m["SignatureVersion"] != "1" {
		t.Fatalf("signature members: %v", m)
	}
	resp, err := http.Get(m["SigningCertURL"])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	block, _ := pem.Decode(body)
	if resp.StatusCode != http.StatusOK || block == nil {
		t.Fatalf("SigningCertURL: %s %q", resp.Status, body)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := base64.StdEncoding.DecodeString(m["Signature"])
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.CheckSignature(x509.SHA1WithRSA, []byte(topics.StringToSign(m)), sig); err != nil {
		t.Fatalf("%s signature does not verify: %v", m["Type"], err)
	}
}

// jsonCall sends a signed AWS JSON 1.0 SNS request, the framing newer
// SDKs use, and returns the status, the x-amzn-query-error header and the
// decoded body.
func jsonCall(t *testing.T, url, op, body string) (int, string, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AmazonSimpleNotificationService."+op)
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret},
		req, hex.EncodeToString(sum[:]), "sns", testRegion, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("X-Amzn-Query-Error"), m
}

func TestTopicsJSONProtocol(t *testing.T) {
	s := startServer(t, t.TempDir())
	status, _, out := jsonCall(t, s.URL, "CreateTopic", `{"Name":"json-topic","Attributes":{"DisplayName":"J"}}`)
	if status != http.StatusOK || out["TopicArn"] != "arn:aws:sns:us-east-1:111111111111:json-topic" {
		t.Fatalf("CreateTopic: %d %v", status, out)
	}
	status, _, out = jsonCall(t, s.URL, "GetTopicAttributes", `{"TopicArn":"arn:aws:sns:us-east-1:111111111111:json-topic"}`)
	if attrs, _ := out["Attributes"].(map[string]any); status != http.StatusOK || attrs["DisplayName"] != "J" {
		t.Fatalf("GetTopicAttributes: %d %v", status, out)
	}
	status, queryErr, out := jsonCall(t, s.URL, "GetTopicAttributes", `{"TopicArn":"arn:aws:sns:us-east-1:111111111111:nope"}`)
	if status != http.StatusNotFound || !strings.HasSuffix(fmt.Sprint(out["__type"]), "NotFoundException") || queryErr != "NotFound;Sender" {
		t.Fatalf("missing topic: %d %q %v", status, queryErr, out)
	}
}
