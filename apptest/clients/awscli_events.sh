#!/usr/bin/env bash
# EventBridge through the AWS CLI v2 (AWS JSON 1.1): custom buses, rules
# with event patterns and schedules, log group targets fed by put-events,
# test-event-pattern, connections and API destinations, and error codes.
set -euo pipefail
cd "$(dirname "$0")"
. ./awscli_lib.sh

ev_ok() { ok_svc events "$@"; }
ev_fails_with() {
	local code=$1
	shift
	fails_with_svc events "$code" "$@"
}

GROUP=/cli/events
GROUP_ARN="arn:aws:logs:$REGION:$ACCOUNT:log-group:$GROUP"

echo "== buses"
ev_ok create-event-bus --name cli-bus
expect "bus ARN" "arn:aws:events:$REGION:$ACCOUNT:event-bus/cli-bus" "$(q 'd["EventBusArn"]' <<<"$OUT")"
ev_fails_with ResourceAlreadyExistsException create-event-bus --name cli-bus
ev_ok list-event-buses
expect "buses" '["cli-bus", "default"]' "$(q 'sorted(b["Name"] for b in d["EventBuses"])' <<<"$OUT")"
ev_fails_with ResourceNotFoundException describe-event-bus --name nope
ev_fails_with ValidationException delete-event-bus --name default

echo "== rules"
PATTERN='{"source":[{"prefix":"cli."}],"detail":{"level":[{"anything-but":"debug"}],"ms":[{"numeric":[">",100]}]}}'
ev_ok put-rule --name slow --event-bus-name cli-bus --event-pattern "$PATTERN" --description "slow requests"
expect "rule ARN" "arn:aws:events:$REGION:$ACCOUNT:rule/cli-bus/slow" "$(q 'd["RuleArn"]' <<<"$OUT")"
ev_fails_with InvalidEventPatternException put-rule --name bad --event-bus-name cli-bus --event-pattern '{"source":"x"}'
ev_fails_with ValidationException put-rule --name sched --event-bus-name cli-bus --schedule-expression 'rate(5 minutes)'
ev_ok put-rule --name tick --schedule-expression 'rate(5 minutes)' --state DISABLED
ev_ok describe-rule --name slow --event-bus-name cli-bus
expect "described rule" '["slow", "ENABLED", "slow requests", "cli-bus"]' "$(q '[d["Name"], d["State"], d["Description"], d["EventBusName"]]' <<<"$OUT")"
ev_fails_with ResourceNotFoundException describe-rule --name nope
ev_ok list-rules
expect "default bus rules" '[["tick", "DISABLED", "rate(5 minutes)"]]' "$(q '[[r["Name"], r["State"], r["ScheduleExpression"]] for r in d["Rules"]]' <<<"$OUT")"

echo "== targets and put-events"
ok create-log-group --log-group-name "$GROUP"
ev_ok put-targets --rule slow --event-bus-name cli-bus --targets "Id=log,Arn=$GROUP_ARN"
expect "put-targets failures" 0 "$(q 'd["FailedEntryCount"]' <<<"$OUT")"
"$PY" -c '
import json
base = {"Source": "cli.api", "DetailType": "request", "EventBusName": "cli-bus"}
details = [{"level": "info", "ms": 250}, {"level": "debug", "ms": 900}, {"level": "info", "ms": 20}, {"level": "warn", "ms": 101}]
print(json.dumps([dict(base, Detail=json.dumps(d)) for d in details] + [dict(base, Detail="[not an object]")]))
' >"$WORK/entries.json"
ev_ok put-events --entries "file://$WORK/entries.json"
expect "put-events failures" '[1, "MalformedDetail"]' "$(q '[d["FailedEntryCount"], d["Entries"][4]["ErrorCode"]]' <<<"$OUT")"
IDS=$(q 'sorted([d["Entries"][0]["EventId"], d["Entries"][3]["EventId"]])' <<<"$OUT")
# Delivery is asynchronous: poll the group until both matches arrived.
for _ in $(seq 1 100); do
	ok filter-log-events --log-group-name "$GROUP"
	[ "$(q 'len(d["events"])' <<<"$OUT")" -ge 2 ] && break
	sleep 0.2
done
sleep 0.5
ok filter-log-events --log-group-name "$GROUP"
expect "matching events, one stream each" "$IDS" "$(q 'sorted(e["logStreamName"] for e in d["events"])' <<<"$OUT")"
expect "event bodies" '[250, 101]' "$(q 'sorted([json.loads(e["message"])["detail"]["ms"] for e in d["events"]], reverse=True)' <<<"$OUT")"
ev_ok list-targets-by-rule --rule slow --event-bus-name cli-bus
expect "targets" "[[\"log\", \"$GROUP_ARN\"]]" "$(q '[[t["Id"], t["Arn"]] for t in d["Targets"]]' <<<"$OUT")"
ev_ok list-rule-names-by-target --target-arn "$GROUP_ARN" --event-bus-name cli-bus
expect "rules by target" '["slow"]' "$(q 'd["RuleNames"]' <<<"$OUT")"
ev_fails_with LimitExceededException put-targets --rule slow --event-bus-name cli-bus \
	--targets "Id=a,Arn=$GROUP_ARN" "Id=b,Arn=$GROUP_ARN" "Id=c,Arn=$GROUP_ARN" "Id=d,Arn=$GROUP_ARN" "Id=e,Arn=$GROUP_ARN"
ev_fails_with ValidationException delete-rule --name slow --event-bus-name cli-bus
ev_ok remove-targets --rule slow --event-bus-name cli-bus --ids log
ev_ok delete-rule --name slow --event-bus-name cli-bus
ev_ok enable-rule --name tick
ev_ok delete-rule --name tick
ev_ok delete-event-bus --name cli-bus

echo "== test-event-pattern"
EVENT='{"id":"1","account":"'$ACCOUNT'","source":"cli.api","time":"2024-01-01T00:00:00Z","region":"'$REGION'","resources":[],"detail-type":"x","detail":{"ip":"10.0.3.4"}}'
ev_ok test-event-pattern --event-pattern '{"detail":{"ip":[{"cidr":"10.0.0.0/16"}]}}' --event "$EVENT"
expect "cidr match" true "$(q 'd["Result"]' <<<"$OUT")"

echo "== connections and API destinations"
ev_ok create-connection --name cli-hook --authorization-type BASIC \
	--auth-parameters '{"BasicAuthParameters":{"Username":"u","Password":"p"}}'
CONN=$(q 'd["ConnectionArn"]' <<<"$OUT")
expect "connection state" AUTHORIZED "$(q 'd["ConnectionState"]' <<<"$OUT")"
ev_ok describe-connection --name cli-hook
expect "password hidden" '{"Username": "u"}' "$(q 'd["AuthParameters"]["BasicAuthParameters"]' <<<"$OUT")"
ev_ok create-api-destination --name cli-dest --connection-arn "$CONN" --invocation-endpoint https://hooks.example.com/x --http-method POST
expect "destination state" ACTIVE "$(q 'd["ApiDestinationState"]' <<<"$OUT")"
ev_ok list-api-destinations
expect "destinations" '["cli-dest"]' "$(q '[x["Name"] for x in d["ApiDestinations"]]' <<<"$OUT")"
ev_ok delete-api-destination --name cli-dest
ev_ok delete-connection --name cli-hook
ev_fails_with ResourceNotFoundException describe-connection --name cli-hook

echo "PASS awscli-events: $CHECKS checks"
