"""Drives boto3 against OpenWatch's SNS-compatible topics (query protocol):
topics and the list_topics paginator, attributes, tags, an http
subscription confirmed by a loopback endpoint that follows its
SubscribeURL, publish (plain and MessageStructure=json), and modelled
exception classes.

Environment: OPENWATCH_ENDPOINT, OPENWATCH_ACCOUNT_ID and the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION variables.
Prints "PASS boto3-sns: N checks" as its last line when everything
matched.
"""

import json
import os
import sys
import tempfile
import time

import boto3

from checks import Checker, expect_error
import sns_receiver


def wait(label, c, fn, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(0.1)
    c.fail(label, "timed out")


def main():
    c = Checker("boto3-sns")
    ep = os.environ["OPENWATCH_ENDPOINT"]
    account = os.environ["OPENWATCH_ACCOUNT_ID"]
    region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
    sns = boto3.client("sns", endpoint_url=ep)

    # Topics: more than one page of list_topics.
    arns = [sns.create_topic(Name="py-%03d" % i)["TopicArn"] for i in range(105)]
    c.eq("topic ARN", "arn:aws:sns:%s:%s:py-000" % (region, account), arns[0])
    c.eq("idempotent create", arns[0], sns.create_topic(Name="py-000")["TopicArn"])
    listed = []
    pages = 0
    for page in sns.get_paginator("list_topics").paginate():
        pages += 1
        listed += [t["TopicArn"] for t in page["Topics"]]
    c.eq("paginated topics", sorted(arns), listed)
    c.eq("pages", 2, pages)
    for arn in arns[1:]:
        sns.delete_topic(TopicArn=arn)
    topic = arns[0]

    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Python")
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    c.eq("attributes", ["Python", topic, account], [attrs["DisplayName"], attrs["TopicArn"], attrs["Owner"]])
    sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}])
    sns.untag_resource(ResourceArn=topic, TagKeys=["env"])
    c.eq("tags", [{"Key": "team", "Value": "core"}], sns.list_tags_for_resource(ResourceArn=topic)["Tags"])

    try:
        sns.get_topic_attributes(TopicArn="arn:aws:sns:%s:%s:nope" % (region, account))
        c.fail("missing topic", "succeeded")
    except sns.exceptions.NotFoundException as e:
        c.eq("missing topic: code", "NotFound", e.response["Error"]["Code"])
        c.eq("missing topic: status", 404, e.response["ResponseMetadata"]["HTTPStatusCode"])
    expect_error(c, sns.exceptions.InvalidParameterException, "bad topic name", sns.create_topic,
                 code="InvalidParameter", Name="bad name")
    expect_error(c, sns.exceptions.InvalidParameterException, "email without SMTP", sns.subscribe,
                 code="InvalidParameter", TopicArn=topic, Protocol="email", Endpoint="ops@example.test")
    expect_error(c, sns.exceptions.InvalidParameterException, "empty message", sns.publish,
                 code="InvalidParameter", TopicArn=topic, Message="")

    # An http subscription, confirmed by the endpoint itself.
    out = os.path.join(tempfile.mkdtemp(), "messages")
    srv = sns_receiver.serve(None, out)
    endpoint = "http://127.0.0.1:%d/hook" % srv.server_address[1]
    c.eq("subscribe answer", "pending confirmation",
         sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint)["SubscriptionArn"])

    def confirmed():
        subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        return subs[0]["SubscriptionArn"] if subs and subs[0]["SubscriptionArn"] != "PendingConfirmation" else None

    sub = wait("confirmation", c, confirmed)
    conf = [m for m in sns_receiver.read(out) if m["type"] == "SubscriptionConfirmation"]
    c.eq("confirmation message", ["SubscriptionConfirmation", topic], [conf[0]["body"]["Type"], conf[0]["body"]["TopicArn"]])
    c.eq("subscription attributes", "false", sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]["PendingConfirmation"])

    mid = sns.publish(TopicArn=topic, Message="plain", Subject="S1")["MessageId"]
    sns.publish(TopicArn=topic, MessageStructure="json", Message=json.dumps({"default": "fallback", "http": "for http"}))

    def notes():
        n = [m["body"] for m in sns_receiver.read(out) if m["type"] == "Notification"]
        return n if len(n) >= 2 else None

    n = sorted(wait("notifications", c, notes), key=lambda b: b["Message"])
    c.eq("notifications", [["for http", None], ["plain", "S1"]], [[b["Message"], b.get("Subject")] for b in n])
    c.eq("message id", mid, n[1]["MessageId"])
    c.truthy("unsubscribe URL", n[0]["UnsubscribeURL"].startswith(ep + "/?Action=Unsubscribe&SubscriptionArn="))

    sns.unsubscribe(SubscriptionArn=sub)
    c.eq("subscriptions after unsubscribe", [], sns.list_subscriptions()["Subscriptions"])
    sns.delete_topic(TopicArn=topic)
    c.eq("topics after delete", [], sns.list_topics()["Topics"])
    srv.shutdown()
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
