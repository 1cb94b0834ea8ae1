"""Checks with boto3 that two accounts of one OpenWatch server never see each
other's log data, and that unknown or wrongly signed keys are refused.

Environment: OPENWATCH_ENDPOINT; account A as OPENWATCH_ACCOUNT_ID and the
standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; account B as
OPENWATCH_B_ACCOUNT_ID, OPENWATCH_B_ACCESS_KEY_ID and
OPENWATCH_B_SECRET_ACCESS_KEY. Prints "PASS isolation: N checks" last.
"""

import os
import sys
import time

import boto3
import botocore.exceptions

from checks import Checker, expect_error

GROUP = "/apptest/isolation/secret"


def client(key, secret):
    return boto3.client(
        "logs",
        endpoint_url=os.environ["OPENWATCH_ENDPOINT"],
        aws_access_key_id=key,
        aws_secret_access_key=secret,
    )


def refused(c, label, logs, codes):
    try:
        logs.describe_log_groups()
    except botocore.exceptions.ClientError as e:
        code = e.response.get("Error", {}).get("Code")
        c.truthy("%s: error code %s is one of %s" % (label, code, codes), code in codes)
        c.truthy("%s: HTTP status is 4xx" % label, 400 <= e.response["ResponseMetadata"]["HTTPStatusCode"] < 500)
        return
    c.fail(label, "succeeded, want one of %s" % (codes,))


def main():
    c = Checker("isolation")
    env = os.environ
    a = client(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"])
    b = client(env["OPENWATCH_B_ACCESS_KEY_ID"], env["OPENWATCH_B_SECRET_ACCESS_KEY"])
    account_a = env["OPENWATCH_ACCOUNT_ID"]
    account_b = env["OPENWATCH_B_ACCOUNT_ID"]
    now = int(time.time() * 1000)

    a.create_log_group(logGroupName=GROUP, tags={"owner": "a"})
    a.create_log_stream(logGroupName=GROUP, logStreamName="s")
    a.put_log_events(logGroupName=GROUP, logStreamName="s", logEvents=[{"timestamp": now, "message": "secret of A"}])
    arn_a = "arn:aws:logs:us-east-1:%s:log-group:%s" % (account_a, GROUP)

    c.eq("B lists none of A's groups", [], b.describe_log_groups()["logGroups"])
    c.eq("B's prefix search finds nothing", [], b.describe_log_groups(logGroupNamePrefix="/apptest/")["logGroups"])
    expect_error(c, b.exceptions.ResourceNotFoundException, "B describes A's streams",
                 b.describe_log_streams, logGroupName=GROUP)
    expect_error(c, b.exceptions.ResourceNotFoundException, "B reads A's stream",
                 b.get_log_events, logGroupName=GROUP, logStreamName="s")
    expect_error(c, b.exceptions.ResourceNotFoundException, "B filters A's group",
                 b.filter_log_events, logGroupName=GROUP)
    expect_error(c, b.exceptions.ResourceNotFoundException, "B writes to A's stream",
                 b.put_log_events, logGroupName=GROUP, logStreamName="s",
                 logEvents=[{"timestamp": now, "message": "injected by B"}])
    expect_error(c, b.exceptions.ResourceNotFoundException, "B deletes A's group",
                 b.delete_log_group, logGroupName=GROUP)
    expect_error(c, b.exceptions.ResourceNotFoundException, "B sets retention on A's group",
                 b.put_retention_policy, logGroupName=GROUP, retentionInDays=1)
    try:
        tags = b.list_tags_for_resource(resourceArn=arn_a).get("tags")
        c.fail("B reads A's tags by ARN", "returned %r" % (tags,))
    except botocore.exceptions.ClientError as e:
        code = e.response["Error"]["Code"]
        c.truthy("B reading A's tags by ARN is refused (%s)" % code,
                 code in ("ResourceNotFoundException", "AccessDeniedException"))

    # The same name in B is a different group.
    b.create_log_group(logGroupName=GROUP)
    b.create_log_stream(logGroupName=GROUP, logStreamName="s")
    c.eq("B's own group of the same name is empty", [],
         b.get_log_events(logGroupName=GROUP, logStreamName="s", startFromHead=True)["events"])
    c.eq("B's group ARN names account B",
         "arn:aws:logs:us-east-1:%s:log-group:%s:*" % (account_b, GROUP),
         b.describe_log_groups()["logGroups"][0]["arn"])
    b.put_log_events(logGroupName=GROUP, logStreamName="s", logEvents=[{"timestamp": now, "message": "B's own"}])
    b.delete_log_group(logGroupName=GROUP)

    got = a.get_log_events(logGroupName=GROUP, logStreamName="s", startFromHead=True)["events"]
    c.eq("A's events are untouched", ["secret of A"], [e["message"] for e in got])
    c.eq("A's tags are untouched", {"owner": "a"}, a.list_tags_for_resource(resourceArn=arn_a)["tags"])

    refused(c, "unknown access key", client("AKIAUNKNOWNKEY000000", env["AWS_SECRET_ACCESS_KEY"]),
            ("UnrecognizedClientException", "InvalidClientTokenId"))
    refused(c, "wrong secret", client(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"] + "x"),
            ("InvalidSignatureException", "SignatureDoesNotMatch"))
    c.done()


if __name__ == "__main__":
    sys.exit(main())
