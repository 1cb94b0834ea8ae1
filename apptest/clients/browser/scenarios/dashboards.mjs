// Dashboards in the console: a dashboard built in the UI (line graph with a
// horizontal annotation, number, log table) is saved through PutDashboard,
// survives a reload, reads back through GetDashboard with every widget and
// the annotation, and opens read-only through a share link until the link
// is revoked. A body written for AWS, with members the console does not
// edit, comes back unchanged but for the one edit made in the UI.
import { GetDashboardCommand, ListDashboardsCommand, PutDashboardCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { endpoint, eq, launch, logsClient, metricsClient, ok, run, screenshot, signIn, waitUntil, watch } from "../common.mjs";

const suffix = Date.now().toString(36);
const namespace = `Console/Dash${suffix}`;
const dashboard = `dash-${suffix}`;
const group = `/console/dash-${suffix}`;
const imported = `imported-${suffix}`;

// importedBody is a body as AWS exports it: repeat syntax in metric rows,
// members the console has no editor for, a widget type it does not draw and
// a top-level member it does not know.
const importedBody = {
  start: "-PT6H",
  periodOverride: "inherit",
  widgets: [
    {
      type: "metric",
      x: 0,
      y: 0,
      width: 12,
      height: 6,
      properties: {
        metrics: [
          [namespace, "Latency", "Service", "api"],
          [".", ".", ".", "web", { yAxis: "right", color: "#2ca02c", label: "web" }],
          [{ expression: "SUM(METRICS())", label: "total", id: "e1", visible: false }],
        ],
        view: "timeSeries",
        stacked: false,
        region: "us-east-1",
        stat: "Average",
        period: 300,
        liveData: false,
        legend: { position: "right" },
        yAxis: { left: { min: 0, showUnits: false } },
        annotations: { horizontal: [[{ label: "normal", value: 50 }, { value: 150 }]] },
      },
    },
    { type: "text", x: 12, y: 0, width: 12, height: 3, properties: { markdown: "# Notes\n<b>raw</b> html stays text", background: "transparent" } },
    {
      type: "log",
      x: 12,
      y: 3,
      width: 12,
      height: 3,
      properties: { query: `SOURCE '${group}' | stats count(*) by bin(5m)`, region: "us-east-1", view: "bar", title: "Requests per 5 minutes" },
    },
    {
      type: "explorer",
      x: 0,
      y: 6,
      width: 24,
      height: 6,
      properties: {
        metrics: [{ metricName: "CPUUtilization", resourceType: "AWS::EC2::Instance", stat: "Average" }],
        labels: [{ key: "Environment", value: "prod" }],
        widgetOptions: { legend: { position: "bottom" }, view: "timeSeries", rowsPerPage: 50 },
      },
    },
  ],
  variables: [{ type: "property", property: "Service", inputType: "select", id: "service", label: "Service", visible: true }],
};

/** addMetricWidget adds a metric widget of the given kind with the test metric, through the widget editor. */
async function addMetricWidget(page, kind, title, annotation) {
  await page.click("[data-testid=add-widget]");
  await page.click(`[data-testid=add-widget-${kind}]`);
  const editor = page.locator("[data-testid=widget-editor]");
  await editor.locator("#widget-title").fill(title);
  await editor.locator("[data-testid=metric-search]").fill(suffix);
  await editor.locator("[data-testid=metric-search-result]").first().click();
  eq(`${title}: one metric row`, 1, await editor.locator("[data-testid=metric-row]").count());
  eq(`${title}: namespace filled`, namespace, await editor.locator("[data-testid=metric-row-namespace]").inputValue());
  if (annotation) {
    await editor.locator("[data-testid=add-horizontal-annotation]").click();
    await editor.locator("[data-testid=hann-value]").fill(String(annotation.value));
    await editor.locator("[data-testid=hann-label]").fill(annotation.label);
  }
  await editor.locator("[data-testid=widget-save]").click();
  await editor.waitFor({ state: "hidden" });
}

// eventually waits for fn to hold and counts it as a check.
async function eventually(label, fn, timeoutMs = 20_000, everyMs = 100) {
  ok(label, await waitUntil(label, fn, timeoutMs, everyMs));
}

run("console-dashboards", async () => {
  const cw = metricsClient();
  const logs = logsClient();
  const now = Date.now();
  await cw.send(
    new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: Array.from({ length: 6 }, (_, i) => ({
        MetricName: "Latency",
        Dimensions: [{ Name: "Service", Value: "api" }],
        Timestamp: new Date(now - (50 - i * 10) * 60_000),
        Value: 100 + i * 20,
      })),
    }),
  );
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "web-1" }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "web-1",
      logEvents: [0, 1, 2].map((i) => ({ timestamp: now - 5 * 60_000 + i * 1000, message: `request ${i} took ${100 + i}ms` })),
    }),
  );

  const { browser, page } = await launch();
  try {
    await signIn(page);
    await page.goto(`${endpoint}/#/dashboards`);
    await page.locator("[data-testid=dashboards-page]").waitFor();
    await page.click("[data-testid=dashboard-create]");
    await page.fill("#dashboard-name", dashboard);
    await page.click("[data-testid=dashboard-create-submit]");
    await page.locator(`[data-testid=dashboard-page][data-dashboard="${dashboard}"]`).waitFor();
    await page.locator("[data-testid=dashboard-empty]").waitFor();

    await page.click("[data-testid=dashboard-edit]");
    await addMetricWidget(page, "line", "Latency", { value: 250, label: "SLO" });
    await addMetricWidget(page, "number", "Latest latency");

    await page.click("[data-testid=add-widget]");
    await page.click("[data-testid=add-widget-log]");
    const editor = page.locator("[data-testid=widget-editor]");
    await editor.locator("#widget-title").fill("Requests");
    await editor.locator("#log-groups").fill(group);
    await editor.locator("#log-query").fill("fields @timestamp, @message\n| sort @timestamp desc\n| limit 20");
    await editor.locator("[data-testid=widget-save]").click();
    await editor.waitFor({ state: "hidden" });
    eq("three widgets on the grid", 3, await page.locator("[data-testid=widget]").count());

    // Drag the number widget by its header to the far right of its row, and
    // make the log table shorter through the keyboard-reachable layout fields.
    const numberWidget = page.locator("[data-testid=widget]", { hasText: "Latest latency" });
    const header = numberWidget.locator(".widget-header");
    const box = await header.boundingBox();
    const grid = await page.locator("[data-testid=dashboard-grid]").boundingBox();
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(grid.x + grid.width - box.width + 20, box.y + box.height / 2, { steps: 15 });
    await page.mouse.up();
    await eventually("number widget moved to the right edge", async () => Number(await numberWidget.getAttribute("gs-x")) === 18);
    await page.locator("[data-testid=widget]", { hasText: "Requests" }).locator("[data-testid=widget-edit]").click();
    await editor.locator("[data-testid=widget-height]").fill("5");
    await editor.locator("[data-testid=widget-save]").click();
    await editor.waitFor({ state: "hidden" });
    await screenshot(page, "dashboard-edit");

    await page.click("[data-testid=dashboard-save]");
    await page.locator("[data-testid=save-status]", { hasText: "Saved" }).waitFor();
    await page.locator("[data-testid=dashboard-edit]").waitFor();

    // The page after a reload is what the server stored.
    await page.reload();
    await page.locator(`[data-testid=dashboard-page][data-dashboard="${dashboard}"]`).waitFor();
    eq("widgets after reload", 3, await page.locator("[data-testid=widget]").count());
    const titles = await page.locator("[data-testid=widget-title]").allTextContents();
    eq("widget titles after reload", ["Latency", "Latest latency", "Requests"], titles);
    await eventually("line graph has points", async () => Number((await page.locator("[data-testid=timeseries-chart]").getAttribute("data-points")) ?? 0) >= 6);
    const number = page.locator("[data-testid=single-value-number]");
    await eventually("number widget shows the latest value", async () => (await number.textContent()) === "200");
    await eventually("log table has the events", async () => Number((await page.locator("[data-testid=log-widget]").getAttribute("data-rows")) ?? 0) === 3);
    ok("log table shows a message", await page.locator("[data-testid=log-widget]", { hasText: "request 2 took 102ms" }).count());
    await screenshot(page, "dashboard-view");

    const out = await cw.send(new GetDashboardCommand({ DashboardName: dashboard }));
    const body = JSON.parse(out.DashboardBody);
    eq("widget types in the body", ["metric", "metric", "log"], body.widgets.map((w) => w.type));
    const [line, single, log] = body.widgets;
    eq("line view", "timeSeries", line.properties.view);
    eq("line metric", [namespace, "Latency", "Service", "api"], line.properties.metrics[0]);
    eq("horizontal annotation", [{ value: 250, label: "SLO" }], line.properties.annotations.horizontal);
    eq("number view", "singleValue", single.properties.view);
    eq("log query", `SOURCE '${group}' | fields @timestamp, @message\n| sort @timestamp desc\n| limit 20`, log.properties.query);
    eq("line place", { x: 0, y: 0, width: 12, height: 6 }, { x: line.x, y: line.y, width: line.width, height: line.height });
    eq("dragged number place", { x: 18, y: 0, width: 6, height: 3 }, { x: single.x, y: single.y, width: single.width, height: single.height });
    eq("log table height from the layout fields", 5, log.height);

    // A share link opens the dashboard read-only for someone without a session.
    await page.click("[data-testid=dashboard-share]");
    await page.click("[data-testid=share-create]");
    const urlField = page.locator("[data-testid=share-url]").first();
    await urlField.waitFor();
    const shareURL = await urlField.inputValue();
    ok("share link points at the share view", shareURL.startsWith(`${endpoint}/#/share/`));
    await screenshot(page, "dashboard-share");

    const visitor = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const guest = await visitor.newPage();
    watch(guest);
    await guest.goto(shareURL);
    await guest.locator("[data-testid=share-page]").waitFor();
    eq("shared dashboard name", dashboard, await guest.locator("[data-testid=dashboard-name]").textContent());
    eq("shared widgets", 3, await guest.locator("[data-testid=widget]").count());
    eq("no edit button on the share view", 0, await guest.locator("[data-testid=dashboard-edit]").count());
    eq("no share button on the share view", 0, await guest.locator("[data-testid=dashboard-share]").count());
    eq("no widget edit controls", 0, await guest.locator("[data-testid=widget-edit]").count());
    await eventually("shared graph has points", async () => Number((await guest.locator("[data-testid=timeseries-chart]").getAttribute("data-points")) ?? 0) >= 6);
    await eventually("shared log table has rows", async () => Number((await guest.locator("[data-testid=log-widget]").getAttribute("data-rows")) ?? 0) === 3);
    await screenshot(guest, "share-view");

    // Revoking the link closes it.
    await page.click("[data-testid=share-revoke]");
    await page.locator("[data-testid=share-none]").waitFor();
    await guest.reload();
    await guest.locator("[data-testid=share-invalid]").waitFor();
    ok("revoked link says so", (await guest.locator("[data-testid=share-invalid]").textContent()).includes("no longer valid"));
    await screenshot(guest, "share-revoked");
    await visitor.close();

    await page.goto(`${endpoint}/#/dashboards`);
    await page.locator("[data-testid=dashboard-link]", { hasText: dashboard }).waitFor();
    await screenshot(page, "dashboards");

    // A body made for AWS survives an edit in the console.
    await cw.send(new PutDashboardCommand({ DashboardName: imported, DashboardBody: JSON.stringify(importedBody) }));
    await page.goto(`${endpoint}/#/dashboards/${imported}`);
    await page.locator(`[data-testid=dashboard-page][data-dashboard="${imported}"]`).waitFor();
    eq("imported widgets", 4, await page.locator("[data-testid=widget]").count());
    const perBin = page.locator("[data-testid=widget]", { hasText: "Requests per 5 minutes" });
    await eventually("log widget with the bar view draws a chart", async () => (await perBin.locator("[data-testid=log-widget]").getAttribute("data-view")) === "chart");
    await eventually("log chart has its bins", async () => Number((await perBin.locator("[data-testid=timeseries-chart]").getAttribute("data-points")) ?? 0) >= 1);
    const text = page.locator("[data-testid=text-widget]");
    ok("raw HTML in Markdown is shown as text", (await text.textContent()).includes("<b>raw</b> html stays text"));
    eq("no element made from the raw HTML", 0, await text.locator("b").count());
    const graphOfRows = page.locator("[data-testid=widget][data-widget-type=metric] [data-testid=timeseries-chart]");
    await eventually("repeat rows are graphed", async () => Number((await graphOfRows.getAttribute("data-series")) ?? 0) === 2);
    await page.click("[data-testid=dashboard-edit]");
    await page.locator("[data-testid=widget]", { hasText: "Notes" }).locator("[data-testid=widget-edit]").click();
    await editor.locator("#text-markdown").fill("# Notes\nEdited in the console");
    await editor.locator("[data-testid=widget-save]").click();
    await editor.waitFor({ state: "hidden" });
    await page.click("[data-testid=dashboard-save]");
    await page.locator("[data-testid=save-status]", { hasText: "Saved" }).waitFor();
    const back = JSON.parse((await cw.send(new GetDashboardCommand({ DashboardName: imported }))).DashboardBody);
    const want = structuredClone(importedBody);
    want.widgets[1].properties.markdown = "# Notes\nEdited in the console";
    eq("imported body round-trips with the one edit", want, back);
    await screenshot(page, "dashboard-imported");

    // Deleting in the list deletes through the API.
    await page.goto(`${endpoint}/#/dashboards`);
    await page.fill("[data-testid=dashboard-search]", imported);
    const importedRow = page.locator("[data-testid=dashboard-row]", { hasText: imported });
    await importedRow.locator("[data-testid=dashboard-delete]").click();
    await page.click("[data-testid=confirm-modal] [data-testid=confirm-button]");
    await importedRow.waitFor({ state: "detached" });
    const left = await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: imported }));
    eq("deleted dashboard is gone from ListDashboards", [], left.DashboardEntries ?? []);
  } finally {
    await browser.close();
  }
});
