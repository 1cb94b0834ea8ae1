import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { aws } from '../../api';
import { href, type PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatBytes, formatRetention, formatTime } from '../../ui/format';
import { ConfirmModal, FormModal, useAction } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';
import { Table, type Column } from '../../ui/Table';
import { RetentionSelect } from './RetentionSelect';
import { formatTags, parseTags } from './tags';
import type { LogGroup } from './types';

interface DescribeOut {
  logGroups?: LogGroup[];
  nextToken?: string;
}

/** Log groups with search, size, retention and tags; create, delete, set retention. */
export default function LogGroupsPage(_: PageProps) {
  const [search, setSearch] = useState('');
  const [groups, setGroups] = useState<LogGroup[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [err, setErr] = useState<unknown>(null);
  const [tags, setTags] = useState<Record<string, Record<string, string>>>({});
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<LogGroup | null>(null);
  const [retention, setRetention] = useState<LogGroup | null>(null);
  const gen = useRef(0);

  const load = useCallback(async (token?: string) => {
    const my = token ? gen.current : ++gen.current;
    setLoading(true);
    setErr(null);
    try {
      const body: Record<string, unknown> = { limit: 50 };
      if (search.trim()) body.logGroupNamePattern = search.trim();
      if (token) body.nextToken = token;
      const out = await aws<DescribeOut>('logs', 'DescribeLogGroups', body);
      if (my !== gen.current) return;
      const got = out.logGroups ?? [];
      setGroups((prev) => (token ? [...prev, ...got] : got));
      setNext(out.nextToken);
      loadTags(got, my);
    } catch (e) {
      if (my === gen.current) setErr(e);
    } finally {
      if (my === gen.current) setLoading(false);
    }
  }, [search]);

  // Tags need one call per group; a few at a time keeps the list responsive.
  const loadTags = async (list: LogGroup[], my: number) => {
    const queue = list.filter((g) => g.logGroupArn || g.arn);
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        const arn = g.logGroupArn ?? g.arn!.replace(/:\*$/, '');
        try {
          const out = await aws<{ tags?: Record<string, string> }>('logs', 'ListTagsForResource', { resourceArn: arn });
          if (my !== gen.current) return;
          const name = g.logGroupName;
          setTags((t) => ({ ...t, [name]: out.tags ?? {} }));
        } catch {
          // Tags are decoration; a key without ListTagsForResource still sees its groups.
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  };

  useEffect(() => {
    const t = setTimeout(() => load(), search ? 250 : 0);
    return () => clearTimeout(t);
  }, [load]);

  const columns: Column<LogGroup>[] = [
    {
      key: 'name',
      title: 'Log group',
      width: 'minmax(240px, 3fr)',
      text: (g) => g.logGroupName,
      render: (g) => (
        <a href={href.logGroup(g.logGroupName)} data-testid="log-group-link">
          {g.logGroupName}
        </a>
      ),
    },
    { key: 'retention', title: 'Retention', width: '120px', text: (g) => formatRetention(g.retentionInDays) },
    { key: 'bytes', title: 'Stored bytes', width: '120px', text: (g) => formatBytes(g.storedBytes) },
    { key: 'created', title: 'Created', width: '210px', text: (g) => formatTime(g.creationTime) },
    { key: 'tags', title: 'Tags', width: 'minmax(120px, 2fr)', text: (g) => formatTags(tags[g.logGroupName]) },
    {
      key: 'actions',
      title: <span class="sr-only">Actions</span>,
      width: '190px',
      render: (g) => (
        <span class="row" style={{ gap: '4px', flexWrap: 'nowrap' }}>
          <Button class="btn-small" onClick={(e) => { e.stopPropagation(); setRetention(g); }} data-testid="set-retention">
            Retention
          </Button>
          <Button class="btn-small" variant="danger" onClick={(e) => { e.stopPropagation(); setDeleting(g); }} data-testid="delete-log-group">
            Delete
          </Button>
        </span>
      ),
    },
  ];

  return (
    <section data-testid="log-groups-page">
      <div class="page-header">
        <h1>Log groups</h1>
        <span class="spacer" />
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="create-log-group">
          Create log group
        </Button>
      </div>
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search log groups"
          aria-label="Search log groups"
          class="grow"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
          data-testid="log-group-search"
        />
        <Button onClick={() => load()} aria-label="Refresh" data-testid="refresh">
          Refresh
        </Button>
      </div>
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      <Table
        rows={groups}
        columns={columns}
        rowHeight={38}
        height="calc(100vh - 220px)"
        testId="log-groups"
        label="Log groups"
        onRowClick={(g) => (location.hash = href.logGroup(g.logGroupName))}
        onEndReached={next ? () => load(next) : undefined}
        empty={loading ? <Spinner label="Loading log groups" /> : search ? 'No log group matches the search' : 'No log groups yet'}
      />
      {loading && groups.length > 0 && <Spinner label="Loading more" />}
      <CreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          load();
        }}
      />
      <RetentionModal
        group={retention}
        onClose={() => setRetention(null)}
        onSaved={(days) => {
          const name = retention?.logGroupName;
          setRetention(null);
          setGroups((gs) => gs.map((g) => (g.logGroupName === name ? { ...g, retentionInDays: days || undefined } : g)));
        }}
      />
      <DeleteModal
        group={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={() => {
          const name = deleting?.logGroupName;
          setDeleting(null);
          setGroups((gs) => gs.filter((g) => g.logGroupName !== name));
        }}
      />
    </section>
  );
}

function CreateModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState(0);
  const [tagText, setTagText] = useState('');
  const { busy, err, setErr, run } = useAction();

  useEffect(() => {
    if (open) {
      setName('');
      setDays(0);
      setTagText('');
      setErr('');
    }
  }, [open]);

  const submit = () => {
    const { tags, error } = parseTags(tagText);
    if (error) {
      setErr(error);
      return;
    }
    run(async () => {
      const body: Record<string, unknown> = { logGroupName: name.trim() };
      if (Object.keys(tags).length) body.tags = tags;
      await aws('logs', 'CreateLogGroup', body);
      if (days) await aws('logs', 'PutRetentionPolicy', { logGroupName: name.trim(), retentionInDays: days });
      onCreated();
    });
  };

  return (
    <FormModal
      open={open}
      title="Create log group"
      onClose={onClose}
      onSubmit={submit}
      busy={busy}
      err={err}
      submitLabel="Create"
      testId="create-log-group-modal"
      submitTestId="create-log-group-submit"
      errorTestId="create-log-group-error"
    >
      <label class="field" for="new-group-name">
        <span>Name</span>
        <input id="new-group-name" type="text" required maxLength={512} value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus data-testid="new-group-name" />
      </label>
      <label class="field" for="new-group-retention">
        <span>Retention</span>
        <RetentionSelect id="new-group-retention" value={days} onChange={setDays} />
      </label>
      <label class="field" for="new-group-tags">
        <span>Tags</span>
        <input id="new-group-tags" type="text" placeholder="team=core, env=prod" value={tagText} onInput={(e) => setTagText(e.currentTarget.value)} data-testid="new-group-tags" />
      </label>
    </FormModal>
  );
}

