#!/usr/bin/env bash
# Drives the AWS CLI v2 through log groups, streams, events, filters,
# retention, tags, errors and deletes against an OpenWatch server, checking
# every answer. Environment: see awscli_lib.sh. Prints "PASS awscli: N checks"
# as its last line when everything matched.
set -euo pipefail
# shellcheck source=awscli_lib.sh
. "$(dirname "$0")/awscli_lib.sh"

G=/apptest/awscli
G2=/apptest/awscli-other
# All events sit a minute in the past so none is "too new".
T0=$(($(now_ms) - 60000))

M1='user alice logged in from 10.0.0.1'
M2='payment failed for order 42'
M3='{"level":"ERROR","message":"boom","extra":{"log_type":"Security","user_email":"a@b.c"}}'
M4='{"level":"INFO","message":"fine","extra":{"log_type":"Audit"}}'
MB='old event from stream b'
MC='newest event from stream c'
msgs() { printf '%s\n' "$@" | "$PY" -c 'import json,sys; print(json.dumps([l.rstrip("\n") for l in sys.stdin], sort_keys=True))'; }

echo "== log groups"
ok create-log-group --log-group-name "$G" --tags team=core,env=test
expect "create-log-group prints nothing" "" "$OUT"
ok create-log-group --log-group-name "$G2"
ok describe-log-groups --log-group-name-prefix /apptest/awscli
expect "describe-log-groups names, sorted" '["/apptest/awscli", "/apptest/awscli-other"]' \
	"$(q '[g["logGroupName"] for g in d["logGroups"]]' <<<"$OUT")"
expect "log group arn" "arn:aws:logs:$REGION:$ACCOUNT:log-group:$G:*" \
	"$(q 'd["logGroups"][0]["arn"]' <<<"$OUT")"
expect "creationTime is epoch ms near now" "true" \
	"$(q "abs(d['logGroups'][0]['creationTime'] - $(now_ms)) < 300000" <<<"$OUT")"
expect "no retention by default" "missing" \
	"$(q 'str(d["logGroups"][0].get("retentionInDays", "missing"))' <<<"$OUT")"
# The distribution's CLI model predates logGroupArn; the tagging ARN is the
# group arn without its trailing ":*".
ARN=$(q 'd["logGroups"][0]["arn"]' <<<"$OUT")
ARN=${ARN%:\*}

echo "== log streams and events"
for s in app-a app-b app-c; do
	ok create-log-stream --log-group-name "$G" --log-stream-name "$s"
done
events "$WORK/a.json" $((T0 - 3000)) "$M1" $((T0 - 2000)) "$M2" $((T0 - 1000)) "$M3" "$T0" "$M4"
ok put-log-events --log-group-name "$G" --log-stream-name app-a --log-events "file://$WORK/a.json"
expect "put-log-events rejects nothing" "null" "$(q 'd.get("rejectedLogEventsInfo")' <<<"$OUT")"
events "$WORK/b.json" $((T0 - 10000)) "$MB"
ok put-log-events --log-group-name "$G" --log-stream-name app-b --log-events "file://$WORK/b.json"
events "$WORK/c.json" $((T0 + 500)) "$MC"
ok put-log-events --log-group-name "$G" --log-stream-name app-c --log-events "file://$WORK/c.json"

echo "== get-log-events"
ok get-log-events --log-group-name "$G" --log-stream-name app-a --start-from-head
expect "get-log-events --start-from-head" "$(msgs "$M1" "$M2" "$M3" "$M4")" \
	"$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
expect "timestamps round-trip" "[$((T0 - 3000)), $((T0 - 2000)), $((T0 - 1000)), $T0]" \
	"$(q '[e["timestamp"] for e in d["events"]]' <<<"$OUT")"
expect "both tokens present" "true" \
	"$(q 'bool(d.get("nextForwardToken")) and bool(d.get("nextBackwardToken"))' <<<"$OUT")"
expect "ingestionTime set" "true" "$(q 'all(e["ingestionTime"] >= e["timestamp"] for e in d["events"])' <<<"$OUT")"

ok get-log-events --log-group-name "$G" --log-stream-name app-a --start-from-head --limit 2
expect "oldest page of 2" "$(msgs "$M1" "$M2")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
FWD=$(q 'd["nextForwardToken"]' <<<"$OUT")
ok get-log-events --log-group-name "$G" --log-stream-name app-a --start-from-head --limit 2 --next-token "$FWD"
expect "second forward page" "$(msgs "$M3" "$M4")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
FWD=$(q 'd["nextForwardToken"]' <<<"$OUT")
ok get-log-events --log-group-name "$G" --log-stream-name app-a --start-from-head --limit 2 --next-token "$FWD"
expect "end of stream: no events" "[]" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
expect "end of stream: same forward token back" "$FWD" "$(q 'd["nextForwardToken"]' <<<"$OUT")"

ok get-log-events --log-group-name "$G" --log-stream-name app-a --limit 2
expect "default is the newest page, ascending" "$(msgs "$M3" "$M4")" \
	"$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
BWD=$(q 'd["nextBackwardToken"]' <<<"$OUT")
ok get-log-events --log-group-name "$G" --log-stream-name app-a --limit 2 --next-token "$BWD"
expect "backward page" "$(msgs "$M1" "$M2")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
ok get-log-events --log-group-name "$G" --log-stream-name app-a
expect "default without limit returns all" "$(msgs "$M1" "$M2" "$M3" "$M4")" \
	"$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"

