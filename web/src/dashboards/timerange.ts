// Dashboard time ranges: "start" and "end" are either ISO 8601 durations
// before now ("-PT3H", "-P7D") or absolute ISO 8601 times.

const durationRE = /^-?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** parseDuration reads an ISO 8601 duration into milliseconds (sign dropped), or null. */
export function parseDuration(s: string): number | null {
  const m = durationRE.exec(s.trim());
  if (!m || s.trim().replace(/^-/, '') === 'P' || s.trim().endsWith('T')) return null;
  const [w, d, h, min, sec] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + sec) * 1000;
}

/** formatDuration writes milliseconds as the ISO 8601 duration before now that CloudWatch uses. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60000));
  if (minutes % (60 * 24 * 7) === 0) return `-P${minutes / (60 * 24 * 7)}W`;
  if (minutes % (60 * 24) === 0) return `-P${minutes / (60 * 24)}D`;
  if (minutes % 60 === 0) return `-PT${minutes / 60}H`;
  return `-PT${minutes}M`;
}

export interface Range {
  start: number;
  end: number;
}

/** DEFAULT_RANGE is CloudWatch's default for a body without "start". */
export const DEFAULT_RANGE = '-PT3H';

/**
 * resolveRange turns a body's start and end into epoch milliseconds at
 * time now. An unreadable value falls back to the default range rather than
 * failing the whole dashboard.
 */
export function resolveRange(start: string | undefined, end: string | undefined, now: number): Range {
  const endMs = end ? point(end, now) : now;
  let startMs = point(start || DEFAULT_RANGE, now);
  if (startMs === null) startMs = now - (parseDuration(DEFAULT_RANGE) as number);
  const e = endMs ?? now;
  return startMs < e ? { start: startMs, end: e } : { start: e - (parseDuration(DEFAULT_RANGE) as number), end: e };
}

function point(s: string, now: number): number | null {
  const d = parseDuration(s);
  if (d !== null) return now - d;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/**
 * autoPeriod picks a period for a range so a graph has a few hundred points
 * at most, rounded to the periods CloudWatch offers.
 */
export function autoPeriod(range: Range, maxPoints = 300): number {
  const steps = [60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400];
  const want = (range.end - range.start) / 1000 / maxPoints;
  for (const s of steps) if (s >= want) return s;
  return steps[steps.length - 1];
}
