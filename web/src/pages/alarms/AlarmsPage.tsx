import { useEffect, useMemo, useState } from 'preact/hooks';
import { href, navigate, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatRelative } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { describeAlarms, type CompositeAlarm, type MetricAlarm } from '../dashboards/data';
import { conditionText } from './condition';
import { StateBadge } from './StateBadge';
import '../dashboards/dashboards.css';
import './alarms.css';

const STATES = ['ALARM', 'INSUFFICIENT_DATA', 'OK'] as const;
const STATE_LABEL: Record<string, string> = { ALARM: 'In alarm', INSUFFICIENT_DATA: 'Insufficient data', OK: 'OK' };

interface Row {
  name: string;
  state: string;
  type: 'Metric' | 'Composite';
  condition: string;
  updated?: number;
}

function toRows(metric: MetricAlarm[], composite: CompositeAlarm[]): Row[] {
  return [
    ...metric.map((a) => ({ name: a.AlarmName, state: a.StateValue ?? 'INSUFFICIENT_DATA', type: 'Metric' as const, condition: conditionText(a), updated: a.StateUpdatedTimestamp })),
    ...composite.map((a) => ({ name: a.AlarmName, state: a.StateValue ?? 'INSUFFICIENT_DATA', type: 'Composite' as const, condition: a.AlarmRule ?? '', updated: a.StateUpdatedTimestamp })),
  ];
}

/** AlarmsPage lists alarms with counts by state, a state filter and a search. */
export default function AlarmsPage({ params }: PageProps) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [search, setSearch] = useState(params.search ?? '');
  const state = params.state && (STATES as readonly string[]).includes(params.state) ? params.state : '';

  const load = () => {
    setErr(null);
    describeAlarms({}).then(({ metric, composite }) => setRows(toRows(metric, composite)), setErr);
  };
  useEffect(load, []);

  const counts = useMemo(() => {
    const c: Record<string, number> = { ALARM: 0, INSUFFICIENT_DATA: 0, OK: 0 };
    for (const r of rows ?? []) c[r.state] = (c[r.state] ?? 0) + 1;
    return c;
  }, [rows]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    const rank: Record<string, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
    return (rows ?? [])
      .filter((r) => (!state || r.state === state) && (!q || r.name.toLowerCase().includes(q) || r.condition.toLowerCase().includes(q)))
      .sort((a, b) => (rank[a.state] ?? 3) - (rank[b.state] ?? 3) || a.name.localeCompare(b.name));
  }, [rows, state, search]);

  const setState = (s: string) => navigate(`#/alarms${s ? `?state=${s}` : ''}`);

  return (
    <div data-testid="alarms-page">
      <div class="page-header">
        <h1>Alarms</h1>
        <span class="spacer" />
        <Button onClick={load} data-testid="alarms-refresh">
          Refresh
        </Button>
      </div>
      <div class="state-counts" role="group" aria-label="Filter by state">
        <button type="button" class={`state-count${state === '' ? ' on' : ''}`} aria-pressed={state === ''} onClick={() => setState('')} data-testid="state-filter-all">
          <span class="state-count-n">{rows ? rows.length : '–'}</span>
          <span>All</span>
        </button>
        {STATES.map((s) => (
          <button
            type="button"
            key={s}
            class={`state-count state-count-${s.toLowerCase()}${state === s ? ' on' : ''}`}
            aria-pressed={state === s}
            onClick={() => setState(state === s ? '' : s)}
            data-testid={`state-count-${s}`}
            data-count={rows ? counts[s] : undefined}
          >
            <span class="state-count-n">{rows ? counts[s] : '–'}</span>
            <span>{STATE_LABEL[s]}</span>
          </button>
        ))}
      </div>
      <div class="toolbar">
        <input type="search" placeholder="Search alarms" aria-label="Search alarms" value={search} data-testid="alarm-search" onInput={(e) => setSearch(e.currentTarget.value)} />
      </div>
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      {rows === null ? (
        <Spinner label="Loading alarms" />
      ) : shown.length === 0 ? (
        <EmptyState title={rows.length === 0 ? 'No alarms yet' : 'No alarm matches'}>
          {rows.length === 0 && <p>Create alarms with PutMetricAlarm from the AWS CLI or an SDK.</p>}
        </EmptyState>
      ) : (
        <table class="simple-table" data-testid="alarm-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Last state update</th>
              <th scope="col">Conditions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.name} data-testid="alarm-row" data-state={r.state}>
                <td>
                  <a href={href.alarm(r.name)} data-testid="alarm-link">
                    {r.name}
                  </a>
                  {r.type === 'Composite' && <span class="tag">composite</span>}
                </td>
                <td>
                  <StateBadge state={r.state} />
                </td>
                <td title={r.updated ? new Date(r.updated * 1000).toISOString() : ''}>{r.updated ? formatRelative(r.updated * 1000) : '—'}</td>
                <td class="condition">{r.condition}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
