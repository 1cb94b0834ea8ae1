package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/openwatch/openwatch/internal/cli"
)

// eventsClient is an unchanged aws-sdk-go-v2 EventBridge client pointed at
// the server.
func eventsClient(url string) *eventbridge.Client {
	return eventbridge.New(eventbridge.Options{
		Region:           testRegion,
		BaseEndpoint:     aws.String(url),
		Credentials:      credentials.NewStaticCredentialsProvider(testKeyID, testSecret, ""),
		HTTPClient:       cli.NewHTTPClient(),
		RetryMaxAttempts: 1,
	})
}

// groupEvents polls FilterLogEvents until the group holds want events (or
// the deadline passes) and returns their messages by stream name.
func groupEvents(t *testing.T, c *cloudwatchlogs.Client, group string, want int) map[string]string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := map[string]string{}
		p := cloudwatchlogs.NewFilterLogEventsPaginator(c, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group)})
		for p.HasMorePages() {
			out, err := p.NextPage(context.Background())
			if err != nil {
				t.Fatalf("FilterLogEvents: %v", err)
			}
			for _, e := range out.Events {
				got[aws.ToString(e.LogStreamName)] = aws.ToString(e.Message)
			}
		}
		if len(got) >= want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestEventBridgeRulesDeliverToLogGroups(t *testing.T) {
	s := startServer(t, t.TempDir())
	eb, logsC := eventsClient(s.URL), logsClient(s.URL, testKeyID, testSecret)
	ctx := context.Background()
	const group = "/events/orders"
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(logsC.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}))

	bus := must[*eventbridge.CreateEventBusOutput](t)(eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders")}))
	if aws.ToString(bus.EventBusArn) != "arn:aws:events:us-east-1:111111111111:event-bus/orders" {
		t.Fatalf("bus ARN %s", aws.ToString(bus.EventBusArn))
	}
	_, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders")})
	wantCode(t, err, "ResourceAlreadyExistsException")
	_, err = eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String("default")})
	wantCode(t, err, "ValidationException")
	buses := must[*eventbridge.ListEventBusesOutput](t)(eb.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{}))
	if len(buses.EventBuses) != 2 || aws.ToString(buses.EventBuses[0].Name) != "default" || aws.ToString(buses.EventBuses[1].Name) != "orders" {
		t.Fatalf("buses: %+v", buses.EventBuses)
	}

	pattern := `{"source":[{"prefix":"com.shop"}],"detail-type":["Order Placed"],
		"detail":{"total":[{"numeric":[">=",100]}],"country":[{"anything-but":["XX"]}],"coupon":[{"exists":false}],
		"$or":[{"email":[{"suffix":"@example.com"}]},{"ip":[{"cidr":"10.0.0.0/8"}]}]}}`
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders"), EventPattern: aws.String(`{"detail":{"total":[{"numeric":["!",1]}]}}`)})
	wantCode(t, err, "InvalidEventPatternException")
	rule := must[*eventbridge.PutRuleOutput](t)(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders"), EventPattern: aws.String(pattern)}))
	if aws.ToString(rule.RuleArn) != "arn:aws:events:us-east-1:111111111111:rule/orders/big" {
		t.Fatalf("rule ARN %s", aws.ToString(rule.RuleArn))
	}
	groupARN := "arn:aws:logs:us-east-1:111111111111:log-group:" + group
	pt := must[*eventbridge.PutTargetsOutput](t)(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("orders"),
		Targets: []ebtypes.Target{{Id: aws.String("log"), Arn: aws.String(groupARN)}}}))
	if pt.FailedEntryCount != 0 {
		t.Fatalf("PutTargets failed entries: %+v", pt.FailedEntries)
	}

	entry := func(detail string) ebtypes.PutEventsRequestEntry {
		return ebtypes.PutEventsRequestEntry{EventBusName: aws.String("orders"), Source: aws.String("com.shop.web"), DetailType: aws.String("Order Placed"),
			Detail: aws.String(detail), Time: aws.Time(time.Now().Add(-time.Minute).Truncate(time.Second))}
	}
	out := must[*eventbridge.PutEventsOutput](t)(eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		entry(`{"total":150,"country":"FR","email":"a@example.com"}`),
		entry(`{"total":50,"country":"FR","email":"a@example.com"}`),
		entry(`{"total":150,"country":"XX","ip":"10.1.2.3"}`),
		entry(`{"total":150,"country":"DE","coupon":"X1","ip":"10.1.2.3"}`),
		entry(`{"total":200,"country":"DE","ip":"10.1.2.3"}`),
		{Source: aws.String("com.shop"), DetailType: aws.String("x"), Detail: aws.String("not json")},
	}}))
	if out.FailedEntryCount != 1 || len(out.Entries) != 6 || aws.ToString(out.Entries[5].ErrorCode) != "MalformedDetail" || aws.ToString(out.Entries[0].EventId) == "" {
		t.Fatalf("PutEvents: %d failed, %+v", out.FailedEntryCount, out.Entries)
	}
	want := map[string]bool{aws.ToString(out.Entries[0].EventId): true, aws.ToString(out.Entries[4].EventId): true}
	groupEvents(t, logsC, group, 2)
	time.Sleep(300 * time.Millisecond) // a late non-matching event would show up now
	got := groupEvents(t, logsC, group, 2)
	if len(got) != 2 {
		t.Fatalf("log group holds %d events, want the 2 matching ones: %v", len(got), got)
	}
	for stream, msg := range got {
		var ev struct {
			ID         string         `json:"id"`
			DetailType string         `json:"detail-type"`
			Source     string         `json:"source"`
			Account    string         `json:"account"`
			Detail     map[string]any `json:"detail"`
		}
		if err := json.Unmarshal([]byte(msg), &ev); err != nil {
			t.Fatalf("message is not the event JSON: %s", msg)
		}
		if !want[stream] || ev.ID != stream || ev.Source != "com.shop.web" || ev.Account != "111111111111" || ev.Detail["total"] == nil {
			t.Fatalf("stream %s: %s", stream, msg)
		}
	}

	// Limits and the errors EventBridge answers with.
	var five []ebtypes.Target
	for i := range 5 {
		five = append(five, ebtypes.Target{Id: aws.String(fmt.Sprintf("t%d", i)), Arn: aws.String(groupARN)})
	}
	_, err = eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("orders"), Targets: five})
	wantCode(t, err, "LimitExceededException")
	_, err = eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders")})
	wantCode(t, err, "ValidationException")
	_, err = eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("nope"), EventBusName: aws.String("orders")})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("x"), EventBusName: aws.String("missing"), EventPattern: aws.String(`{"source":["a"]}`)})
	wantCode(t, err, "ResourceNotFoundException")
	many := make([]ebtypes.PutEventsRequestEntry, 11)
	for i := range many {
		many[i] = entry(`{}`)
	}
	_, err = eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: many})
	wantCode(t, err, "ValidationException")

	desc := must[*eventbridge.DescribeRuleOutput](t)(eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders")}))
	if desc.State != ebtypes.RuleStateEnabled || aws.ToString(desc.EventPattern) != pattern || aws.ToString(desc.EventBusName) != "orders" {
		t.Fatalf("DescribeRule: %+v", desc)
	}
	must[*eventbridge.DisableRuleOutput](t)(eb.DisableRule(ctx, &eventbridge.DisableRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders")}))
	rules := must[*eventbridge.ListRulesOutput](t)(eb.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String("orders")}))
	if len(rules.Rules) != 1 || rules.Rules[0].State != ebtypes.RuleStateDisabled {
		t.Fatalf("ListRules: %+v", rules.Rules)
	}
	names := must[*eventbridge.ListRuleNamesByTargetOutput](t)(eb.ListRuleNamesByTarget(ctx, &eventbridge.ListRuleNamesByTargetInput{TargetArn: aws.String(groupARN), EventBusName: aws.String("orders")}))
	if fmt.Sprint(names.RuleNames) != "[big]" {
		t.Fatalf("ListRuleNamesByTarget: %v", names.RuleNames)
	}
	targets := must[*eventbridge.ListTargetsByRuleOutput](t)(eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("big"), EventBusName: aws.String("orders")}))
	if len(targets.Targets) != 1 || aws.ToString(targets.Targets[0].Arn) != groupARN {
		t.Fatalf("ListTargetsByRule: %+v", targets.Targets)
	}
	must[*eventbridge.RemoveTargetsOutput](t)(eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("orders"), Ids: []string{"log"}}))
	must[*eventbridge.DeleteRuleOutput](t)(eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders")}))
	must[*eventbridge.DeleteEventBusOutput](t)(eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String("orders")}))
	_, err = eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String("orders")})
	wantCode(t, err, "ResourceNotFoundException")

	res := must[*eventbridge.TestEventPatternOutput](t)(eb.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{
		EventPattern: aws.String(`{"detail":{"n":[{"numeric":[">",1]}]}}`),
		Event:        aws.String(`{"id":"1","account":"111111111111","source":"s","time":"2024-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"d","detail":{"n":2}}`),
	}))
	if !res.Result {
		t.Fatal("TestEventPattern: no match")
	}
}

