// Drives the JavaScript SDK v3 CloudWatch client against OpenWatch. The
// client speaks AWS JSON 1.0 in query-compatible mode; the script checks
// that on the wire, then PutMetricData in every form (a large request goes
// gzip-compressed), GetMetricStatistics, GetMetricData with metric math and
// its paginator, ListMetrics with its paginator, and modelled errors.
// Prints "PASS js-sdk-metrics: N checks" last.
import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidNextToken,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  MissingRequiredParameterException,
  PutMetricDataCommand,
  paginateGetMetricData,
  paginateListMetrics,
} from "@aws-sdk/client-cloudwatch";
import { eq, newMetricsClient, ok, rejects, run } from "./common.mjs";

const client = newMetricsClient();
const ns = "App/JS";

// The headers of every request, as sent.
const sent = [];
client.middlewareStack.add(
  (next) => async (args) => {
    sent.push({ ...args.request.headers });
    return next(args);
  },
  { step: "finalizeRequest", name: "recordHeaders", priority: "low" },
);
const lastHeader = (name) => {
  const h = sent[sent.length - 1];
  const key = Object.keys(h).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : h[key];
};

const minute = 60_000;
const now = Math.floor(Date.now() / minute) * minute;
const base = new Date(now - 30 * minute);
const at = (i) => new Date(base.getTime() + i * minute);
const host = (h) => [{ Name: "Host", Value: h }];

