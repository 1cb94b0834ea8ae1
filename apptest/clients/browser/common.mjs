// Shared setup for the browser scenarios: headless Chromium driven by
// playwright-core, SDK clients pointed at the same OpenWatch server, and
// assertions that count checks so the last line can report them. Mirrors
// ../node/common.mjs.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`FAIL: ${name} must be set`);
    process.exit(1);
  }
  return v;
}

export const endpoint = required("OPENWATCH_ENDPOINT");
export const region = process.env.AWS_REGION || "us-east-1";
export const credentials = {
  accessKeyId: required("AWS_ACCESS_KEY_ID"),
  secretAccessKey: required("AWS_SECRET_ACCESS_KEY"),
};

const here = dirname(fileURLToPath(import.meta.url));
const screenshotDir = process.env.OPENWATCH_SCREENSHOT_DIR || resolve(here, "../../test-output/screenshots");

// The flags keep Chromium quiet and local: no GPU, no QUIC, no first-run
// or background traffic, and a resolver that only knows the loopback
// address, so nothing leaves the machine. Playwright gives every launch a
// fresh temporary profile (--user-data-dir) of its own.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

const browsers = [];
const pageErrors = [];

// launch starts headless Chromium and opens one page. Uncaught errors of
// the page's scripts fail the scenario when it ends.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || "/usr/bin/chromium",
    headless: true,
    args: chromiumArgs,
  });
  browsers.push(browser);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  watch(page);
  return { browser, context, page };
}

// watch records a page's uncaught errors and echoes its console errors.
export function watch(page) {
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") console.error(`page console: ${m.text()}`);
  });
}

// signIn signs in with the access key from the environment and waits for
// the app shell.
export async function signIn(page, creds = credentials) {
  await page.goto(`${endpoint}/#/signin`);
  await page.fill("#access-key-id", creds.accessKeyId);
  await page.fill("#secret-access-key", creds.secretAccessKey);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=app-shell]");
}

// screenshot writes <name>.png of the whole page to the screenshot folder.
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name.replace(/[^A-Za-z0-9._-]/g, "_")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// unique returns a name no other scenario run uses, for groups and
// dashboards on a shared server.
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function logsClient() {
  return new CloudWatchLogsClient({ endpoint, region, credentials, maxAttempts: 1 });
}

export function metricsClient() {
  return new CloudWatchClient({ endpoint, region, credentials, maxAttempts: 1 });
}

// waitUntil polls fn until it returns a truthy value, failing after
// timeoutMs; loaded CI machines need generous deadlines.
export async function waitUntil(label, fn, timeoutMs = 20_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) fail(`${label}: not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let checks = 0;

function fail(msg) {
  console.error(`FAIL: ${msg}`);
  throw new ScenarioFailure(msg);
}

class ScenarioFailure extends Error {}

export function eq(label, want, got) {
  try {
    assert.deepStrictEqual(got, want, label);
  } catch (e) {
    fail(`${label}\n${e.message}`);
  }
  checks++;
}

export function ok(label, value) {
  if (!value) fail(`${label}: got ${JSON.stringify(value)}`);
  checks++;
}

async function closeAll() {
  await Promise.allSettled(browsers.map((b) => b.close()));
}

// run runs a scenario, closes every browser it launched, and reports
// "PASS name: N checks" or exits 1.
export function run(name, main) {
  main()
    .then(async () => {
      await closeAll();
      if (pageErrors.length > 0) {
        console.error(`FAIL: ${name}: uncaught page errors:\n${pageErrors.join("\n")}`);
        process.exit(1);
      }
      console.log(`PASS ${name}: ${checks} checks`);
      process.exit(0);
    })
    .catch(async (e) => {
      await closeAll();
      if (!(e instanceof ScenarioFailure)) console.error(`FAIL: ${name}: unexpected error:`, e);
      process.exit(1);
    });
}