func TestAlarmStateChangesAreEvents(t *testing.T) {
	s := startServer(t, t.TempDir())
	eb, logsC := eventsClient(s.URL), logsClient(s.URL, testKeyID, testSecret)
	cw, _ := metricsClient(s.URL)
	ctx := context.Background()
	const group = "alarm-events"
	must[*cloudwatchlogs.CreateLogGroupOutput](t)(logsC.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}))
	must[*eventbridge.PutRuleOutput](t)(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("alarms"),
		EventPattern: aws.String(`{"source":["aws.cloudwatch"],"detail-type":["CloudWatch Alarm State Change"],"detail":{"state":{"value":["ALARM"]}}}`)}))
	must[*eventbridge.PutTargetsOutput](t)(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("alarms"),
		Targets: []ebtypes.Target{{Id: aws.String("g"), Arn: aws.String("arn:aws:logs:us-east-1:111111111111:log-group:" + group + ":*")}}}))

	_, err := cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("queue-depth"), AlarmDescription: aws.String("too many messages"), Namespace: aws.String("App"), MetricName: aws.String("Depth"),
		Dimensions: []cwtypes.Dimension{dim("Queue", "jobs")}, Statistic: cwtypes.StatisticAverage,
		Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(100),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
	})
	if err != nil {
		t.Fatalf("PutMetricAlarm: %v", err)
	}
	_, err = cw.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("queue-depth"), StateValue: cwtypes.StateValueAlarm,
		StateReason: aws.String("testing the event"), StateReasonData: aws.String(`{"version":"1.0"}`)})
	if err != nil {
		t.Fatalf("SetAlarmState: %v", err)
	}
	got := groupEvents(t, logsC, group, 1)
	if len(got) != 1 {
		t.Fatalf("alarm events in the log group: %v", got)
	}
	var ev struct {
		Source     string   `json:"source"`
		DetailType string   `json:"detail-type"`
		Account    string   `json:"account"`
		Region     string   `json:"region"`
		Resources  []string `json:"resources"`
		Detail     struct {
			AlarmName string `json:"alarmName"`
			State     struct {
				Value, Reason, ReasonData, Timestamp string
			} `json:"state"`
			PreviousState struct {
				Value string `json:"value"`
			} `json:"previousState"`
			Configuration struct {
				Description string `json:"description"`
				Metrics     []struct {
					ID         string `json:"id"`
					ReturnData bool   `json:"returnData"`
					MetricStat struct {
						Metric struct {
							Namespace  string            `json:"namespace"`
							Name       string            `json:"name"`
							Dimensions map[string]string `json:"dimensions"`
						} `json:"metric"`
						Period int    `json:"period"`
						Stat   string `json:"stat"`
					} `json:"metricStat"`
				} `json:"metrics"`
			} `json:"configuration"`
		} `json:"detail"`
	}
	for _, msg := range got {
		if err := json.Unmarshal([]byte(msg), &ev); err != nil {
			t.Fatalf("event is not JSON: %s", msg)
		}
		d := ev.Detail
		if ev.Source != "aws.cloudwatch" || ev.DetailType != "CloudWatch Alarm State Change" || ev.Account != "111111111111" || ev.Region != "us-east-1" ||
			fmt.Sprint(ev.Resources) != "[arn:aws:cloudwatch:us-east-1:111111111111:alarm:queue-depth]" ||
			d.AlarmName != "queue-depth" || d.State.Value != "ALARM" || d.State.Reason != "testing the event" || d.State.ReasonData != `{"version":"1.0"}` ||
			!strings.HasSuffix(d.State.Timestamp, "+0000") || d.PreviousState.Value != "INSUFFICIENT_DATA" ||
			d.Configuration.Description != "too many messages" || len(d.Configuration.Metrics) != 1 {
			t.Fatalf("alarm event: %s", msg)
		}
		m := d.Configuration.Metrics[0]
		if !m.ReturnData || m.ID == "" || m.MetricStat.Metric.Name != "Depth" || m.MetricStat.Metric.Namespace != "App" ||
			m.MetricStat.Metric.Dimensions["Queue"] != "jobs" || m.MetricStat.Period != 60 || m.MetricStat.Stat != "Average" {
			t.Fatalf("alarm event metric: %s", msg)
		}
	}
}

