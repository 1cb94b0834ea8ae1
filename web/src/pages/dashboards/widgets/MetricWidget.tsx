import { useEffect, useMemo, useState } from 'preact/hooks';
import { LazyCategoryChart, LazyTimeSeriesChart } from '../../../charts/lazy';
import type { Annotations, Series } from '../../../charts/types';
import { chartAnnotations } from '../../../dashboards/annotations';
import { isObject, type JsonObject } from '../../../dashboards/body';
import { alarmName } from '../../../dashboards/logquery';
import { expandRows, toQueries, type MetricDataQuery } from '../../../dashboards/metrics';
import { autoPeriod } from '../../../dashboards/timerange';
import { metricView, widgetPeriod, widgetStat } from '../../../dashboards/widgets';
import { errorText } from '../../../ui/ErrorBanner';
import { alarmQueries, describeAlarms, fillFor, getMetricData, type SeriesResult } from '../data';
import type { ViewContext } from './context';

interface Loaded {
  results: SeriesResult[];
  messages: string[];
  annotations: Annotations;
}

/** MetricWidget draws a metric widget: a graph, a number, or a bar or pie of the latest values. */
export function MetricWidget({ properties, ctx }: { properties: JsonObject; ctx: ViewContext }) {
  const view = metricView(properties);
  const [data, setData] = useState<Loaded | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const key = JSON.stringify(properties);

  const period = useMemo(() => {
    if (properties.setPeriodToTimeRange === true && (view === 'number' || view === 'bar' || view === 'pie')) {
      return Math.max(60, Math.ceil((ctx.range.end - ctx.range.start) / 60000) * 60);
    }
    if (ctx.periodOverride === 'auto') return Math.max(widgetPeriod(properties), autoPeriod(ctx.range));
    return undefined;
  }, [key, ctx.range.start, ctx.range.end, ctx.periodOverride]);

  useEffect(() => {
    let live = true;
    setErr(null);
    load(properties, ctx, period).then(
      (d) => live && setData(d),
      (e) => live && setErr(e),
    );
    return () => {
      live = false;
    };
  }, [key, ctx.tick, ctx.range.start, ctx.range.end, period]);

  if (err) return <div class="widget-error" role="alert">{errorText(err)}</div>;
  if (!data) return <div class="widget-loading" aria-busy="true">Loading…</div>;
  const problems = [...data.messages, ...data.results.flatMap((r) => r.messages)];
  const looks = rowLooks(properties);
  const series: Series[] = data.results.map((r) => ({ label: r.label, points: r.points, ...looks.get(r.id) }));

  let body;
  if (view === 'number') {
    body = (
      <div class="single-values" data-testid="single-value">
        {data.results.length === 0 && <span class="muted">No metrics</span>}
        {data.results.map((r) => {
          const last = r.points[r.points.length - 1];
          return (
            <div class="single-value" key={r.id + r.label}>
              <div class="single-value-number" data-testid="single-value-number">
                {last ? formatValue(last.v) : '—'}
              </div>
              <div class="single-value-label">{r.label}</div>
            </div>
          );
        })}
      </div>
    );
  } else if (view === 'bar' || view === 'pie') {
    const items = data.results.map((r) => ({ label: r.label, value: r.points.length ? r.points[r.points.length - 1].v : 0 }));
    body = <LazyCategoryChart items={items} kind={view} />;
  } else {
    const yLabel = isObject(properties.yAxis) && isObject(properties.yAxis.left) && typeof properties.yAxis.left.label === 'string' ? properties.yAxis.left.label : undefined;
    const ann = data.annotations;
    body = (
      <LazyTimeSeriesChart
        series={series}
        kind={view === 'stacked' ? 'stacked' : 'line'}
        annotations={ann}
        yLabel={yLabel}
        min={ctx.range.start}
        max={ctx.range.end}
      />
    );
  }
  return (
    <div class="metric-widget" data-view={view}>
      <div class="metric-widget-body">{body}</div>
      {problems.length > 0 && (
        <div class="widget-note" role="note">
          {problems.slice(0, 3).join(' · ')}
        </div>
      )}
    </div>
  );
}

async function load(p: JsonObject, ctx: ViewContext, period: number | undefined): Promise<Loaded> {
  const annotations = chartAnnotations(p.annotations);
  let queries: MetricDataQuery[];
  const alarmArns = isObject(p.annotations) && Array.isArray(p.annotations.alarms) ? p.annotations.alarms.filter((a): a is string => typeof a === 'string') : [];
  if (alarmArns.length > 0 && p.metrics === undefined) {
    // An alarm graph: the widget names the alarm, the alarm names the metric.
    const { metric } = await describeAlarms({ AlarmNames: alarmArns.map(alarmName) }, ctx.aws);
    const a = metric[0];
    if (!a) return { results: [], messages: [`Alarm ${alarmName(alarmArns[0])} does not exist`], annotations };
    queries = alarmQueries(a);
    if (typeof a.Threshold === 'number') {
      (annotations.horizontal ??= []).push({ value: a.Threshold, label: a.AlarmName, fill: fillFor(a.ComparisonOperator), color: '#d62728' });
    }
  } else {
    queries = toQueries(expandRows(p.metrics), { stat: widgetStat(p), period: widgetPeriod(p) }, period);
  }
  if (queries.length === 0) return { results: [], messages: [], annotations };
  const { results, messages } = await getMetricData(queries, ctx.range, ctx.aws);
  return { results, messages, annotations };
}

/** rowLooks maps query ids to the colour and axis their metric rows ask for. */
function rowLooks(p: JsonObject): Map<string, { color?: string; axis?: 'left' | 'right' }> {
  const out = new Map<string, { color?: string; axis?: 'left' | 'right' }>();
  if (!Array.isArray(p.metrics)) return out;
  try {
    const rows = expandRows(p.metrics);
    toQueries(rows, { stat: 'Average', period: 60 }).forEach((q, i) => {
      const o = rows[i].options;
      out.set(q.Id, { color: typeof o.color === 'string' ? o.color : undefined, axis: o.yAxis === 'right' ? 'right' : 'left' });
    });
  } catch {
    // An unreadable row fails the widget's query and says so there.
  }
  return out;
}

/** formatValue writes a number the way a single-value widget shows it. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(a >= 100 ? 1 : 2);
}
