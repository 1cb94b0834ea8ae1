// Log groups, streams and events in the console: a group and events made
// through the SDK show up, retention is set and read back through the API,
// JSON events unfold, a bad filter pattern is reported under the box, and a
// group created and deleted in the console is created and deleted for real;
// a long stream loads page by page as it scrolls.
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { endpoint, eq, launch, logsClient, ok, run, screenshot, signIn, waitUntil } from "../common.mjs";

const logs = logsClient();
const suffix = Date.now().toString(36);
const group = `/console/logs-${suffix}`;
const uiGroup = `/console/made-in-ui-${suffix}`;
const bulk = 450;

async function describe(name) {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return out.logGroups.find((g) => g.logGroupName === name);
}

async function until(label, fn) {
  ok(label, await waitUntil(label, fn));
}

// signInAsUser signs in with the console user the harness made with
// `openwatch users create`, checks the account, and signs out again.
async function signInAsUser(page) {
  const user = process.env.OPENWATCH_CONSOLE_USER;
  const password = process.env.OPENWATCH_CONSOLE_PASSWORD;
  if (!user || !password) return;
  await page.goto(`${endpoint}/#/signin`);
  await page.click("[data-testid=signin-tab-user]");
  await page.fill("#username", user);
  await page.fill("#password", "not the password");
  await page.click("button[type=submit]");
  await page.locator("[data-testid=signin-error]").waitFor();
  eq("wrong password keeps the form", 0, await page.locator("[data-testid=app-shell]").count());
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.locator("[data-testid=app-shell]").waitFor();
  ok("console user's account shown", /^\d{12}$/.test(((await page.locator("[data-testid=account-id]").textContent()) || "").trim()));
  await page.click("[data-testid=sign-out]");
  await page.locator("[data-testid=signin-page]").waitFor();
}

