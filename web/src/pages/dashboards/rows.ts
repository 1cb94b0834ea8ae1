// The widget editor's form of metric rows, and its conversion to and from
// the body's rows. Options the form does not show are carried along.

import type { MetricRow, RowOptions } from '../../dashboards/metrics';

export interface EditRow {
  kind: 'metric' | 'expression';
  namespace: string;
  metricName: string;
  /** dimensions as "Name=Value, Name=Value". */
  dimensions: string;
  expression: string;
  label: string;
  stat: string;
  id: string;
  rest: RowOptions;
}

export function toEditRow(r: MetricRow): EditRow {
  const { label, stat, id, ...rest } = r.options;
  return {
    kind: r.kind,
    namespace: r.kind === 'metric' ? r.metric.namespace : '',
    metricName: r.kind === 'metric' ? r.metric.metricName : '',
    dimensions: r.kind === 'metric' ? r.metric.dimensions.map((d) => `${d.name}=${d.value}`).join(', ') : '',
    expression: r.kind === 'expression' ? r.expression : '',
    label: typeof label === 'string' ? label : '',
    stat: typeof stat === 'string' ? stat : '',
    id: typeof id === 'string' ? id : '',
    rest,
  };
}

export function blankRow(kind: EditRow['kind']): EditRow {
  return { kind, namespace: '', metricName: '', dimensions: '', expression: '', label: '', stat: '', id: '', rest: {} };
}

/** RowError is a row the form cannot turn into a body row. */
export class RowError extends Error {}

/** parseDimensions reads "Name=Value, Name=Value"; a value may itself hold "=". */
export function parseDimensions(s: string, row: number): { name: string; value: string }[] {
  return s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      if (i <= 0) throw new RowError(`Metric ${row}: dimensions are written Name=Value, separated by commas`);
      return { name: p.slice(0, i).trim(), value: p.slice(i + 1).trim() };
    });
}

const idRE = /^[a-z][A-Za-z0-9_]*$/;

export function fromEditRow(e: EditRow, index: number): MetricRow {
  const n = index + 1;
  const options: RowOptions = { ...e.rest };
  if (e.label) options.label = e.label;
  if (e.id) {
    if (!idRE.test(e.id)) throw new RowError(`Metric ${n}: the id must start with a lower-case letter and hold only letters, digits and _`);
    options.id = e.id;
  }
  if (e.kind === 'expression') {
    if (!e.expression.trim()) throw new RowError(`Metric ${n}: the expression is empty`);
    return { kind: 'expression', expression: e.expression.trim(), options };
  }
  if (e.stat) options.stat = e.stat;
  if (!e.namespace.trim() || !e.metricName.trim()) throw new RowError(`Metric ${n}: a namespace and a metric name are needed`);
  return {
    kind: 'metric',
    metric: { namespace: e.namespace.trim(), metricName: e.metricName.trim(), dimensions: parseDimensions(e.dimensions, n) },
    options,
  };
}