async function main() {
  const data = [];
  for (let i = 0; i < 10; i++) {
    data.push({ MetricName: "Requests", Dimensions: host("web-1"), Timestamp: at(i), Value: 100 + 10 * i, Unit: "Count" });
    data.push({ MetricName: "Requests", Dimensions: host("web-2"), Timestamp: at(i), Value: 50, Unit: "Count" });
    data.push({ MetricName: "Errors", Dimensions: host("web-1"), Timestamp: at(i), Value: i % 3, Unit: "Count" });
  }
  data.push({ MetricName: "Latency", Timestamp: base, Unit: "Milliseconds", Values: [1, 2, 3, 4], Counts: [1, 1, 1, 7] });
  data.push({ MetricName: "Payload", Timestamp: base, StatisticValues: { SampleCount: 2, Sum: 30, Minimum: 10, Maximum: 20 } });
  data.push({ MetricName: "Tick", Timestamp: new Date(base.getTime() + 1000), Value: 7, StorageResolution: 1 });
  const put = await client.send(new PutMetricDataCommand({ Namespace: ns, MetricData: data }));
  eq("PutMetricData status", 200, put.$metadata.httpStatusCode);
  ok("PutMetricData request id", put.$metadata.requestId);
  eq("protocol: X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData", lastHeader("x-amz-target"));
  eq("protocol: content type", "application/x-amz-json-1.0", lastHeader("content-type"));
  eq("protocol: query mode", "true", lastHeader("x-amzn-query-mode"));

  // 1000 metrics: the SDK compresses the request.
  const bulk = [];
  for (let i = 0; i < 1000; i++) {
    bulk.push({ MetricName: `bulk${String(i).padStart(4, "0")}`, Value: i });
  }
  await client.send(new PutMetricDataCommand({ Namespace: "Bulk/JS", MetricData: bulk }));
  eq("large request is gzip", "gzip", lastHeader("content-encoding"));

  const stats = await client.send(
    new GetMetricStatisticsCommand({
      Namespace: ns, MetricName: "Requests", Dimensions: host("web-1"), StartTime: base, EndTime: at(10), Period: 300,
      Statistics: ["Sum", "Maximum", "SampleCount"],
    }),
  );
  eq("label", "Requests", stats.Label);
  const points = stats.Datapoints.sort((a, b) => a.Timestamp - b.Timestamp);
  eq("datapoint times are Dates", [base.getTime(), at(5).getTime()], points.map((p) => p.Timestamp.getTime()));
  eq("5-minute statistics", [[600, 140, 5, "Count"], [850, 190, 5, "Count"]], points.map((p) => [p.Sum, p.Maximum, p.SampleCount, p.Unit]));
  const pct = await client.send(
    new GetMetricStatisticsCommand({
      Namespace: ns, MetricName: "Latency", StartTime: base, EndTime: at(1), Period: 60, ExtendedStatistics: ["p50", "p10"],
    }),
  );
  const ext = pct.Datapoints[0].ExtendedStatistics;
  ok(`p50 within 1%: ${JSON.stringify(ext)}`, Math.abs(ext.p50 - 4) <= 0.04);
  ok(`p10 within 1%: ${JSON.stringify(ext)}`, Math.abs(ext.p10 - 1) <= 0.01);
  const set = await client.send(
    new GetMetricStatisticsCommand({ Namespace: ns, MetricName: "Payload", StartTime: base, EndTime: at(1), Period: 60, Statistics: ["Average"] }),
  );
  eq("statistic set", [[15, "None"]], set.Datapoints.map((p) => [p.Average, p.Unit]));
  const tick = await client.send(
    new GetMetricStatisticsCommand({ Namespace: ns, MetricName: "Tick", StartTime: base, EndTime: at(1), Period: 1, Statistics: ["Sum"] }),
  );
  eq("high resolution", [[base.getTime() + 1000, 7]], tick.Datapoints.map((p) => [p.Timestamp.getTime(), p.Sum]));

  const stat = (name, h) => ({ Metric: { Namespace: ns, MetricName: name, Dimensions: host(h) }, Period: 60, Stat: "Sum" });
  const queries = [
    { Id: "m1", MetricStat: stat("Errors", "web-1"), ReturnData: false },
    { Id: "m2", MetricStat: stat("Requests", "web-1") },
    { Id: "ratio", Expression: "m1/m2*100", Label: "Error %" },
    { Id: "filled", Expression: "FILL(m1, REPEAT)", Period: 60 },
    { Id: "found", Expression: `SEARCH('{${ns},Host} MetricName="Requests"', 'Sum', 60)` },
  ];
  const merged = {};
  let pages = 0;
  for await (const page of paginateGetMetricData(
    { client, pageSize: 6 },
    { MetricDataQueries: queries, StartTime: base, EndTime: at(10), ScanBy: "TimestampAscending" },
  )) {
    pages++;
    for (const r of page.MetricDataResults) {
      const key = `${r.Id}/${r.Label}`;
      merged[key] = (merged[key] ?? []).concat(r.Values);
    }
  }
  ok(`several pages (${pages})`, pages > 1);
  eq("results", ["filled/filled", "found/web-1", "found/web-2", "m2/Requests", "ratio/Error %"], Object.keys(merged).sort());
  eq("m2", [100, 110, 120, 130, 140, 150, 160, 170, 180, 190], merged["m2/Requests"]);
  eq("ratio", [0, 0.909, 1.667, 0, 0.714, 1.333, 0, 0.588, 1.111, 0], merged["ratio/Error %"].map((v) => Math.round(v * 1000) / 1000));
  eq("FILL", [0, 1, 2, 0, 1, 2, 0, 1, 2, 0], merged["filled/filled"]);
  eq("SEARCH", Array(10).fill(50), merged["found/web-2"]);

  const listed = [];
  for await (const page of paginateListMetrics({ client }, { Namespace: ns, Dimensions: [{ Name: "Host" }] })) {
    for (const m of page.Metrics) {
      listed.push(`${m.MetricName}{${m.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(",")}}`);
    }
  }
  eq("ListMetrics by dimension name", ["Errors{Host=web-1}", "Requests{Host=web-1}", "Requests{Host=web-2}"], listed.sort());
  let bulkCount = 0;
  let bulkPages = 0;
  for await (const page of paginateListMetrics({ client }, { Namespace: "Bulk/JS" })) {
    bulkPages++;
    bulkCount += page.Metrics.length;
  }
  eq("ListMetrics pages", [2, 1000], [bulkPages, bulkCount]);

  await rejects("AWS/ namespace", InvalidParameterValueException, () =>
    client.send(new PutMetricDataCommand({ Namespace: "AWS/S3", MetricData: [{ MetricName: "x", Value: 1 }] })),
  );
  const dims = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: "v" }));
  await rejects("31 dimensions", InvalidParameterValueException, () =>
    client.send(new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: "x", Value: 1, Dimensions: dims }] })),
  );
  await rejects("period too fine", InvalidParameterValueException, () =>
    client.send(new GetMetricStatisticsCommand({ Namespace: ns, MetricName: "Requests", StartTime: base, EndTime: at(30), Period: 15, Statistics: ["Sum"] })),
  );
  await rejects("too many datapoints", InvalidParameterCombinationException, () =>
    client.send(new GetMetricStatisticsCommand({ Namespace: ns, MetricName: "Requests", StartTime: base, EndTime: at(30), Period: 1, Statistics: ["Sum"] })),
  );
  await rejects("no statistics", MissingRequiredParameterException, () =>
    client.send(new GetMetricStatisticsCommand({ Namespace: ns, MetricName: "Requests", StartTime: base, EndTime: at(30), Period: 60 })),
  );
  await rejects("malformed expression", InvalidParameterValueException, () =>
    client.send(new GetMetricDataCommand({ MetricDataQueries: [{ Id: "e1", Expression: "m1 *", Period: 60 }], StartTime: base, EndTime: at(30) })),
  );
  await rejects("bad next token", InvalidNextToken, () =>
    client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: base, EndTime: at(30), NextToken: "bogus" })),
  );
}

run("js-sdk-metrics", main);
