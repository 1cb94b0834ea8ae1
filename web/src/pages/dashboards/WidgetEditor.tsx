import { useEffect, useMemo, useState } from 'preact/hooks';
import { aws } from '../../api';
import {
  editableAnnotations,
  writeAnnotations,
  type EditableHorizontal,
  type EditableVertical,
} from '../../dashboards/annotations';
import { cloneBody, GRID_COLUMNS, type Json, type Placed, type Widget } from '../../dashboards/body';
import { alarmName, buildLogQuery, parseLogQuery } from '../../dashboards/logquery';
import { renderMarkdown } from '../../dashboards/markdown';
import { compactRows, expandRows, metricLabel, type MetricRef } from '../../dashboards/metrics';
import { metricView, METRIC_VIEWS, PERIODS, setMetricView, STATS, widgetPeriod, widgetStat, type MetricView } from '../../dashboards/widgets';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Modal } from '../../ui/Modal';
import { describeAlarms } from './data';
import { cachedMetrics, matches } from '../metrics/catalog';
import { blankRow, fromEditRow, RowError, toEditRow, type EditRow } from './rows';

/**
 * WidgetEditor edits a copy of one widget. Only the parts a person touched
 * are written back, so properties the form does not show survive.
 */
export function WidgetEditor({
  widget,
  place,
  isNew,
  onSave,
  onClose,
}: {
  widget: Widget;
  place: Placed;
  isNew: boolean;
  onSave: (w: Widget) => void;
  onClose: () => void;
}) {
  const original = useMemo(() => cloneBody({ widgets: [widget] }).widgets[0], [widget]);
  const p = original.properties;
  const [title, setTitle] = useState(typeof p.title === 'string' ? p.title : '');
  const [layoutForm, setLayoutForm] = useState({ x: String(place.x), y: String(place.y), width: String(place.width), height: String(place.height) });
  const [err, setErr] = useState<unknown>(null);

  // Metric widget state.
  const [view, setView] = useState<MetricView>(metricView(p));
  const [stat, setStat] = useState(widgetStat(p));
  const [period, setPeriod] = useState(widgetPeriod(p));
  const initialRows = useMemo(() => {
    try {
      return expandRows(p.metrics).map(toEditRow);
    } catch {
      return null;
    }
  }, [original]);
  const [rows, setRows] = useState<EditRow[]>(initialRows ?? []);
  const [rowsDirty, setRowsDirty] = useState(false);
  const ann = useMemo(() => editableAnnotations(p.annotations), [original]);
  const [hAnn, setHAnn] = useState<EditableHorizontal[]>(ann.horizontal);
  const [vAnn, setVAnn] = useState<EditableVertical[]>(ann.vertical);
  const [annDirty, setAnnDirty] = useState(false);

  // Log widget state.
  const lq = parseLogQuery(typeof p.query === 'string' ? p.query : '');
  const [groups, setGroups] = useState(lq.groups.join('\n'));
  const [query, setQuery] = useState(lq.query || 'fields @timestamp, @message\n| sort @timestamp desc\n| limit 20');
  const [logView, setLogView] = useState(typeof p.view === 'string' ? p.view : 'table');

  // Text widget state.
  const [markdown, setMarkdown] = useState(typeof p.markdown === 'string' ? p.markdown : '');

  // Alarm widget state.
  const [alarmArns, setAlarmArns] = useState<string[]>(Array.isArray(p.alarms) ? p.alarms.filter((a): a is string => typeof a === 'string') : []);

  const save = () => {
    try {
      const w = cloneBody({ widgets: [original] }).widgets[0];
      const props = w.properties;
      if (title) props.title = title;
      else delete props.title;
      const place = readPlace(layoutForm);
      Object.assign(w, { x: place.x, y: place.y, width: place.width, height: place.height });
      switch (w.type) {
        case 'metric': {
          if (metricView(props) !== view) setMetricView(props, view);
          if (stat !== widgetStat(p) || props.stat !== undefined) props.stat = stat;
          if (period !== widgetPeriod(p) || props.period !== undefined) props.period = period;
          if (typeof props.region !== 'string') props.region = 'us-east-1';
          if (rowsDirty || initialRows === null) {
            const out = rows.map(fromEditRow);
            if (out.length === 0) throw new RowError('Add at least one metric or expression');
            props.metrics = compactRows(out);
          }
          if (annDirty) {
            const a = writeAnnotations(hAnn, vAnn, ann.rest);
            if (a) props.annotations = a;
            else delete props.annotations;
          }
          break;
        }
        case 'log': {
          const list = groups.split(/[\n,]/).map((g) => g.trim()).filter(Boolean);
          if (list.length === 0) throw new Error('Name at least one log group');
          if (!query.trim()) throw new Error('The query is empty');
          props.query = buildLogQuery({ groups: list, query });
          if (typeof props.region !== 'string') props.region = 'us-east-1';
          if ((props.view ?? 'table') !== logView) props.view = logView;
          break;
        }
        case 'text':
          props.markdown = markdown;
          break;
        case 'alarm':
          if (alarmArns.length === 0) throw new Error('Choose at least one alarm');
          props.alarms = alarmArns as Json[];
          break;
      }
      onSave(w);
    } catch (e) {
      setErr(e);
    }
  };

  return (
    <Modal
      open
      title={isNew ? `Add ${typeName(widget)}` : `Edit ${typeName(widget)}`}
      onClose={onClose}
      testId="widget-editor"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={save} data-testid="widget-save">
            {isNew ? 'Add widget' : 'Apply'}
          </Button>
        </>
      }
    >
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      <form
        class="widget-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {widget.type !== 'text' && (
          <label class="field">
            <span>Title</span>
            <input id="widget-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
        )}
        {widget.type === 'metric' && (
          <MetricFields
            view={view}
            setView={setView}
            stat={stat}
            setStat={setStat}
            period={period}
            setPeriod={setPeriod}
            rows={rows}
            setRows={(r) => {
              setRows(r);
              setRowsDirty(true);
            }}
            unreadable={initialRows === null}
            hAnn={hAnn}
            vAnn={vAnn}
            setHAnn={(a) => {
              setHAnn(a);
              setAnnDirty(true);
            }}
            setVAnn={(a) => {
              setVAnn(a);
              setAnnDirty(true);
            }}
            keptAnnotations={ann.rest.horizontal.length + ann.rest.vertical.length}
          />
        )}
        {widget.type === 'log' && (
          <>
            <label class="field">
              <span>Log groups (one per line)</span>
              <textarea id="log-groups" rows={3} value={groups} onInput={(e) => setGroups(e.currentTarget.value)} />
            </label>
            <LogGroupHints onPick={(g) => setGroups((cur) => (cur.trim() ? `${cur.trim()}\n${g}` : g))} />
            <label class="field">
              <span>Show as</span>
              <select id="log-view" value={logView} onChange={(e) => setLogView(e.currentTarget.value)}>
                <option value="table">Table</option>
                <option value="timeSeries">Line (stats … by bin)</option>
                <option value="bar">Bar</option>
                <option value="pie">Pie (stats … by field)</option>
              </select>
            </label>
            <label class="field">
              <span>Logs Insights query</span>
              <textarea id="log-query" class="mono" rows={5} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
            </label>
          </>
        )}
        {widget.type === 'text' && (
          <>
            <label class="field">
              <span>Markdown</span>
              <textarea id="text-markdown" class="mono" rows={8} value={markdown} onInput={(e) => setMarkdown(e.currentTarget.value)} />
            </label>
            <div class="field">
              <span>Preview</span>
              <div class="markdown text-preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(markdown) }} />
            </div>
          </>
        )}
        {widget.type === 'alarm' && <AlarmPicker selected={alarmArns} onChange={setAlarmArns} />}
        <fieldset class="layout-fields">
          <legend>Place on the grid ({GRID_COLUMNS} columns)</legend>
          {(['x', 'y', 'width', 'height'] as const).map((k) => (
            <label class="field small-field" key={k}>
              <span>{k}</span>
              <input
                type="number"
                min={k === 'width' || k === 'height' ? 1 : 0}
                max={k === 'x' ? GRID_COLUMNS - 1 : k === 'width' ? GRID_COLUMNS : undefined}
                value={layoutForm[k]}
                data-testid={`widget-${k}`}
                onInput={(e) => setLayoutForm({ ...layoutForm, [k]: e.currentTarget.value })}
              />
            </label>
          ))}
        </fieldset>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

