#!/usr/bin/env bash
# Logs Insights through the AWS CLI v2: start-query, get-query-results,
# get-log-record, query definitions, and a malformed query.
set -euo pipefail
cd "$(dirname "$0")"
. ./awscli_lib.sh

G=/apptest/insights
ok create-log-group --log-group-name "$G"
ok create-log-stream --log-group-name "$G" --log-stream-name api
T=$(($(now_ms) - 600000))
args=()
for i in $(seq 0 29); do
	kind=App
	[ $((i % 3)) -eq 0 ] && kind=Security
	args+=("$((T + i * 1000))" "{\"level\":\"INFO\",\"message\":\"m$i\",\"extra\":{\"log_type\":\"$kind\",\"user_email\":\"u$i@example.com\"}}")
done
events "$WORK/ev.json" "${args[@]}"
ok put-log-events --log-group-name "$G" --log-stream-name api --log-events "file://$WORK/ev.json"

start=$(((T - 60000) / 1000))
end=$(($(date +%s) + 1))
# wait_query ID leaves the finished get-query-results document in OUT.
wait_query() {
	for _ in $(seq 1 100); do
		ok get-query-results --query-id "$1"
		status=$(q 'd["status"]' <<<"$OUT")
		case "$status" in
		Complete) return 0 ;;
		Failed | Cancelled | Timeout) fail "query $1 ended $status" ;;
		esac
		sleep 0.1
	done
	fail "query $1 never completed"
}

echo "== start-query / get-query-results"
ok start-query --log-group-name "$G" --start-time "$start" --end-time "$end" \
	--query-string 'fields @timestamp, extra.user_email, message | filter extra.log_type = "Security" | sort @timestamp desc | limit 100'
QID=$(q 'd["queryId"]' <<<"$OUT")
wait_query "$QID"
expect "security rows" 10 "$(q 'len(d["results"])' <<<"$OUT")"
expect "newest first" m27 "$(q '[f["value"] for f in d["results"][0] if f["field"] == "message"][0]' <<<"$OUT")"
expect "records scanned" 30.0 "$(q 'float(d["statistics"]["recordsScanned"])' <<<"$OUT")"
PTR=$(q '[f["value"] for f in d["results"][0] if f["field"] == "@ptr"][0]' <<<"$OUT")

ok start-query --log-group-name "$G" --start-time "$start" --end-time "$end" \
	--query-string 'stats count(*) as n by extra.log_type | sort extra.log_type'
wait_query "$(q 'd["queryId"]' <<<"$OUT")"
expect "counts by type" '[["App", "20"], ["Security", "10"]]' \
	"$(q '[[f["value"] for f in r if f["field"] in ("extra.log_type", "n")] for r in d["results"]]' <<<"$OUT")"

echo "== get-log-record"
ok get-log-record --log-record-pointer "$PTR"
expect "record field" u27@example.com "$(q 'd["logRecord"]["extra.user_email"]' <<<"$OUT")"

echo "== query definitions"
ok put-query-definition --name ops/security --query-string 'filter extra.log_type = "Security"' --log-group-names "$G"
DID=$(q 'd["queryDefinitionId"]' <<<"$OUT")
ok describe-query-definitions --query-definition-name-prefix ops/
expect "saved query" ops/security "$(q 'd["queryDefinitions"][0]["name"]' <<<"$OUT")"
ok delete-query-definition --query-definition-id "$DID"
expect "deleted" true "$(q 'd["success"]' <<<"$OUT")"

echo "== errors"
fails_with MalformedQueryException start-query --log-group-name "$G" --start-time "$start" --end-time "$end" --query-string 'stats count(*) by'
fails_with ResourceNotFoundException start-query --log-group-name /apptest/none --start-time "$start" --end-time "$end" --query-string 'fields @message'

echo "PASS awscli_insights: $CHECKS checks"
