// The account's metrics from ListMetrics, read once per page visit and
// shared by the explorer and the widget editor.

import { aws, type AwsOptions } from '../../api';
import type { MetricRef } from '../../dashboards/metrics';

interface WireMetric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name?: string; Value?: string }[];
}

/** MAX_PAGES bounds the listing so a huge account cannot stall the page. */
const MAX_PAGES = 40;

export async function listAllMetrics(opts: AwsOptions = {}, filter: { Namespace?: string; MetricName?: string } = {}): Promise<{ metrics: MetricRef[]; truncated: boolean }> {
  const metrics: MetricRef[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await aws<{ Metrics?: WireMetric[]; NextToken?: string }>('monitoring', 'ListMetrics', { ...filter, ...(token ? { NextToken: token } : {}) }, opts);
    for (const m of out.Metrics ?? []) {
      metrics.push({
        namespace: m.Namespace ?? '',
        metricName: m.MetricName ?? '',
        dimensions: (m.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
      });
    }
    token = out.NextToken;
    if (!token) return { metrics, truncated: false };
  }
  return { metrics, truncated: true };
}

let cache: { at: number; p: Promise<{ metrics: MetricRef[]; truncated: boolean }> } | null = null;

/** cachedMetrics reuses a listing younger than a minute. */
export function cachedMetrics(force = false): Promise<{ metrics: MetricRef[]; truncated: boolean }> {
  if (!force && cache && Date.now() - cache.at < 60_000) return cache.p;
  const p = listAllMetrics();
  cache = { at: Date.now(), p };
  p.catch(() => {
    cache = null;
  });
  return p;
}

/** dimensionSetKey names a metric's set of dimension names, the level between metric name and metric. */
export function dimensionSetKey(m: MetricRef): string {
  return m.dimensions.map((d) => d.name).sort().join(', ') || '(no dimensions)';
}

/** matches tells whether a metric contains every word of the search, in any of its names or values. */
export function matches(m: MetricRef, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [m.namespace, m.metricName, ...m.dimensions.flatMap((d) => [d.name, d.value])].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}
