// Logs Insights in the console: a query typed into the editor runs over
// events put through the SDK, its table fills, a malformed query is
// underlined where the server says, and `stats count(*) by bin(5m)` is drawn
// on a canvas in the Visualization tab. Results export as CSV and JSON,
// queries save as query definitions, and 100,000 rows stay scrollable.
import { readFileSync } from "node:fs";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeQueryDefinitionsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { endpoint, eq, launch, logsClient, ok, run, screenshot, signIn, waitUntil } from "../common.mjs";

const logs = logsClient();
const suffix = Date.now().toString(36);
const group = `/console/insights-${suffix}`;
const bigGroup = `/console/insights-big-${suffix}`;
const bigRows = 100_000;

// putMany writes bigRows short events, 10,000 to a request, oldest first.
async function putMany() {
  await logs.send(new CreateLogGroupCommand({ logGroupName: bigGroup }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: bigGroup, logStreamName: "bulk" }));
  const start = Date.now() - 20 * 60_000;
  for (let b = 0; b < bigRows / 10_000; b++) {
    const logEvents = [];
    for (let i = b * 10_000; i < (b + 1) * 10_000; i++) {
      logEvents.push({ timestamp: start + Math.floor(i / 100), message: `row ${String(i).padStart(5, "0")}` });
    }
    await logs.send(new PutLogEventsCommand({ logGroupName: bigGroup, logStreamName: "bulk", logEvents }));
  }
}

async function typeQuery(page, text) {
  const content = page.locator("[data-testid=query-editor] .cm-content");
  await content.waitFor();
  await content.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
  // Close the completion list so it cannot take the run shortcut.
  await page.keyboard.press("Escape");
}

// runAndWait runs the editor's query with the keyboard shortcut and waits
// until that query (not the one before it) has finished; returns its status.
async function runAndWait(page, timeout = 30000) {
  const progress = page.locator("[data-testid=query-progress]");
  const before = (await progress.count()) ? await progress.getAttribute("data-query-id") : "";
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector("[data-testid=query-progress]");
      const id = el?.getAttribute("data-query-id");
      return id && id !== prev && /^(Complete|Failed|Cancelled|Timeout)$/.test(el.getAttribute("data-status") || "");
    },
    before,
    { timeout },
  );
  return progress.getAttribute("data-status");
}

