#!/usr/bin/env bash
# SNS-compatible topics through the AWS CLI v2 (query protocol): topics,
# attributes and tags, an http subscription confirmed by a loopback
# endpoint that follows its SubscribeURL, publish, unsubscribe and error
# codes.
set -euo pipefail
cd "$(dirname "$0")"
. ./awscli_lib.sh

sns_ok() { ok_svc sns "$@"; }
sns_fails_with() {
	local code=$1
	shift
	fails_with_svc sns "$code" "$@"
}

TOPIC="arn:aws:sns:$REGION:$ACCOUNT:cli-topic"

echo "== topics"
sns_ok create-topic --name cli-topic --attributes DisplayName=CLI --tags Key=team,Value=core
expect "topic ARN" "$TOPIC" "$(q 'd["TopicArn"]' <<<"$OUT")"
sns_ok set-topic-attributes --topic-arn "$TOPIC" --attribute-name DisplayName --attribute-value "CLI topic"
sns_ok get-topic-attributes --topic-arn "$TOPIC"
expect "attributes" '["CLI topic", "'"$ACCOUNT"'", "0"]' "$(q '[d["Attributes"]["DisplayName"], d["Attributes"]["Owner"], d["Attributes"]["SubscriptionsConfirmed"]]' <<<"$OUT")"
sns_ok list-topics
expect "topics" "[\"$TOPIC\"]" "$(q '[t["TopicArn"] for t in d["Topics"]]' <<<"$OUT")"
sns_ok list-tags-for-resource --resource-arn "$TOPIC"
expect "tags" '[["team", "core"]]' "$(q '[[t["Key"], t["Value"]] for t in d["Tags"]]' <<<"$OUT")"
sns_fails_with NotFound get-topic-attributes --topic-arn "arn:aws:sns:$REGION:$ACCOUNT:nope"
sns_fails_with InvalidParameter create-topic --name "bad name"

echo "== subscription"
"$PY" sns_receiver.py "$WORK/port" "$WORK/messages" &
TAIL_PID=$!
for _ in $(seq 1 100); do
	[ -s "$WORK/port" ] && break
	sleep 0.1
done
[ -s "$WORK/port" ] || fail "the receiver did not start"
ENDPOINT="http://127.0.0.1:$(cat "$WORK/port")/sns"
sns_ok subscribe --topic-arn "$TOPIC" --protocol http --notification-endpoint "$ENDPOINT"
expect "subscribe answer" "pending confirmation" "$(q 'd["SubscriptionArn"]' <<<"$OUT")"
SUB=
for _ in $(seq 1 150); do
	sns_ok list-subscriptions-by-topic --topic-arn "$TOPIC"
	SUB=$(q 'd["Subscriptions"][0]["SubscriptionArn"]' <<<"$OUT")
	[ "$SUB" != "PendingConfirmation" ] && break
	sleep 0.2
done
[ "$SUB" != "PendingConfirmation" ] || fail "the subscription was never confirmed"
expect "subscription ARN prefix" "$TOPIC:" "${SUB:0:$((${#TOPIC} + 1))}"
sns_ok get-subscription-attributes --subscription-arn "$SUB"
expect "subscription attributes" '["false", "http", "'"$ENDPOINT"'"]' "$(q '[d["Attributes"]["PendingConfirmation"], d["Attributes"]["Protocol"], d["Attributes"]["Endpoint"]]' <<<"$OUT")"
sns_fails_with InvalidParameter subscribe --topic-arn "$TOPIC" --protocol email --notification-endpoint ops@example.test

echo "== publish"
sns_ok publish --topic-arn "$TOPIC" --subject "From the CLI" --message "hello <world> & all"
MSG_ID=$(q 'd["MessageId"]' <<<"$OUT")
GOT=
for _ in $(seq 1 150); do
	GOT=$("$PY" -c '
import json, sys
sys.path.insert(0, ".")
from sns_receiver import read
n = [m for m in read(sys.argv[1]) if m["type"] == "Notification"]
print(json.dumps([[m["body"]["MessageId"], m["body"]["Subject"], m["body"]["Message"], m["subscription"]] for m in n]))
' "$WORK/messages")
	[ "$GOT" != "[]" ] && break
	sleep 0.2
done
expect "notification" "[[\"$MSG_ID\", \"From the CLI\", \"hello <world> & all\", \"$SUB\"]]" "$GOT"

echo "== cleanup"
sns_ok unsubscribe --subscription-arn "$SUB"
sns_fails_with NotFound get-subscription-attributes --subscription-arn "$SUB"
sns_ok delete-topic --topic-arn "$TOPIC"
sns_ok list-topics
expect "topics after delete" "[]" "$(q '[t["TopicArn"] for t in d["Topics"]]' <<<"$OUT")"

echo "PASS awscli-sns: $CHECKS checks"
