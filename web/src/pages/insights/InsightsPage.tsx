import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { aws, AwsError } from '../../api';
import type { CategoryKind, TimeSeriesKind } from '../../charts/types';
import { href, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatBytes, formatCount } from '../../ui/format';
import { GroupPicker } from '../../ui/GroupPicker';
import { JsonView, parseJsonObject } from '../../ui/JsonView';
import { Table, type Column } from '../../ui/Table';
import { rangeFromString, resolveRange, TimeRangePicker, type TimeRange } from '../../ui/TimeRangePicker';
import type { QueryEditor } from './editor';
import { loadHistory, remember, type HistoryEntry } from './history';
import { download, queryLimit, toCSV, toJSON, toRecords, visualize, type Record_, type ResultField } from './results';
import { SavedQueries, type QueryDefinition } from './SavedQueries';
import { byteOffsetToIndex, discoverFields } from './vocab';
import { Visualization } from './Visualization';

const defaultQuery = 'fields @timestamp, @message, @logStream\n| sort @timestamp desc\n| limit 100';
const terminal = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);

interface Stats {
  recordsMatched?: number;
  recordsScanned?: number;
  bytesScanned?: number;
}

interface ResultsOut {
  status: string;
  results?: ResultField[][];
  statistics?: Stats;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Logs Insights: edit, run and stop queries; table, chart, saved queries, history, export. */
export default function InsightsPage({ params }: PageProps) {
  const [groups, setGroups] = useState<string[]>(() => (params.group ? params.group.split(',').filter(Boolean) : []));
  const [range, setRange] = useState<TimeRange>(() => rangeFromString(params.range, { kind: 'relative', minutes: 60 }));
  const [text, setText] = useState(() => params.query ?? loadHistory()[0]?.query ?? defaultQuery);
  const [editorErr, setEditorErr] = useState<unknown>(null);
  const [queryErr, setQueryErr] = useState('');
  const [err, setErr] = useState<unknown>(null);
  const [queryId, setQueryId] = useState('');
  const [status, setStatus] = useState('');
  const [stats, setStats] = useState<Stats>({});
  const [records, setRecords] = useState<Record_[]>([]);
  const [columns, setColumns] = useState<string[]>([]);
  const [ranQuery, setRanQuery] = useState('');
  const [ranRange, setRanRange] = useState({ start: 0, end: 0 });
  const [startedAt, setStartedAt] = useState(0);
  const [elapsed, setElapsed] = useState(0);
  const [tab, setTab] = useState<'logs' | 'viz'>('logs');
  const [tsKind, setTsKind] = useState<TimeSeriesKind>('line');
  const [catKind, setCatKind] = useState<CategoryKind>('bar');
  const [metric, setMetric] = useState('');
  const [selected, setSelected] = useState(-1);
  const [history, setHistory] = useState<HistoryEntry[]>(loadHistory);
  const [definition, setDefinition] = useState<QueryDefinition | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const editorHost = useRef<HTMLDivElement>(null);
  const editor = useRef<QueryEditor | null>(null);
  const fieldsRef = useRef<string[]>([]);
  const runRef = useRef<() => void>(() => {});
  const gen = useRef(0);
  const startedAtRef = useRef(0);
  startedAtRef.current = startedAt;
  const running = !!queryId && !terminal.has(status);

  // A link to another query (from an alarm, a log group) lands on this page
  // while it is open: take over what the link names.
  const firstParams = useRef(true);
  useEffect(() => {
    if (firstParams.current) {
      firstParams.current = false;
      return;
    }
    if (params.group !== undefined) setGroups(params.group.split(',').filter(Boolean));
    if (params.range !== undefined) setRange(rangeFromString(params.range, { kind: 'relative', minutes: 60 }));
    if (params.query !== undefined) {
      editor.current?.setText(params.query);
      setText(params.query);
    }
  }, [params.group, params.range, params.query]);

  // The editor chunk loads after the page renders, keeping CodeMirror out of the first load.
  useEffect(() => {
    let live = true;
    import('./editor').then(
      (m) => {
        if (!live || !editorHost.current) return;
        editor.current = m.createQueryEditor(editorHost.current, {
          doc: text,
          onChange: (t) => {
            setText(t);
            setQueryErr('');
          },
          onRun: () => runRef.current(),
          fields: () => fieldsRef.current,
        });
      },
      (e) => live && setEditorErr(e),
    );
    return () => {
      live = false;
      editor.current?.destroy();
      editor.current = null;
      gen.current++;
    };
  }, []);

  // Fields for completion come from a sample of recent events of the selected groups.
  useEffect(() => {
    if (!groups.length) return;
    let live = true;
    const t = setTimeout(async () => {
      const messages: string[] = [];
      await Promise.all(
        groups.slice(0, 5).map(async (g) => {
          try {
            const out = await aws<{ events?: { message: string }[] }>('logs', 'FilterLogEvents', {
              logGroupName: g,
              startTime: Date.now() - 7 * 86400_000,
              limit: 100,
            });
            for (const e of out.events ?? []) messages.push(e.message);
          } catch {
            // Completion of discovered fields is a nicety; the query still runs without it.
          }
        }),
      );
      if (!live) return;
      const f = discoverFields(messages);
      fieldsRef.current = f;
      setFields(f);
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [groups.join('\n')]);

  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setElapsed(Date.now() - startedAt), 250);
    return () => clearInterval(t);
  }, [running, startedAt]);

  const run = async () => {
    if (running) return;
    const q = (editor.current?.getText() ?? text).trim();
    setErr(null);
    setQueryErr('');
    editor.current?.clearErrors();
    if (!q) {
      setQueryErr('Enter a query');
      return;
    }
    if (!groups.length) {
      setErr(new Error('Select at least one log group'));
      return;
    }
    const my = ++gen.current;
    const span = resolveRange(range);
    let id: string;
    try {
      const out = await aws<{ queryId: string }>('logs', 'StartQuery', {
        logGroupNames: groups,
        startTime: Math.floor(span.start / 1000),
        endTime: Math.ceil(span.end / 1000),
        queryString: q,
        limit: queryLimit(q),
      });
      id = out.queryId;
    } catch (e) {
      if (my !== gen.current) return;
      if (e instanceof AwsError && e.type === 'MalformedQueryException') {
        showCompileError(q, e);
      } else if (e instanceof AwsError && e.status === 400) {
        setQueryErr(e.message);
      } else {
        setErr(e);
      }
      return;
    }
    setHistory(remember(q, groups));
    setRanQuery(q);
    setRanRange(span);
    setQueryId(id);
    setStatus('Scheduled');
    setStats({});
    setRecords([]);
    setColumns([]);
    setSelected(-1);
    setStartedAt(Date.now());
    setElapsed(0);
    await poll(id, my);
  };
  runRef.current = run;

  const showCompileError = (q: string, e: AwsError) => {
    const ce = e.body.queryCompileError as { location?: { startCharOffset?: number; endCharOffset?: number }; message?: string } | undefined;
    setQueryErr(e.message);
    const loc = ce?.location;
    if (loc && typeof loc.startCharOffset === 'number') {
      // Offsets count bytes of the query as sent, which was trimmed.
      const full = editor.current?.getText() ?? q;
      const lead = full.length - full.trimStart().length;
      const from = lead + byteOffsetToIndex(q, loc.startCharOffset);
      const to = lead + byteOffsetToIndex(q, loc.endCharOffset ?? loc.startCharOffset);
      editor.current?.showError(from, to, ce?.message ?? e.message);
    }
  };

  const poll = async (id: string, my: number) => {
    let wait = 300;
    let lastLen = -1;
    for (;;) {
      await sleep(wait);
      wait = Math.min(1000, wait + 200);
      if (my !== gen.current) return;
      let out: ResultsOut;
      try {
        out = await aws<ResultsOut>('logs', 'GetQueryResults', { queryId: id });
      } catch (e) {
        if (my !== gen.current) return;
        setErr(e);
        setStatus('Failed');
        return;
      }
      if (my !== gen.current) return;
      setStatus(out.status);
      setStats(out.statistics ?? {});
      const results = out.results ?? [];
      const done = terminal.has(out.status);
      // Converting 100,000 rows on every poll would stall the page; convert when something changed.
      if (results.length !== lastLen || done) {
        lastLen = results.length;
        const { records: r, columns: c } = toRecords(results);
        setRecords(r);
        setColumns(c);
      }
      if (done) {
        setElapsed(Date.now() - startedAtRef.current);
        return;
      }
    }
  };

  const stop = async () => {
    if (!queryId) return;
    try {
      await aws('logs', 'StopQuery', { queryId });
    } catch (e) {
      // A query that finished in the meantime cannot be stopped; that is fine.
      if (!(e instanceof AwsError && e.type === 'InvalidParameterException')) setErr(e);
    }
  };

  const load = (q: string, g: string[], def: QueryDefinition | null) => {
    editor.current?.setText(q);
    setText(q);
    if (g.length) setGroups(g);
    setDefinition(def);
    editor.current?.focus();
  };

  const viz = useMemo(() => visualize(ranQuery, records, columns, metric), [ranQuery, records, columns, metric]);

  // A finished query opens on its chart when it has one, else on its rows.
  useEffect(() => {
    if (terminal.has(status)) setTab(viz.kind === 'none' ? 'logs' : 'viz');
  }, [status]);

  const tableColumns: Column<Record_>[] = columns.map((c) => ({
    key: c,
    title: c,
    width: c === '@timestamp' ? '200px' : c === '@message' ? 'minmax(300px, 4fr)' : 'minmax(120px, 1fr)',
    text: (r) => r[c] ?? '',
  }));
  const sel = selected >= 0 ? records[selected] : undefined;

  return (
    <section
      data-testid="insights-page"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !(e.target as HTMLElement).closest('.cm-editor')) {
          e.preventDefault();
          run();
        }
      }}
    >
      <div class="page-header">
        <h1>Logs Insights</h1>
        <span class="spacer" />
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      <div class="insights-layout">
        <div class="stack" style={{ minWidth: 0 }}>
          <div class="card stack">
            <GroupPicker value={groups} onChange={setGroups} testId="insights-groups" />
            <div class="editor-box" ref={editorHost} data-testid="query-editor" />
            {editorErr && <ErrorBanner error={editorErr} />}
            {queryErr && (
              <div class="field-error" role="alert" data-testid="query-error">
                {queryErr}
              </div>
            )}
            <div class="row">
              {running ? (
                <Button variant="danger" onClick={stop} data-testid="stop-query">
                  Stop
                </Button>
              ) : (
                <Button variant="primary" onClick={run} data-testid="run-query" title="Run (Ctrl+Enter)">
                  Run query
                </Button>
              )}
              <span class="muted small">Ctrl+Enter runs · Ctrl+Space completes{fields.length ? ` · ${fields.length} fields discovered` : ''}</span>
              <span class="spacer grow" />
              <Button class="btn-small" disabled={!records.length} onClick={() => download('insights-results.csv', 'text/csv', toCSV(records, columns))} data-testid="export-csv">
                Export CSV
              </Button>
              <Button class="btn-small" disabled={!records.length} onClick={() => download('insights-results.json', 'application/json', toJSON(records, columns))} data-testid="export-json">
                Export JSON
              </Button>
            </div>
          </div>
          <ErrorBanner error={err} onDismiss={() => setErr(null)} />
          {queryId && (
            <div class="progress" data-testid="query-progress" data-query-id={queryId} data-status={status} aria-live="polite">
              <span data-testid="query-status">
                {running && <span class="spinner spinner-inline" aria-hidden="true" />} {status}
              </span>
              <span>{formatCount(records.length)} rows</span>
              <span>{formatCount(stats.recordsMatched)} records matched</span>
              <span data-testid="records-scanned">{formatCount(stats.recordsScanned)} records scanned</span>
              <span data-testid="bytes-scanned">{formatBytes(stats.bytesScanned)} scanned</span>
              <span>{(elapsed / 1000).toFixed(1)} s</span>
            </div>
          )}
          <div class="tabs" role="tablist" aria-label="Results view">
            <button type="button" role="tab" class="tab" aria-selected={tab === 'logs'} onClick={() => setTab('logs')} data-testid="tab-logs">
              Logs ({formatCount(records.length)})
            </button>
            <button type="button" role="tab" class="tab" aria-selected={tab === 'viz'} onClick={() => setTab('viz')} data-testid="tab-visualization">
              Visualization
            </button>
          </div>
          {tab === 'logs' ? (
            <div role="tabpanel">
              <Table
                rows={records}
                columns={tableColumns}
                rowHeight={28}
                height="50vh"
                testId="insights-results"
                label="Query results"
                selectedIndex={selected}
                onRowClick={(_, i) => setSelected(i === selected ? -1 : i)}
                empty={queryId ? (running ? 'Waiting for results…' : 'No results') : 'Run a query to see results'}
              />
              {sel && <RecordDetail record={sel} />}
            </div>
          ) : (
            <div role="tabpanel">
              <Visualization viz={viz} tsKind={tsKind} onTsKind={setTsKind} catKind={catKind} onCatKind={setCatKind} onMetric={setMetric} range={ranRange} />
            </div>
          )}
        </div>
        <SavedQueries history={history} onHistory={setHistory} current={definition} onLoad={load} query={text} groups={groups} onSaved={setDefinition} />
      </div>
    </section>
  );
}

function RecordDetail({ record }: { record: Record_ }) {
  const entries = Object.entries(record).filter(([k]) => k !== '@ptr');
  return (
    <div class="card detail" data-testid="record-detail">
      <table class="kv">
        <tbody>
          {entries.map(([k, v]) => {
            const json = k === '@message' ? parseJsonObject(v) : undefined;
            return (
              <tr>
                <th scope="row">{k}</th>
                <td>{json ? <JsonView value={json} /> : <pre>{v}</pre>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {record['@log'] && record['@logStream'] && (
        <a href={href.logStream(record['@log'].replace(/^\d{12}:/, ''), record['@logStream'])}>Open the stream</a>
      )}
    </div>
  );
}

