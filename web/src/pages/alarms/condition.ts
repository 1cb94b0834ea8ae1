import type { MetricAlarm } from '../dashboards/data';

const OPS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the band',
  LessThanLowerThreshold: 'below the band',
  GreaterThanUpperThreshold: 'above the band',
};

/** conditionText says what an alarm watches in one line, as the CloudWatch console does. */
export function conditionText(a: MetricAlarm): string {
  const op = OPS[a.ComparisonOperator ?? ''] ?? a.ComparisonOperator ?? '';
  const what = a.MetricName ?? watched(a);
  const threshold = a.ThresholdMetricId ? '' : a.Threshold !== undefined ? ` ${a.Threshold}` : '';
  const n = a.EvaluationPeriods ?? 1;
  const m = a.DatapointsToAlarm ?? n;
  return `${what} ${op}${threshold} for ${m} datapoint${m === 1 ? '' : 's'} within ${formatPeriods(n, a.Period ?? a.Metrics?.find((q) => q.MetricStat)?.MetricStat?.Period ?? 60)}`.trim();
}

/** watched names what a metric math alarm compares: the query it returns, by label, metric or expression. */
function watched(a: MetricAlarm): string {
  const q = a.Metrics?.find((m) => m.ReturnData !== false && m.Id !== a.ThresholdMetricId) ?? a.Metrics?.[0];
  if (!q) return '';
  return q.Label || q.MetricStat?.Metric.MetricName || q.Expression || q.Id;
}

function formatPeriods(n: number, period: number): string {
  const secs = n * period;
  if (secs % 3600 === 0) return `${secs / 3600} hour${secs === 3600 ? '' : 's'}`;
  if (secs % 60 === 0) return `${secs / 60} minute${secs === 60 ? '' : 's'}`;
  return `${secs} seconds`;
}
