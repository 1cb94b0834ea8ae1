import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { aws, AwsError } from '../../api';
import { cloneBody, freeSpot, layout, parseBody, serializeBody, setPlacement, type DashboardBody, type Placed, type Widget } from '../../dashboards/body';
import { newAlarmWidget, newLogWidget, newMetricWidget, newTextWidget, type MetricView } from '../../dashboards/widgets';
import { href, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';
import type { TimeRange } from '../../ui/TimeRangePicker';
import { DashboardView } from './DashboardView';
import type { GridItem } from './Grid';
import { bodyRange, sameRange, setBodyRange } from './range';
import { ShareModal } from './ShareModal';
import { WidgetEditor } from './WidgetEditor';

let nextId = 0;
const newId = () => `w${++nextId}`;

interface Loaded {
  body: DashboardBody;
  items: GridItem[];
}

function toLoaded(body: DashboardBody): Loaded {
  return { body, items: body.widgets.map((widget) => ({ id: newId(), widget })) };
}

/** bodyOf puts the grid's widgets back into the body, keeping its other members and their order. */
function bodyOf(l: Loaded): DashboardBody {
  return { ...l.body, widgets: l.items.map((i) => i.widget) };
}

interface ValidationMessage {
  DataPath?: string;
  Message?: string;
}

/** DashboardPage shows one dashboard and edits it: grid layout, widgets, time range; Save calls PutDashboard. */
export default function DashboardPage({ params }: PageProps) {
  const name = params.name;
  const [saved, setSaved] = useState<DashboardBody | null>(null);
  const [state, setState] = useState<Loaded | null>(null);
  const [loadErr, setLoadErr] = useState<unknown>(null);
  const [range, setRange] = useState<TimeRange>({ kind: 'relative', minutes: 180 });
  const [editing, setEditing] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveErr, setSaveErr] = useState<unknown>(null);
  const [messages, setMessages] = useState<ValidationMessage[]>([]);
  const [status, setStatus] = useState('');
  const [editor, setEditor] = useState<{ id: string | null; widget: Widget; place: Placed } | null>(null);
  const [adding, setAdding] = useState(false);
  const [sharing, setSharing] = useState(false);
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    // The router may render the page once more with the next page's
    // parameters before it is replaced.
    if (!name) return;
    let live = true;
    setState(null);
    setLoadErr(null);
    aws<{ DashboardBody?: string }>('monitoring', 'GetDashboard', { DashboardName: name }).then(
      (out) => {
        if (!live) return;
        try {
          const body = parseBody(out.DashboardBody ?? '{"widgets":[]}');
          setSaved(body);
          setState(toLoaded(cloneBody(body)));
          setRange(bodyRange(body));
        } catch (e) {
          setLoadErr(e);
        }
      },
      (e) => live && setLoadErr(e),
    );
    return () => {
      live = false;
    };
  }, [name]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const aws0 = useMemo(() => ({}), []);

  if (loadErr) {
    const missing = loadErr instanceof AwsError && (loadErr.type === 'DashboardNotFoundError' || loadErr.type === 'ResourceNotFound' || loadErr.status === 404);
    return (
      <div>
        <Breadcrumbs name={name} />
        <ErrorBanner error={missing ? new Error(`Dashboard ${name} does not exist.`) : loadErr} />
        <a href={href.dashboards()}>Back to dashboards</a>
      </div>
    );
  }
  if (!state || !saved) return <Spinner label="Loading dashboard" />;

  const change = (fn: (l: Loaded) => Loaded) => {
    setState((cur) => (cur ? fn(cur) : cur));
    setDirty(true);
    setStatus('');
  };

  const onLayout = (changes: { id: string; place: Placed }[]) => {
    if (!editing) return;
    const cur = stateRef.current;
    if (!cur) return;
    let changed = false;
    for (const c of changes) {
      const it = cur.items.find((i) => i.id === c.id);
      if (it && setPlacement(it.widget, c.place)) changed = true;
    }
    if (changed) {
      setState({ ...cur, items: [...cur.items] });
      setDirty(true);
      setStatus('');
    }
  };

  const save = async () => {
    setSaving(true);
    setSaveErr(null);
    setMessages([]);
    try {
      const body = bodyOf(state);
      if (!sameRange(range, bodyRange(saved))) setBodyRange(body, range);
      const out = await aws<{ DashboardValidationMessages?: ValidationMessage[] }>('monitoring', 'PutDashboard', {
        DashboardName: name,
        DashboardBody: serializeBody(body),
      });
      setMessages(out.DashboardValidationMessages ?? []);
      setSaved(cloneBody(body));
      setState({ body, items: state.items });
      setDirty(false);
      setEditing(false);
      setStatus('Saved');
    } catch (e) {
      setSaveErr(e);
      if (e instanceof AwsError) {
        const list = (e.body.dashboardValidationMessages ?? e.body.DashboardValidationMessages) as ValidationMessage[] | undefined;
        if (Array.isArray(list)) setMessages(list);
      }
    } finally {
      setSaving(false);
    }
  };

  const cancel = () => {
    setState(toLoaded(cloneBody(saved)));
    setRange(bodyRange(saved));
    setDirty(false);
    setEditing(false);
    setSaveErr(null);
    setMessages([]);
  };

  const places = layout(state.items.map((i) => i.widget));

  const startAdd = (kind: MetricView | 'log' | 'text' | 'alarm') => {
    setAdding(false);
    let w: Widget;
    if (kind === 'log') w = newLogWidget([], '', 'us-east-1');
    else if (kind === 'text') w = newTextWidget('');
    else if (kind === 'alarm') w = newAlarmWidget([]);
    else w = newMetricWidget({ view: kind, rows: [], region: 'us-east-1', stat: 'Average', period: 300 });
    const width = w.width ?? 6;
    const height = w.height ?? 6;
    const place = { ...freeSpot(state.items.map((i) => i.widget), width, height), width, height };
    setEditor({ id: null, widget: w, place });
  };

  const toolbar = (
    <>
      {status && (
        <span class="save-status" role="status" data-testid="save-status">
          {status}
        </span>
      )}
      {dirty && <span class="muted small">Unsaved changes</span>}
      {editing ? (
        <>
          <Button data-testid="add-widget" onClick={() => setAdding(true)}>
            Add widget
          </Button>
          <Button onClick={cancel} data-testid="dashboard-cancel">
            Cancel
          </Button>
          <Button variant="primary" busy={saving} onClick={save} data-testid="dashboard-save">
            Save
          </Button>
        </>
      ) : (
        <>
          <Button onClick={() => setSharing(true)} data-testid="dashboard-share">
            Share
          </Button>
          <Button variant="primary" onClick={() => setEditing(true)} data-testid="dashboard-edit">
            Edit
          </Button>
        </>
      )}
    </>
  );

  return (
    <div data-testid="dashboard-page" data-dashboard={name}>
      <Breadcrumbs name={name} />
      <div class="page-header">
        <h1 data-testid="dashboard-name">{name}</h1>
      </div>
      <ErrorBanner error={saveErr} onDismiss={() => setSaveErr(null)} />
      {messages.length > 0 && (
        <ul class="validation-messages" data-testid="validation-messages" role="alert">
          {messages.map((m, i) => (
            <li key={i}>
              {m.DataPath && <code>{m.DataPath}</code>} {m.Message}
            </li>
          ))}
        </ul>
      )}
      <DashboardView
        items={state.items}
        periodOverride={typeof state.body.periodOverride === 'string' ? state.body.periodOverride : undefined}
        range={range}
        onRange={(r) => {
          setRange(r);
          if (editing) setDirty(true);
        }}
        aws={aws0}
        readOnly={false}
        editing={editing}
        onLayout={onLayout}
        onEdit={(id) => {
          const i = state.items.findIndex((x) => x.id === id);
          if (i >= 0) setEditor({ id, widget: state.items[i].widget, place: places[i] });
        }}
        onRemove={(id) => change((l) => ({ ...l, items: l.items.filter((i) => i.id !== id) }))}
        toolbar={toolbar}
      />
      {adding && <AddWidgetModal onPick={startAdd} onClose={() => setAdding(false)} />}
      {editor && (
        <WidgetEditor
          widget={editor.widget}
          place={editor.place}
          isNew={editor.id === null}
          onClose={() => setEditor(null)}
          onSave={(w) => {
            const id = editor.id;
            change((l) => ({
              ...l,
              items: id === null ? [...l.items, { id: newId(), widget: w }] : l.items.map((i) => (i.id === id ? { id: i.id, widget: w } : i)),
            }));
            setEditor(null);
          }}
        />
      )}
      {sharing && <ShareModal dashboardName={name} onClose={() => setSharing(false)} />}
    </div>
  );
}

