// The metrics explorer and alarms in the console: a metric put through the
// SDK is found by namespace and dimension set and graphed (with a metric
// math expression), the graph is added to a new dashboard that GetDashboard
// then returns, and an alarm driven to ALARM through the SDK shows in the
// list with its state counted and in its detail page with graph and history.
// An alarm on a metric-filter metric that notifies a topic shows the log
// lines its notification carried and links its Insights query.
import { GetDashboardCommand, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, PutMetricFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import { endpoint, eq, launch, logsClient, metricsClient, ok, run, screenshot, signIn, waitUntil } from "../common.mjs";

const suffix = Date.now().toString(36);
const namespace = `Console/Alarm${suffix}`;
const alarm = `errors-high-${suffix}`;
const dashboard = `from-metrics-${suffix}`;
const evidenceGroup = `/console/evidence-${suffix}`;
const evidenceAlarm = `evidence-${suffix}`;

const numberAttr = async (locator, name) => Number((await locator.getAttribute(name)) ?? 0);

/** createTopic makes an SNS topic through the console's own AWS door, as the signed-in page. */
async function createTopic(page, name) {
  return page.evaluate(async (topic) => {
    const session = await (await fetch("/console/api/session")).json();
    const res = await fetch("/console/api/aws", {
      method: "POST",
      headers: {
        "X-Amz-Target": "AmazonSimpleNotificationService.CreateTopic",
        "Content-Type": "application/x-amz-json-1.0",
        "X-CSRF-Token": session.csrfToken,
      },
      body: JSON.stringify({ Name: topic }),
    });
    return (await res.json()).TopicArn;
  }, name);
}

// eventually waits for fn to hold and counts it as a check.
async function eventually(label, fn, timeoutMs = 20_000, everyMs = 100) {
  ok(label, await waitUntil(label, fn, timeoutMs, everyMs));
}

run("console-metrics-alarms", async () => {
  const cw = metricsClient();
  const now = Date.now();
  await cw.send(
    new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: Array.from({ length: 5 }, (_, i) => ({
        MetricName: "Errors",
        Dimensions: [{ Name: "Service", Value: "checkout" }],
        Timestamp: new Date(now - (45 - i * 10) * 60_000),
        Value: i * 3,
        Unit: "Count",
      })),
    }),
  );
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: alarm,
      AlarmDescription: "Checkout errors above 5",
      Namespace: namespace,
      MetricName: "Errors",
      Dimensions: [{ Name: "Service", Value: "checkout" }],
      Statistic: "Sum",
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: "GreaterThanThreshold",
      // The server evaluates the alarm too; with missing periods breaching,
      // every evaluation agrees with the ALARM state set below.
      TreatMissingData: "breaching",
    }),
  );
  await cw.send(new SetAlarmStateCommand({ AlarmName: alarm, StateValue: "ALARM", StateReason: `Set by the console test ${suffix}` }));

  const { browser, page } = await launch();
  try {
    await signIn(page);

    // Metrics explorer: namespace, then dimension set, then the metric.
    await page.goto(`${endpoint}/#/metrics`);
    await page.locator("[data-testid=metrics-page]").waitFor();
    await page.fill("[data-testid=metrics-search]", suffix);
    await page.locator("[data-testid=namespace]", { hasText: namespace }).click();
    await page.locator("[data-testid=dimension-set]", { hasText: "Service" }).click();
    const check = page.locator("[data-testid=metric-check]");
    eq("one metric in the dimension set", 1, await check.count());
    await check.check();
    const graph = page.locator("[data-testid=metrics-graph]");
    await eventually("explorer graph has the five points", async () => (await numberAttr(graph, "data-points")) === 5);

    await page.click("[data-testid=add-expression]");
    const expr = page.locator("[data-testid=expression-input]");
    eq("expression starts as the sum of metrics", "SUM(METRICS())", await expr.inputValue());
    await expr.fill("m1 * 2");
    await expr.press("Enter");
    eq("two graphed rows", 2, await page.locator("[data-testid=graphed-row]").count());
    await eventually("graph shows the metric and the expression", async () => (await numberAttr(graph, "data-series")) === 2 && (await numberAttr(graph, "data-points")) === 10);
    await screenshot(page, "metrics");

    await page.click("[data-testid=add-to-dashboard]");
    const modal = page.locator("[data-testid=add-to-dashboard-modal]");
    await modal.locator("#target-dashboard").selectOption("");
    await modal.locator("#new-dashboard-name").fill(dashboard);
    await modal.locator("#widget-title").fill("Checkout errors");
    await modal.locator("[data-testid=add-to-dashboard-submit]").click();
    await modal.locator("[data-testid=add-to-dashboard-done]").waitFor();
    const body = JSON.parse((await cw.send(new GetDashboardCommand({ DashboardName: dashboard }))).DashboardBody);
    eq("dashboard has the graph", 1, body.widgets.length);
    eq("graph title", "Checkout errors", body.widgets[0].properties.title);
    eq("graph rows", [[namespace, "Errors", "Service", "checkout"], [{ expression: "m1 * 2", id: "e1" }]], body.widgets[0].properties.metrics);
    await modal.locator("[data-testid=open-dashboard]").click();
    await page.locator(`[data-testid=dashboard-page][data-dashboard="${dashboard}"]`).waitFor();
    await eventually("dashboard graph has points", async () => (await numberAttr(page.locator("[data-testid=timeseries-chart]"), "data-points")) === 10);

    // Alarms list: the alarm, its state, counts that agree with the rows.
    await page.goto(`${endpoint}/#/alarms`);
    await page.locator("[data-testid=alarms-page]").waitFor();
    const row = page.locator("[data-testid=alarm-row]", { hasText: alarm });
    await row.waitFor();
    eq("alarm row state", "ALARM", await row.getAttribute("data-state"));
    const inAlarm = await page.locator("[data-testid=alarm-row][data-state=ALARM]").count();
    ok("at least one alarm in ALARM", inAlarm >= 1);
    eq("ALARM count matches the rows", String(inAlarm), await page.locator("[data-testid=state-count-ALARM]").getAttribute("data-count"));
    await page.click("[data-testid=state-count-OK]");
    await page.locator("[data-testid=state-count-OK][aria-pressed=true]").waitFor();
    eq("OK filter hides the alarm", 0, await page.locator("[data-testid=alarm-row]", { hasText: alarm }).count());
    await page.click("[data-testid=state-count-ALARM]");
    await page.locator("[data-testid=state-count-ALARM][aria-pressed=true]").waitFor();
    await page.fill("[data-testid=alarm-search]", suffix);
    eq("search and ALARM filter leave the alarm", 1, await page.locator("[data-testid=alarm-row]").count());
    await screenshot(page, "alarms");

    // Alarm detail: state, reason, graph with threshold, history.
    await page.locator("[data-testid=alarm-link]", { hasText: alarm }).click();
    await page.locator(`[data-testid=alarm-page][data-alarm="${alarm}"]`).waitFor();
    eq("detail state", "ALARM", await page.locator("[data-testid=alarm-page] .page-header [data-testid=state-badge]").getAttribute("data-state"));
    // The reason is the one set below or, once the server has evaluated
    // the alarm, the evaluator's.
    const reason = await page.locator("[data-testid=alarm-reason]").textContent();
    ok("detail shows the reason", reason.includes(suffix) || reason.includes("Threshold Crossed"));
    await eventually("alarm graph has points", async () => (await numberAttr(page.locator("[data-testid=alarm-graph] [data-testid=timeseries-chart]"), "data-points")) === 5);
    await page.locator("[data-testid=alarm-history] [data-testid=state-badge][data-state=ALARM]").first().waitFor();
    ok("no evidence without a notification", await page.locator("[data-testid=alarm-evidence-none]").count());
    await screenshot(page, "alarm");

    // Evidence: error lines counted by a metric filter, an alarm on that
    // metric notifying a topic, and the alarm set to ALARM.
    const logs = logsClient();
    await logs.send(new CreateLogGroupCommand({ logGroupName: evidenceGroup }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: evidenceGroup, logStreamName: "worker-1" }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: evidenceGroup,
        filterName: "errors",
        filterPattern: "ERROR",
        metricTransformations: [{ metricName: "Errors", metricNamespace: `${namespace}/Logs`, metricValue: "1" }],
      }),
    );
    const at = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: evidenceGroup,
        logStreamName: "worker-1",
        logEvents: [
          { timestamp: at - 20_000, message: `ERROR payment ${suffix} declined` },
          { timestamp: at - 19_000, message: "INFO all good" },
          { timestamp: at - 18_000, message: `ERROR payment ${suffix} timed out` },
        ],
      }),
    );
    const topicArn = await createTopic(page, `alerts-${suffix}`);
    ok("topic created", topicArn && topicArn.includes(`alerts-${suffix}`));
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: evidenceAlarm,
        Namespace: `${namespace}/Logs`,
        MetricName: "Errors",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [topicArn],
      }),
    );
    await cw.send(new SetAlarmStateCommand({ AlarmName: evidenceAlarm, StateValue: "ALARM", StateReason: "Errors in payments" }));
    await eventually("evidence is shown", async () => {
      await page.goto(`${endpoint}/#/alarms/${encodeURIComponent(evidenceAlarm)}`);
      await page.locator(`[data-testid=alarm-page][data-alarm="${evidenceAlarm}"]`).waitFor();
      return (await page.locator("[data-testid=alarm-evidence]").count()) > 0;
    }, 30_000, 500);
    const lines = await page.locator("[data-testid=evidence-event] .msg").allTextContents();
    eq("evidence lines are the matching events", [`ERROR payment ${suffix} declined`, `ERROR payment ${suffix} timed out`], [...lines].sort());
    ok("evidence shows the Insights query", (await page.locator("[data-testid=evidence-query]").textContent()).includes("ERROR"));
    await screenshot(page, "alarm-evidence");
    await page.click("[data-testid=run-in-insights]");
    await page.waitForURL((u) => u.hash.startsWith("#/insights?"));
    const hash = new URL(page.url()).hash;
    const q = new URLSearchParams(hash.slice(hash.indexOf("?") + 1));
    eq("Insights link names the log group", evidenceGroup, q.get("group"));
    ok("Insights link carries the query", (q.get("query") ?? "").includes("ERROR"));
    ok("Insights link carries the window", /^\d+-\d+$/.test(q.get("range") ?? ""));
  } finally {
    await browser.close();
  }
});
