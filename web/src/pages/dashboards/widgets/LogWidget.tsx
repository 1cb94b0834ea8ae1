import { useEffect, useState } from 'preact/hooks';
import { LazyCategoryChart, LazyTimeSeriesChart } from '../../../charts/lazy';
import type { JsonObject } from '../../../dashboards/body';
import { parseLogQuery } from '../../../dashboards/logquery';
import { formatCount } from '../../../ui/format';
import { errorText } from '../../../ui/ErrorBanner';
import { Table, type Column } from '../../../ui/Table';
import { visualize } from '../../insights/results';
import { runLogQuery, type LogQueryResult } from '../data';
import type { ViewContext } from './context';

/**
 * LogWidget runs the widget's Logs Insights query over the dashboard's range
 * and shows a table, or a chart of a stats query for the timeSeries, bar and
 * pie views.
 */
export function LogWidget({ properties, ctx }: { properties: JsonObject; ctx: ViewContext }) {
  const q = parseLogQuery(typeof properties.query === 'string' ? properties.query : '');
  const [res, setRes] = useState<LogQueryResult | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    if (q.groups.length === 0) {
      setErr(new Error("The query names no log group: start it with SOURCE 'group name'"));
      return;
    }
    const ac = new AbortController();
    setErr(null);
    setRunning(true);
    runLogQuery(q.groups, q.query || 'fields @timestamp, @message | sort @timestamp desc | limit 20', ctx.range, { ...ctx.aws, signal: ac.signal }, (r) => setRes(r)).then(
      (r) => {
        setRes(r);
        setRunning(false);
      },
      (e) => {
        if (ac.signal.aborted) return;
        setErr(e);
        setRunning(false);
      },
    );
    return () => ac.abort();
  }, [properties.query, ctx.tick, ctx.range.start, ctx.range.end]);

  if (err) return <div class="widget-error" role="alert">{errorText(err)}</div>;
  if (!res) return <div class="widget-loading" aria-busy="true">Running query…</div>;
  const columns: Column<Record<string, string>>[] = res.fields.map((f) => ({ key: f, title: f, text: (row) => row[f] ?? '' }));
  const view = properties.view;
  const chart = view === 'timeSeries' || view === 'bar' || view === 'pie' ? visualize(q.query, res.rows, res.fields) : null;
  let body;
  if (chart?.kind === 'timeseries') {
    body = <LazyTimeSeriesChart series={chart.series} kind={view === 'bar' ? 'bar' : properties.stacked === true ? 'stacked' : 'line'} min={ctx.range.start} max={ctx.range.end} />;
  } else if (chart?.kind === 'category') {
    body = <LazyCategoryChart items={chart.items} kind={view === 'pie' ? 'pie' : 'bar'} />;
  } else {
    body = (
      <Table
        rows={res.rows}
        columns={columns}
        height="100%"
        rowHeight={26}
        testId="log-widget-table"
        label="Query results"
        empty={res.status === 'Complete' ? 'No results in this time range' : res.status}
      />
    );
  }
  return (
    <div class="log-widget" data-testid="log-widget" data-rows={res.rows.length} data-status={res.status} data-view={chart && chart.kind !== 'none' ? 'chart' : 'table'}>
      <div class="log-widget-body">{body}</div>
      <div class="widget-note">
        {running ? 'Running… ' : res.status !== 'Complete' ? `${res.status} · ` : ''}
        {formatCount(res.rows.length)} rows · {formatCount(res.recordsScanned)} records scanned
      </div>
    </div>
  );
}
