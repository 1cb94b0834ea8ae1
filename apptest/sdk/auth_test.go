package sdk

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/openwatch/openwatch/internal/app"
)

// rawCall sends a hand-built JSON 1.1 request signed at signTime and
// returns the status and decoded error envelope.
func rawCall(t *testing.T, url, target, body, keyID, secret string, signTime time.Time) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	sum := sha256.Sum256([]byte(body))
	if keyID != "" {
		err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: keyID, SecretAccessKey: secret}, req, hex.EncodeToString(sum[:]), "logs", testRegion, signTime)
		if err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("response is not JSON: %q", b)
	}
	if resp.Header.Get("X-Amzn-RequestId") == "" {
		t.Fatal("x-amzn-RequestId header missing")
	}
	return resp.StatusCode, m
}

func TestProtocolAndSignatureErrors(t *testing.T) {
	s := startServer(t, t.TempDir())
	now := time.Now()
	cases := []struct {
		name, target, body, key, secret string
		at                              time.Time
		wantStatus                      int
		wantType                        string
	}{
		{"ok", "Logs_20140328.DescribeLogGroups", `{}`, testKeyID, testSecret, now, 200, ""},
		{"unknown operation", "Logs_20140328.FlyToTheMoon", `{}`, testKeyID, testSecret, now, 400, "UnknownOperationException"},
		{"unknown service", "Nope_2020.DescribeLogGroups", `{}`, testKeyID, testSecret, now, 400, "UnknownOperationException"},
		{"malformed json", "Logs_20140328.CreateLogGroup", `{"logGroupName":`, testKeyID, testSecret, now, 400, "SerializationException"},
		{"wrong type", "Logs_20140328.CreateLogGroup", `{"logGroupName":5}`, testKeyID, testSecret, now, 400, "SerializationException"},
		{"float where int", "Logs_20140328.DescribeLogGroups", `{"limit":1.5}`, testKeyID, testSecret, now, 400, "SerializationException"},
		{"missing required", "Logs_20140328.CreateLogGroup", `{}`, testKeyID, testSecret, now, 400, "InvalidParameterException"},
		{"unknown key", "Logs_20140328.DescribeLogGroups", `{}`, "AKIAUNKNOWNUNKNOWN00", testSecret, now, 400, "UnrecognizedClientException"},
		{"bad signature", "Logs_20140328.DescribeLogGroups", `{}`, testKeyID, "wrong-secret", now, 400, "InvalidSignatureException"},
		{"clock skew past", "Logs_20140328.DescribeLogGroups", `{}`, testKeyID, testSecret, now.Add(-16 * time.Minute), 400, "InvalidSignatureException"},
		{"clock skew future", "Logs_20140328.DescribeLogGroups", `{}`, testKeyID, testSecret, now.Add(16 * time.Minute), 400, "InvalidSignatureException"},
		{"unsigned", "Logs_20140328.DescribeLogGroups", `{}`, "", "", now, 400, "MissingAuthenticationTokenException"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := rawCall(t, s.URL, tc.target, tc.body, tc.key, tc.secret, tc.at)
			if status != tc.wantStatus {
				t.Fatalf("status %d, want %d (%v)", status, tc.wantStatus, body)
			}
			if tc.wantType != "" && body["__type"] != tc.wantType {
				t.Fatalf("__type %v, want %s (%v)", body["__type"], tc.wantType, body)
			}
		})
	}
}

func TestAccountIsolation(t *testing.T) {
	s := startServer(t, t.TempDir())
	ctx := context.Background()
	a := logsClient(s.URL, testKeyID, testSecret)
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(a.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("secret-group")}))
	must[*cloudwatchlogs.CreateLogStreamOutput](t)(a.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("secret-group"), LogStreamName: aws.String("s")}))

	// Account B is created with the admin tooling while the server runs.
	adm, err := app.OpenAdmin(ctx, s.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := adm.CreateAccount(ctx, "", "b")
	if err != nil {
		t.Fatal(err)
	}
	key, err := adm.CreateKey(ctx, acct.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := adm.Close(); err != nil {
		t.Fatal(err)
	}
	b := logsClient(s.URL, key.ID, key.Secret)

	var nf *types.ResourceNotFoundException
	_, err = b.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("secret-group")})
	if !errors.As(err, &nf) {
		t.Fatalf("B describing A's streams: want ResourceNotFoundException, got %v", err)
	}
	_, err = b.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("secret-group"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(time.Now().UnixMilli()), Message: aws.String("x")}}})
	if !errors.As(err, &nf) {
		t.Fatalf("B putting into A's group: want ResourceNotFoundException, got %v", err)
	}
	_, err = b.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupIdentifier: aws.String("arn:aws:logs:us-east-1:111111111111:log-group:secret-group")})
	if !errors.As(err, &nf) {
		t.Fatalf("B filtering A's group by ARN: want ResourceNotFoundException, got %v", err)
	}
	list := must[*cloudwatchlogs.DescribeLogGroupsOutput](t)(b.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}))
	if len(list.LogGroups) != 0 {
		t.Fatalf("B sees %d of A's groups", len(list.LogGroups))
	}
	// The same name is free in B's account.
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(b.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("secret-group")}))

	// A disabled key stops working at once.
	adm, err = app.OpenAdmin(ctx, s.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := adm.SetKeyDisabled(ctx, acct.ID, key.ID, true); err != nil {
		t.Fatal(err)
	}
	adm.Close()
	_, err = b.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	wantCode(t, err, "UnrecognizedClientException")
}