run("console-insights", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "web" }));
  const now = Date.now();
  const events = [];
  for (let i = 0; i < 40; i++) {
    events.push({
      timestamp: now - 35 * 60_000 + i * 50_000,
      message: JSON.stringify({ level: i % 4 === 0 ? "error" : "info", path: `/p/${i % 3}`, ms: 10 + i }),
    });
  }
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: "web", logEvents: events }));
  await putMany();

  const { browser, page } = await launch();
  try {
    await signIn(page);
    await page.goto(`${endpoint}/#/insights?group=${encodeURIComponent(group)}`);
    await page.locator("[data-testid=insights-page]").waitFor();
    await page.locator("[data-testid=insights-groups-chip]", { hasText: group }).waitFor();

    // Completion offers fields found in the group's recent JSON events.
    await page.locator("[data-testid=insights-page]", { hasText: "fields discovered" }).waitFor();
    await typeQuery(page, "fields pa");
    await page.keyboard.press("Control+Space");
    await page.locator(".cm-tooltip-autocomplete li", { hasText: "path" }).waitFor();
    await screenshot(page, "insights-completion");
    await page.keyboard.press("Escape");

    await typeQuery(page, "fields @timestamp, level, path | sort @timestamp desc | limit 25");
    eq("listing completes", "Complete", await runAndWait(page));
    await page.locator("[data-testid=insights-results-row]").first().waitFor();
    ok("records scanned reported", /\d/.test(await page.locator("[data-testid=records-scanned]").textContent()));
    await page.locator("[data-testid=insights-results-row]").first().click();
    await page.locator("[data-testid=record-detail]").waitFor();
    await screenshot(page, "insights-logs");

    // The server's MalformedQueryException position becomes an underline.
    await typeQuery(page, "fields @message | stats count(*) by");
    await page.keyboard.press("Control+Enter");
    await page.locator("[data-testid=query-error]").waitFor();
    await page.locator("[data-testid=query-editor] .cm-lintRange-error").waitFor();
    ok("query error has a message", ((await page.locator("[data-testid=query-error]").textContent()) || "").length > 0);
    await screenshot(page, "insights-parse-error");

    await typeQuery(page, "stats count(*) by bin(5m)");
    eq("stats query completes", "Complete", await runAndWait(page));
    await page.click("[data-testid=tab-visualization]");
    const canvas = page.locator("[data-testid=insights-chart] canvas");
    await canvas.waitFor({ timeout: 20000 });
    const box = await canvas.boundingBox();
    ok("chart canvas has a size", box && box.width > 100 && box.height > 100);
    await page.click("[data-testid=chart-kind-bar]");
    await canvas.waitFor();
    await screenshot(page, "insights-chart");

    await page.click("[data-testid=tab-logs]");
    const bins = await page.locator("[data-testid=insights-results-row]").count();
    ok("one row per 5-minute bin", bins >= 7 && bins <= 9);

    // Exports are built in the page from the rows it holds.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-csv]")]);
    const csvText = readFileSync(await csv.path(), "utf8");
    ok("CSV has a header and one line per bin", csvText.startsWith("bin(5m),count(*)") && csvText.trim().split("\n").length === bins + 1);
    const [json] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-json]")]);
    const total = JSON.parse(readFileSync(await json.path(), "utf8")).reduce((n, r) => n + Number(r["count(*)"]), 0);
    eq("JSON counts every event", events.length, total);

    // Saved queries are query definitions on the server; recent ones stay in the browser.
    const savedName = `per five minutes ${suffix}`;
    await page.click("[data-testid=save-query]");
    await page.fill("[data-testid=query-name]", savedName);
    await page.click("[data-testid=save-query-submit]");
    await page.locator("[data-testid=saved-query]", { hasText: savedName }).waitFor();
    const defs = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: savedName }));
    eq("saved through PutQueryDefinition", ["stats count(*) by bin(5m)"], defs.queryDefinitions.map((d) => d.queryString));
    eq("saved with its group", [group], defs.queryDefinitions[0].logGroupNames);
    await typeQuery(page, "fields @message");
    await page.locator("[data-testid=saved-query]", { hasText: savedName }).click();
    await waitUntil("saved query loads into the editor", async () =>
      ((await page.locator("[data-testid=query-editor] .cm-content").textContent()) || "").includes("bin(5m)"),
    );
    await page.click("[data-testid=history-tab]");
    ok("recent queries listed", (await page.locator("[data-testid=history-entry]", { hasText: "stats count(*) by bin(5m)" }).count()) === 1);
    await page.click("[data-testid=saved-tab]");
    await page.locator("[data-testid=saved-query-list] li", { hasText: savedName }).getByRole("button", { name: `Delete ${savedName}` }).click();
    await page.click("[data-testid=confirm-button]");
    await waitUntil("saved query deleted", async () => {
      const out = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: savedName }));
      return out.queryDefinitions.length === 0;
    });

    // 100,000 rows: the table renders only the rows in view and still
    // reaches the last one from the keyboard.
    await page.goto(`${endpoint}/#/insights?group=${encodeURIComponent(bigGroup)}`);
    await page.locator("[data-testid=insights-groups-chip]", { hasText: bigGroup }).waitFor();
    await typeQuery(page, "fields @timestamp, @message | sort @timestamp asc | limit 100000");
    eq("large query completes", "Complete", await runAndWait(page, 120000));
    await page.locator("[data-testid=tab-logs]", { hasText: "100,000" }).waitFor({ timeout: 30000 });
    const rendered = await page.locator("[data-testid=insights-results-row]").count();
    ok(`only rows in view are rendered (${rendered})`, rendered > 10 && rendered < 200);
    const body = page.locator("[data-testid=insights-results] .vt-body");
    await body.focus();
    await page.keyboard.press("End");
    await page.locator('[data-testid=insights-results-row][aria-rowindex="100001"]').waitFor();
    ok("last row shows the last event", ((await page.locator('[data-testid=insights-results-row][aria-rowindex="100001"]').textContent()) || "").includes("row 99999"));
    await screenshot(page, "insights-100k");
  } finally {
    await browser.close();
  }
});
