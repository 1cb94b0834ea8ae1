// The console's session API as the page's own scripts use it, before any
// page exists: sign-in and sign-out, the HttpOnly cookie, CSRF refusals,
// the AWS door and the live-tail event stream.
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { credentials, endpoint, eq, launch, logsClient, ok, run, screenshot, unique, waitUntil } from "../common.mjs";

run("session_api", async () => {
  const logs = logsClient();
  const group = unique("browser-session");
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "web" }));

  const { page } = await launch();
  const resp = await page.goto(`${endpoint}/`);
  eq("console page status", 200, resp.status());
  ok("CSP header", (resp.headers()["content-security-policy"] || "").includes("frame-ancestors 'none'"));

  // call runs fetch inside the page, with its origin and cookies.
  const call = (method, path, { body, headers } = {}) =>
    page.evaluate(
      async ({ method, path, body, headers }) => {
        const r = await fetch(path, { method, body, headers, credentials: "same-origin" });
        const text = await r.text();
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {}
        return { status: r.status, json, text };
      },
      { method, path, body, headers },
    );
  const aws = (target, input, csrf) =>
    call("POST", "/console/api/aws", {
      body: JSON.stringify(input),
      headers: {
        "X-Amz-Target": target,
        "Content-Type": "application/x-amz-json-1.1",
        ...(csrf ? { "X-CSRF-Token": csrf } : {}),
      },
    });
  const signInBody = (secret) =>
    JSON.stringify({ accessKeyId: credentials.accessKeyId, secretAccessKey: secret });

  eq("no session yet", 401, (await call("GET", "/console/api/session")).status);
  const wrong = await call("POST", "/console/api/session", { body: signInBody("not-the-secret"), headers: { "Content-Type": "application/json" } });
  eq("wrong secret", 401, wrong.status);
  ok("wrong secret says why", wrong.json?.error);

  const signedIn = await call("POST", "/console/api/session", { body: signInBody(credentials.secretAccessKey), headers: { "Content-Type": "application/json" } });
  eq("sign-in status", 200, signedIn.status);
  const session = signedIn.json;
  ok("csrf token", session.csrfToken);
  ok("account id", /^[0-9]{12}$/.test(session.accountId));
  eq("principal", credentials.accessKeyId, session.principal);
  ok("expiry in the future", Date.parse(session.expiresAt) > Date.now());
  eq("session cookie hidden from scripts", false, (await page.evaluate(() => document.cookie)).includes("ow_session"));
  const cookies = await page.context().cookies();
  const cookie = cookies.find((c) => c.name === "ow_session");
  ok("session cookie stored", cookie);
  eq("cookie HttpOnly", true, cookie.httpOnly);
  eq("cookie SameSite", "Strict", cookie.sameSite);
  eq("GET session", session.csrfToken, (await call("GET", "/console/api/session")).json?.csrfToken);

  const listed = await aws("Logs_20140328.DescribeLogGroups", { logGroupNamePrefix: group }, session.csrfToken);
  eq("door status", 200, listed.status);
  eq("door sees the SDK's group", [group], listed.json.logGroups.map((g) => g.logGroupName));
  const refused = await aws("Logs_20140328.DescribeLogGroups", {}, null);
  eq("door without CSRF", 403, refused.status);
  eq("door error type", "AccessDeniedException", refused.json.__type);
  const badCSRF = await aws("Logs_20140328.DescribeLogGroups", {}, session.csrfToken.replace(/.$/, (c) => (c === "0" ? "1" : "0")));
  eq("door with a wrong CSRF token", 403, badCSRF.status);
  const missing = await aws("Logs_20140328.DescribeLogStreams", { logGroupName: `${group}-missing` }, session.csrfToken);
  eq("AWS error passes through", "ResourceNotFoundException", missing.json.__type);

  // Live tail: the page's EventSource sees an event put through the SDK.
  await page.evaluate((group) => {
    window.__tail = { events: [], errors: [] };
    const es = new EventSource(`/console/api/tail?group=${encodeURIComponent(group)}&filterPattern=ERROR`);
    es.addEventListener("log", (e) => window.__tail.events.push(JSON.parse(e.data)));
    es.addEventListener("error", (e) => {
      if (e.data) window.__tail.errors.push(JSON.parse(e.data).message);
    });
    window.__tailSource = es;
  }, group);
  await waitUntil("tail stream open", () => page.evaluate(() => window.__tailSource.readyState === 1));
  // The server subscribes right after the stream opens; keep putting
  // until the first event is seen, then time one more.
  let n = 0;
  await waitUntil(
    "first live event",
    async () => {
      await logs.send(new PutLogEventsCommand({
        logGroupName: group, logStreamName: "web",
        logEvents: [{ timestamp: Date.now(), message: `INFO warm-up ${n}` }, { timestamp: Date.now(), message: `ERROR warm-up ${n++}` }],
      }));
      return page.evaluate(() => window.__tail.events.length > 0);
    },
    20_000,
    500,
  );
  const before = await page.evaluate(() => window.__tail.events.length);
  const sent = Date.now();
  await logs.send(new PutLogEventsCommand({
    logGroupName: group, logStreamName: "web",
    logEvents: [{ timestamp: Date.now(), message: "INFO not shown" }, { timestamp: Date.now(), message: "ERROR timed event" }],
  }));
  const timed = await waitUntil("timed live event", () =>
    page.evaluate((before) => window.__tail.events.slice(before).find((e) => e.message === "ERROR timed event"), before),
  );
  console.log(`live tail latency: ${Date.now() - sent} ms`);
  eq("tail event group", group, timed.logGroupName);
  eq("tail event stream", "web", timed.logStreamName);
  ok("tail event id", timed.eventId);
  eq("filter pattern applied", [], (await page.evaluate(() => window.__tail.events)).filter((e) => !e.message.startsWith("ERROR")));
  await page.evaluate(() => window.__tailSource.close());

  const badPattern = await page.evaluate(
    (group) =>
      new Promise((resolve) => {
        const es = new EventSource(`/console/api/tail?group=${encodeURIComponent(group)}&filterPattern=${encodeURIComponent("{ $.a = ")}`);
        es.addEventListener("error", (e) => {
          es.close();
          resolve(e.data ? JSON.parse(e.data).message : "connection error without a message");
        });
      }),
    group,
  );
  ok(`bad pattern reported (${badPattern})`, badPattern.includes("filter pattern"));

  await screenshot(page, "session_api");

  eq("sign-out without CSRF", 403, (await call("DELETE", "/console/api/session")).status);
  eq("still signed in", 200, (await call("GET", "/console/api/session")).status);
  eq("sign-out", 204, (await call("DELETE", "/console/api/session", { headers: { "X-CSRF-Token": session.csrfToken } })).status);
  eq("signed out", 401, (await call("GET", "/console/api/session")).status);
  eq("door after sign-out", 401, (await aws("Logs_20140328.DescribeLogGroups", {}, session.csrfToken)).status);

  // A console user made with `openwatch users create` acts in its account
  // as an administrator.
  const username = process.env.OPENWATCH_CONSOLE_USER;
  const password = process.env.OPENWATCH_CONSOLE_PASSWORD;
  if (username && password) {
    const userBody = (pw) => JSON.stringify({ username, password: pw });
    eq("wrong password", 401, (await call("POST", "/console/api/session", { body: userBody(`${password}x`), headers: { "Content-Type": "application/json" } })).status);
    const user = await call("POST", "/console/api/session", { body: userBody(password), headers: { "Content-Type": "application/json" } });
    eq("user sign-in", 200, user.status);
    eq("user account", session.accountId, user.json.accountId);
    eq("user name", username, user.json.userName);
    eq("user is administrator", true, user.json.admin);
    const asUser = await aws("Logs_20140328.DescribeLogGroups", { logGroupNamePrefix: group }, user.json.csrfToken);
    eq("door as the user", [group], asUser.json.logGroups?.map((g) => g.logGroupName));
    eq("user sign-out", 204, (await call("DELETE", "/console/api/session", { headers: { "X-CSRF-Token": user.json.csrfToken } })).status);
  }
});