echo "== filter-log-events"
ok filter-log-events --log-group-name "$G"
expect "all streams, by timestamp" "$(msgs "$MB" "$M1" "$M2" "$M3" "$M4" "$MC")" \
	"$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
expect "eventIds unique and set" "6" "$(q 'str(len({e["eventId"] for e in d["events"] if e.get("eventId")}))' <<<"$OUT")"
ok filter-log-events --log-group-name "$G" --filter-pattern payment
expect "plain term" "$(msgs "$M2")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
expect "plain term stream" '["app-a"]' "$(q '[e["logStreamName"] for e in d["events"]]' <<<"$OUT")"
ok filter-log-events --log-group-name "$G" --filter-pattern '"order 42"'
expect "quoted phrase" "$(msgs "$M2")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
ok filter-log-events --log-group-name "$G" --filter-pattern '{ $.extra.log_type = "Security" }'
expect "JSON pattern on a nested field" "$(msgs "$M3")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
ok filter-log-events --log-group-name "$G" --filter-pattern '{ $.level = "ERROR" && $.extra.user_email = "a@b.c" }'
expect "JSON pattern with &&" "$(msgs "$M3")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
ok filter-log-events --log-group-name "$G" --log-stream-names app-b app-c
expect "--log-stream-names" "$(msgs "$MB" "$MC")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
ok filter-log-events --log-group-name "$G" --start-time $((T0 - 2000)) --end-time $((T0 - 1000))
expect "time range" "$(msgs "$M2" "$M3")" "$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"

echo "== retention"
ok put-retention-policy --log-group-name "$G" --retention-in-days 7
ok describe-log-groups --log-group-name-prefix "$G"
expect "retentionInDays after put-retention-policy" "7" \
	"$(q 'str([g.get("retentionInDays") for g in d["logGroups"] if g["logGroupName"] == "'"$G"'"][0])' <<<"$OUT")"
fails_with InvalidParameterException put-retention-policy --log-group-name "$G" --retention-in-days 8

echo "== describe-log-streams"
ok describe-log-streams --log-group-name "$G"
expect "streams by name" '["app-a", "app-b", "app-c"]' "$(q '[s["logStreamName"] for s in d["logStreams"]]' <<<"$OUT")"
expect "app-a first/last event timestamps" "[$((T0 - 3000)), $T0]" \
	"$(q '[d["logStreams"][0].get("firstEventTimestamp"), d["logStreams"][0].get("lastEventTimestamp")]' <<<"$OUT")"
expect "stream arn" "arn:aws:logs:$REGION:$ACCOUNT:log-group:$G:log-stream:app-a" \
	"$(q 'd["logStreams"][0].get("arn", "missing")' <<<"$OUT")"
ok describe-log-streams --log-group-name "$G" --order-by LastEventTime --descending
expect "streams by LastEventTime, descending" '["app-c", "app-a", "app-b"]' \
	"$(q '[s["logStreamName"] for s in d["logStreams"]]' <<<"$OUT")"
ok describe-log-streams --log-group-name "$G" --log-stream-name-prefix app-b
expect "stream name prefix" '["app-b"]' "$(q '[s["logStreamName"] for s in d["logStreams"]]' <<<"$OUT")"

echo "== tags"
ok list-tags-for-resource --resource-arn "$ARN"
expect "tags from create-log-group" '{"env": "test", "team": "core"}' "$(q 'd["tags"]' <<<"$OUT")"
ok tag-resource --resource-arn "$ARN" --tags owner=ops
ok untag-resource --resource-arn "$ARN" --tag-keys env
ok list-tags-for-resource --resource-arn "$ARN"
expect "tags after tag/untag" '{"owner": "ops", "team": "core"}' "$(q 'd["tags"]' <<<"$OUT")"

echo "== errors"
fails_with ResourceAlreadyExistsException create-log-group --log-group-name "$G"
fails_with ResourceAlreadyExistsException create-log-stream --log-group-name "$G" --log-stream-name app-a
fails_with ResourceNotFoundException describe-log-streams --log-group-name /apptest/missing
fails_with ResourceNotFoundException put-log-events --log-group-name "$G" --log-stream-name missing \
	--log-events "file://$WORK/b.json"
fails_with InvalidParameterException create-log-group --log-group-name 'bad name!'

echo "== deletes"
ok delete-log-stream --log-group-name "$G" --log-stream-name app-b
ok describe-log-streams --log-group-name "$G"
expect "streams after delete-log-stream" '["app-a", "app-c"]' "$(q '[s["logStreamName"] for s in d["logStreams"]]' <<<"$OUT")"
fails_with ResourceNotFoundException get-log-events --log-group-name "$G" --log-stream-name app-b
ok filter-log-events --log-group-name "$G"
expect "deleted stream's events are gone" "$(msgs "$M1" "$M2" "$M3" "$M4" "$MC")" \
	"$(q '[e["message"] for e in d["events"]]' <<<"$OUT")"
ok delete-log-group --log-group-name "$G"
ok describe-log-groups --log-group-name-prefix /apptest/awscli
expect "groups after delete-log-group" '["/apptest/awscli-other"]' "$(q '[g["logGroupName"] for g in d["logGroups"]]' <<<"$OUT")"
fails_with ResourceNotFoundException delete-log-group --log-group-name "$G"
fails_with ResourceNotFoundException filter-log-events --log-group-name "$G"

echo "PASS awscli: $CHECKS checks"
