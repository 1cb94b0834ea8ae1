// Drives the JavaScript SDK v3 CloudWatch Logs client against OpenWatch:
// groups, streams, events (including non-ASCII), filters, paginators and
// modelled errors. Prints "PASS js-sdk: N checks" last.
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import { accountId, eq, newClient, ok, region, rejects, run } from "./common.mjs";

const client = newClient();
const group = "/apptest/js/main";
const groups = [group, "/apptest/js/second", "/apptest/js/third"];

async function main() {
  const created = await client.send(new CreateLogGroupCommand({ logGroupName: group, tags: { app: "js" } }));
  eq("CreateLogGroup status", 200, created.$metadata.httpStatusCode);
  ok("CreateLogGroup request id", created.$metadata.requestId);
  for (const name of groups.slice(1)) {
    await client.send(new CreateLogGroupCommand({ logGroupName: name }));
  }

  const described = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/apptest/js/" }));
  eq("DescribeLogGroups names", [...groups].sort(), described.logGroups.map((g) => g.logGroupName));
  const main = described.logGroups.find((g) => g.logGroupName === group);
  eq("arn", `arn:aws:logs:${region}:${accountId}:log-group:${group}:*`, main.arn);
  eq("logGroupArn", `arn:aws:logs:${region}:${accountId}:log-group:${group}`, main.logGroupArn);
  ok("creationTime is a number", Number.isInteger(main.creationTime));

  const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: main.logGroupArn }));
  eq("tags", { app: "js" }, tags.tags);

  const pages = [];
  for await (const page of paginateDescribeLogGroups({ client, pageSize: 1 }, { logGroupNamePrefix: "/apptest/js/" })) {
    pages.push(page.logGroups.map((g) => g.logGroupName));
  }
  eq("paginateDescribeLogGroups with pageSize 1", [...groups].sort(), pages.flat());
  ok("one group per page", pages.every((p) => p.length <= 1));

  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s1" }));
  const t0 = Date.now() - 30_000;
  const messages = [
    "plain line from the js sdk",
    JSON.stringify({ level: "ERROR", message: "boom", extra: { log_type: "Security" } }),
    "héllo wörld ✓ 日本語",
  ];
  const put = await client.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: "s1",
      logEvents: messages.map((message, i) => ({ timestamp: t0 + i, message })),
    }),
  );
  eq("no rejected events", undefined, put.rejectedLogEventsInfo);

  const got = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "s1", startFromHead: true }));
  eq("GetLogEvents messages (UTF-8 intact)", messages, got.events.map((e) => e.message));
  eq("GetLogEvents timestamps", [t0, t0 + 1, t0 + 2], got.events.map((e) => e.timestamp));
  ok("forward token", got.nextForwardToken);
  ok("backward token", got.nextBackwardToken);

  const filtered = await client.send(
    new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.extra.log_type = "Security" }' }),
  );
  eq("FilterLogEvents JSON pattern", [messages[1]], filtered.events.map((e) => e.message));
  ok("eventId", filtered.events[0].eventId);
  eq("logStreamName", "s1", filtered.events[0].logStreamName);

  const all = [];
  for await (const page of paginateFilterLogEvents({ client, pageSize: 1 }, { logGroupName: group })) {
    all.push(...page.events.map((e) => e.message));
  }
  eq("paginateFilterLogEvents with pageSize 1", messages, all);

  const streams = await client.send(
    new DescribeLogStreamsCommand({ logGroupName: group, orderBy: "LastEventTime", descending: true }),
  );
  eq("DescribeLogStreams", ["s1"], streams.logStreams.map((s) => s.logStreamName));
  eq("lastEventTimestamp", t0 + 2, streams.logStreams[0].lastEventTimestamp);

  await rejects("GetLogEvents on a missing group", ResourceNotFoundException, () =>
    client.send(new GetLogEventsCommand({ logGroupName: "/apptest/js/missing", logStreamName: "s1" })),
  );
  await rejects("PutLogEvents to a missing stream", ResourceNotFoundException, () =>
    client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "missing",
        logEvents: [{ timestamp: Date.now(), message: "x" }],
      }),
    ),
  );
  await rejects("CreateLogGroup twice", ResourceAlreadyExistsException, () =>
    client.send(new CreateLogGroupCommand({ logGroupName: group })),
  );

  for (const name of groups) {
    await client.send(new DeleteLogGroupCommand({ logGroupName: name }));
  }
  const left = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/apptest/js/" }));
  eq("groups after delete", [], left.logGroups);
  client.destroy();
}

run("js-sdk", main);
