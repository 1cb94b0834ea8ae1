// Building and reading widgets the way the console's editor presents them:
// a metric widget is drawn as a line, stacked area, number, bar or pie.

import type { Json, JsonObject, Widget } from './body';
import { buildLogQuery } from './logquery';
import { compactRows, type MetricRow } from './metrics';

export type MetricView = 'line' | 'stacked' | 'number' | 'bar' | 'pie';

export const METRIC_VIEWS: { value: MetricView; label: string }[] = [
  { value: 'line', label: 'Line' },
  { value: 'stacked', label: 'Stacked area' },
  { value: 'number', label: 'Number' },
  { value: 'bar', label: 'Bar' },
  { value: 'pie', label: 'Pie' },
];

/**
 * metricView reads how a metric widget is drawn. CloudWatch's "bar" and
 * "pie" views show one value per metric; a time series bar graph has no
 * view of its own in the body, so bars here are that per-metric view.
 */
export function metricView(p: JsonObject): MetricView {
  switch (p.view) {
    case 'singleValue':
    case 'gauge':
      return 'number';
    case 'bar':
      return 'bar';
    case 'pie':
      return 'pie';
    default:
      return p.stacked === true ? 'stacked' : 'line';
  }
}

/** setMetricView writes the view, touching "stacked" only where it has a meaning. */
export function setMetricView(p: JsonObject, v: MetricView): void {
  switch (v) {
    case 'line':
      p.view = 'timeSeries';
      p.stacked = false;
      break;
    case 'stacked':
      p.view = 'timeSeries';
      p.stacked = true;
      break;
    case 'number':
      p.view = 'singleValue';
      delete p.stacked;
      break;
    case 'bar':
    case 'pie':
      p.view = v;
      delete p.stacked;
      break;
  }
}

export interface MetricWidgetSpec {
  title?: string;
  view: MetricView;
  rows: MetricRow[];
  region: string;
  stat: string;
  period: number;
}

export function newMetricWidget(s: MetricWidgetSpec): Widget {
  const properties: JsonObject = { metrics: compactRows(s.rows), region: s.region, stat: s.stat, period: s.period };
  setMetricView(properties, s.view);
  if (s.title) properties.title = s.title;
  return { type: 'metric', width: s.view === 'number' ? 6 : 12, height: s.view === 'number' ? 3 : 6, properties };
}

export function newLogWidget(groups: string[], query: string, region: string, title?: string): Widget {
  const properties: JsonObject = { query: buildLogQuery({ groups, query }), region, view: 'table' };
  if (title) properties.title = title;
  return { type: 'log', width: 24, height: 6, properties };
}

export function newTextWidget(markdown: string): Widget {
  return { type: 'text', width: 6, height: 3, properties: { markdown } };
}

export function newAlarmWidget(arns: string[], title?: string): Widget {
  const properties: JsonObject = { alarms: arns as Json[] };
  if (title) properties.title = title;
  return { type: 'alarm', width: 12, height: 3, properties };
}

/** DEFAULT_STAT and DEFAULT_PERIOD are CloudWatch's defaults for a metric widget. */
export const DEFAULT_STAT = 'Average';
export const DEFAULT_PERIOD = 300;

export function widgetStat(p: JsonObject): string {
  return typeof p.stat === 'string' && p.stat !== '' ? p.stat : DEFAULT_STAT;
}

export function widgetPeriod(p: JsonObject): number {
  return typeof p.period === 'number' && p.period > 0 ? p.period : DEFAULT_PERIOD;
}

export const STATS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p50', 'p90', 'p95', 'p99'];
export const PERIODS: { value: number; label: string }[] = [
  { value: 1, label: '1 second' },
  { value: 10, label: '10 seconds' },
  { value: 60, label: '1 minute' },
  { value: 300, label: '5 minutes' },
  { value: 900, label: '15 minutes' },
  { value: 3600, label: '1 hour' },
  { value: 21600, label: '6 hours' },
  { value: 86400, label: '1 day' },
];