run("console-logs", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group, tags: { team: "console" } }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "app-1" }));
  const now = Date.now();
  const lines = [
    "plain line one",
    JSON.stringify({ level: "ERROR", message: "disk full", detail: { device: "/dev/sda1", freeBytes: 0 } }),
    "ERROR something else broke",
  ];
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "app-1",
      logEvents: lines.map((message, i) => ({ timestamp: now - 60_000 + i * 1000, message })),
    }),
  );

  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "bulk" }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "bulk",
      logEvents: Array.from({ length: bulk }, (_, i) => ({ timestamp: now - 50_000 + i, message: `bulk event ${i}` })),
    }),
  );

  const { browser, page } = await launch();
  try {
    await page.goto(`${endpoint}/`);
    await page.locator("[data-testid=signin-page]").waitFor();
    await screenshot(page, "sign-in");
    await signInAsUser(page);
    await signIn(page);
    await page.goto(`${endpoint}/#/logs`);
    await page.locator("[data-testid=log-groups-page]").waitFor();
    await page.fill("[data-testid=log-group-search]", suffix);
    const link = page.locator("[data-testid=log-group-link]", { hasText: group });
    await link.waitFor();
    const row = page.locator("[data-testid=log-groups-row]", { has: link });
    await until("group row shows its tag", async () => ((await row.textContent()) || "").includes("team=console"));
    ok("group row shows retention", (await row.textContent()).includes("Never expire"));
    await screenshot(page, "log-groups");

    // Retention set in the console is what the API reports afterwards.
    await row.locator("[data-testid=set-retention]").click();
    await page.locator("[data-testid=retention-modal] [data-testid=retention-select]").selectOption("7");
    await page.click("[data-testid=retention-save]");
    await until("row shows the new retention", async () => ((await row.textContent()) || "").includes("7 days"));
    eq("retention through the API", 7, (await describe(group)).retentionInDays);

    // The keyboard alone opens a group: into the list, down to the row, Enter.
    await page.locator("[data-testid=log-groups] .vt-body").focus();
    const rows = await page.locator("[data-testid=log-groups-row]").allTextContents();
    const index = rows.findIndex((t) => t.includes(group));
    for (let i = 0; i <= index; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=log-streams-page]").waitFor();
    eq("group name heading", group, await page.locator("[data-testid=log-group-name]").textContent());
    await page.locator("[data-testid=log-stream-link]", { hasText: "app-1" }).waitFor();
    await screenshot(page, "log-streams");

    // The theme choice survives a reload.
    await page.click("[data-testid=theme-toggle]");
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.reload();
    await page.locator("[data-testid=log-streams-page]").waitFor();
    eq("theme kept after reload", theme, await page.evaluate(() => document.documentElement.dataset.theme));
    await screenshot(page, `log-streams-${theme}`);

    await page.locator("[data-testid=log-stream-link]", { hasText: "app-1" }).click();
    await page.locator("[data-testid=log-events-page]").waitFor();
    await until("three events shown", async () => (await page.locator("[data-testid=log-event]").count()) === 3);
    const texts = await page.locator("[data-testid=log-event-message]").allTextContents();
    ok("plain event shown", texts.some((t) => t.includes("plain line one")));

    // A JSON event unfolds into a pretty-printed tree.
    const jsonEvent = page.locator("[data-testid=log-event]", { hasText: "disk full" });
    await jsonEvent.locator(".event-toggle").click();
    await jsonEvent.locator("[data-testid=json-view]").waitFor();
    ok("nested key shown", (await jsonEvent.locator("[data-testid=json-view]").textContent()).includes('"device"'));
    await screenshot(page, "log-events");

    // A malformed pattern is reported under the box, not as an empty result.
    await page.fill("[data-testid=filter-pattern]", '{ $.level = "ERROR" ');
    await page.click("[data-testid=apply-filter]");
    const filterErr = page.locator("[data-testid=filter-error]");
    await filterErr.waitFor();
    ok("filter error has a message", ((await filterErr.textContent()) || "").trim().length > 0);
    await screenshot(page, "log-events-filter-error");

    await page.fill("[data-testid=filter-pattern]", "ERROR");
    await page.click("[data-testid=apply-filter]");
    await until("filter error cleared", async () => (await filterErr.count()) === 0);
    await until("two events match ERROR", async () => (await page.locator("[data-testid=log-event]").count()) === 2);
    ok("matched term highlighted", (await page.locator("[data-testid=log-events] mark").count()) >= 1);

    // An absolute range from the picker replaces the relative one.
    const local = (ms) => {
      const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
      return d.toISOString().slice(0, 16);
    };
    await page.click("[data-testid=time-range-custom]");
    await page.fill("[data-testid=time-range-from]", local(now - 2 * 3600_000));
    await page.fill("[data-testid=time-range-to]", local(now - 90 * 60_000));
    await page.click("[data-testid=time-range-apply]");
    await until("range in the address", async () => /range=\d+-\d+/.test(page.url()));
    await page.locator("[data-testid=empty-state]").waitFor();
    eq("no events in an earlier absolute range", 0, await page.locator("[data-testid=log-event]").count());
    await page.click("[data-testid=time-range-1h]");
    await until("events back with the last hour", async () => (await page.locator("[data-testid=log-event]").count()) === 2);

    // The group-wide search shows which stream each event came from.
    await page.goto(`${endpoint}/#/logs/${encodeURIComponent(group)}`);
    await page.click("[data-testid=search-all-streams]");
    await page.fill("[data-testid=filter-pattern]", '"disk full"');
    await page.click("[data-testid=apply-filter]");
    await until("one event across streams", async () => (await page.locator("[data-testid=log-event]").count()) === 1);
    ok("stream named on the event", ((await page.locator("[data-testid=log-event] .event-meta").textContent()) || "").includes("app-1"));

    // Scrolling to the end of the list loads the next page of events.
    await page.goto(`${endpoint}/#/logs/${encodeURIComponent(group)}/bulk`);
    await until("first page of a long stream", async () => (await page.locator("[data-testid=log-event]").count()) >= 100);
    const firstPage = await page.locator("[data-testid=log-event]").count();
    ok(`a first page, not everything (${firstPage})`, firstPage < bulk);
    await until("scrolling loads every event", async () => {
      await page.locator("[data-testid=log-event]").last().scrollIntoViewIfNeeded();
      return (await page.locator("[data-testid=log-event]").count()) === bulk;
    });
    // Scrolled to the bottom, the list learns that no page follows the
    // last one; a user keeps scrolling until it says so, and so does the
    // test (the last page may have arrived with the bottom already past).
    await until("the end of the events shown", async () => {
      await page.locator(".load-more").scrollIntoViewIfNeeded();
      return (await page.locator(".load-more", { hasText: "End of events" }).count()) === 1;
    });

    // Create and delete a group from the console; the API sees both.
    await page.goto(`${endpoint}/#/logs`);
    await page.click("[data-testid=create-log-group]");
    await page.fill("[data-testid=new-group-name]", uiGroup);
    await page.fill("[data-testid=new-group-tags]", "made=ui");
    await page.click("[data-testid=create-log-group-submit]");
    await until("group created through the console", async () => !!(await describe(uiGroup)));
    await page.fill("[data-testid=log-group-search]", `made-in-ui-${suffix}`);
    const uiRow = page.locator("[data-testid=log-groups-row]", { hasText: uiGroup });
    await uiRow.waitFor();
    await uiRow.locator("[data-testid=delete-log-group]").click();
    await page.click("[data-testid=confirm-button]");
    await until("group deleted through the console", async () => !(await describe(uiGroup)));
    await until("deleted group left the list", async () => (await uiRow.count()) === 0);
  } finally {
    await browser.close();
  }
});
