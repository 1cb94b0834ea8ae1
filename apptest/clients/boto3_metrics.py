"""Drives boto3 (query protocol) against OpenWatch's CloudWatch metrics:
put_metric_data in every form, get_metric_statistics, get_metric_data
with metric math through the paginator, list_metrics through the
paginator, and modelled exception classes.

Environment: OPENWATCH_ENDPOINT, OPENWATCH_ACCOUNT_ID and the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION variables.
Prints "PASS boto3-metrics: N checks" as its last line when everything
matched.
"""

import datetime
import math
import os
import sys

import boto3

from checks import Checker, expect_error

NS = "App/Boto3"


def main():
    c = Checker("boto3-metrics")
    cw = boto3.client("cloudwatch", endpoint_url=os.environ["OPENWATCH_ENDPOINT"])
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    base = now - datetime.timedelta(minutes=30)

    def minute(i):
        return base + datetime.timedelta(minutes=i)

    def host(name):
        return [{"Name": "Host", "Value": name}]

    # One value a minute for two hosts, errors for one.
    data = []
    for i in range(10):
        data.append({"MetricName": "Requests", "Dimensions": host("web-1"), "Timestamp": minute(i), "Value": 100 + 10 * i, "Unit": "Count"})
        data.append({"MetricName": "Requests", "Dimensions": host("web-2"), "Timestamp": minute(i), "Value": 50, "Unit": "Count"})
        data.append({"MetricName": "Errors", "Dimensions": host("web-1"), "Timestamp": minute(i), "Value": i % 3, "Unit": "Count"})
    # A distribution, a statistic set, and high-resolution points.
    data.append({"MetricName": "Latency", "Timestamp": base, "Unit": "Milliseconds",
                 "Values": [float(v) for v in range(1, 101)], "Counts": [1.0] * 100})
    data.append({"MetricName": "Payload", "Timestamp": base, "Unit": "Bytes",
                 "StatisticValues": {"SampleCount": 4, "Sum": 1000, "Minimum": 100, "Maximum": 400}})
    for s in range(20):
        data.append({"MetricName": "Tick", "Timestamp": base + datetime.timedelta(seconds=s), "Value": s, "StorageResolution": 1})
    resp = cw.put_metric_data(Namespace=NS, MetricData=data)
    c.eq("put_metric_data status", 200, resp["ResponseMetadata"]["HTTPStatusCode"])
    c.truthy("request id", resp["ResponseMetadata"].get("RequestId"))

    # get_metric_statistics: several statistics, a percentile, a unit.
    resp = cw.get_metric_statistics(Namespace=NS, MetricName="Requests", Dimensions=host("web-1"),
                                    StartTime=base, EndTime=minute(10), Period=300,
                                    Statistics=["Sum", "Average", "Minimum", "Maximum", "SampleCount"])
    c.eq("label", "Requests", resp["Label"])
    got = [(p["Timestamp"], p["Sum"], p["Average"], p["Minimum"], p["Maximum"], p["SampleCount"], p["Unit"])
           for p in sorted(resp["Datapoints"], key=lambda p: p["Timestamp"])]
    c.eq("5-minute statistics", [(base, 600.0, 120.0, 100.0, 140.0, 5.0, "Count"),
                                 (minute(5), 850.0, 170.0, 150.0, 190.0, 5.0, "Count")], got)
    resp = cw.get_metric_statistics(Namespace=NS, MetricName="Latency", StartTime=base, EndTime=minute(1),
                                    Period=60, ExtendedStatistics=["p90", "p99.5"])
    ext = resp["Datapoints"][0]["ExtendedStatistics"]
    c.truthy("p90 within 1%%: %r" % ext, abs(ext["p90"] - 90) <= 0.9)
    c.truthy("p99.5 within 1%%: %r" % ext, abs(ext["p99.5"] - 100) <= 1)
    resp = cw.get_metric_statistics(Namespace=NS, MetricName="Payload", StartTime=base, EndTime=minute(1),
                                    Period=60, Statistics=["Average"], Unit="Bytes")
    c.eq("statistic set average", [250.0], [p["Average"] for p in resp["Datapoints"]])
    resp = cw.get_metric_statistics(Namespace=NS, MetricName="Payload", StartTime=base, EndTime=minute(1),
                                    Period=60, Statistics=["Average"], Unit="Seconds")
    c.eq("another unit has no data", [], resp["Datapoints"])
    resp = cw.get_metric_statistics(Namespace=NS, MetricName="Tick", StartTime=base,
                                    EndTime=base + datetime.timedelta(seconds=20), Period=5, Statistics=["Sum"])
    c.eq("5-second sums", [10.0, 35.0, 60.0, 85.0], [p["Sum"] for p in sorted(resp["Datapoints"], key=lambda p: p["Timestamp"])])

    # get_metric_data through the paginator, pages of 4 datapoints.
    def stat(name, h, s="Sum"):
        return {"Metric": {"Namespace": NS, "MetricName": name, "Dimensions": host(h)}, "Period": 60, "Stat": s}

    queries = [
        {"Id": "m1", "MetricStat": stat("Errors", "web-1"), "ReturnData": False},
        {"Id": "m2", "MetricStat": stat("Requests", "web-1")},
        {"Id": "pct", "Expression": "100 * m1 / m2", "Label": "Error %"},
        {"Id": "all", "Expression": "SUM(METRICS())"},
        {"Id": "found", "Expression": "SEARCH('{%s,Host} Requests', 'Average', 60)" % NS, "ReturnData": True},
    ]
    merged = {}
    pages = 0
    for page in cw.get_paginator("get_metric_data").paginate(
            MetricDataQueries=queries, StartTime=base, EndTime=minute(10), ScanBy="TimestampAscending",
            PaginationConfig={"PageSize": 4}):
        pages += 1
        for r in page["MetricDataResults"]:
            key = (r["Id"], r["Label"])
            merged.setdefault(key, []).extend(zip(r["Timestamps"], r["Values"]))
    c.truthy("several pages (%d)" % pages, pages > 1)
    c.eq("results", [("all", "all"), ("found", "web-1"), ("found", "web-2"), ("m2", "Requests"), ("pct", "Error %")], sorted(merged))
    c.eq("m2", [(minute(i), 100.0 + 10 * i) for i in range(10)], merged[("m2", "Requests")])
    c.eq("error %", [round(100 * (i % 3) / (100 + 10 * i), 6) for i in range(10)], [round(v, 6) for _, v in merged[("pct", "Error %")]])
    c.eq("SUM(METRICS())", [100.0 + 10 * i + i % 3 for i in range(10)], [v for _, v in merged[("all", "all")]])
    c.eq("SEARCH web-2", [50.0] * 10, [v for _, v in merged[("found", "web-2")]])

    # list_metrics with filters, through the paginator.
    def listed(**kw):
        out = []
        for page in cw.get_paginator("list_metrics").paginate(**kw):
            for m in page["Metrics"]:
                out.append((m["MetricName"], tuple((d["Name"], d["Value"]) for d in m["Dimensions"])))
        return sorted(out)

    c.eq("namespace", [("Errors", (("Host", "web-1"),)), ("Latency", ()), ("Payload", ()),
                       ("Requests", (("Host", "web-1"),)), ("Requests", (("Host", "web-2"),)), ("Tick", ())],
         listed(Namespace=NS))
    c.eq("metric name and dimension value", [("Requests", (("Host", "web-2"),))],
         listed(Namespace=NS, MetricName="Requests", Dimensions=[{"Name": "Host", "Value": "web-2"}]))
    c.eq("dimension name only, recently active", 3, len(listed(Namespace=NS, Dimensions=[{"Name": "Host"}], RecentlyActive="PT3H")))

    # Modelled errors, with the query codes CloudWatch sends.
    ex = cw.exceptions
    expect_error(c, ex.InvalidParameterValueException, "AWS/ namespace", cw.put_metric_data, code="InvalidParameterValue",
                 Namespace="AWS/Lambda", MetricData=[{"MetricName": "x", "Value": 1}])
    expect_error(c, ex.InvalidParameterValueException, "31 dimensions", cw.put_metric_data, code="InvalidParameterValue",
                 Namespace=NS, MetricData=[{"MetricName": "x", "Value": 1,
                                            "Dimensions": [{"Name": "d%d" % i, "Value": "v"} for i in range(31)]}])
    expect_error(c, ex.InvalidParameterCombinationException, "Value and Values", cw.put_metric_data, code="InvalidParameterCombination",
                 Namespace=NS, MetricData=[{"MetricName": "x", "Value": 1, "Values": [1.0]}])
    expect_error(c, ex.InvalidParameterValueException, "period too fine", cw.get_metric_statistics, code="InvalidParameterValue",
                 Namespace=NS, MetricName="Requests", StartTime=base, EndTime=now, Period=7, Statistics=["Sum"])
    e = expect_error(c, ex.InvalidParameterCombinationException, "too many datapoints", cw.get_metric_statistics,
                     code="InvalidParameterCombination",
                     Namespace=NS, MetricName="Requests", StartTime=base, EndTime=now, Period=1, Statistics=["Sum"])
    c.truthy("1,440 message", "exceeds the limit of 1,440" in e.response["Error"]["Message"])
    expect_error(c, ex.MissingRequiredParameterException, "no statistics", cw.get_metric_statistics, code="MissingParameter",
                 Namespace=NS, MetricName="Requests", StartTime=base, EndTime=now, Period=60)
    e = expect_error(c, ex.InvalidParameterValueException, "malformed expression", cw.get_metric_data, code="InvalidParameterValue",
                     MetricDataQueries=[{"Id": "e1", "Expression": "RATE(", "Period": 60}], StartTime=base, EndTime=now)
    c.truthy("expression message", e.response["Error"]["Message"].startswith("Error in expression e1"))
    expect_error(c, ex.InvalidNextToken, "bad next token", cw.get_metric_data, code="InvalidNextToken",
                 MetricDataQueries=queries, StartTime=base, EndTime=now, NextToken="bogus")
    e = expect_error(c, ex.InvalidParameterValueException, "NaN", cw.put_metric_data, code="InvalidParameterValue",
                     Namespace=NS, MetricData=[{"MetricName": "x", "Value": math.nan}])
    c.truthy("NaN message", "NaN" in e.response["Error"]["Message"])
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
