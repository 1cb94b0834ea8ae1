"""Drives boto3 against OpenWatch's EventBridge API (AWS JSON 1.1): custom
buses, rules with patterns and schedules, targets, put_events delivered to
a log group (read back with the logs client), the list paginators, and
modelled exception classes.

Environment: OPENWATCH_ENDPOINT, OPENWATCH_ACCOUNT_ID and the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION variables.
Prints "PASS boto3-events: N checks" as its last line when everything
matched.
"""

import json
import os
import sys
import time

import boto3

from checks import Checker, expect_error


def main():
    c = Checker("boto3-events")
    ep = os.environ["OPENWATCH_ENDPOINT"]
    account = os.environ["OPENWATCH_ACCOUNT_ID"]
    region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
    ev = boto3.client("events", endpoint_url=ep)
    logs = boto3.client("logs", endpoint_url=ep)

    # Buses.
    arn = ev.create_event_bus(Name="py-bus")["EventBusArn"]
    c.eq("bus ARN", "arn:aws:events:%s:%s:event-bus/py-bus" % (region, account), arn)
    expect_error(c, ev.exceptions.ResourceAlreadyExistsException, "duplicate bus", ev.create_event_bus, Name="py-bus")
    expect_error(c, ev.exceptions.ResourceNotFoundException, "missing bus", ev.describe_event_bus, Name="nope")
    c.eq("describe bus", "py-bus", ev.describe_event_bus(Name=arn)["Name"])

    # Rules: many, read back through the paginator in pages of 2.
    for i in range(5):
        ev.put_rule(Name="r%d" % i, EventBusName="py-bus", EventPattern=json.dumps({"source": ["py.%d" % i]}))
    names = []
    for page in ev.get_paginator("list_rules").paginate(EventBusName="py-bus", PaginationConfig={"PageSize": 2}):
        names += [r["Name"] for r in page["Rules"]]
    c.eq("paginated rules", ["r%d" % i for i in range(5)], names)
    expect_error(c, ev.exceptions.InvalidEventPatternException, "bad pattern", ev.put_rule,
                 Name="bad", EventBusName="py-bus", EventPattern='{"detail":{"n":[{"numeric":[">"]}]}}')
    expect_error(c, ev.exceptions.ResourceNotFoundException, "rule on a missing bus", ev.put_rule,
                 Name="x", EventBusName="missing", EventPattern='{"source":["a"]}')
    try:
        ev.put_rule(Name="sched", EventBusName="py-bus", ScheduleExpression="rate(1 minute)")
        c.fail("schedule on a custom bus", "succeeded")
    except ev.exceptions.ClientError as e:
        c.eq("schedule on a custom bus", "ValidationException", e.response["Error"]["Code"])
    ev.put_rule(Name="every-minute", ScheduleExpression="rate(1 minute)")
    c.eq("schedule rule", "rate(1 minute)", ev.describe_rule(Name="every-minute")["ScheduleExpression"])

    # A log group target with an input transformer.
    group = "/py/events"
    logs.create_log_group(logGroupName=group)
    group_arn = "arn:aws:logs:%s:%s:log-group:%s" % (region, account, group)
    ev.put_rule(Name="orders", EventBusName="py-bus",
                EventPattern=json.dumps({"source": ["py.shop"], "detail": {"total": [{"numeric": [">=", 10]}], "$or": [
                    {"country": [{"equals-ignore-case": "fr"}]}, {"vip": [True]}]}}))
    resp = ev.put_targets(Rule="orders", EventBusName="py-bus", Targets=[{
        "Id": "log", "Arn": group_arn,
        "InputTransformer": {"InputPathsMap": {"total": "$.detail.total", "src": "$.source"},
                             "InputTemplate": '{"total": <total>, "from": "<src>", "rule": "<aws.events.rule-name>"}'}}])
    c.eq("put_targets failures", 0, resp["FailedEntryCount"])
    entries = [{"Source": "py.shop", "DetailType": "order", "EventBusName": "py-bus", "Detail": json.dumps(d)}
               for d in [{"total": 12, "country": "FR"}, {"total": 5, "country": "FR"}, {"total": 40, "vip": True}, {"total": 40, "country": "DE"}]]
    entries.append({"Source": "py.shop", "DetailType": "order", "EventBusName": "py-bus"})
    resp = ev.put_events(Entries=entries)
    c.eq("put_events failures", 1, resp["FailedEntryCount"])
    c.eq("missing detail", "InvalidArgument", resp["Entries"][4]["ErrorCode"])
    c.truthy("event id", resp["Entries"][0].get("EventId"))
    want = sorted([resp["Entries"][0]["EventId"], resp["Entries"][2]["EventId"]])
    deadline = time.time() + 20
    while True:
        got = logs.filter_log_events(logGroupName=group)["events"]
        if len(got) >= 2 or time.time() > deadline:
            break
        time.sleep(0.2)
    time.sleep(0.5)
    got = logs.filter_log_events(logGroupName=group)["events"]
    c.eq("streams named after the events", want, sorted(e["logStreamName"] for e in got))
    c.eq("transformed messages", [{"total": 12, "from": "py.shop", "rule": "orders"}, {"total": 40, "from": "py.shop", "rule": "orders"}],
         sorted((json.loads(e["message"]) for e in got), key=lambda m: m["total"]))

    targets = ev.list_targets_by_rule(Rule="orders", EventBusName="py-bus")["Targets"]
    c.eq("target transformer", "$.detail.total", targets[0]["InputTransformer"]["InputPathsMap"]["total"])
    too_many = [{"Id": "t%d" % i, "Arn": group_arn} for i in range(5)]
    expect_error(c, ev.exceptions.LimitExceededException, "sixth target", ev.put_targets, Rule="orders", EventBusName="py-bus", Targets=too_many)
    try:
        ev.delete_rule(Name="orders", EventBusName="py-bus")
        c.fail("delete a rule with targets", "succeeded")
    except ev.exceptions.ClientError as e:
        c.eq("delete a rule with targets", "ValidationException", e.response["Error"]["Code"])
    ev.delete_rule(Name="orders", EventBusName="py-bus", Force=True)
    expect_error(c, ev.exceptions.ResourceNotFoundException, "deleted rule", ev.describe_rule, Name="orders", EventBusName="py-bus")

    # Connections and API destinations.
    conn = ev.create_connection(Name="py-conn", AuthorizationType="API_KEY",
                                AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "X-Key", "ApiKeyValue": "v"}})
    c.eq("connection state", "AUTHORIZED", conn["ConnectionState"])
    dest = ev.create_api_destination(Name="py-dest", ConnectionArn=conn["ConnectionArn"],
                                     InvocationEndpoint="https://hooks.example.com/in", HttpMethod="POST", InvocationRateLimitPerSecond=5)
    got = ev.describe_api_destination(Name="py-dest")
    c.eq("destination", [dest["ApiDestinationArn"], conn["ConnectionArn"], 5],
         [got["ApiDestinationArn"], got["ConnectionArn"], got["InvocationRateLimitPerSecond"]])
    expect_error(c, ev.exceptions.ResourceAlreadyExistsException, "duplicate destination", ev.create_api_destination, Name="py-dest",
                 ConnectionArn=conn["ConnectionArn"], InvocationEndpoint="https://hooks.example.com/in", HttpMethod="POST")
    ev.delete_api_destination(Name="py-dest")
    ev.delete_connection(Name="py-conn")
    expect_error(c, ev.exceptions.ResourceNotFoundException, "deleted connection", ev.describe_connection, Name="py-conn")

    for i in range(5):
        ev.delete_rule(Name="r%d" % i, EventBusName="py-bus")
    ev.delete_event_bus(Name="py-bus")
    c.eq("buses left", ["default"], [b["Name"] for b in ev.list_event_buses()["EventBuses"]])
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