function RetentionModal({ group, onClose, onSaved }: { group: LogGroup | null; onClose: () => void; onSaved: (days: number) => void }) {
  const [days, setDays] = useState(0);
  const { busy, err, setErr, run } = useAction();
  useEffect(() => {
    setDays(group?.retentionInDays ?? 0);
    setErr('');
  }, [group]);

  const save = () =>
    run(async () => {
      if (!group) return;
      if (days) await aws('logs', 'PutRetentionPolicy', { logGroupName: group.logGroupName, retentionInDays: days });
      else await aws('logs', 'DeleteRetentionPolicy', { logGroupName: group.logGroupName });
      onSaved(days);
    });

  return (
    <FormModal
      open={!!group}
      title={`Retention of ${group?.logGroupName ?? ''}`}
      onClose={onClose}
      onSubmit={save}
      busy={busy}
      err={err}
      submitLabel="Save"
      testId="retention-modal"
      submitTestId="retention-save"
    >
      <label class="field" for="retention-days">
        <span>Keep events for</span>
        <RetentionSelect id="retention-days" value={days} onChange={setDays} />
      </label>
    </FormModal>
  );
}

function DeleteModal({ group, onClose, onDeleted }: { group: LogGroup | null; onClose: () => void; onDeleted: () => void }) {
  const { busy, err, setErr, run } = useAction();
  useEffect(() => setErr(''), [group]);
  return (
    <ConfirmModal
      open={!!group}
      title="Delete log group"
      busy={busy}
      message={
        <>
          Delete <strong>{group?.logGroupName}</strong> and all of its events? This cannot be undone.
          {err && (
            <span class="field-error" role="alert" style={{ display: 'block', marginTop: '8px' }}>
              {err}
            </span>
          )}
        </>
      }
      onClose={onClose}
      onConfirm={() =>
        run(async () => {
          if (!group) return;
          await aws('logs', 'DeleteLogGroup', { logGroupName: group.logGroupName });
          onDeleted();
        })
      }
    />
  );
}