function Breadcrumbs({ name }: { name: string }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumbs">
      <a href={href.dashboards()}>Dashboards</a>
      <span aria-hidden="true">/</span>
      <span>{name}</span>
    </nav>
  );
}

const ADD_CHOICES: { kind: MetricView | 'log' | 'text' | 'alarm'; label: string; help: string }[] = [
  { kind: 'line', label: 'Line', help: 'Metrics over time' },
  { kind: 'stacked', label: 'Stacked area', help: 'Metrics over time, stacked' },
  { kind: 'number', label: 'Number', help: 'The latest value of each metric' },
  { kind: 'bar', label: 'Bar', help: 'The latest value of each metric as bars' },
  { kind: 'pie', label: 'Pie', help: 'The latest value of each metric as slices' },
  { kind: 'log', label: 'Log table', help: 'A Logs Insights query' },
  { kind: 'text', label: 'Text', help: 'Markdown' },
  { kind: 'alarm', label: 'Alarm status', help: 'The states of chosen alarms' },
];

function AddWidgetModal({ onPick, onClose }: { onPick: (k: MetricView | 'log' | 'text' | 'alarm') => void; onClose: () => void }) {
  return (
    <Modal open title="Add widget" onClose={onClose} testId="add-widget-modal">
      <div class="choice-grid">
        {ADD_CHOICES.map((c) => (
          <button type="button" class="choice" data-testid={`add-widget-${c.kind}`} onClick={() => onPick(c.kind)} key={c.kind}>
            <strong>{c.label}</strong>
            <span class="muted small">{c.help}</span>
          </button>
        ))}
      </div>
    </Modal>
  );
}
