import { useEffect, useMemo, useState } from 'preact/hooks';
import { aws } from '../../api';
import { LazyTimeSeriesChart } from '../../charts/lazy';
import type { Annotations, Series } from '../../charts/types';
import { href, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { TimeRangePicker, type TimeRange } from '../../ui/TimeRangePicker';
import { alarmQueries, describeAlarms, fillFor, getMetricData, type CompositeAlarm, type MetricAlarm, type SeriesResult } from '../dashboards/data';
import { rangeAt } from '../dashboards/range';
import { conditionText } from './condition';
import { insightsParams, latestEvidence, stateChanges, timeline, type Evidence, type HistoryItem } from './evidence';
import { StateBadge } from './StateBadge';
import '../dashboards/dashboards.css';
import './alarms.css';

/** AlarmPage shows one alarm: its graph with the threshold, its state over time and the evidence of its last notification. */
export default function AlarmPage({ params }: PageProps) {
  const name = params.name;
  const [alarm, setAlarm] = useState<{ metric?: MetricAlarm; composite?: CompositeAlarm } | null>(null);
  const [history, setHistory] = useState<HistoryItem[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [range, setRange] = useState<TimeRange>({ kind: 'relative', minutes: 180 });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!name) return;
    let live = true;
    setErr(null);
    describeAlarms({ AlarmNames: [name] }).then(
      ({ metric, composite }) => live && setAlarm({ metric: metric[0], composite: composite[0] }),
      (e) => live && setErr(e),
    );
    loadHistory(name).then(
      (h) => live && setHistory(h),
      (e) => live && setErr(e),
    );
    return () => {
      live = false;
    };
  }, [name, tick]);

  const r = useMemo(() => rangeAt(range, Date.now()), [range, tick]);

  if (err) {
    return (
      <div>
        <Crumbs name={name} />
        <ErrorBanner error={err} />
      </div>
    );
  }
  if (!alarm || !history) return <Spinner label="Loading alarm" />;
  const a = alarm.metric ?? alarm.composite;
  if (!a) {
    return (
      <div data-testid="alarm-missing">
        <Crumbs name={name} />
        <ErrorBanner error={new Error(`Alarm ${name} does not exist.`)} />
      </div>
    );
  }
  const changes = stateChanges(history);
  const ev = latestEvidence(history);
  return (
    <div class="alarm-detail" data-testid="alarm-page" data-alarm={name}>
      <div>
        <Crumbs name={name} />
        <div class="page-header">
          <h1 data-testid="alarm-name">{name}</h1>
          <StateBadge state={a.StateValue ?? 'INSUFFICIENT_DATA'} />
          <span class="spacer" />
          <TimeRangePicker value={range} onChange={setRange} />
          <Button onClick={() => setTick(tick + 1)} data-testid="alarm-refresh">
            Refresh
          </Button>
        </div>
      </div>
      <section class="card" aria-label="Details">
        <dl class="alarm-facts">
          {a.AlarmDescription && (
            <>
              <dt>Description</dt>
              <dd>{a.AlarmDescription}</dd>
            </>
          )}
          <dt>State reason</dt>
          <dd data-testid="alarm-reason">{a.StateReason ?? '—'}</dd>
          <dt>Last state update</dt>
          <dd>{a.StateUpdatedTimestamp ? formatTime(a.StateUpdatedTimestamp * 1000) : '—'}</dd>
          {alarm.metric ? (
            <>
              <dt>Condition</dt>
              <dd>{conditionText(alarm.metric)}</dd>
              {alarm.metric.Namespace && (
                <>
                  <dt>Metric</dt>
                  <dd>
                    {alarm.metric.Namespace} · {alarm.metric.MetricName}
                    {(alarm.metric.Dimensions ?? []).map((d) => ` · ${d.Name}=${d.Value}`).join('')}
                  </dd>
                </>
              )}
              <dt>Missing data</dt>
              <dd>{alarm.metric.TreatMissingData ?? 'missing'}</dd>
              <dt>Actions</dt>
              <dd>{[...(alarm.metric.AlarmActions ?? [])].join(', ') || 'none'}</dd>
            </>
          ) : (
            <>
              <dt>Rule</dt>
              <dd class="mono">{alarm.composite?.AlarmRule}</dd>
            </>
          )}
        </dl>
      </section>
      {alarm.metric && <AlarmGraph alarm={alarm.metric} range={r} />}
      <section class="card" aria-label="State history" data-testid="alarm-timeline">
        <h2>State over the time range</h2>
        <Timeline changes={changes} start={r.start} end={r.end} current={a.StateValue ?? 'INSUFFICIENT_DATA'} />
        <ul class="history-list" data-testid="alarm-history">
          {changes.length === 0 && <li class="muted">No state changes recorded.</li>}
          {changes.map((c) => (
            <li key={c.t}>
              <span class="muted small nowrap">{formatTime(c.t)}</span>
              <StateBadge state={c.to || 'INSUFFICIENT_DATA'} />
              <span class="small">{c.summary}</span>
            </li>
          ))}
        </ul>
      </section>
      <EvidenceCard ev={ev} />
    </div>
  );
}

async function loadHistory(name: string): Promise<HistoryItem[]> {
  const out: HistoryItem[] = [];
  let token: string | undefined;
  for (let page = 0; page < 5; page++) {
    const r = await aws<{ AlarmHistoryItems?: HistoryItem[]; NextToken?: string }>('monitoring', 'DescribeAlarmHistory', {
      AlarmName: name,
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      MaxRecords: 100,
      ScanBy: 'TimestampDescending',
      ...(token ? { NextToken: token } : {}),
    });
    out.push(...(r.AlarmHistoryItems ?? []));
    token = r.NextToken;
    if (!token) break;
  }
  return out;
}

