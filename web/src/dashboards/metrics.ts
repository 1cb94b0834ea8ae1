// Metric rows of a metric widget in CloudWatch's compact array form:
//   ["Namespace", "MetricName", "DimName", "DimValue", …, {rendering}]
//   [{"expression": "SUM(METRICS())", "id": "e1", "label": "total"}]
// where "." repeats the item at the same place in the row above and "..."
// repeats the row above up to the items that follow it.

import { BodyError, isObject, type Json, type JsonObject } from './body';

export interface Dimension {
  name: string;
  value: string;
}

export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** RowOptions is a row's rendering object; unknown members are kept. */
export interface RowOptions {
  id?: string;
  label?: string;
  stat?: string;
  period?: number;
  expression?: string;
  visible?: boolean;
  yAxis?: string;
  color?: string;
  region?: string;
  [key: string]: Json | undefined;
}

export type MetricRow =
  | { kind: 'metric'; metric: MetricRef; options: RowOptions }
  | { kind: 'expression'; expression: string; options: RowOptions };

/** expandRows resolves the repeat syntax of a widget's metrics array. */
export function expandRows(raw: Json | undefined): MetricRow[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new BodyError('should be an array', '/metrics');
  const rows: MetricRow[] = [];
  let prev: string[] = [];
  raw.forEach((entry, i) => {
    if (!Array.isArray(entry) || entry.length === 0) throw new BodyError('should be a non-empty array', `/metrics/${i}`);
    let items = entry;
    let options: RowOptions = {};
    const last = entry[entry.length - 1];
    if (isObject(last)) {
      items = entry.slice(0, -1);
      options = { ...(last as RowOptions) };
    }
    if (items.length === 0) {
      if (typeof options.expression !== 'string' || options.expression === '') {
        throw new BodyError('should have an expression', `/metrics/${i}/0`);
      }
      const { expression, ...rest } = options;
      rows.push({ kind: 'expression', expression, options: rest });
      return;
    }
    const strs = items.map((s, j) => {
      if (typeof s !== 'string') throw new BodyError('should be a string', `/metrics/${i}/${j}`);
      return s;
    });
    const full = resolveRepeats(strs, prev, i);
    if (full.length < 2 || full.length % 2 !== 0) {
      throw new BodyError('should have a namespace, a metric name and dimension name/value pairs', `/metrics/${i}`);
    }
    prev = full;
    const dimensions: Dimension[] = [];
    for (let k = 2; k < full.length; k += 2) dimensions.push({ name: full[k], value: full[k + 1] });
    rows.push({ kind: 'metric', metric: { namespace: full[0], metricName: full[1], dimensions }, options });
  });
  return rows;
}

function resolveRepeats(items: string[], prev: string[], row: number): string[] {
  const out: string[] = [];
  for (let j = 0; j < items.length; j++) {
    const s = items[j];
    if (s === '...') {
      if (row === 0) throw new BodyError('"..." needs a row above', `/metrics/${row}/${j}`);
      const rest = items.length - j - 1;
      const upTo = Math.max(out.length, prev.length - rest);
      for (let k = out.length; k < upTo; k++) out.push(prev[k]);
      continue;
    }
    if (s === '.') {
      if (row === 0 || out.length >= prev.length) throw new BodyError('"." has nothing above to repeat', `/metrics/${row}/${j}`);
      out.push(prev[out.length]);
      continue;
    }
    out.push(s);
  }
  return out;
}

/** compactRow writes one row in full form (no repeat syntax). */
export function compactRow(row: MetricRow): Json[] {
  const opts = dropUndefined(row.options);
  if (row.kind === 'expression') return [{ expression: row.expression, ...opts }];
  const out: Json[] = [row.metric.namespace, row.metric.metricName];
  for (const d of row.metric.dimensions) out.push(d.name, d.value);
  if (Object.keys(opts).length > 0) out.push(opts);
  return out;
}

export function compactRows(rows: MetricRow[]): Json[] {
  return rows.map(compactRow);
}

function dropUndefined(o: RowOptions): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** metricKey identifies a metric for de-duplication and legends. */
export function metricKey(m: MetricRef): string {
  return [m.namespace, m.metricName, ...m.dimensions.flatMap((d) => [d.name, d.value])].join('\u0000');
}

/** metricLabel is a short human name for a metric. */
export function metricLabel(m: MetricRef): string {
  if (m.dimensions.length === 0) return m.metricName;
  return `${m.metricName} ${m.dimensions.map((d) => `${d.name}=${d.value}`).join(' ')}`;
}

export interface MetricDataQuery {
  Id: string;
  Label?: string;
  ReturnData: boolean;
  Expression?: string;
  Period?: number;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

export interface QueryDefaults {
  stat: string;
  period: number;
}

/**
 * toQueries turns rows into GetMetricData queries. Rows without an id get
 * m1, m2… (skipping ids in use) so expressions can name them, as the
 * CloudWatch console does.
 */
export function toQueries(rows: MetricRow[], defaults: QueryDefaults, periodOverride?: number): MetricDataQuery[] {
  const used = new Set(rows.map((r) => r.options.id).filter((id): id is string => typeof id === 'string'));
  let n = 0;
  const nextId = (): string => {
    let id: string;
    do id = `m${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  return rows.map((r) => {
    const id = typeof r.options.id === 'string' && r.options.id !== '' ? r.options.id : nextId();
    const q: MetricDataQuery = { Id: id, ReturnData: r.options.visible !== false };
    if (typeof r.options.label === 'string' && r.options.label !== '') q.Label = r.options.label;
    const period = periodOverride ?? (typeof r.options.period === 'number' ? r.options.period : defaults.period);
    if (r.kind === 'expression') {
      q.Expression = r.expression;
      q.Period = period;
    } else {
      q.MetricStat = {
        Metric: {
          Namespace: r.metric.namespace,
          MetricName: r.metric.metricName,
          Dimensions: r.metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
        },
        Period: period,
        Stat: typeof r.options.stat === 'string' && r.options.stat !== '' ? r.options.stat : defaults.stat,
      };
    }
    return q;
  });
}
