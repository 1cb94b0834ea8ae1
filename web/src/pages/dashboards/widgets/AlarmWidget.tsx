import { useEffect, useState } from 'preact/hooks';
import type { JsonObject } from '../../../dashboards/body';
import { alarmName } from '../../../dashboards/logquery';
import { href } from '../../../router';
import { errorText } from '../../../ui/ErrorBanner';
import { formatRelative } from '../../../ui/format';
import { describeAlarms } from '../data';
import { StateBadge } from '../../alarms/StateBadge';
import type { ViewContext } from './context';

interface Row {
  name: string;
  state: string;
  updated?: number;
  reason?: string;
}

/** AlarmWidget lists the states of the widget's alarms. */
export function AlarmWidget({ properties, ctx }: { properties: JsonObject; ctx: ViewContext }) {
  const arns = Array.isArray(properties.alarms) ? properties.alarms.filter((a): a is string => typeof a === 'string') : [];
  const states = Array.isArray(properties.states) ? properties.states.filter((s): s is string => typeof s === 'string') : [];
  const [rows, setRows] = useState<Row[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const key = JSON.stringify([arns, states, properties.sortBy]);

  useEffect(() => {
    let live = true;
    const names = arns.map(alarmName);
    describeAlarms({ AlarmNames: names }, ctx.aws).then(
      ({ metric, composite }) => {
        if (!live) return;
        const found = new Map<string, Row>();
        for (const a of [...metric, ...composite]) {
          found.set(a.AlarmName, { name: a.AlarmName, state: a.StateValue ?? 'INSUFFICIENT_DATA', updated: a.StateUpdatedTimestamp, reason: a.StateReason });
        }
        let out = names.map((n) => found.get(n) ?? { name: n, state: 'MISSING' });
        if (states.length > 0) out = out.filter((r) => states.includes(r.state));
        if (properties.sortBy === 'stateUpdatedTimestamp' || properties.sortBy === 'timestamp') {
          out.sort((a, b) => (b.updated ?? 0) - (a.updated ?? 0));
        } else {
          const rank: Record<string, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
          out.sort((a, b) => (rank[a.state] ?? 3) - (rank[b.state] ?? 3));
        }
        setRows(out);
        setErr(null);
      },
      (e) => live && setErr(e),
    );
    return () => {
      live = false;
    };
  }, [key, ctx.tick]);

  if (err) return <div class="widget-error" role="alert">{errorText(err)}</div>;
  if (!rows) return <div class="widget-loading" aria-busy="true">Loading…</div>;
  return (
    <ul class="alarm-widget" data-testid="alarm-widget">
      {rows.length === 0 && <li class="muted">No alarms in the chosen states</li>}
      {rows.map((r) => (
        <li key={r.name} class="alarm-widget-row" title={r.reason}>
          {r.state === 'MISSING' ? <span class="state-badge state-missing">Not found</span> : <StateBadge state={r.state} />}
          {ctx.readOnly ? <span class="alarm-widget-name">{r.name}</span> : <a class="alarm-widget-name" href={href.alarm(r.name)}>{r.name}</a>}
          {r.updated !== undefined && <span class="muted small">{formatRelative(r.updated * 1000)}</span>}
        </li>
      ))}
    </ul>
  );
}
