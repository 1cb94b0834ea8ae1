// The dashboard's time range between the body ("start"/"end") and the
// console's time range picker.

import type { DashboardBody } from '../../dashboards/body';
import { formatDuration, parseDuration, resolveRange, type Range } from '../../dashboards/timerange';
import type { TimeRange } from '../../ui/TimeRangePicker';

export function bodyRange(body: DashboardBody, now = Date.now()): TimeRange {
  const d = body.start && !body.end ? parseDuration(body.start) : null;
  if (d !== null && d > 0) return { kind: 'relative', minutes: Math.round(d / 60000) };
  if (!body.start && !body.end) return { kind: 'relative', minutes: 180 };
  const r = resolveRange(body.start, body.end, now);
  return { kind: 'absolute', start: r.start, end: r.end };
}

/** setBodyRange writes a picked range into the body as CloudWatch does. */
export function setBodyRange(body: DashboardBody, r: TimeRange): void {
  if (r.kind === 'relative') {
    body.start = formatDuration(r.minutes * 60000);
    delete body.end;
  } else {
    body.start = new Date(r.start).toISOString();
    body.end = new Date(r.end).toISOString();
  }
}

export function sameRange(a: TimeRange, b: TimeRange): boolean {
  if (a.kind === 'relative' && b.kind === 'relative') return a.minutes === b.minutes;
  if (a.kind === 'absolute' && b.kind === 'absolute') return a.start === b.start && a.end === b.end;
  return false;
}

export function rangeAt(r: TimeRange, now: number): Range {
  return r.kind === 'relative' ? { start: now - r.minutes * 60000, end: now } : { start: r.start, end: r.end };
}
