import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AwsOptions } from '../../api';
import type { Placed } from '../../dashboards/body';
import { TimeRangePicker, type TimeRange } from '../../ui/TimeRangePicker';
import { Grid, type GridItem } from './Grid';
import { rangeAt } from './range';
import './dashboards.css';

export const REFRESH_CHOICES: { label: string; ms: number }[] = [
  { label: 'Off', ms: 0 },
  { label: '10s', ms: 10_000 },
  { label: '1m', ms: 60_000 },
  { label: '5m', ms: 300_000 },
];

/**
 * DashboardView is the dashboard as people look at it: the time range, the
 * refresh controls and the grid. The signed-in page adds editing around it;
 * the share page shows it read-only.
 */
export function DashboardView({
  items,
  periodOverride,
  range,
  onRange,
  aws,
  readOnly,
  editing = false,
  onLayout = () => {},
  onEdit,
  onRemove,
  toolbar,
}: {
  items: GridItem[];
  periodOverride?: string;
  range: TimeRange;
  onRange: (r: TimeRange) => void;
  aws: AwsOptions;
  readOnly: boolean;
  editing?: boolean;
  onLayout?: (changes: { id: string; place: Placed }[]) => void;
  onEdit?: (id: string) => void;
  onRemove?: (id: string) => void;
  toolbar?: ComponentChildren;
}) {
  const [tick, setTick] = useState(0);
  const [now, setNow] = useState(Date.now());
  const [every, setEvery] = useState(0);

  useEffect(() => {
    if (!every) return;
    const t = setInterval(() => {
      setNow(Date.now());
      setTick((n) => n + 1);
    }, every);
    return () => clearInterval(t);
  }, [every]);

  const r = useMemo(() => rangeAt(range, now), [range, now]);
  const ctx = useMemo(() => ({ range: r, tick, periodOverride, aws, readOnly }), [r, tick, periodOverride, aws, readOnly]);

  return (
    <div class="dashboard" data-testid="dashboard-view">
      <div class="toolbar dash-toolbar">
        <TimeRangePicker
          value={range}
          onChange={(v) => {
            setNow(Date.now());
            onRange(v);
          }}
        />
        <label class="inline-field">
          <span>Auto refresh</span>
          <select value={String(every)} data-testid="auto-refresh" onChange={(e) => setEvery(Number(e.currentTarget.value))}>
            {REFRESH_CHOICES.map((c) => (
              <option value={String(c.ms)}>{c.label}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="btn"
          data-testid="dashboard-refresh"
          onClick={() => {
            setNow(Date.now());
            setTick((n) => n + 1);
          }}
        >
          Refresh
        </button>
        <span class="spacer grow" />
        {toolbar}
      </div>
      {items.length === 0 ? (
        <div class="empty" data-testid="dashboard-empty">
          <p class="empty-title">This dashboard has no widgets</p>
          {!readOnly && <p>Choose Edit, then Add widget.</p>}
        </div>
      ) : null}
      <Grid items={items} editing={editing} ctx={ctx} onLayout={onLayout} onEdit={onEdit} onRemove={onRemove} />
    </div>
  );
}
