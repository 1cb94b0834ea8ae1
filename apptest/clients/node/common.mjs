// Shared setup for the Node.js client scripts: an SDK client pointed at the
// OpenWatch server from the environment, and assertions that count checks so
// the last line can report them.
import assert from "node:assert/strict";
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
export const accountId = required("OPENWATCH_ACCOUNT_ID");
export const region = process.env.AWS_REGION || "us-east-1";
export const credentials = {
  accessKeyId: required("AWS_ACCESS_KEY_ID"),
  secretAccessKey: required("AWS_SECRET_ACCESS_KEY"),
};

export function newClient() {
  return new CloudWatchLogsClient({ endpoint, region, credentials, maxAttempts: 1 });
}

export function newMetricsClient() {
  return new CloudWatchClient({ endpoint, region, credentials, maxAttempts: 1 });
}

let checks = 0;

export function eq(label, want, got) {
  try {
    assert.deepStrictEqual(got, want, label);
  } catch (e) {
    console.error(`FAIL: ${label}\n${e.message}`);
    process.exit(1);
  }
  checks++;
}

export function ok(label, value) {
  if (!value) {
    console.error(`FAIL: ${label}: got ${JSON.stringify(value)}`);
    process.exit(1);
  }
  checks++;
}

// rejects runs fn and checks it throws the modelled exception class with the
// wire error code as its name, a message and HTTP 400.
export async function rejects(label, ErrorClass, fn) {
  let err;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  ok(`${label}: fails`, err);
  eq(`${label}: error name`, ErrorClass.name, err.name);
  ok(`${label}: instanceof ${ErrorClass.name}`, err instanceof ErrorClass);
  ok(`${label}: message`, err.message);
  eq(`${label}: HTTP status`, 400, err.$metadata?.httpStatusCode);
  ok(`${label}: request id`, err.$metadata?.requestId);
}

function pass(name) {
  console.log(`PASS ${name}: ${checks} checks`);
}

export function run(name, main) {
  main().then(
    () => {
      pass(name);
      process.exit(0);
    },
    (e) => {
      console.error(`FAIL: ${name}: unexpected error:`, e);
      process.exit(1);
    },
  );
}