function readPlace(f: { x: string; y: string; width: string; height: string }): Placed {
  const n = (s: string, name: string, lo: number, hi: number) => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`The ${name} must be a whole number from ${lo} to ${hi}`);
    return v;
  };
  const width = n(f.width, 'width', 1, GRID_COLUMNS);
  const x = n(f.x, 'x position', 0, GRID_COLUMNS - width);
  return { x, y: n(f.y, 'y position', 0, 100000), width, height: n(f.height, 'height', 1, 1000) };
}

function typeName(w: Widget): string {
  switch (w.type) {
    case 'metric':
      return METRIC_VIEWS.find((v) => v.value === metricView(w.properties))?.label.toLowerCase() + ' widget';
    case 'log':
      return 'log table';
    case 'text':
      return 'text widget';
    case 'alarm':
      return 'alarm status widget';
    default:
      return `${w.type} widget`;
  }
}

function MetricFields(props: {
  view: MetricView;
  setView: (v: MetricView) => void;
  stat: string;
  setStat: (s: string) => void;
  period: number;
  setPeriod: (p: number) => void;
  rows: EditRow[];
  setRows: (r: EditRow[]) => void;
  unreadable: boolean;
  hAnn: EditableHorizontal[];
  vAnn: EditableVertical[];
  setHAnn: (a: EditableHorizontal[]) => void;
  setVAnn: (a: EditableVertical[]) => void;
  keptAnnotations: number;
}) {
  const { rows, setRows } = props;
  const update = (i: number, patch: Partial<EditRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      <div class="row">
        <label class="field">
          <span>Graph</span>
          <select id="widget-view" value={props.view} onChange={(e) => props.setView(e.currentTarget.value as MetricView)}>
            {METRIC_VIEWS.map((v) => (
              <option value={v.value}>{v.label}</option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Statistic</span>
          <select id="widget-stat" value={props.stat} onChange={(e) => props.setStat(e.currentTarget.value)}>
            {(STATS.includes(props.stat) ? STATS : [props.stat, ...STATS]).map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Period</span>
          <select id="widget-period" value={String(props.period)} onChange={(e) => props.setPeriod(Number(e.currentTarget.value))}>
            {(PERIODS.some((p) => p.value === props.period) ? PERIODS : [{ value: props.period, label: `${props.period} seconds` }, ...PERIODS]).map((p) => (
              <option value={String(p.value)}>{p.label}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset class="rows-fields" data-testid="metric-rows">
        <legend>Metrics and expressions</legend>
        {props.unreadable && <p class="field-error">The metrics of this widget could not be read; saving replaces them with the rows below.</p>}
        {rows.length === 0 && <p class="muted small">Add a metric from the search below, or write an expression such as SUM(METRICS()).</p>}
        {rows.map((r, i) => (
          <div class="metric-row" key={i} data-testid="metric-row">
            {r.kind === 'metric' ? (
              <>
                <input aria-label={`Metric ${i + 1} namespace`} placeholder="Namespace" value={r.namespace} data-testid="metric-row-namespace" onInput={(e) => update(i, { namespace: e.currentTarget.value })} />
                <input aria-label={`Metric ${i + 1} name`} placeholder="Metric name" value={r.metricName} data-testid="metric-row-name" onInput={(e) => update(i, { metricName: e.currentTarget.value })} />
                <input aria-label={`Metric ${i + 1} dimensions`} placeholder="Name=Value, …" value={r.dimensions} data-testid="metric-row-dimensions" onInput={(e) => update(i, { dimensions: e.currentTarget.value })} />
                <input aria-label={`Metric ${i + 1} statistic`} placeholder="Stat (widget's)" value={r.stat} class="narrow" onInput={(e) => update(i, { stat: e.currentTarget.value })} />
              </>
            ) : (
              <input aria-label={`Expression ${i + 1}`} class="mono grow" placeholder="SUM(METRICS())" value={r.expression} data-testid="metric-row-expression" onInput={(e) => update(i, { expression: e.currentTarget.value })} />
            )}
            <input aria-label={`Row ${i + 1} label`} placeholder="Label" value={r.label} class="narrow" onInput={(e) => update(i, { label: e.currentTarget.value })} />
            <input aria-label={`Row ${i + 1} id`} placeholder="id" value={r.id} class="tiny mono" data-testid="metric-row-id" onInput={(e) => update(i, { id: e.currentTarget.value })} />
            <button type="button" class="btn btn-ghost btn-small" aria-label={`Remove row ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <div class="row">
          <Button class="btn-small" data-testid="add-metric-row" onClick={() => setRows([...rows, blankRow('metric')])}>
            Add metric
          </Button>
          <Button class="btn-small" data-testid="add-expression-row" onClick={() => setRows([...rows, { ...blankRow('expression'), expression: 'SUM(METRICS())', id: nextExprId(rows) }])}>
            Add math expression
          </Button>
        </div>
        <MetricSearch
          onPick={(m) =>
            setRows([
              ...rows,
              { ...blankRow('metric'), namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions.map((d) => `${d.name}=${d.value}`).join(', ') },
            ])
          }
        />
      </fieldset>
      <fieldset class="rows-fields" data-testid="annotations">
        <legend>Annotations</legend>
        {props.keptAnnotations > 0 && <p class="muted small">{props.keptAnnotations} band annotation(s) from the body are kept as they are.</p>}
        {props.hAnn.map((a, i) => (
          <div class="metric-row" key={`h${i}`} data-testid="hann-row">
            <span class="muted small">Horizontal</span>
            <input aria-label={`Horizontal annotation ${i + 1} value`} placeholder="Value" value={a.value} class="narrow" data-testid="hann-value" onInput={(e) => props.setHAnn(props.hAnn.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))} />
            <input aria-label={`Horizontal annotation ${i + 1} label`} placeholder="Label" value={a.label} data-testid="hann-label" onInput={(e) => props.setHAnn(props.hAnn.map((x, j) => (j === i ? { ...x, label: e.currentTarget.value } : x)))} />
            <input aria-label={`Horizontal annotation ${i + 1} colour`} placeholder="#d62728" value={a.color} class="narrow" onInput={(e) => props.setHAnn(props.hAnn.map((x, j) => (j === i ? { ...x, color: e.currentTarget.value } : x)))} />
            <select aria-label={`Horizontal annotation ${i + 1} fill`} value={a.fill} onChange={(e) => props.setHAnn(props.hAnn.map((x, j) => (j === i ? { ...x, fill: e.currentTarget.value as EditableHorizontal['fill'] } : x)))}>
              <option value="">No fill</option>
              <option value="above">Fill above</option>
              <option value="below">Fill below</option>
            </select>
            <button type="button" class="btn btn-ghost btn-small" aria-label={`Remove horizontal annotation ${i + 1}`} onClick={() => props.setHAnn(props.hAnn.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        {props.vAnn.map((a, i) => (
          <div class="metric-row" key={`v${i}`} data-testid="vann-row">
            <span class="muted small">Vertical</span>
            <input aria-label={`Vertical annotation ${i + 1} time`} placeholder="2024-03-01T10:00:00Z" value={a.value} data-testid="vann-value" onInput={(e) => props.setVAnn(props.vAnn.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))} />
            <input aria-label={`Vertical annotation ${i + 1} label`} placeholder="Label" value={a.label} data-testid="vann-label" onInput={(e) => props.setVAnn(props.vAnn.map((x, j) => (j === i ? { ...x, label: e.currentTarget.value } : x)))} />
            <button type="button" class="btn btn-ghost btn-small" aria-label={`Remove vertical annotation ${i + 1}`} onClick={() => props.setVAnn(props.vAnn.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <div class="row">
          <Button class="btn-small" data-testid="add-horizontal-annotation" onClick={() => props.setHAnn([...props.hAnn, { value: '', label: '', color: '', fill: '' }])}>
            Add horizontal annotation
          </Button>
          <Button class="btn-small" data-testid="add-vertical-annotation" onClick={() => props.setVAnn([...props.vAnn, { value: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), label: '' }])}>
            Add vertical annotation
          </Button>
        </div>
      </fieldset>
    </>
  );
}

function nextExprId(rows: EditRow[]): string {
  const used = new Set(rows.map((r) => r.id));
  let n = 1;
  while (used.has(`e${n}`)) n++;
  return `e${n}`;
}

/** MetricSearch finds metrics of the account by any word of their names or dimensions. */
function MetricSearch({ onPick }: { onPick: (m: MetricRef) => void }) {
  const [all, setAll] = useState<MetricRef[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [q, setQ] = useState('');
  useEffect(() => {
    cachedMetrics().then((r) => setAll(r.metrics), setErr);
  }, []);
  const found = useMemo(() => (all && q.trim() ? all.filter((m) => matches(m, q)).slice(0, 20) : []), [all, q]);
  return (
    <div class="metric-search">
      <label class="field">
        <span>Search metrics</span>
        <input type="search" placeholder="Namespace, metric or dimension" value={q} data-testid="metric-search" onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <ErrorBanner error={err} />
      {found.length > 0 && (
        <ul class="pick-list" role="listbox" aria-label="Matching metrics">
          {found.map((m) => (
            <li key={metricLabel(m) + m.namespace}>
              <button type="button" class="pick" data-testid="metric-search-result" onClick={() => onPick(m)}>
                <span class="muted small">{m.namespace}</span> {metricLabel(m)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {all && q.trim() && found.length === 0 && <p class="muted small">No metric matches.</p>}
    </div>
  );
}

/** LogGroupHints offers the account's log groups by prefix. */
function LogGroupHints({ onPick }: { onPick: (g: string) => void }) {
  const [prefix, setPrefix] = useState('');
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const t = setTimeout(() => {
      aws<{ logGroups?: { logGroupName: string }[] }>('logs', 'DescribeLogGroups', { limit: 20, ...(prefix ? { logGroupNamePrefix: prefix } : {}) }).then(
        (out) => setNames((out.logGroups ?? []).map((g) => g.logGroupName)),
        () => setNames([]),
      );
    }, 200);
    return () => clearTimeout(t);
  }, [prefix]);
  return (
    <div class="metric-search">
      <label class="field">
        <span>Find log groups by prefix</span>
        <input type="search" value={prefix} data-testid="widget-log-group-search" onInput={(e) => setPrefix(e.currentTarget.value)} />
      </label>
      {names.length > 0 && (
        <ul class="pick-list" aria-label="Log groups">
          {names.map((g) => (
            <li key={g}>
              <button type="button" class="pick" data-testid="widget-log-group-result" onClick={() => onPick(g)}>
                {g}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** AlarmPicker chooses alarms by name; the body keeps their ARNs. */
function AlarmPicker({ selected, onChange }: { selected: string[]; onChange: (arns: string[]) => void }) {
  const [alarms, setAlarms] = useState<{ name: string; arn: string; state: string }[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => {
    describeAlarms({}).then(
      ({ metric, composite }) => setAlarms([...metric, ...composite].map((a) => ({ name: a.AlarmName, arn: a.AlarmArn ?? '', state: a.StateValue ?? '' })).filter((a) => a.arn)),
      setErr,
    );
  }, []);
  const known = new Set((alarms ?? []).map((a) => a.arn));
  return (
    <fieldset class="rows-fields" data-testid="alarm-picker">
      <legend>Alarms</legend>
      <ErrorBanner error={err} />
      {alarms && alarms.length === 0 && <p class="muted small">This account has no alarms yet.</p>}
      {selected
        .filter((arn) => !known.has(arn))
        .map((arn) => (
          <label class="check" key={arn}>
            <input type="checkbox" checked onChange={() => onChange(selected.filter((a) => a !== arn))} /> {alarmName(arn)} <span class="muted small">(not found)</span>
          </label>
        ))}
      {(alarms ?? []).map((a) => (
        <label class="check" key={a.arn}>
          <input
            type="checkbox"
            data-testid="alarm-pick"
            checked={selected.includes(a.arn)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...selected, a.arn] : selected.filter((x) => x !== a.arn))}
          />{' '}
          {a.name} <span class="muted small">{a.state}</span>
        </label>
      ))}
    </fieldset>
  );
}
