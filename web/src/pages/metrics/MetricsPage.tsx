import { useEffect, useMemo, useState } from 'preact/hooks';
import { aws } from '../../api';
import { LazyTimeSeriesChart } from '../../charts/lazy';
import type { Series, TimeSeriesKind } from '../../charts/types';
import { appendWidget, emptyBody, parseBody, serializeBody } from '../../dashboards/body';
import { metricKey, metricLabel, toQueries, type MetricRef, type MetricRow } from '../../dashboards/metrics';
import { newMetricWidget, PERIODS, STATS } from '../../dashboards/widgets';
import { href, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';
import { TimeRangePicker, type TimeRange } from '../../ui/TimeRangePicker';
import { getMetricData, type SeriesResult } from '../dashboards/data';
import { rangeAt } from '../dashboards/range';
import { cachedMetrics, dimensionSetKey, matches } from './catalog';
import '../dashboards/dashboards.css';
import './metrics.css';

/** MAX_LISTED keeps the browser list quick on accounts with many metrics. */
const MAX_LISTED = 500;

/**
 * MetricsPage browses namespaces, metrics and dimension sets, graphs the
 * chosen metrics and metric math expressions, and adds the graph to a
 * dashboard.
 */
export default function MetricsPage(_: PageProps) {
  const [all, setAll] = useState<MetricRef[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [ns, setNs] = useState('');
  const [dimSet, setDimSet] = useState('');
  const [rows, setRows] = useState<MetricRow[]>([]);
  const [stat, setStat] = useState('Average');
  const [period, setPeriod] = useState(300);
  const [kind, setKind] = useState<TimeSeriesKind>('line');
  const [range, setRange] = useState<TimeRange>({ kind: 'relative', minutes: 180 });
  const [tick, setTick] = useState(0);
  const [adding, setAdding] = useState(false);

  const load = (force = false) => {
    setErr(null);
    cachedMetrics(force).then((r) => {
      setAll(r.metrics);
      setTruncated(r.truncated);
    }, setErr);
  };
  useEffect(() => load(), []);

  const namespaces = useMemo(() => {
    const counts = new Map<string, number>();
    for (const m of all ?? []) if (matches(m, search)) counts.set(m.namespace, (counts.get(m.namespace) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [all, search]);

  const inNs = useMemo(() => (all ?? []).filter((m) => m.namespace === ns && matches(m, search)), [all, ns, search]);
  const dimSets = useMemo(() => {
    const counts = new Map<string, number>();
    for (const m of inNs) counts.set(dimensionSetKey(m), (counts.get(dimensionSetKey(m)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [inNs]);
  const listed = useMemo(
    () =>
      inNs
        .filter((m) => dimensionSetKey(m) === dimSet)
        .sort((a, b) => metricLabel(a).localeCompare(metricLabel(b)))
        .slice(0, MAX_LISTED),
    [inNs, dimSet],
  );

  const selected = new Set(rows.filter((r) => r.kind === 'metric').map((r) => metricKey((r as { metric: MetricRef }).metric)));
  const toggle = (m: MetricRef) => {
    const k = metricKey(m);
    if (selected.has(k)) setRows(rows.filter((r) => r.kind !== 'metric' || metricKey(r.metric) !== k));
    else setRows([...rows, { kind: 'metric', metric: m, options: {} }]);
  };

  return (
    <div class="metrics-page" data-testid="metrics-page">
      <div class="page-header">
        <h1>Metrics</h1>
        <span class="spacer" />
        <Button onClick={() => load(true)} data-testid="metrics-reload">
          Reload list
        </Button>
      </div>
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      <div class="metrics-layout">
        <section class="card metrics-browser" aria-label="Browse metrics">
          <input
            type="search"
            placeholder="Search namespaces, metrics, dimensions"
            aria-label="Search metrics"
            value={search}
            data-testid="metrics-search"
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
          {truncated && <p class="muted small">Only the first part of a very long metric list is shown; narrow it with the search.</p>}
          {all === null ? (
            <Spinner label="Listing metrics" />
          ) : all.length === 0 ? (
            <EmptyState title="No metrics yet">Put metric data with the AWS CLI or an SDK, or log EMF events.</EmptyState>
          ) : (
            <>
              <nav class="breadcrumbs" aria-label="Metric path">
                <button type="button" class="link-btn" onClick={() => { setNs(''); setDimSet(''); }}>
                  All namespaces
                </button>
                {ns && (
                  <>
                    <span aria-hidden="true">/</span>
                    <button type="button" class="link-btn" onClick={() => setDimSet('')}>
                      {ns}
                    </button>
                  </>
                )}
                {dimSet && (
                  <>
                    <span aria-hidden="true">/</span>
                    <span>{dimSet}</span>
                  </>
                )}
              </nav>
              {!ns ? (
                <ul class="browse-list" data-testid="namespace-list">
                  {namespaces.map(([n, c]) => (
                    <li key={n}>
                      <button type="button" class="pick" data-testid="namespace" onClick={() => { setNs(n); setDimSet(''); }}>
                        {n} <span class="muted small">{c}</span>
                      </button>
                    </li>
                  ))}
                  {namespaces.length === 0 && <li class="muted small">No namespace matches.</li>}
                </ul>
              ) : !dimSet ? (
                <ul class="browse-list" data-testid="dimension-set-list">
                  {dimSets.map(([d, c]) => (
                    <li key={d}>
                      <button type="button" class="pick" data-testid="dimension-set" onClick={() => setDimSet(d)}>
                        {d} <span class="muted small">{c}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <ul class="browse-list" data-testid="metric-list">
                  {listed.map((m) => {
                    const k = metricKey(m);
                    return (
                      <li key={k}>
                        <label class="check pick">
                          <input type="checkbox" checked={selected.has(k)} data-testid="metric-check" onChange={() => toggle(m)} />
                          <span>{metricLabel(m)}</span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              )}
            </>
          )}
        </section>
        <section class="card metrics-graph" aria-label="Graph">
          <div class="toolbar">
            <TimeRangePicker value={range} onChange={setRange} />
            <label class="inline-field">
              <span>Statistic</span>
              <select value={stat} data-testid="metrics-stat" onChange={(e) => setStat(e.currentTarget.value)}>
                {STATS.map((s) => (
                  <option value={s}>{s}</option>
                ))}
              </select>
            </label>
            <label class="inline-field">
              <span>Period</span>
              <select value={String(period)} data-testid="metrics-period" onChange={(e) => setPeriod(Number(e.currentTarget.value))}>
                {PERIODS.map((p) => (
                  <option value={String(p.value)}>{p.label}</option>
                ))}
              </select>
            </label>
            <div class="seg" role="group" aria-label="Graph type">
              {(['line', 'stacked', 'bar'] as const).map((k) => (
                <button type="button" class={kind === k ? 'seg-btn on' : 'seg-btn'} aria-pressed={kind === k} onClick={() => setKind(k)} key={k}>
                  {k === 'line' ? 'Line' : k === 'stacked' ? 'Stacked' : 'Bar'}
                </button>
              ))}
            </div>
            <Button onClick={() => setTick(tick + 1)} data-testid="metrics-refresh">
              Refresh
            </Button>
            <span class="spacer grow" />
            <Button variant="primary" disabled={rows.length === 0} onClick={() => setAdding(true)} data-testid="add-to-dashboard">
              Add to dashboard
            </Button>
          </div>
          <Graph rows={rows} stat={stat} period={period} kind={kind} range={range} tick={tick} />
          <RowsTable rows={rows} setRows={setRows} />
        </section>
      </div>
      {adding && <AddToDashboardModal rows={rows} stat={stat} period={period} kind={kind} onClose={() => setAdding(false)} />}
    </div>
  );
}

function Graph({ rows, stat, period, kind, range, tick }: { rows: MetricRow[]; stat: string; period: number; kind: TimeSeriesKind; range: TimeRange; tick: number }) {
  const [results, setResults] = useState<SeriesResult[] | null>(null);
  const [messages, setMessages] = useState<string[]>([]);
  const [err, setErr] = useState<unknown>(null);
  const r = useMemo(() => rangeAt(range, Date.now()), [range, tick]);
  const key = JSON.stringify(rows);
  useEffect(() => {
    if (rows.length === 0) {
      setResults(null);
      return;
    }
    let live = true;
    setErr(null);
    getMetricData(toQueries(rows, { stat, period }), r).then(
      (out) => {
        if (!live) return;
        setResults(out.results);
        setMessages([...out.messages, ...out.results.flatMap((x) => x.messages)]);
      },
      (e) => live && setErr(e),
    );
    return () => {
      live = false;
    };
  }, [key, stat, period, r]);

  if (rows.length === 0) return <EmptyState title="Nothing to graph yet">Pick metrics on the left, or add a math expression below.</EmptyState>;
  const series: Series[] = (results ?? []).map((x) => ({ label: x.label, points: x.points }));
  return (
    <div class="metrics-chart" data-testid="metrics-graph" data-series={series.length} data-points={series.reduce((n, s) => n + s.points.length, 0)}>
      <ErrorBanner error={err} />
      {messages.length > 0 && <div class="widget-note">{messages.slice(0, 3).join(' · ')}</div>}
      {results === null && !err ? <Spinner label="Loading data" /> : <LazyTimeSeriesChart series={series} kind={kind} min={r.start} max={r.end} height={340} />}
    </div>
  );
}

/** RowsTable lists what is graphed: metrics with their own statistic and label, and math expressions. */
function RowsTable({ rows, setRows }: { rows: MetricRow[]; setRows: (r: MetricRow[]) => void }) {
  const ids = toQueries(rows, { stat: 'Average', period: 60 }).map((q) => q.Id);
  const setOpt = (i: number, k: 'label' | 'stat' | 'id', v: string) =>
    setRows(
      rows.map((r, j) => {
        if (j !== i) return r;
        const options = { ...r.options };
        if (v) options[k] = v;
        else delete options[k];
        return { ...r, options } as MetricRow;
      }),
    );
  const nextExpr = () => {
    let n = 1;
    while (ids.includes(`e${n}`)) n++;
    return `e${n}`;
  };
  return (
    <div class="graphed">
      <table class="simple-table" data-testid="graphed-rows">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Metric or expression</th>
            <th scope="col">Label</th>
            <th scope="col">Statistic</th>
            <th scope="col">
              <span class="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="graphed-row">
              <td class="mono">{ids[i]}</td>
              <td>
                {r.kind === 'metric' ? (
                  <span>
                    <span class="muted small">{r.metric.namespace}</span> {metricLabel(r.metric)}
                  </span>
                ) : (
                  <input
                    class="mono expr-input"
                    aria-label={`Expression ${ids[i]}`}
                    value={r.expression}
                    data-testid="expression-input"
                    onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, expression: e.currentTarget.value } : x)) as MetricRow[])}
                  />
                )}
              </td>
              <td>
                <input aria-label={`Label of ${ids[i]}`} value={typeof r.options.label === 'string' ? r.options.label : ''} onChange={(e) => setOpt(i, 'label', e.currentTarget.value)} />
              </td>
              <td>
                {r.kind === 'metric' && (
                  <select aria-label={`Statistic of ${ids[i]}`} value={typeof r.options.stat === 'string' ? r.options.stat : ''} onChange={(e) => setOpt(i, 'stat', e.currentTarget.value)}>
                    <option value="">(graph's)</option>
                    {STATS.map((s) => (
                      <option value={s}>{s}</option>
                    ))}
                  </select>
                )}
              </td>
              <td class="right">
                <button type="button" class="btn btn-ghost btn-small" aria-label={`Remove ${ids[i]}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <Button
          class="btn-small"
          data-testid="add-expression"
          onClick={() => setRows([...rows, { kind: 'expression', expression: rows.length ? 'SUM(METRICS())' : '', options: { id: nextExpr() } }])}
        >
          Add math expression
        </Button>
        <span class="muted small">Expressions name metrics by id, such as m1 * 2 or SUM(METRICS()).</span>
      </div>
    </div>
  );
}

interface DashEntry {
  DashboardName: string;
}

function AddToDashboardModal({ rows, stat, period, kind, onClose }: { rows: MetricRow[]; stat: string; period: number; kind: TimeSeriesKind; onClose: () => void }) {
  const [names, setNames] = useState<string[] | null>(null);
  const [target, setTarget] = useState('');
  const [newName, setNewName] = useState('');
  const [title, setTitle] = useState(rows.length === 1 && rows[0].kind === 'metric' ? rows[0].metric.metricName : '');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const [done, setDone] = useState('');

  useEffect(() => {
    aws<{ DashboardEntries?: DashEntry[] }>('monitoring', 'ListDashboards', {}).then((out) => {
      const list = (out.DashboardEntries ?? []).map((d) => d.DashboardName);
      setNames(list);
      setTarget(list[0] ?? '');
    }, setErr);
  }, []);

  const submit = async () => {
    const name = target || newName.trim();
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      setErr(new Error('A dashboard name has 1 to 255 letters, digits, - and _.'));
      return;
    }
    setBusy(true);
    setErr(null);
    try {
      let body = emptyBody();
      if (target) {
        const out = await aws<{ DashboardBody?: string }>('monitoring', 'GetDashboard', { DashboardName: name });
        body = parseBody(out.DashboardBody ?? '{"widgets":[]}');
      }
      appendWidget(body, newMetricWidget({ title, view: kind === 'bar' ? 'line' : kind, rows, region: 'us-east-1', stat, period }));
      await aws('monitoring', 'PutDashboard', { DashboardName: name, DashboardBody: serializeBody(body) });
      setDone(name);
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title="Add to dashboard"
      onClose={onClose}
      testId="add-to-dashboard-modal"
      footer={
        done ? (
          <>
            <Button onClick={onClose}>Close</Button>
            <a class="btn btn-primary" href={href.dashboard(done)} data-testid="open-dashboard">
              Open {done}
            </a>
          </>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" busy={busy} onClick={submit} data-testid="add-to-dashboard-submit">
              Add
            </Button>
          </>
        )
      }
    >
      <ErrorBanner error={err} />
      {done ? (
        <p role="status" data-testid="add-to-dashboard-done">
          The graph was added to {done}.
        </p>
      ) : (
        <form
          class="widget-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label class="field">
            <span>Dashboard</span>
            <select id="target-dashboard" value={target} onChange={(e) => setTarget(e.currentTarget.value)} disabled={names === null}>
              {(names ?? []).map((n) => (
                <option value={n}>{n}</option>
              ))}
              <option value="">New dashboard…</option>
            </select>
          </label>
          {!target && (
            <label class="field">
              <span>New dashboard name</span>
              <input id="new-dashboard-name" value={newName} onInput={(e) => setNewName(e.currentTarget.value)} />
            </label>
          )}
          <label class="field">
            <span>Widget title</span>
            <input id="widget-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
        </form>
      )}
    </Modal>
  );
}
