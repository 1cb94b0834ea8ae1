"""Drives boto3 against an OpenWatch server: paginators, rejected events and
modelled exception classes.

Environment: OPENWATCH_ENDPOINT, OPENWATCH_ACCOUNT_ID and the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION variables.
Prints "PASS boto3: N checks" as its last line when everything matched.
"""

import json
import os
import sys
import time

import boto3

from checks import Checker, expect_error

DAY_MS = 24 * 3600 * 1000


def now_ms():
    return int(time.time() * 1000)


def main():
    c = Checker("boto3")
    logs = boto3.client("logs", endpoint_url=os.environ["OPENWATCH_ENDPOINT"])
    account = os.environ["OPENWATCH_ACCOUNT_ID"]

    # describe_log_groups over three pages of at most two groups.
    names = ["/apptest/boto3/g%d" % i for i in range(1, 6)]
    for name in reversed(names):
        resp = logs.create_log_group(logGroupName=name)
        c.truthy("RequestId on create_log_group", resp["ResponseMetadata"].get("RequestId"))
    logs.create_log_group(logGroupName="/apptest/other")
    pages = list(
        logs.get_paginator("describe_log_groups").paginate(
            logGroupNamePrefix="/apptest/boto3/", PaginationConfig={"PageSize": 2}
        )
    )
    got = [g["logGroupName"] for p in pages for g in p["logGroups"]]
    c.eq("paginated describe_log_groups names", names, got)
    c.eq("page sizes", [2, 2, 1], [len(p["logGroups"]) for p in pages if p["logGroups"]])
    c.eq("last page has no nextToken", None, pages[-1].get("nextToken"))
    first = logs.describe_log_groups(logGroupNamePrefix="/apptest/boto3/", limit=2)
    c.truthy("nextToken on a full page", first.get("nextToken"))
    c.eq(
        "group arn",
        "arn:aws:logs:us-east-1:%s:log-group:/apptest/boto3/g1:*" % account,
        first["logGroups"][0]["arn"],
    )
    everything = [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]
    c.eq("describe_log_groups without prefix", sorted(names + ["/apptest/other"]), everything)

    # Twelve events over two streams, plain and JSON, for filter paging.
    group = names[0]
    logs.create_log_stream(logGroupName=group, logStreamName="web")
    logs.create_log_stream(logGroupName=group, logStreamName="worker")
    base = now_ms() - 120_000
    want = []
    for stream, offset in (("web", 0), ("worker", 1)):
        events = []
        for i in range(6):
            ts = base + (2 * i + offset) * 1000
            if i % 2 == 0:
                msg = json.dumps({"level": "ERROR" if i == 4 else "INFO", "stream": stream, "n": i})
            else:
                msg = "%s plain line %d" % (stream, i)
            events.append({"timestamp": ts, "message": msg})
            want.append((ts, stream, msg))
        resp = logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)
        c.eq("no rejected events", None, resp.get("rejectedLogEventsInfo"))
    want.sort()

    pages = list(
        logs.get_paginator("filter_log_events").paginate(
            logGroupName=group, PaginationConfig={"PageSize": 5}
        )
    )
    got = [(e["timestamp"], e["logStreamName"], e["message"]) for p in pages for e in p["events"]]
    c.eq("filter_log_events paginator returns every event in order", want, got)
    c.truthy("filter_log_events paged with limit 5", len([p for p in pages if p["events"]]) >= 3)
    c.eq("page sizes never exceed the limit", True, all(len(p["events"]) <= 5 for p in pages))
    ids = [e["eventId"] for p in pages for e in p["events"]]
    c.eq("eventIds unique", len(ids), len(set(ids)))

    errors = [
        e["message"]
        for p in logs.get_paginator("filter_log_events").paginate(
            logGroupName=group, filterPattern='{ $.level = "ERROR" }'
        )
        for e in p["events"]
    ]
    c.eq(
        "JSON filter through the paginator",
        [m for _, _, m in want if '"ERROR"' in m],
        errors,
    )
    numeric = [
        e["message"]
        for p in logs.get_paginator("filter_log_events").paginate(
            logGroupName=group, filterPattern="{ $.n >= 4 }"
        )
        for e in p["events"]
    ]
    c.eq("numeric JSON filter", [m for _, _, m in want if m.startswith("{") and json.loads(m)["n"] >= 4], numeric)
    excluded = [
        e["message"]
        for e in logs.filter_log_events(logGroupName=group, filterPattern="plain -worker")["events"]
    ]
    c.eq("term with exclusion", [m for _, _, m in want if "plain" in m and "worker" not in m], excluded)
    prefixed = logs.filter_log_events(logGroupName=group, logStreamNamePrefix="wor")["events"]
    c.eq("logStreamNamePrefix", {"worker"}, {e["logStreamName"] for e in prefixed})

    # get_log_events has no paginator: follow forward tokens until they repeat.
    token, seen = None, []
    for _ in range(20):
        kwargs = {"logGroupName": group, "logStreamName": "web", "startFromHead": True, "limit": 4}
        if token:
            kwargs["nextToken"] = token
        resp = logs.get_log_events(**kwargs)
        seen += [e["message"] for e in resp["events"]]
        if resp["nextForwardToken"] == token:
            break
        token = resp["nextForwardToken"]
    else:
        c.fail("get_log_events forward tokens never repeated")
    c.eq("get_log_events token walk", [m for _, s, m in want if s == "web"], seen)

    # Too old, accepted, too new; then older than the retention.
    logs.create_log_stream(logGroupName=group, logStreamName="edges")
    now = now_ms()
    resp = logs.put_log_events(
        logGroupName=group,
        logStreamName="edges",
        logEvents=[
            {"timestamp": now - 15 * DAY_MS, "message": "too old"},
            {"timestamp": now - 2000, "message": "kept 1"},
            {"timestamp": now - 1000, "message": "kept 2"},
            {"timestamp": now + 3 * 3600 * 1000, "message": "too new"},
        ],
    )
    c.eq(
        "rejectedLogEventsInfo",
        {"tooOldLogEventEndIndex": 1, "tooNewLogEventStartIndex": 3},
        resp.get("rejectedLogEventsInfo"),
    )
    kept = logs.get_log_events(logGroupName=group, logStreamName="edges", startFromHead=True)
    c.eq("only the valid events were stored", ["kept 1", "kept 2"], [e["message"] for e in kept["events"]])

    logs.put_retention_policy(logGroupName=names[1], retentionInDays=1)
    logs.create_log_stream(logGroupName=names[1], logStreamName="s")
    resp = logs.put_log_events(
        logGroupName=names[1],
        logStreamName="s",
        logEvents=[
            {"timestamp": now - 3 * DAY_MS, "message": "expired"},
            {"timestamp": now - 1000, "message": "fresh"},
        ],
    )
    c.eq("expiredLogEventEndIndex", {"expiredLogEventEndIndex": 1}, resp.get("rejectedLogEventsInfo"))

    streams = [
        s["logStreamName"]
        for p in logs.get_paginator("describe_log_streams").paginate(
            logGroupName=group, PaginationConfig={"PageSize": 1}
        )
        for s in p["logStreams"]
    ]
    c.eq("describe_log_streams paginator with PageSize 1", ["edges", "web", "worker"], streams)

    logs.delete_retention_policy(logGroupName=names[1])
    g = logs.describe_log_groups(logGroupNamePrefix=names[1])["logGroups"][0]
    c.eq("delete_retention_policy removes retentionInDays", None, g.get("retentionInDays"))

    # The deprecated tag calls that older tools still use.
    logs.tag_log_group(logGroupName=group, tags={"team": "core", "env": "ci"})
    logs.untag_log_group(logGroupName=group, tags=["env"])
    c.eq("tag_log_group / untag_log_group", {"team": "core"}, logs.list_tags_log_group(logGroupName=group)["tags"])

    # Modelled exceptions resolve to the client's exception classes.
    expect_error(c, logs.exceptions.ResourceNotFoundException, "put to a missing stream",
                 logs.put_log_events, logGroupName=group, logStreamName="missing",
                 logEvents=[{"timestamp": now, "message": "x"}])
    expect_error(c, logs.exceptions.ResourceNotFoundException, "describe streams of a missing group",
                 logs.describe_log_streams, logGroupName="/apptest/missing")
    expect_error(c, logs.exceptions.ResourceNotFoundException, "get events of a missing group",
                 logs.get_log_events, logGroupName="/apptest/missing", logStreamName="web")
    expect_error(c, logs.exceptions.ResourceAlreadyExistsException, "create an existing group",
                 logs.create_log_group, logGroupName=group)
    expect_error(c, logs.exceptions.InvalidParameterException, "retention of 2 days",
                 logs.put_retention_policy, logGroupName=group, retentionInDays=2)
    expect_error(c, logs.exceptions.InvalidParameterException, "events out of order",
                 logs.put_log_events, logGroupName=group, logStreamName="web",
                 logEvents=[{"timestamp": now, "message": "b"}, {"timestamp": now - 1000, "message": "a"}])
    expect_error(c, logs.exceptions.InvalidParameterException, "orderBy LastEventTime with a prefix",
                 logs.describe_log_streams, logGroupName=group, orderBy="LastEventTime",
                 logStreamNamePrefix="w")

    for name in names + ["/apptest/other"]:
        logs.delete_log_group(logGroupName=name)
    c.eq("all groups deleted", [], logs.describe_log_groups(logGroupNamePrefix="/apptest/")["logGroups"])
    c.done()


if __name__ == "__main__":
    sys.exit(main())
