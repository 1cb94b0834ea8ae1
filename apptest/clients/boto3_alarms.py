"""Drives boto3 (query protocol) against OpenWatch's CloudWatch alarms and
anomaly detectors: metric and metric math alarms evaluated on put data,
describe_alarms by name, prefix, state and type through its paginator,
describe_alarms_for_metric, set_alarm_state, describe_alarm_history
through its paginator, composite alarms, alarm actions on and off,
anomaly detectors and anomaly alarms, deletion and modelled exceptions.

Environment: OPENWATCH_ENDPOINT, OPENWATCH_ACCOUNT_ID and the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION variables.
Prints "PASS boto3-alarms: N checks" as its last line when everything
matched.
"""

import datetime
import os
import sys
import time

import boto3

from checks import Checker, expect_error

NS = "App/Boto3Alarms"
# Every alarm of this script starts with PREFIX, so listings can leave
# out what other scripts on the same server create.
PREFIX = "py-"


def main():
    c = Checker("boto3-alarms")
    cw = boto3.client("cloudwatch", endpoint_url=os.environ["OPENWATCH_ENDPOINT"])
    account = os.environ["OPENWATCH_ACCOUNT_ID"]
    region = cw.meta.region_name
    ex = cw.exceptions
    now = datetime.datetime.now(datetime.timezone.utc)
    # Inside the last whole minute, which an alarm evaluates first.
    last = now.replace(second=0, microsecond=0) - datetime.timedelta(seconds=30)

    def host(name):
        return [{"Name": "Host", "Value": name}]

    def alarms(**kw):
        """Every alarm describe_alarms lists, through the paginator."""
        metric, composite = [], []
        for page in cw.get_paginator("describe_alarms").paginate(**kw):
            metric += page.get("MetricAlarms", [])
            composite += page.get("CompositeAlarms", [])
        return metric, composite

    def wait_state(name, state):
        deadline = time.time() + 60
        while True:
            metric, composite = alarms(AlarmNames=[name], AlarmTypes=["MetricAlarm", "CompositeAlarm"])
            got = [a["StateValue"] for a in metric + composite]
            if got == [state]:
                c.count += 1
                return (metric + composite)[0]
            if time.time() > deadline:
                c.fail("alarm %s state" % name, "got %r, want %s" % (got, state))
            time.sleep(0.2)

    cw.put_metric_data(Namespace=NS, MetricData=[
        {"MetricName": "CPU", "Dimensions": host("a"), "Timestamp": last, "Value": 95, "Unit": "Percent"},
        {"MetricName": "CPU", "Dimensions": host("b"), "Timestamp": last, "Value": 10, "Unit": "Percent"},
    ])

    # Metric alarms on a single metric, and on metric math.
    topic = "arn:aws:sns:%s:%s:ops" % (region, account)
    for h in ("a", "b"):
        resp = cw.put_metric_alarm(AlarmName=PREFIX + "cpu-high-" + h, Namespace=NS, MetricName="CPU", Dimensions=host(h),
                                   Statistic="Maximum", Period=60, EvaluationPeriods=1, Threshold=80,
                                   ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic],
                                   AlarmDescription="CPU of " + h, Tags=[{"Key": "team", "Value": "core"}])
        c.eq("put_metric_alarm status", 200, resp["ResponseMetadata"]["HTTPStatusCode"])
    cw.put_metric_alarm(AlarmName=PREFIX + "math-half-cpu", EvaluationPeriods=1, Threshold=40,
                        ComparisonOperator="GreaterThanThreshold", TreatMissingData="notBreaching", Metrics=[
                            {"Id": "m1", "ReturnData": False, "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "CPU", "Dimensions": host("a")},
                                                                             "Period": 60, "Stat": "Maximum"}},
                            {"Id": "e1", "Expression": "m1 / 2", "Label": "Half CPU", "ReturnData": True},
                        ])
    a = wait_state(PREFIX + "cpu-high-a", "ALARM")
    wait_state(PREFIX + "cpu-high-b", "OK")
    wait_state(PREFIX + "math-half-cpu", "ALARM")
    c.eq("alarm fields", [PREFIX + "cpu-high-a", "Maximum", 60, 80.0, "GreaterThanThreshold", True, [topic], "CPU of a",
                          "arn:aws:cloudwatch:%s:%s:alarm:%scpu-high-a" % (region, account, PREFIX)],
         [a["AlarmName"], a["Statistic"], a["Period"], a["Threshold"], a["ComparisonOperator"], a["ActionsEnabled"],
          a["AlarmActions"], a["AlarmDescription"], a["AlarmArn"]])
    c.truthy("state reason", a["StateReason"].startswith("Threshold Crossed"))
    c.truthy("timestamps", isinstance(a["StateUpdatedTimestamp"], datetime.datetime) and isinstance(a["AlarmConfigurationUpdatedTimestamp"], datetime.datetime))

    # describe_alarms by prefix, state and type; pages of one.
    metric, _ = alarms(AlarmNamePrefix=PREFIX + "cpu-", PaginationConfig={"PageSize": 1})
    c.eq("by prefix, pages of one", [PREFIX + "cpu-high-a", PREFIX + "cpu-high-b"], sorted(m["AlarmName"] for m in metric))
    metric, _ = alarms(AlarmNamePrefix=PREFIX, StateValue="ALARM")
    c.eq("by state", [PREFIX + "cpu-high-a", PREFIX + "math-half-cpu"], sorted(m["AlarmName"] for m in metric))
    page = cw.describe_alarms(AlarmNamePrefix=PREFIX, MaxRecords=2)
    c.eq("first page", [2, True], [len(page["MetricAlarms"]), bool(page.get("NextToken"))])
    metric, _ = alarms(AlarmNames=[PREFIX + "math-half-cpu"])
    c.eq("metric math alarm", [["e1", "m1 / 2", "Half CPU", True], ["m1", None, None, False]],
         sorted([m["Id"], m.get("Expression"), m.get("Label"), m["ReturnData"]] for m in metric[0]["Metrics"]))

    resp = cw.describe_alarms_for_metric(Namespace=NS, MetricName="CPU", Dimensions=host("b"))
    c.eq("alarms for Host=b", [PREFIX + "cpu-high-b"], [m["AlarmName"] for m in resp["MetricAlarms"]])
    resp = cw.describe_alarms_for_metric(Namespace=NS, MetricName="CPU", Dimensions=host("a"), Statistic="Maximum", Period=60)
    c.eq("alarms for Host=a", [PREFIX + "cpu-high-a"], [m["AlarmName"] for m in resp["MetricAlarms"]])

    # set_alarm_state, then the history through its paginator.
    cw.set_alarm_state(AlarmName=PREFIX + "cpu-high-b", StateValue="ALARM", StateReason="manual test",
                       StateReasonData='{"source": "boto3"}')
    metric, _ = alarms(AlarmNames=[PREFIX + "cpu-high-b"])
    c.eq("set state", ["ALARM", "manual test"], [metric[0]["StateValue"], metric[0]["StateReason"]])
    items = []
    for page in cw.get_paginator("describe_alarm_history").paginate(AlarmName=PREFIX + "cpu-high-b", HistoryItemType="StateUpdate",
                                                                     ScanBy="TimestampAscending", PaginationConfig={"PageSize": 1}):
        items += page["AlarmHistoryItems"]
    c.eq("state history, pages of one", ["Alarm updated from INSUFFICIENT_DATA to OK", "Alarm updated from OK to ALARM"],
         [h["HistorySummary"] for h in items])
    c.truthy("history items", all(h["AlarmName"] == PREFIX + "cpu-high-b" and h["HistoryData"] and h["AlarmType"] == "MetricAlarm" for h in items))
    items = []
    for page in cw.get_paginator("describe_alarm_history").paginate(AlarmName=PREFIX + "cpu-high-b"):
        items += page["AlarmHistoryItems"]
    c.eq("all history, newest first", ["StateUpdate", "StateUpdate", "ConfigurationUpdate"],
         [h["HistoryItemType"] for h in items if h["HistoryItemType"] != "Action"])
    c.truthy("newest first", all(items[i]["Timestamp"] >= items[i + 1]["Timestamp"] for i in range(len(items) - 1)))

    # Composite alarms.
    cw.put_composite_alarm(AlarmName=PREFIX + "any-cpu-high", AlarmRule='ALARM("%scpu-high-a") OR ALARM(%scpu-high-b)' % (PREFIX, PREFIX),
                           AlarmDescription="either host", ActionsEnabled=True)
    wait_state(PREFIX + "any-cpu-high", "ALARM")
    metric, composite = alarms(AlarmTypes=["CompositeAlarm"], AlarmNamePrefix=PREFIX)
    c.eq("composite only", [[], [PREFIX + "any-cpu-high"]], [[m["AlarmName"] for m in metric], [m["AlarmName"] for m in composite]])
    c.eq("composite rule", 'ALARM("%scpu-high-a") OR ALARM(%scpu-high-b)' % (PREFIX, PREFIX), composite[0]["AlarmRule"])
    metric, composite = alarms(AlarmNamePrefix=PREFIX)
    c.eq("metric alarms by default", [3, 0], [len(metric), len(composite)])

    # Alarm actions off and on.
    cw.disable_alarm_actions(AlarmNames=[PREFIX + "cpu-high-a", PREFIX + "any-cpu-high"])
    metric, composite = alarms(AlarmNames=[PREFIX + "cpu-high-a", PREFIX + "any-cpu-high"], AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    c.eq("actions disabled", [False, False], [m["ActionsEnabled"] for m in metric + composite])
    cw.enable_alarm_actions(AlarmNames=[PREFIX + "cpu-high-a"])
    metric, _ = alarms(AlarmNames=[PREFIX + "cpu-high-a"])
    c.eq("actions enabled", True, metric[0]["ActionsEnabled"])

    # Anomaly detectors.
    single_a = {"Namespace": NS, "MetricName": "CPU", "Dimensions": host("a"), "Stat": "Average"}
    resp = cw.put_anomaly_detector(SingleMetricAnomalyDetector=single_a, Configuration={
        "ExcludedTimeRanges": [{"StartTime": now - datetime.timedelta(hours=2), "EndTime": now - datetime.timedelta(hours=1)}],
        "MetricTimezone": "America/New_York"})
    c.eq("put_anomaly_detector status", 200, resp["ResponseMetadata"]["HTTPStatusCode"])
    cw.put_anomaly_detector(Namespace=NS, MetricName="CPU", Dimensions=host("b"), Stat="p90")
    cw.put_anomaly_detector(MetricMathAnomalyDetector={"MetricDataQueries": [
        {"Id": "m1", "ReturnData": False, "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "CPU", "Dimensions": host("a")},
                                                         "Period": 300, "Stat": "Sum"}},
        {"Id": "e1", "Expression": "m1 * 2", "ReturnData": True}]})
    resp = cw.describe_anomaly_detectors(Namespace=NS)
    got = sorted([d["SingleMetricAnomalyDetector"]["Stat"], d["SingleMetricAnomalyDetector"]["Dimensions"], d["StateValue"],
                  d["Stat"], d["Namespace"]] for d in resp["AnomalyDetectors"])
    c.eq("detectors", [["Average", host("a"), "PENDING_TRAINING", "Average", NS], ["p90", host("b"), "PENDING_TRAINING", "p90", NS]], got)
    conf = [d["Configuration"] for d in resp["AnomalyDetectors"] if d["Stat"] == "Average"][0]
    c.eq("configuration", ["America/New_York", (now - datetime.timedelta(hours=2)).replace(microsecond=0)],
         [conf["MetricTimezone"], conf["ExcludedTimeRanges"][0]["StartTime"].replace(microsecond=0)])
    resp = cw.describe_anomaly_detectors(Dimensions=host("b"), AnomalyDetectorTypes=["SINGLE_METRIC"])
    c.eq("by dimension", ["p90"], [d["Stat"] for d in resp["AnomalyDetectors"]])
    resp = cw.describe_anomaly_detectors(AnomalyDetectorTypes=["METRIC_MATH"])
    c.eq("metric math detector", [["e1", "m1 * 2"]],
         [[q["Id"], q.get("Expression")] for d in resp["AnomalyDetectors"] for q in d["MetricMathAnomalyDetector"]["MetricDataQueries"] if q.get("Expression")])
    names, token = [], None
    while True:
        kw = {"Namespace": NS, "MaxResults": 1}
        if token:
            kw["NextToken"] = token
        resp = cw.describe_anomaly_detectors(**kw)
        names += [d["Stat"] for d in resp["AnomalyDetectors"]]
        token = resp.get("NextToken")
        if not token:
            break
    c.eq("detectors page by page", ["Average", "p90"], sorted(names))

    # An anomaly alarm: evaluating it draws the band, which creates the
    # detector of Host=c.
    cw.put_metric_alarm(AlarmName=PREFIX + "cpu-anomaly", EvaluationPeriods=1, ThresholdMetricId="ad1",
                        ComparisonOperator="LessThanLowerOrGreaterThanUpperThreshold", Metrics=[
                            {"Id": "m1", "ReturnData": True, "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "CPU", "Dimensions": host("c")},
                                                                            "Period": 300, "Stat": "Average"}},
                            {"Id": "ad1", "Expression": "ANOMALY_DETECTION_BAND(m1, 2)", "Label": "CPU (expected)", "ReturnData": True},
                        ])
    metric, _ = alarms(AlarmNames=[PREFIX + "cpu-anomaly"])
    c.eq("anomaly alarm", ["ad1", "LessThanLowerOrGreaterThanUpperThreshold", False],
         [metric[0]["ThresholdMetricId"], metric[0]["ComparisonOperator"], "Threshold" in metric[0]])
    deadline = time.time() + 60
    while True:
        resp = cw.describe_anomaly_detectors(Dimensions=host("c"))
        if resp["AnomalyDetectors"] or time.time() > deadline:
            break
        time.sleep(0.2)
    c.eq("detector of the anomaly alarm", [["Average", "PENDING_TRAINING"]], [[d["Stat"], d["StateValue"]] for d in resp["AnomalyDetectors"]])

    cw.delete_anomaly_detector(Namespace=NS, MetricName="CPU", Dimensions=host("b"), Stat="p90")
    cw.delete_anomaly_detector(SingleMetricAnomalyDetector=single_a)
    resp = cw.describe_anomaly_detectors(Namespace=NS, Dimensions=host("a"))
    c.eq("deleted detectors", [], resp["AnomalyDetectors"])

    # Errors, as modelled exceptions.
    try:
        cw.delete_anomaly_detector(SingleMetricAnomalyDetector=single_a)
        c.fail("delete of a deleted detector", "succeeded")
    except ex.ResourceNotFoundException as e:
        c.eq("missing detector: code and status", ["ResourceNotFoundException", 404],
             [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]])
    try:
        cw.set_alarm_state(AlarmName=PREFIX + "no-such-alarm", StateValue="OK", StateReason="x")
        c.fail("set_alarm_state of a missing alarm", "succeeded")
    except ex.ResourceNotFound as e:
        c.eq("missing alarm: code", "ResourceNotFound", e.response["Error"]["Code"])
    expect_error(c, ex.MissingRequiredParameterException, "detector without a statistic", cw.put_anomaly_detector, code="MissingParameter",
                 SingleMetricAnomalyDetector={"Namespace": NS, "MetricName": "CPU"})
    expect_error(c, ex.InvalidParameterCombinationException, "old and new detector shapes", cw.put_anomaly_detector,
                 code="InvalidParameterCombination", Namespace=NS, SingleMetricAnomalyDetector=single_a)
    expect_error(c, ex.InvalidParameterValueException, "unknown time zone", cw.put_anomaly_detector, code="InvalidParameterValue",
                 SingleMetricAnomalyDetector=single_a, Configuration={"MetricTimezone": "Nowhere/Special"})
    expect_error(c, ex.InvalidParameterValueException, "reversed time range", cw.put_anomaly_detector, code="InvalidParameterValue",
                 SingleMetricAnomalyDetector=single_a, Configuration={"ExcludedTimeRanges": [{"StartTime": now, "EndTime": now - datetime.timedelta(hours=1)}]})
    expect_error(c, ex.InvalidParameterValueException, "bad detector type", cw.describe_anomaly_detectors, code="InvalidParameterValue",
                 AnomalyDetectorTypes=["EVERYTHING"])
    expect_error(c, ex.InvalidNextToken, "bad token", cw.describe_anomaly_detectors, NextToken="!!")
    expect_error(c, ex.InvalidParameterCombinationException, "threshold and band", cw.put_metric_alarm, code="InvalidParameterCombination",
                 AlarmName=PREFIX + "bad", EvaluationPeriods=1, ThresholdMetricId="ad1", Threshold=3,
                 ComparisonOperator="LessThanLowerOrGreaterThanUpperThreshold", Metrics=[
                     {"Id": "m1", "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "CPU"}, "Period": 300, "Stat": "Average"}},
                     {"Id": "ad1", "Expression": "ANOMALY_DETECTION_BAND(m1)"}])
    expect_error(c, ex.MissingRequiredParameterException, "alarm without a threshold", cw.put_metric_alarm, code="MissingParameter",
                 AlarmName=PREFIX + "no-threshold", Namespace=NS, MetricName="CPU", Statistic="Maximum", Period=60,
                 EvaluationPeriods=1, ComparisonOperator="GreaterThanThreshold")
    try:
        cw.put_composite_alarm(AlarmName=PREFIX + "bad-rule", AlarmRule="ALARM(%scpu-high-a) AND" % PREFIX)
        c.fail("bad alarm rule", "succeeded")
    except cw.exceptions.ClientError as e:
        c.eq("bad alarm rule: code", "ValidationError", e.response["Error"]["Code"])

    # Deletion.
    cw.delete_alarms(AlarmNames=[PREFIX + "any-cpu-high"])
    cw.delete_alarms(AlarmNames=[PREFIX + "cpu-high-a", PREFIX + "cpu-high-b", PREFIX + "math-half-cpu", PREFIX + "cpu-anomaly"])
    metric, composite = alarms(AlarmNamePrefix=PREFIX, AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    c.eq("no alarms left", [[], []], [metric, composite])
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
