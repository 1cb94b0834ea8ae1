// Fetching what widgets draw: metric series through GetMetricData, Logs
// Insights results through StartQuery/GetQueryResults and alarm states
// through DescribeAlarms. Every call takes the AWS options, so a shared
// dashboard makes the same calls through its share token.

import { aws, type AwsOptions } from '../../api';
import type { Point } from '../../charts/types';
import type { MetricDataQuery } from '../../dashboards/metrics';
import type { Range } from '../../dashboards/timerange';

interface WireResult {
  Id?: string;
  Label?: string;
  Timestamps?: number[];
  Values?: number[];
  StatusCode?: string;
  Messages?: { Code?: string; Value?: string }[];
}

export interface SeriesResult {
  id: string;
  label: string;
  points: Point[];
  status: string;
  messages: string[];
}

/** MAX_PAGES bounds how many GetMetricData pages one graph reads. */
const MAX_PAGES = 10;

/**
 * getMetricData runs the queries over the range and returns one result per
 * returned series, points in time order. An expression that yields several
 * series (SEARCH, a band) gives several results with the same id.
 */
export async function getMetricData(queries: MetricDataQuery[], range: Range, opts: AwsOptions = {}): Promise<{ results: SeriesResult[]; messages: string[] }> {
  const byKey = new Map<string, SeriesResult>();
  const order: string[] = [];
  const messages: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await aws<{ MetricDataResults?: WireResult[]; NextToken?: string; Messages?: { Code?: string; Value?: string }[] }>(
      'monitoring',
      'GetMetricData',
      {
        MetricDataQueries: queries,
        StartTime: Math.floor(range.start / 1000),
        EndTime: Math.ceil(range.end / 1000),
        ScanBy: 'TimestampAscending',
        ...(token ? { NextToken: token } : {}),
      },
      opts,
    );
    for (const m of out.Messages ?? []) if (m.Value) messages.push(m.Value);
    (out.MetricDataResults ?? []).forEach((r, i) => {
      const id = r.Id ?? `r${i}`;
      const key = `${id}\u0000${r.Label ?? ''}`;
      let s = byKey.get(key);
      if (!s) {
        s = { id, label: r.Label ?? id, points: [], status: r.StatusCode ?? 'Complete', messages: [] };
        byKey.set(key, s);
        order.push(key);
      }
      const ts = r.Timestamps ?? [];
      const vs = r.Values ?? [];
      for (let k = 0; k < ts.length && k < vs.length; k++) s.points.push({ t: ts[k] * 1000, v: vs[k] });
      if (r.StatusCode) s.status = r.StatusCode;
      for (const m of r.Messages ?? []) if (m.Value) s.messages.push(m.Value);
    });
    token = out.NextToken;
    if (!token) break;
  }
  const results = order.map((k) => byKey.get(k)!);
  for (const r of results) r.points.sort((a, b) => a.t - b.t);
  return { results, messages };
}

export interface LogQueryResult {
  status: string;
  fields: string[];
  rows: Record<string, string>[];
  recordsScanned: number;
  bytesScanned: number;
  recordsMatched: number;
}

interface WireQueryResults {
  status?: string;
  results?: { field?: string; value?: string }[][];
  statistics?: { recordsScanned?: number; bytesScanned?: number; recordsMatched?: number };
}

const finished = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('Aborted', 'AbortError'));
    });
  });
}

/**
 * runLogQuery runs a Logs Insights query and polls until it finishes,
 * reporting partial results on the way. Aborting the signal stops the query
 * on the server too.
 */
export async function runLogQuery(
  groups: string[],
  query: string,
  range: Range,
  opts: AwsOptions = {},
  onPartial?: (r: LogQueryResult) => void,
): Promise<LogQueryResult> {
  const started = await aws<{ queryId: string }>(
    'logs',
    'StartQuery',
    { logGroupNames: groups, queryString: query, startTime: Math.floor(range.start / 1000), endTime: Math.ceil(range.end / 1000) },
    opts,
  );
  const { signal } = opts;
  let delay = 300;
  try {
    for (;;) {
      const out = await aws<WireQueryResults>('logs', 'GetQueryResults', { queryId: started.queryId }, opts);
      const r = toResult(out);
      if (finished.has(r.status)) return r;
      onPartial?.(r);
      await sleep(delay, signal);
      delay = Math.min(delay * 1.5, 2000);
    }
  } catch (e) {
    if (signal?.aborted) {
      // The page moved on; free the server's work without waiting for it.
      aws('logs', 'StopQuery', { queryId: started.queryId }, { shareToken: opts.shareToken }).catch(() => {});
    }
    throw e;
  }
}