function Crumbs({ name }: { name: string }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumbs">
      <a href={href.alarms()}>Alarms</a>
      <span aria-hidden="true">/</span>
      <span>{name}</span>
    </nav>
  );
}

/** AlarmGraph draws what the alarm watches with its threshold line, or its anomaly band as a shaded range. */
function AlarmGraph({ alarm, range }: { alarm: MetricAlarm; range: { start: number; end: number } }) {
  const [results, setResults] = useState<SeriesResult[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const queries = alarmQueries(alarm);
    if (queries.length === 0) {
      setResults([]);
      return;
    }
    getMetricData(queries, range).then(
      (out) => live && setResults(out.results),
      (e) => live && setErr(e),
    );
    return () => {
      live = false;
    };
  }, [alarm, range.start, range.end]);

  const band = alarm.ThresholdMetricId;
  const series: Series[] = [];
  for (const res of results ?? []) if (res.id !== band) series.push({ label: res.label, points: res.points });
  const bandSeries = (results ?? []).filter((res) => band && res.id === band);
  bandSeries.forEach((res, i) => series.push({ label: res.label, points: res.points, color: '#7f7f7f', fillToPrevious: i > 0 }));
  const annotations: Annotations = {};
  if (!band && typeof alarm.Threshold === 'number') {
    annotations.horizontal = [{ value: alarm.Threshold, label: `Threshold ${alarm.Threshold}`, fill: fillFor(alarm.ComparisonOperator), color: '#d62728' }];
  }
  if (alarm.StateUpdatedTimestamp && alarm.StateUpdatedTimestamp * 1000 >= range.start) {
    annotations.vertical = [{ t: alarm.StateUpdatedTimestamp * 1000, label: alarm.StateValue }];
  }
  return (
    <section class="card" aria-label="Graph" data-testid="alarm-graph" data-series={series.length}>
      <h2>{alarm.MetricName ?? 'Metrics'}</h2>
      <ErrorBanner error={err} />
      {results === null && !err ? (
        <Spinner label="Loading data" />
      ) : (
        <LazyTimeSeriesChart series={series} kind="line" annotations={annotations} min={range.start} max={range.end} height={300} />
      )}
    </section>
  );
}

function Timeline({ changes, start, end, current }: { changes: ReturnType<typeof stateChanges>; start: number; end: number; current: string }) {
  const segs = timeline(changes, start, end, current);
  const span = end - start || 1;
  return (
    <div>
      <div class="timeline-bar" role="img" aria-label={`State from ${formatTime(start)} to ${formatTime(end)}: ${segs.map((s) => s.state).join(', then ')}`}>
        {segs.map((s) => (
          <div
            key={s.start}
            class={`timeline-seg ${s.state === 'ALARM' ? 'state-alarm' : s.state === 'OK' ? 'state-ok' : 'state-insufficient'}`}
            style={{ width: `${((s.end - s.start) / span) * 100}%` }}
            title={`${s.state} ${formatTime(s.start)} – ${formatTime(s.end)}`}
          />
        ))}
      </div>
      <div class="timeline-axis">
        <span>{formatTime(start)}</span>
        <span>{formatTime(end)}</span>
      </div>
    </div>
  );
}

function EvidenceCard({ ev }: { ev: { item: HistoryItem; evidence: Evidence } | null }) {
  if (!ev) {
    return (
      <section class="card" aria-label="Evidence" data-testid="alarm-evidence-none">
        <h2>Evidence of the last notification</h2>
        <p class="muted">No notification with matching log lines has been sent for this alarm.</p>
      </section>
    );
  }
  const { evidence, item } = ev;
  const q = evidence.insightsQuery;
  return (
    <section class="card" aria-label="Evidence" data-testid="alarm-evidence">
      <h2>Evidence of the last notification</h2>
      <p class="muted small">
        {item.Timestamp ? formatTime(item.Timestamp * 1000) : ''} · {item.HistorySummary}
      </p>
      {evidence.filters.length > 0 && (
        <p class="small">
          Matched by{' '}
          {evidence.filters.map((f, i) => (
            <span key={i}>
              {i > 0 && ', '}
              <code>{f.filterPattern || '(all events)'}</code> in <a href={href.logGroup(f.logGroupName)}>{f.logGroupName}</a>
            </span>
          ))}
        </p>
      )}
      {evidence.error && <p class="field-error">{evidence.error}</p>}
      {evidence.logEvents.length === 0 ? (
        <p class="muted">The notification carried no log lines.</p>
      ) : (
        <ul class="evidence-events" data-testid="evidence-events">
          {evidence.logEvents.map((e, i) => (
            <li key={i} data-testid="evidence-event">
              <span class="muted">
                {formatTime(e.timestamp)}
                <br />
                <a href={href.logStream(e.logGroupName, e.logStreamName)}>{e.logStreamName}</a>
              </span>
              <span class="msg">{e.message}</span>
            </li>
          ))}
        </ul>
      )}
      {evidence.truncated && <p class="muted small">More events matched than the notification lists.</p>}
      {q && q.queryString && (
        <div data-testid="evidence-query">
          <h3>Logs Insights query</h3>
          <pre class="evidence-query">{q.queryString}</pre>
          {q.note && <p class="muted small">{q.note}</p>}
          <a class="btn" href={href.insights(insightsParams(q))} data-testid="run-in-insights">
            Run in Insights
          </a>
        </div>
      )}
    </section>
  );
}
