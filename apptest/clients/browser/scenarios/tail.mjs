// Live tail in the console: pick a group, start, and an event put through
// the SDK appears within 2 s; pause holds events back, resume shows them,
// highlight marks terms and clear empties the list; a filter pattern keeps
// out what does not match and a malformed one is reported.
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { endpoint, launch, logsClient, ok, run, screenshot, signIn } from "../common.mjs";

const logs = logsClient();
const suffix = Date.now().toString(36);
const group = `/console/tail-${suffix}`;

function put(message) {
  return logs.send(
    new PutLogEventsCommand({ logGroupName: group, logStreamName: "live", logEvents: [{ timestamp: Date.now(), message }] }),
  );
}

run("console-tail", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "live" }));

  const { browser, page } = await launch();
  try {
    await signIn(page);
    await page.goto(`${endpoint}/#/tail`);
    await page.locator("[data-testid=tail-page]").waitFor();
    await page.fill("[data-testid=tail-groups-input]", group);
    await page.locator("[data-testid=tail-groups-option]", { hasText: group }).first().click();
    await page.locator("[data-testid=tail-groups-chip]", { hasText: group }).waitFor();
    await page.click("[data-testid=tail-start]");
    await page.locator("[data-testid=tail-status][data-state=live]").waitFor({ timeout: 15000 });

    const first = `first live event ${suffix}`;
    await put(first);
    const sent = Date.now();
    await page.locator("[data-testid=tail-event]", { hasText: first }).waitFor({ timeout: 15000 });
    const took = Date.now() - sent;
    ok(`event shown within 2 s (took ${took} ms)`, took <= 2000);

    await page.fill("[data-testid=tail-highlight]", "live");
    ok("highlighted term", (await page.locator("[data-testid=tail-events] mark").count()) >= 1);
    await screenshot(page, "live-tail");

    await page.click("[data-testid=tail-pause]");
    await page.locator("[data-testid=tail-status][data-state=paused]").waitFor();
    const held = `held while paused ${suffix}`;
    await put(held);
    await page.locator("[data-testid=tail-status]", { hasText: "1 new" }).waitFor({ timeout: 15000 });
    ok("paused list does not show the new event", (await page.locator("[data-testid=tail-event]", { hasText: held }).count()) === 0);
    await page.click("[data-testid=tail-pause]");
    await page.locator("[data-testid=tail-event]", { hasText: held }).waitFor({ timeout: 5000 });

    await page.click("[data-testid=tail-clear]");
    ok("clear empties the list", (await page.locator("[data-testid=tail-event]").count()) === 0);

    // A filter pattern restarts the tail: only matching events arrive, and
    // a malformed one is reported under the box.
    await page.fill("[data-testid=tail-filter]", "banana");
    await page.click("[data-testid=tail-start]");
    await page.locator("[data-testid=tail-status][data-state=live][data-pattern=banana]").waitFor({ timeout: 15000 });
    await put(`apple line ${suffix}`);
    await put(`banana line ${suffix}`);
    await page.locator("[data-testid=tail-event]", { hasText: `banana line ${suffix}` }).waitFor({ timeout: 15000 });
    ok("non-matching event filtered out", (await page.locator("[data-testid=tail-event]", { hasText: "apple" }).count()) === 0);
    await page.fill("[data-testid=tail-filter]", "{ $.level = ");
    await page.click("[data-testid=tail-start]");
    const err = page.locator("[data-testid=tail-error]");
    await err.waitFor({ timeout: 15000 });
    ok("bad pattern explained", ((await err.textContent()) || "").trim().length > 0);
    await screenshot(page, "live-tail-filter-error");
  } finally {
    await browser.close();
  }
});
