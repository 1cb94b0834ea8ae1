// Ships 50 log lines through winston-cloudwatch, which creates the group and
// stream itself (DescribeLogStreams, CreateLogGroup, PutRetentionPolicy,
// CreateLogStream, PutLogEvents), then reads them back with the SDK.
// Prints "PASS winston: N checks" last.
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import winston from "winston";
import WinstonCloudWatch from "winston-cloudwatch";
import { credentials, endpoint, eq, newClient, ok, region, run } from "./common.mjs";

const group = "/apptest/winston";
const stream = `shipper-${process.pid}`;
const count = 50;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const shipErrors = [];
  const transport = new WinstonCloudWatch({
    logGroupName: group,
    logStreamName: stream,
    jsonMessage: true,
    retentionInDays: 7,
    uploadRate: 200,
    awsOptions: { endpoint, region, credentials, maxAttempts: 1 },
    errorHandler: (err) => shipErrors.push(err),
  });
  const logger = winston.createLogger({ transports: [transport] });
  for (let seq = 0; seq < count; seq++) {
    logger.info("shipped message", { seq, service: "apptest" });
  }
  // winston hands records to transports asynchronously; then kthxbye
  // flushes whatever is still queued (it times out after 10 s by itself).
  await sleep(300);
  await new Promise((resolve, reject) => transport.kthxbye((err) => (err ? reject(err) : resolve())));
  eq("winston-cloudwatch reported no errors", [], shipErrors.map(String));
  logger.close();

  // kthxbye returns as soon as the shipper's queue is empty, which can be
  // while the interval's last PutLogEvents is still in flight; so read until
  // every message is there (or a generous deadline passes).
  const client = newClient();
  let messages = [];
  for (const deadline = Date.now() + 10000; ; await sleep(100)) {
    messages = await readStream(client);
    if (messages.length >= count || Date.now() > deadline) break;
  }
  const records = messages.map((m) => JSON.parse(m));
  eq("all 50 arrived exactly once", [...Array(count).keys()], records.map((r) => r.seq).sort((a, b) => a - b));
  ok("each record is winston's JSON", records.every((r) => r.level === "info" && r.message === "shipped message"));

  const tail = await client.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: "{ $.seq >= 45 }" }));
  eq("numeric JSON filter over shipped records", [45, 46, 47, 48, 49], tail.events.map((e) => JSON.parse(e.message).seq).sort((a, b) => a - b));

  // PutRetentionPolicy is fired without waiting by the shipper; give it a moment.
  let retention;
  for (let i = 0; i < 20 && retention !== 7; i++) {
    const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    retention = groups.logGroups.find((g) => g.logGroupName === group)?.retentionInDays;
    if (retention !== 7) await sleep(100);
  }
  eq("retention set by the shipper", 7, retention);
  client.destroy();
}

async function readStream(client) {
  const messages = [];
  let token;
  for (let i = 0; i < 20; i++) {
    const page = await client.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }),
    );
    messages.push(...page.events.map((e) => e.message));
    if (page.nextForwardToken === token) break;
    token = page.nextForwardToken;
  }
  return messages;
}

run("winston", main);
