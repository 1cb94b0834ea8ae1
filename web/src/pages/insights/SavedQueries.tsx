import { useEffect, useState } from 'preact/hooks';
import { aws } from '../../api';
import { Button } from '../../ui/Button';
import { errorText } from '../../ui/ErrorBanner';
import { formatRelative } from '../../ui/format';
import { ConfirmModal, FormModal, useAction } from '../../ui/Modal';
import { clearHistory, type HistoryEntry } from './history';

export interface QueryDefinition {
  queryDefinitionId: string;
  name: string;
  queryString: string;
  logGroupNames?: string[];
  lastModified?: number;
}

/** Saved queries (query definitions on the server) and this browser's recent queries. */
export function SavedQueries({
  history,
  onHistory,
  current,
  onLoad,
  query,
  groups,
  onSaved,
}: {
  history: HistoryEntry[];
  onHistory: (h: HistoryEntry[]) => void;
  current: QueryDefinition | null;
  onLoad: (q: string, groups: string[], def: QueryDefinition | null) => void;
  query: string;
  groups: string[];
  onSaved: (def: QueryDefinition) => void;
}) {
  const [defs, setDefs] = useState<QueryDefinition[]>([]);
  const [err, setErr] = useState('');
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<QueryDefinition | null>(null);
  const [tab, setTab] = useState<'saved' | 'recent'>('saved');

  const load = async () => {
    try {
      const out = await aws<{ queryDefinitions?: QueryDefinition[] }>('logs', 'DescribeQueryDefinitions', { maxResults: 1000 });
      setDefs((out.queryDefinitions ?? []).sort((a, b) => a.name.localeCompare(b.name)));
      setErr('');
    } catch (e) {
      setErr(errorText(e));
    }
  };
  useEffect(() => {
    load();
  }, []);

  return (
    <aside class="card stack" aria-label="Saved and recent queries" data-testid="saved-queries">
      <div class="tabs" role="tablist">
        <button type="button" role="tab" class="tab" aria-selected={tab === 'saved'} onClick={() => setTab('saved')} data-testid="saved-tab">
          Saved
        </button>
        <button type="button" role="tab" class="tab" aria-selected={tab === 'recent'} onClick={() => setTab('recent')} data-testid="history-tab">
          Recent
        </button>
      </div>
      {tab === 'saved' ? (
        <>
          <Button variant="primary" onClick={() => setSaving(true)} disabled={!query.trim()} data-testid="save-query">
            {current ? 'Save…' : 'Save query…'}
          </Button>
          {err && (
            <div class="field-error" role="alert">
              {err}
            </div>
          )}
          {defs.length === 0 ? (
            <p class="muted small">No saved queries.</p>
          ) : (
            <ul class="side-list" data-testid="saved-query-list">
              {defs.map((d) => (
                <li>
                  <button type="button" class="link" title={d.queryString} onClick={() => onLoad(d.queryString, d.logGroupNames ?? [], d)} data-testid="saved-query">
                    {d.name}
                  </button>
                  <button type="button" class="btn btn-ghost btn-small" aria-label={`Delete ${d.name}`} onClick={() => setDeleting(d)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          {history.length === 0 ? (
            <p class="muted small">Queries you run appear here.</p>
          ) : (
            <>
              <ul class="side-list" data-testid="history-list">
                {history.map((h) => (
                  <li>
                    <button type="button" class="link" title={h.query} onClick={() => onLoad(h.query, h.groups, null)} data-testid="history-entry">
                      {h.query.replace(/\s+/g, ' ')}
                    </button>
                    <span class="muted small nowrap">{formatRelative(h.at)}</span>
                  </li>
                ))}
              </ul>
              <Button
                class="btn-small"
                onClick={() => {
                  clearHistory();
                  onHistory([]);
                }}
              >
                Clear history
              </Button>
            </>
          )}
        </>
      )}
      <SaveModal
        open={saving}
        current={current}
        query={query}
        groups={groups}
        onClose={() => setSaving(false)}
        onSaved={(d) => {
          setSaving(false);
          onSaved(d);
          load();
        }}
      />
      <ConfirmModal
        open={!!deleting}
        title="Delete saved query"
        message={`Delete the saved query "${deleting?.name ?? ''}"?`}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await aws('logs', 'DeleteQueryDefinition', { queryDefinitionId: deleting.queryDefinitionId });
          } catch (e) {
            setErr(errorText(e));
          }
          setDeleting(null);
          load();
        }}
      />
    </aside>
  );
}

function SaveModal({
  open,
  current,
  query,
  groups,
  onClose,
  onSaved,
}: {
  open: boolean;
  current: QueryDefinition | null;
  query: string;
  groups: string[];
  onClose: () => void;
  onSaved: (d: QueryDefinition) => void;
}) {
  const [name, setName] = useState('');
  const [asNew, setAsNew] = useState(false);
  const { busy, err, setErr, run } = useAction();
  useEffect(() => {
    if (open) {
      setName(current?.name ?? '');
      setAsNew(!current);
      setErr('');
    }
  }, [open]);

  const submit = () =>
    run(async () => {
      const body: Record<string, unknown> = { name: name.trim(), queryString: query, logGroupNames: groups };
      if (current && !asNew) body.queryDefinitionId = current.queryDefinitionId;
      const out = await aws<{ queryDefinitionId: string }>('logs', 'PutQueryDefinition', body);
      onSaved({ queryDefinitionId: out.queryDefinitionId, name: name.trim(), queryString: query, logGroupNames: groups });
    });

  return (
    <FormModal
      open={open}
      title="Save query"
      onClose={onClose}
      onSubmit={submit}
      busy={busy}
      err={err}
      submitLabel="Save"
      testId="save-query-modal"
      submitTestId="save-query-submit"
    >
      <label class="field" for="query-name">
        <span>Name</span>
        <input id="query-name" type="text" required maxLength={255} value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus data-testid="query-name" />
      </label>
      {current && (
        <label>
          <input type="checkbox" checked={asNew} onChange={(e) => setAsNew(e.currentTarget.checked)} /> Save as a new query
        </label>
      )}
    </FormModal>
  );
}
