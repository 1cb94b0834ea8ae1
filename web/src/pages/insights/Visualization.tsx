import { LazyCategoryChart, LazyTimeSeriesChart } from '../../charts/lazy';
import type { CategoryKind, TimeSeriesKind } from '../../charts/types';
import { EmptyState } from '../../ui/EmptyState';
import type { Visualization as Viz } from './results';

const tsKinds: { kind: TimeSeriesKind; label: string }[] = [
  { kind: 'line', label: 'Line' },
  { kind: 'stacked', label: 'Stacked area' },
  { kind: 'bar', label: 'Bar' },
];
const catKinds: { kind: CategoryKind; label: string }[] = [
  { kind: 'bar', label: 'Bar' },
  { kind: 'pie', label: 'Pie' },
];

/** The chart of a stats query, with the chart types that fit its shape. */
export function Visualization({
  viz,
  tsKind,
  onTsKind,
  catKind,
  onCatKind,
  onMetric,
  range,
}: {
  viz: Viz;
  tsKind: TimeSeriesKind;
  onTsKind: (k: TimeSeriesKind) => void;
  catKind: CategoryKind;
  onCatKind: (k: CategoryKind) => void;
  onMetric: (m: string) => void;
  range: { start: number; end: number };
}) {
  if (viz.kind === 'none') {
    return (
      <EmptyState title="Nothing to chart">
        {viz.reason} Try <code>stats count(*) by bin(5m)</code> or <code>stats count(*) by level</code>.
      </EmptyState>
    );
  }
  const choices = viz.kind === 'timeseries' ? tsKinds : catKinds;
  const cur = viz.kind === 'timeseries' ? tsKind : catKind;
  return (
    <div class="stack" data-testid="insights-visualization">
      <div class="row">
        <div class="seg" role="group" aria-label="Chart type">
          {choices.map((c) => (
            <button
              type="button"
              class={cur === c.kind ? 'seg-btn on' : 'seg-btn'}
              aria-pressed={cur === c.kind}
              data-testid={`chart-kind-${c.kind}`}
              onClick={() => (viz.kind === 'timeseries' ? onTsKind(c.kind as TimeSeriesKind) : onCatKind(c.kind as CategoryKind))}
            >
              {c.label}
            </button>
          ))}
        </div>
        {viz.kind === 'category' && viz.metrics.length > 1 && (
          <label>
            Value
            <select value={viz.metric} onChange={(e) => onMetric(e.currentTarget.value)} data-testid="chart-metric">
              {viz.metrics.map((m) => (
                <option value={m}>{m}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div class="chart-box" data-testid="insights-chart">
        {viz.kind === 'timeseries' ? (
          <LazyTimeSeriesChart series={viz.series} kind={tsKind} min={range.start} max={range.end} />
        ) : (
          <LazyCategoryChart items={viz.items} kind={catKind} />
        )}
      </div>
    </div>
  );
}