func TestEventBridgeConnectionsAndAPIDestinations(t *testing.T) {
	s := startServer(t, t.TempDir())
	eb := eventsClient(s.URL)
	ctx := context.Background()
	conn := must[*eventbridge.CreateConnectionOutput](t)(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("hook"), AuthorizationType: ebtypes.ConnectionAuthorizationTypeApiKey,
		AuthParameters: &ebtypes.CreateConnectionAuthRequestParameters{ApiKeyAuthParameters: &ebtypes.CreateConnectionApiKeyAuthRequestParameters{
			ApiKeyName: aws.String("X-Api-Key"), ApiKeyValue: aws.String("s3cret")}},
	}))
	if conn.ConnectionState != ebtypes.ConnectionStateAuthorized || !strings.HasPrefix(aws.ToString(conn.ConnectionArn), "arn:aws:events:us-east-1:111111111111:connection/hook/") {
		t.Fatalf("CreateConnection: %+v", conn)
	}
	_, err := eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{Name: aws.String("hook"), AuthorizationType: ebtypes.ConnectionAuthorizationTypeBasic,
		AuthParameters: &ebtypes.CreateConnectionAuthRequestParameters{BasicAuthParameters: &ebtypes.CreateConnectionBasicAuthRequestParameters{Username: aws.String("u"), Password: aws.String("p")}}})
	wantCode(t, err, "ResourceAlreadyExistsException")
	desc := must[*eventbridge.DescribeConnectionOutput](t)(eb.DescribeConnection(ctx, &eventbridge.DescribeConnectionInput{Name: aws.String("hook")}))
	if desc.AuthParameters == nil || desc.AuthParameters.ApiKeyAuthParameters == nil || aws.ToString(desc.AuthParameters.ApiKeyAuthParameters.ApiKeyName) != "X-Api-Key" ||
		desc.AuthorizationType != ebtypes.ConnectionAuthorizationTypeApiKey || aws.ToString(desc.ConnectionArn) != aws.ToString(conn.ConnectionArn) {
		t.Fatalf("DescribeConnection: %+v", desc)
	}
	dest := must[*eventbridge.CreateApiDestinationOutput](t)(eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("ops"), ConnectionArn: conn.ConnectionArn, InvocationEndpoint: aws.String("http://127.0.0.1:9/hooks"), HttpMethod: ebtypes.ApiDestinationHttpMethodPost,
	}))
	if dest.ApiDestinationState != ebtypes.ApiDestinationStateActive {
		t.Fatalf("CreateApiDestination: %+v", dest)
	}
	_, err = eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{Name: aws.String("x"), ConnectionArn: aws.String("arn:aws:events:us-east-1:111111111111:connection/none/1"),
		InvocationEndpoint: aws.String("https://example.com"), HttpMethod: ebtypes.ApiDestinationHttpMethodPost})
	wantCode(t, err, "ResourceNotFoundException")
	list := must[*eventbridge.ListApiDestinationsOutput](t)(eb.ListApiDestinations(ctx, &eventbridge.ListApiDestinationsInput{}))
	if len(list.ApiDestinations) != 1 || aws.ToString(list.ApiDestinations[0].ApiDestinationArn) != aws.ToString(dest.ApiDestinationArn) ||
		aws.ToString(list.ApiDestinations[0].InvocationEndpoint) != "http://127.0.0.1:9/hooks" {
		t.Fatalf("ListApiDestinations: %+v", list.ApiDestinations)
	}
	// An API destination is a rule target like any other.
	must[*eventbridge.PutRuleOutput](t)(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("to-hook"), EventPattern: aws.String(`{"source":["app"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("to-hook"),
		Targets: []ebtypes.Target{{Id: aws.String("hook"), Arn: dest.ApiDestinationArn, HttpParameters: &ebtypes.HttpParameters{HeaderParameters: map[string]string{"X-Team": "core"}}}}}))
	targets := must[*eventbridge.ListTargetsByRuleOutput](t)(eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("to-hook")}))
	if len(targets.Targets) != 1 || targets.Targets[0].HttpParameters == nil || targets.Targets[0].HttpParameters.HeaderParameters["X-Team"] != "core" {
		t.Fatalf("ListTargetsByRule: %+v", targets.Targets)
	}
	must[*eventbridge.DeleteApiDestinationOutput](t)(eb.DeleteApiDestination(ctx, &eventbridge.DeleteApiDestinationInput{Name: aws.String("ops")}))
	_, err = eb.DescribeApiDestination(ctx, &eventbridge.DescribeApiDestinationInput{Name: aws.String("ops")})
	wantCode(t, err, "ResourceNotFoundException")
	del := must[*eventbridge.DeleteConnectionOutput](t)(eb.DeleteConnection(ctx, &eventbridge.DeleteConnectionInput{Name: aws.String("hook")}))
	if del.ConnectionState != ebtypes.ConnectionStateDeleting {
		t.Fatalf("DeleteConnection: %+v", del)
	}
	conns := must[*eventbridge.ListConnectionsOutput](t)(eb.ListConnections(ctx, &eventbridge.ListConnectionsInput{}))
	if len(conns.Connections) != 0 {
		t.Fatalf("connections left: %+v", conns.Connections)
	}
}

// TestEventBridgeWebhookDelivery sends matched events to an API destination
// on a loopback server through the delivery outbox.
func TestEventBridgeWebhookDelivery(t *testing.T) {
	type hit struct {
		key, team, ctype string
		body             []byte
	}
	hits := make(chan hit, 10)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hits <- hit{r.Header.Get("X-Api-Key"), r.Header.Get("X-Team"), r.Header.Get("Content-Type"), b}
	}))
	defer hook.Close()

	s := startServer(t, t.TempDir())
	eb := eventsClient(s.URL)
	ctx := context.Background()
	conn := must[*eventbridge.CreateConnectionOutput](t)(eb.CreateConnection(ctx, &eventbridge.CreateConnectionInput{
		Name: aws.String("hook"), AuthorizationType: ebtypes.ConnectionAuthorizationTypeApiKey,
		AuthParameters: &ebtypes.CreateConnectionAuthRequestParameters{ApiKeyAuthParameters: &ebtypes.CreateConnectionApiKeyAuthRequestParameters{
			ApiKeyName: aws.String("X-Api-Key"), ApiKeyValue: aws.String("s3cret")}},
	}))
	dest := must[*eventbridge.CreateApiDestinationOutput](t)(eb.CreateApiDestination(ctx, &eventbridge.CreateApiDestinationInput{
		Name: aws.String("hook"), ConnectionArn: conn.ConnectionArn, InvocationEndpoint: aws.String(hook.URL + "/in"), HttpMethod: ebtypes.ApiDestinationHttpMethodPost,
	}))
	must[*eventbridge.PutRuleOutput](t)(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("deploys"), EventPattern: aws.String(`{"detail-type":[{"wildcard":"Deploy *"}]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("deploys"), Targets: []ebtypes.Target{{
		Id: aws.String("hook"), Arn: dest.ApiDestinationArn, InputPath: aws.String("$.detail"),
		HttpParameters: &ebtypes.HttpParameters{HeaderParameters: map[string]string{"X-Team": "core"}},
	}}}))
	out := must[*eventbridge.PutEventsOutput](t)(eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("ci"), DetailType: aws.String("Build Finished"), Detail: aws.String(`{"n":1}`)},
		{Source: aws.String("ci"), DetailType: aws.String("Deploy Finished"), Detail: aws.String(`{"service":"api","n":2}`)},
	}}))
	if out.FailedEntryCount != 0 {
		t.Fatalf("PutEvents: %+v", out.Entries)
	}
	select {
	case h := <-hits:
		if h.key != "s3cret" || h.team != "core" || !strings.HasPrefix(h.ctype, "application/json") || string(h.body) != `{"service":"api","n":2}` {
			t.Fatalf("webhook request: %+v %s", h, h.body)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the webhook was never called")
	}
	select {
	case h := <-hits:
		t.Fatalf("a second request: %s", h.body)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestEventBridgeTopicTarget publishes matched events to an SNS topic,
// whose confirmed http subscription receives them as notifications.
func TestEventBridgeTopicTarget(t *testing.T) {
	s := startServer(t, t.TempDir())
	eb, snsC := eventsClient(s.URL), snsClient(s.URL)
	ctx := context.Background()
	hook := newWebhook(t, true)
	topic := subscribeHook(t, snsC, "deploys", hook)
	must[*eventbridge.PutRuleOutput](t)(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("to-topic"), EventPattern: aws.String(`{"source":["ci"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("to-topic"),
		Targets: []ebtypes.Target{{Id: aws.String("t"), Arn: aws.String(topic)}}}))
	out := must[*eventbridge.PutEventsOutput](t)(eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("ci"), DetailType: aws.String("Deploy Finished"), Detail: aws.String(`{"service":"api"}`)},
	}}))
	got := hook.waitFor(t, "Notification", 1)
	m := got[0].message(t)
	var ev struct {
		ID     string          `json:"id"`
		Source string          `json:"source"`
		Detail json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal([]byte(m["Message"]), &ev); err != nil {
		t.Fatalf("notification message is not the event: %q", m["Message"])
	}
	if m["TopicArn"] != topic || ev.ID != aws.ToString(out.Entries[0].EventId) || ev.Source != "ci" || string(ev.Detail) != `{"service":"api"}` {
		t.Fatalf("notification: %v", m)
	}
}
