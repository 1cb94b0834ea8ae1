import { timeSeriesConfig } from './timeseries';
import type { TimeSeriesChartProps } from './types';
import { useChart } from './useChart';

/** A time series graph (line, stacked area or bar) with optional horizontal and vertical annotations. */
export default function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { wrap, canvas } = useChart(props, timeSeriesConfig, [props.series, props.kind, props.annotations, props.yLabel, props.min, props.max]);
  const points = props.series.reduce((n, s) => n + s.points.length, 0);
  return (
    <div
      ref={wrap}
      class="chart chart-timeseries"
      data-testid="timeseries-chart"
      data-series={props.series.length}
      data-points={points}
      style={{ position: 'relative', height: props.height ? `${props.height}px` : '100%', width: '100%', minHeight: '80px' }}
    >
      <canvas ref={canvas} role="img" aria-label={describe(props)} />
    </div>
  );
}

function describe(p: TimeSeriesChartProps): string {
  const names = p.series.map((s) => s.label).join(', ');
  return `${p.kind === 'bar' ? 'Bar' : p.kind === 'stacked' ? 'Stacked area' : 'Line'} chart of ${p.series.length} series${names ? ': ' + names : ''}`;
}

export { TimeSeriesChart };
