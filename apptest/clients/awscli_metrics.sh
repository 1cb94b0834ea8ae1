#!/usr/bin/env bash
# CloudWatch metrics through the AWS CLI v2, which speaks the query
# protocol: put-metric-data (shorthand, statistic sets, high resolution and
# --metric-data files), get-metric-statistics, get-metric-data with metric
# math and pagination, list-metrics with filters, and error codes.
set -euo pipefail
cd "$(dirname "$0")"
. ./awscli_lib.sh

NS=App/CLI
# BASE is a whole minute half an hour ago; iso SECONDS formats a time.
NOW=$(($(date +%s) / 60 * 60))
BASE=$((NOW - 1800))
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

echo "== put-metric-data"
# The shorthand form for one datum, a --metric-data file for the rest.
cw_ok put-metric-data --namespace "$NS" --metric-name Requests --unit Count \
	--dimensions Host=web-1,Stage=prod --value 100 --timestamp "$(iso "$BASE")"
"$PY" -c '
import json, sys
base = int(sys.argv[1])
dims = lambda host: [{"Name": "Host", "Value": host}, {"Name": "Stage", "Value": "prod"}]
data = []
for i in range(10):
    ts = base + 60 * i
    if i > 0:
        data.append({"MetricName": "Requests", "Unit": "Count", "Dimensions": dims("web-1"), "Timestamp": ts, "Value": 100 + 10 * i})
    data.append({"MetricName": "Requests", "Unit": "Count", "Dimensions": dims("web-2"), "Timestamp": ts, "Value": 50})
    data.append({"MetricName": "Errors", "Unit": "Count", "Dimensions": dims("web-1"), "Timestamp": ts, "Value": i % 3})
print(json.dumps(data))
' "$BASE" >"$WORK/counts.json"
cw_ok put-metric-data --namespace "$NS" --metric-data "file://$WORK/counts.json"
cw_ok put-metric-data --namespace "$NS" --metric-name Payload --unit Bytes --timestamp "$(iso "$BASE")" \
	--statistic-values Sum=1000,Minimum=100,Maximum=400,SampleCount=4
"$PY" -c '
import json, sys
base = int(sys.argv[1])
data = [{"MetricName": "Latency", "Unit": "Milliseconds", "Timestamp": base,
         "Values": [float(v) for v in range(1, 101)], "Counts": [float(1 + v % 2) for v in range(1, 101)]}]
data += [{"MetricName": "Tick", "StorageResolution": 1, "Timestamp": base + s, "Value": float(s)} for s in range(30)]
print(json.dumps(data))
' "$BASE" >"$WORK/data.json"
cw_ok put-metric-data --namespace "$NS" --metric-data "file://$WORK/data.json"
[ -z "$OUT" ] || fail "put-metric-data printed $OUT"

echo "== get-metric-statistics"
cw_ok get-metric-statistics --namespace "$NS" --metric-name Requests --dimensions Name=Host,Value=web-1 Name=Stage,Value=prod \
	--start-time "$(iso "$BASE")" --end-time "$(iso $((BASE + 600)))" --period 300 --statistics Sum SampleCount Maximum
expect "label" Requests "$(q 'd["Label"]' <<<"$OUT")"
expect "5-minute sums" '[[600.0, 5.0, 140.0, "Count"], [850.0, 5.0, 190.0, "Count"]]' \
	"$(q '[[p["Sum"], p["SampleCount"], p["Maximum"], p["Unit"]] for p in sorted(d["Datapoints"], key=lambda p: p["Timestamp"])]' <<<"$OUT")"
cw_ok get-metric-statistics --namespace "$NS" --metric-name Latency \
	--start-time "$(iso "$BASE")" --end-time "$(iso $((BASE + 60)))" --period 60 --extended-statistics p50 p99
expect "percentiles within 1%" '[true, true]' \
	"$(q '[abs(d["Datapoints"][0]["ExtendedStatistics"]["p50"] - 50) <= 0.5, abs(d["Datapoints"][0]["ExtendedStatistics"]["p99"] - 99) <= 1]' <<<"$OUT")"
cw_ok get-metric-statistics --namespace "$NS" --metric-name Payload --unit Bytes \
	--start-time "$(iso "$BASE")" --end-time "$(iso $((BASE + 60)))" --period 60 --statistics Average Minimum
expect "statistic set" '[250.0, 100.0, "Bytes"]' "$(q '[d["Datapoints"][0]["Average"], d["Datapoints"][0]["Minimum"], d["Datapoints"][0]["Unit"]]' <<<"$OUT")"
cw_ok get-metric-statistics --namespace "$NS" --metric-name Tick \
	--start-time "$(iso "$BASE")" --end-time "$(iso $((BASE + 30)))" --period 10 --statistics Sum
expect "high resolution" '[45.0, 145.0, 245.0]' "$(q '[p["Sum"] for p in sorted(d["Datapoints"], key=lambda p: p["Timestamp"])]' <<<"$OUT")"

