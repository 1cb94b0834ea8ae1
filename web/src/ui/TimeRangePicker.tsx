import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from './Button';

export type TimeRange =
  | { kind: 'relative'; minutes: number }
  | { kind: 'absolute'; start: number; end: number };

export const relativeChoices: { label: string; minutes: number }[] = [
  { label: '5m', minutes: 5 },
  { label: '15m', minutes: 15 },
  { label: '1h', minutes: 60 },
  { label: '3h', minutes: 180 },
  { label: '12h', minutes: 720 },
  { label: '1d', minutes: 1440 },
  { label: '1w', minutes: 10080 },
];

/** Start and end in epoch milliseconds; a relative range ends now. */
export function resolveRange(r: TimeRange, now = Date.now()): { start: number; end: number } {
  if (r.kind === 'absolute') return { start: r.start, end: r.end };
  return { start: now - r.minutes * 60_000, end: now };
}

/** A compact form for URLs: "1h" or "1700000000000-1700003600000". */
export function rangeToString(r: TimeRange): string {
  if (r.kind === 'absolute') return `${r.start}-${r.end}`;
  const c = relativeChoices.find((x) => x.minutes === r.minutes);
  return c ? c.label : `${r.minutes}m`;
}

export function rangeFromString(s: string | undefined, fallback: TimeRange): TimeRange {
  if (!s) return fallback;
  const abs = /^(\d+)-(\d+)$/.exec(s);
  if (abs) {
    const start = Number(abs[1]);
    const end = Number(abs[2]);
    return start < end ? { kind: 'absolute', start, end } : fallback;
  }
  const rel = /^(\d+)([mhdw])$/.exec(s);
  if (!rel) return fallback;
  const mult = { m: 1, h: 60, d: 1440, w: 10080 }[rel[2] as 'm' | 'h' | 'd' | 'w'];
  const minutes = Number(rel[1]) * mult;
  return minutes > 0 ? { kind: 'relative', minutes } : fallback;
}

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function fromLocalInput(s: string): number {
  const t = new Date(s).getTime();
  return Number.isFinite(t) ? t : NaN;
}

export function describeRange(r: TimeRange): string {
  if (r.kind === 'relative') return `Last ${rangeToString(r)}`;
  return `${toLocalInput(r.start).replace('T', ' ')} → ${toLocalInput(r.end).replace('T', ' ')}`;
}

/** Relative presets plus a custom absolute range, all reachable with the keyboard. */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (r: TimeRange) => void }) {
  const [custom, setCustom] = useState(value.kind === 'absolute');
  const init = resolveRange(value);
  const [from, setFrom] = useState(toLocalInput(init.start));
  const [to, setTo] = useState(toLocalInput(init.end));
  const [err, setErr] = useState('');
  const fromRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (custom) fromRef.current?.focus();
  }, [custom]);

  const apply = () => {
    const s = fromLocalInput(from);
    const e = fromLocalInput(to);
    if (!Number.isFinite(s) || !Number.isFinite(e)) {
      setErr('Enter both dates');
      return;
    }
    if (s >= e) {
      setErr('Start must be before end');
      return;
    }
    setErr('');
    onChange({ kind: 'absolute', start: s, end: e });
  };

  return (
    <div class="trp" role="group" aria-label="Time range" data-testid="time-range">
      <div class="seg">
        {relativeChoices.map((c) => {
          const on = !custom && value.kind === 'relative' && value.minutes === c.minutes;
          return (
            <button
              type="button"
              class={on ? 'seg-btn on' : 'seg-btn'}
              aria-pressed={on}
              data-testid={`time-range-${c.label}`}
              onClick={() => {
                setCustom(false);
                onChange({ kind: 'relative', minutes: c.minutes });
              }}
            >
              {c.label}
            </button>
          );
        })}
        <button
          type="button"
          class={custom ? 'seg-btn on' : 'seg-btn'}
          aria-pressed={custom}
          aria-expanded={custom}
          data-testid="time-range-custom"
          onClick={() => {
            const r = resolveRange(value);
            setFrom(toLocalInput(r.start));
            setTo(toLocalInput(r.end));
            setCustom(!custom);
          }}
        >
          Custom
        </button>
      </div>
      {custom && (
        <form
          class="trp-custom"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>
            From <input ref={fromRef} type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} data-testid="time-range-from" />
          </label>
          <label>
            To <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} data-testid="time-range-to" />
          </label>
          <Button type="submit" variant="primary" data-testid="time-range-apply">
            Apply
          </Button>
          {err && (
            <span class="field-error" role="alert">
              {err}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
