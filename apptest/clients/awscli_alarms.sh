#!/usr/bin/env bash
# CloudWatch alarms and anomaly detectors through the AWS CLI v2 (query
# protocol): metric and metric math alarms evaluated on put data,
# describe-alarms by name, prefix, state and type, alarms for a metric,
# set-alarm-state and its history, composite alarms, alarm actions on and
# off, anomaly detectors and anomaly alarms, deletion and error codes.
# Each CLI call costs a Python start, so every output is checked as far
# as it goes instead of asking again.
set -euo pipefail
cd "$(dirname "$0")"
. ./awscli_lib.sh

NS=App/CLIAlarms
NOW=$(date +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# LAST is inside the last whole minute, which an alarm evaluates first.
LAST=$((NOW / 60 * 60 - 30))

# wait_states WANT NAME... polls describe-alarms until the states of the
# named alarms, in name order, are WANT; OUT is the last answer.
wait_states() {
	local want=$1 i
	shift
	for i in $(seq 1 150); do
		cw_ok describe-alarms --alarm-names "$@" --alarm-types MetricAlarm CompositeAlarm
		if [ "$(q '[a["StateValue"] for a in sorted(d["MetricAlarms"] + d["CompositeAlarms"], key=lambda a: a["AlarmName"])]' <<<"$OUT")" = "$want" ]; then
			CHECKS=$((CHECKS + 1))
			return
		fi
		sleep 0.2
	done
	fail "alarms $* did not reach $want: $OUT"
}

echo "== put-metric-data and put-metric-alarm"
cat >"$WORK/data.json" <<JSON
[{"MetricName": "CPU", "Dimensions": [{"Name": "Host", "Value": "a"}], "Value": 95, "Unit": "Percent", "Timestamp": $LAST},
 {"MetricName": "CPU", "Dimensions": [{"Name": "Host", "Value": "b"}], "Value": 10, "Unit": "Percent", "Timestamp": $LAST}]
JSON
cw_ok put-metric-data --namespace "$NS" --metric-data "file://$WORK/data.json"
for host in a b; do
	cw_ok put-metric-alarm --alarm-name "cli-cpu-high-$host" --namespace "$NS" --metric-name CPU --dimensions "Name=Host,Value=$host" \
		--statistic Maximum --period 60 --evaluation-periods 1 --threshold 80 --comparison-operator GreaterThanThreshold \
		--alarm-actions "arn:aws:sns:$REGION:$ACCOUNT:ops" --alarm-description "CPU of $host" --tags Key=team,Value=core
	[ -z "$OUT" ] || fail "put-metric-alarm printed $OUT"
done
cat >"$WORK/math.json" <<JSON
[
 {"Id": "m1", "ReturnData": false, "MetricStat": {"Metric": {"Namespace": "$NS", "MetricName": "CPU",
   "Dimensions": [{"Name": "Host", "Value": "a"}]}, "Period": 60, "Stat": "Maximum"}},
 {"Id": "e1", "Expression": "m1 / 2", "Label": "Half CPU", "ReturnData": true}
]
JSON
cw_ok put-metric-alarm --alarm-name cli-math-half-cpu --metrics "file://$WORK/math.json" --evaluation-periods 1 \
	--threshold 40 --comparison-operator GreaterThanThreshold --treat-missing-data notBreaching
wait_states '["ALARM", "OK", "ALARM"]' cli-cpu-high-a cli-cpu-high-b cli-math-half-cpu

echo "== describe-alarms"
# OUT holds the three alarms by name.
expect "alarm fields" '[["cli-cpu-high-a", "Maximum", 60, 80.0, "GreaterThanThreshold", true, ["arn:aws:sns:'"$REGION:$ACCOUNT"':ops"], "CPU of a"]]' \
	"$(q '[[a["AlarmName"], a["Statistic"], a["Period"], a["Threshold"], a["ComparisonOperator"], a["ActionsEnabled"], a["AlarmActions"], a["AlarmDescription"]] for a in d["MetricAlarms"] if a["AlarmName"] == "cli-cpu-high-a"]' <<<"$OUT")"
expect "alarm ARN and reason" "[\"arn:aws:cloudwatch:$REGION:$ACCOUNT:alarm:cli-cpu-high-a\", true]" \
	"$(q '[[a["AlarmArn"], a["StateReason"].startswith("Threshold Crossed")] for a in d["MetricAlarms"] if a["AlarmName"] == "cli-cpu-high-a"][0]' <<<"$OUT")"
expect "metric math alarm" '[["e1", "m1 / 2", "Half CPU", true], ["m1", null, null, false]]' \
	"$(q '[sorted([m["Id"], m.get("Expression"), m.get("Label"), m["ReturnData"]] for m in a["Metrics"]) for a in d["MetricAlarms"] if a["AlarmName"] == "cli-math-half-cpu"][0]' <<<"$OUT")"
cw_ok describe-alarms --alarm-name-prefix cli-cpu- --state-value ALARM
expect "by prefix and state" '["cli-cpu-high-a"]' "$(q '[a["AlarmName"] for a in d["MetricAlarms"]]' <<<"$OUT")"
cw_ok describe-alarms --alarm-name-prefix cli- --page-size 1 --max-items 2
expect "pages of one, two items and a token" '[["cli-cpu-high-a", "cli-cpu-high-b"], true]' \
	"$(q '[[a["AlarmName"] for a in d["MetricAlarms"]], bool(d.get("NextToken"))]' <<<"$OUT")"
cw_ok describe-alarms-for-metric --namespace "$NS" --metric-name CPU --dimensions Name=Host,Value=a --statistic Maximum --period 60
expect "alarms for Host=a" '["cli-cpu-high-a"]' "$(q '[a["AlarmName"] for a in d["MetricAlarms"]]' <<<"$OUT")"

echo "== set-alarm-state and describe-alarm-history"
cw_ok set-alarm-state --alarm-name cli-cpu-high-b --state-value ALARM --state-reason "manual test"
cw_ok describe-alarm-history --alarm-name cli-cpu-high-b --history-item-type StateUpdate --scan-by TimestampAscending
expect "state history" '["Alarm updated from INSUFFICIENT_DATA to OK", "Alarm updated from OK to ALARM"]' \
	"$(q '[h["HistorySummary"] for h in d["AlarmHistoryItems"]]' <<<"$OUT")"
expect "history data" true "$(q 'all(h["AlarmName"] == "cli-cpu-high-b" and "manual test" in h["HistoryData"] for h in d["AlarmHistoryItems"][1:])' <<<"$OUT")"
cw_ok describe-alarm-history --alarm-name cli-cpu-high-b --start-date "$(iso $((NOW - 3600)))" --end-date "$(iso $((NOW + 3600)))"
expect "all history items, newest first" '["StateUpdate", "StateUpdate", "ConfigurationUpdate"]' \
	"$(q '[h["HistoryItemType"] for h in d["AlarmHistoryItems"] if h["HistoryItemType"] != "Action"]' <<<"$OUT")"

echo "== put-composite-alarm and alarm actions"
cw_ok put-composite-alarm --alarm-name cli-any-cpu-high --alarm-rule 'ALARM("cli-cpu-high-a") OR ALARM(cli-cpu-high-b)' \
	--alarm-description "either host" --actions-enabled
wait_states '["ALARM"]' cli-any-cpu-high
expect "composite rule" 'ALARM("cli-cpu-high-a") OR ALARM(cli-cpu-high-b)' "$(q 'd["CompositeAlarms"][0]["AlarmRule"]' <<<"$OUT")"
cw_ok describe-alarms --alarm-types CompositeAlarm --alarm-name-prefix cli-
expect "composite only" '[[], ["cli-any-cpu-high"]]' "$(q '[[a["AlarmName"] for a in d.get("MetricAlarms", [])], [a["AlarmName"] for a in d["CompositeAlarms"]]]' <<<"$OUT")"
cw_ok disable-alarm-actions --alarm-names cli-cpu-high-a cli-cpu-high-b cli-any-cpu-high
cw_ok enable-alarm-actions --alarm-names cli-cpu-high-a
cw_ok describe-alarms --alarm-names cli-cpu-high-a cli-cpu-high-b cli-any-cpu-high --alarm-types MetricAlarm CompositeAlarm
expect "actions enabled, disabled, disabled" '[true, false, false]' \
	"$(q '[a["ActionsEnabled"] for a in sorted(d["MetricAlarms"], key=lambda a: a["AlarmName"]) + d["CompositeAlarms"]]' <<<"$OUT")"

echo "== anomaly detectors"
cw_ok put-anomaly-detector --single-metric-anomaly-detector "Namespace=$NS,MetricName=CPU,Dimensions=[{Name=Host,Value=a}],Stat=Average" \
	--configuration "{\"ExcludedTimeRanges\": [{\"StartTime\": \"$(iso $((NOW - 7200)))\", \"EndTime\": \"$(iso $((NOW - 3600)))\"}], \"MetricTimezone\": \"Europe/Berlin\"}"
cw_ok put-anomaly-detector --namespace "$NS" --metric-name CPU --dimensions Name=Host,Value=b --stat p90
cw_ok describe-anomaly-detectors --namespace "$NS" --page-size 1
expect "detectors, page by page" '[["Average", [["Host", "a"]], "PENDING_TRAINING"], ["p90", [["Host", "b"]], "PENDING_TRAINING"]]' \
	"$(q 'sorted([x["SingleMetricAnomalyDetector"]["Stat"], [[m["Name"], m["Value"]] for m in x["SingleMetricAnomalyDetector"]["Dimensions"]], x["StateValue"]] for x in d["AnomalyDetectors"])' <<<"$OUT")"
expect "configuration" '["Europe/Berlin", 1]' \
	"$(q '[[x["Configuration"]["MetricTimezone"], len(x["Configuration"]["ExcludedTimeRanges"])] for x in d["AnomalyDetectors"] if x["SingleMetricAnomalyDetector"]["Stat"] == "Average"][0]' <<<"$OUT")"
cw_ok describe-anomaly-detectors --dimensions Name=Host,Value=b --anomaly-detector-types SINGLE_METRIC METRIC_MATH
expect "by dimension" '["p90"]' "$(q '[x["Stat"] for x in d["AnomalyDetectors"]]' <<<"$OUT")"

cat >"$WORK/band.json" <<JSON
[
 {"Id": "m1", "ReturnData": true, "MetricStat": {"Metric": {"Namespace": "$NS", "MetricName": "CPU",
   "Dimensions": [{"Name": "Host", "Value": "c"}]}, "Period": 300, "Stat": "Average"}},
 {"Id": "ad1", "Expression": "ANOMALY_DETECTION_BAND(m1, 2)", "Label": "CPU (expected)", "ReturnData": true}
]
JSON
cw_ok put-metric-alarm --alarm-name cli-cpu-anomaly --metrics "file://$WORK/band.json" --evaluation-periods 1 \
	--threshold-metric-id ad1 --comparison-operator LessThanLowerOrGreaterThanUpperThreshold
# Evaluating the alarm draws the band, which creates the detector of Host=c.
for i in $(seq 1 150); do
	cw_ok describe-anomaly-detectors --dimensions Name=Host,Value=c
	[ "$(q 'len(d["AnomalyDetectors"])' <<<"$OUT")" = 1 ] && break
	sleep 0.2
done
expect "detector of the anomaly alarm" '["Average", "PENDING_TRAINING"]' "$(q '[d["AnomalyDetectors"][0]["Stat"], d["AnomalyDetectors"][0]["StateValue"]]' <<<"$OUT")"
cw_ok delete-anomaly-detector --namespace "$NS" --metric-name CPU --dimensions Name=Host,Value=b --stat p90
cw_ok delete-anomaly-detector --single-metric-anomaly-detector "Namespace=$NS,MetricName=CPU,Dimensions=[{Name=Host,Value=a}],Stat=Average"

echo "== errors"
cw_fails_with ResourceNotFoundException delete-anomaly-detector --namespace "$NS" --metric-name CPU --dimensions Name=Host,Value=b --stat p90
cw_fails_with MissingParameter put-anomaly-detector --single-metric-anomaly-detector "Namespace=$NS,MetricName=CPU"
cw_fails_with InvalidParameterCombination put-anomaly-detector --namespace "$NS" \
	--single-metric-anomaly-detector "Namespace=$NS,MetricName=CPU,Stat=Sum"
cw_fails_with InvalidParameterValue put-anomaly-detector --namespace "$NS" --metric-name CPU --stat Sum \
	--configuration MetricTimezone=Nowhere/Special
cw_fails_with InvalidNextToken describe-anomaly-detectors --starting-token '!!'
cw_fails_with InvalidParameterCombination put-metric-alarm --alarm-name cli-bad --metrics "file://$WORK/band.json" --evaluation-periods 1 \
	--threshold-metric-id ad1 --threshold 3 --comparison-operator LessThanLowerOrGreaterThanUpperThreshold
cw_fails_with ResourceNotFound set-alarm-state --alarm-name cli-no-such-alarm --state-value OK --state-reason x
cw_fails_with ValidationError put-composite-alarm --alarm-name cli-bad-rule --alarm-rule 'ALARM(cli-cpu-high-a) AND'

echo "== delete-alarms"
cw_ok delete-alarms --alarm-names cli-any-cpu-high cli-cpu-high-a cli-cpu-high-b cli-math-half-cpu cli-cpu-anomaly
cw_ok describe-alarms --alarm-types MetricAlarm CompositeAlarm --alarm-name-prefix cli-
expect "no alarms left" '[0, 0]' "$(q '[len(d["MetricAlarms"]), len(d["CompositeAlarms"])]' <<<"$OUT")"

echo "PASS awscli-alarms: $CHECKS checks"
