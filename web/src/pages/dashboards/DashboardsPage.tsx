import { useEffect, useMemo, useState } from 'preact/hooks';
import { aws } from '../../api';
import { emptyBody, serializeBody } from '../../dashboards/body';
import { href, navigate, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatBytes, formatRelative } from '../../ui/format';
import { ConfirmModal, Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';
import './dashboards.css';

interface Entry {
  DashboardName: string;
  LastModified?: number;
  Size?: number;
}

const nameRE = /^[A-Za-z0-9_-]{1,255}$/;

async function listAll(): Promise<Entry[]> {
  const out: Entry[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const r = await aws<{ DashboardEntries?: Entry[]; NextToken?: string }>('monitoring', 'ListDashboards', token ? { NextToken: token } : {});
    out.push(...(r.DashboardEntries ?? []));
    token = r.NextToken;
    if (!token) break;
  }
  return out;
}

/** DashboardsPage lists the account's dashboards, creates and deletes them. */
export default function DashboardsPage(_: PageProps) {
  const [list, setList] = useState<Entry[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = () => listAll().then(setList, setErr);
  useEffect(() => {
    reload();
  }, []);

  const shown = useMemo(() => (list ?? []).filter((d) => d.DashboardName.toLowerCase().includes(search.toLowerCase())), [list, search]);

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await aws('monitoring', 'DeleteDashboards', { DashboardNames: [deleting] });
      setDeleting(null);
      await reload();
    } catch (e) {
      setErr(e);
      setDeleting(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="dashboards-page">
      <div class="page-header">
        <h1>Dashboards</h1>
        <span class="spacer" />
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="dashboard-create">
          Create dashboard
        </Button>
      </div>
      <div class="toolbar">
        <input type="search" placeholder="Search dashboards" aria-label="Search dashboards" value={search} data-testid="dashboard-search" onInput={(e) => setSearch(e.currentTarget.value)} />
        <span class="muted small">{list ? `${shown.length} of ${list.length}` : ''}</span>
      </div>
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      {list === null ? (
        <Spinner label="Loading dashboards" />
      ) : shown.length === 0 ? (
        <EmptyState title={list.length === 0 ? 'No dashboards yet' : 'No dashboard matches'}>
          {list.length === 0 && <p>Create one, or add a graph from the metrics explorer.</p>}
        </EmptyState>
      ) : (
        <table class="simple-table" data-testid="dashboard-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Last modified</th>
              <th scope="col" class="right">
                Size
              </th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr key={d.DashboardName} data-testid="dashboard-row">
                <td>
                  <a href={href.dashboard(d.DashboardName)} data-testid="dashboard-link">
                    {d.DashboardName}
                  </a>
                </td>
                <td>{d.LastModified ? formatRelative(d.LastModified * 1000) : '—'}</td>
                <td class="right">{formatBytes(d.Size)}</td>
                <td class="right">
                  <Button class="btn-small" variant="ghost" onClick={() => setDeleting(d.DashboardName)} data-testid="dashboard-delete" aria-label={`Delete ${d.DashboardName}`}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <CreateDashboardModal existing={list ?? []} onClose={() => setCreating(false)} />}
      <ConfirmModal
        open={deleting !== null}
        title="Delete dashboard"
        message={`Delete ${deleting}? Its share links stop working.`}
        busy={busy}
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}

function CreateDashboardModal({ existing, onClose }: { existing: Entry[]; onClose: () => void }) {
  const [name, setName] = useState('');
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!nameRE.test(name)) {
      setErr(new Error('A name has 1 to 255 letters, digits, - and _.'));
      return;
    }
    if (existing.some((d) => d.DashboardName === name)) {
      setErr(new Error(`A dashboard named ${name} already exists.`));
      return;
    }
    setBusy(true);
    try {
      await aws('monitoring', 'PutDashboard', { DashboardName: name, DashboardBody: serializeBody(emptyBody()) });
      navigate(href.dashboard(name));
    } catch (e) {
      setErr(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="Create dashboard"
      onClose={onClose}
      testId="create-dashboard-modal"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} onClick={submit} data-testid="dashboard-create-submit">
            Create
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label class="field">
          <span>Name</span>
          <input id="dashboard-name" value={name} autoFocus onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <ErrorBanner error={err} />
      </form>
    </Modal>
  );
}