echo "== get-metric-data"
cat >"$WORK/queries.json" <<EOF
[
 {"Id": "m1", "ReturnData": false, "MetricStat": {"Metric": {"Namespace": "$NS", "MetricName": "Errors",
   "Dimensions": [{"Name": "Host", "Value": "web-1"}, {"Name": "Stage", "Value": "prod"}]}, "Period": 60, "Stat": "Sum"}},
 {"Id": "m2", "MetricStat": {"Metric": {"Namespace": "$NS", "MetricName": "Requests",
   "Dimensions": [{"Name": "Stage", "Value": "prod"}, {"Name": "Host", "Value": "web-1"}]}, "Period": 60, "Stat": "Sum"}},
 {"Id": "rate", "Expression": "m1/m2*100", "Label": "Error rate"},
 {"Id": "total", "Expression": "SUM(SEARCH('{$NS,Host,Stage} MetricName=\"Requests\"', 'Sum', 60))"}
]
EOF
cw_ok get-metric-data --metric-data-queries "file://$WORK/queries.json" \
	--start-time "$(iso "$BASE")" --end-time "$(iso $((BASE + 600)))" --scan-by TimestampAscending
expect "ids and labels" '[["m2", "Requests"], ["rate", "Error rate"], ["total", "total"]]' \
	"$(q '[[r["Id"], r["Label"]] for r in d["MetricDataResults"]]' <<<"$OUT")"
expect "m2 values" '[100.0, 110.0, 120.0, 130.0, 140.0, 150.0, 160.0, 170.0, 180.0, 190.0]' "$(q 'd["MetricDataResults"][0]["Values"]' <<<"$OUT")"
expect "error rate" '[0.0, 0.909, 1.667, 0.0, 0.714, 1.333, 0.0, 0.588, 1.111, 0.0]' \
	"$(q '[round(v, 3) for v in d["MetricDataResults"][1]["Values"]]' <<<"$OUT")"
expect "SUM(SEARCH)" '[150.0, 160.0, 170.0, 180.0, 190.0, 200.0, 210.0, 220.0, 230.0, 240.0]' "$(q 'd["MetricDataResults"][2]["Values"]' <<<"$OUT")"
expect "ascending timestamps" 1 "$(q 'int(d["MetricDataResults"][0]["Timestamps"] == sorted(d["MetricDataResults"][0]["Timestamps"]))' <<<"$OUT")"
expect "complete" '["Complete", "Complete", "Complete"]' "$(q '[r["StatusCode"] for r in d["MetricDataResults"]]' <<<"$OUT")"

# With --page-size (MaxDatapoints) the CLI follows NextToken itself: pages
# of 3 datapoints add up to the whole series. (An explicit --max-datapoints
# turns the CLI's paging off.)
cw_ok get-metric-data --metric-data-queries "file://$WORK/queries.json" --page-size 3 \
	--start-time "$(iso "$BASE")" --end-time "$(iso $((BASE + 600)))"
expect "paged m2 sum" 1450.0 "$(q 'sum(sum(r["Values"]) for r in d["MetricDataResults"] if r["Id"] == "m2")' <<<"$OUT")"
expect "paged datapoints" 30 "$(q 'sum(len(r["Values"]) for r in d["MetricDataResults"])' <<<"$OUT")"

echo "== list-metrics"
cw_ok list-metrics --namespace "$NS"
expect "metrics of the namespace" '["Errors", "Latency", "Payload", "Requests", "Requests", "Tick"]' \
	"$(q 'sorted(m["MetricName"] for m in d["Metrics"])' <<<"$OUT")"
cw_ok list-metrics --namespace "$NS" --metric-name Requests --dimensions Name=Host,Value=web-2
expect "name=value filter" '[[["Host", "web-2"], ["Stage", "prod"]]]' \
	"$(q '[[[x["Name"], x["Value"]] for x in m["Dimensions"]] for m in d["Metrics"]]' <<<"$OUT")"
cw_ok list-metrics --dimensions Name=Stage --recently-active PT3H
expect "name-only filter" 3 "$(q 'len(d["Metrics"])' <<<"$OUT")"

echo "== errors"
cw_fails_with InvalidParameterValue put-metric-data --namespace AWS/EC2 --metric-name x --value 1
cw_fails_with InvalidParameterValue get-metric-statistics --namespace "$NS" --metric-name Requests \
	--start-time "$(iso "$BASE")" --end-time "$(iso "$NOW")" --period 45 --statistics Sum
cw_fails_with InvalidParameterCombination get-metric-statistics --namespace "$NS" --metric-name Requests \
	--start-time "$(iso "$BASE")" --end-time "$(iso "$NOW")" --period 1 --statistics Sum
grep -q "exceeds the limit of 1,440" <<<"$ERR" || fail "1,440 limit message: $ERR"
cw_fails_with InvalidParameterCombination put-metric-data --namespace "$NS" --metric-name x --value 1 \
	--statistic-values Sum=1,Minimum=1,Maximum=1,SampleCount=1
echo '[{"Id": "e1", "Expression": "SUM(m1"}]' >"$WORK/bad.json"
cw_fails_with InvalidParameterValue get-metric-data --metric-data-queries "file://$WORK/bad.json" \
	--start-time "$(iso "$BASE")" --end-time "$(iso "$NOW")"
grep -q "Error in expression e1" <<<"$ERR" || fail "expression error message: $ERR"

echo "PASS awscli-metrics: $CHECKS checks"