function toResult(out: WireQueryResults): LogQueryResult {
  const fields: string[] = [];
  const seen = new Set<string>();
  const rows = (out.results ?? []).map((rec) => {
    const row: Record<string, string> = {};
    for (const f of rec) {
      if (!f.field || f.field === '@ptr') continue;
      row[f.field] = f.value ?? '';
      if (!seen.has(f.field)) {
        seen.add(f.field);
        fields.push(f.field);
      }
    }
    return row;
  });
  return {
    status: out.status ?? 'Unknown',
    fields,
    rows,
    recordsScanned: out.statistics?.recordsScanned ?? 0,
    bytesScanned: out.statistics?.bytesScanned ?? 0,
    recordsMatched: out.statistics?.recordsMatched ?? 0,
  };
}

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricAlarm {
  AlarmName: string;
  AlarmArn?: string;
  AlarmDescription?: string;
  StateValue?: string;
  StateReason?: string;
  StateReasonData?: string;
  StateUpdatedTimestamp?: number;
  StateTransitionedTimestamp?: number;
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions?: Dimension[];
  Period?: number;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
  ThresholdMetricId?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  OKActions?: string[];
  InsufficientDataActions?: string[];
  Metrics?: MetricDataQuery[];
}

export interface CompositeAlarm {
  AlarmName: string;
  AlarmArn?: string;
  AlarmDescription?: string;
  AlarmRule?: string;
  StateValue?: string;
  StateReason?: string;
  StateUpdatedTimestamp?: number;
}

/** describeAlarms pages through DescribeAlarms (both alarm types). */
export async function describeAlarms(
  input: { AlarmNames?: string[]; AlarmNamePrefix?: string; StateValue?: string },
  opts: AwsOptions = {},
): Promise<{ metric: MetricAlarm[]; composite: CompositeAlarm[] }> {
  const metric: MetricAlarm[] = [];
  const composite: CompositeAlarm[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await aws<{ MetricAlarms?: MetricAlarm[]; CompositeAlarms?: CompositeAlarm[]; NextToken?: string }>(
      'monitoring',
      'DescribeAlarms',
      { ...input, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, ...(token ? { NextToken: token } : {}) },
      opts,
    );
    metric.push(...(out.MetricAlarms ?? []));
    composite.push(...(out.CompositeAlarms ?? []));
    token = out.NextToken;
    if (!token) break;
  }
  return { metric, composite };
}

/**
 * alarmQueries is what an alarm watches, as GetMetricData queries: its
 * metric math queries, or its single metric with its statistic.
 */
export function alarmQueries(a: MetricAlarm): MetricDataQuery[] {
  if (a.Metrics && a.Metrics.length > 0) {
    return a.Metrics.map((q) => ({ ...q, ReturnData: q.ReturnData !== false || q.Id === a.ThresholdMetricId }));
  }
  if (!a.MetricName || !a.Namespace) return [];
  return [
    {
      Id: 'm1',
      Label: a.MetricName,
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions ?? [] },
        Period: a.Period ?? 60,
        Stat: a.ExtendedStatistic ?? a.Statistic ?? 'Average',
      },
    },
  ];
}

/** fillFor says which side of a static threshold is the alarming one. */
export function fillFor(op: string | undefined): 'above' | 'below' | undefined {
  // Band operators (…LowerThreshold, …UpperThreshold) compare with a band, not a line.
  if (!op || /(Lower|Upper)Threshold$/.test(op)) return undefined;
  if (op.startsWith('GreaterThan')) return 'above';
  if (op.startsWith('LessThan')) return 'below';
  return undefined;
}
