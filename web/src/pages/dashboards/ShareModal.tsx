import { useEffect, useState } from 'preact/hooks';
import { createShare, listShares, revokeShare, type Share } from '../../api';
import { Button } from '../../ui/Button';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatRelative } from '../../ui/format';
import { Modal } from '../../ui/Modal';

/** shareURL is the absolute link to give people; the server returns it relative to the console. */
export function shareURL(url: string): string {
  return new URL(url, location.origin).toString();
}

/** ShareModal creates read-only links to a dashboard and revokes them. */
export function ShareModal({ dashboardName, onClose }: { dashboardName: string; onClose: () => void }) {
  const [shares, setShares] = useState<Share[] | null>(null);
  // URLs of the links made while this dialog is open, by share id.
  const [fresh, setFresh] = useState<Record<string, string>>({});
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState('');
  const [copied, setCopied] = useState('');

  const reload = () =>
    listShares().then(
      (all) => setShares(all.filter((s) => s.dashboardName === dashboardName)),
      (e) => setErr(e),
    );
  useEffect(() => {
    reload();
  }, [dashboardName]);

  const create = async () => {
    setBusy('create');
    setErr(null);
    try {
      const made = await createShare(dashboardName);
      const url = made.url;
      if (url) setFresh((f) => ({ ...f, [made.id]: url }));
      await reload();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy('');
    }
  };

  const revoke = async (id: string) => {
    setBusy(id);
    setErr(null);
    try {
      await revokeShare(id);
      await reload();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy('');
    }
  };

  const copy = async (key: string, url: string) => {
    try {
      await navigator.clipboard.writeText(shareURL(url));
      setCopied(key);
    } catch {
      // Clipboard access needs a secure context; the link stays selectable in its field.
      setCopied('');
    }
  };

  return (
    <Modal
      open
      title={`Share ${dashboardName}`}
      onClose={onClose}
      testId="share-modal"
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button variant="primary" busy={busy === 'create'} onClick={create} data-testid="share-create">
            Create link
          </Button>
        </>
      }
    >
      <p class="muted small">
        Anyone with a link can view this dashboard without signing in, read-only, until the link is revoked. The link shows the dashboard as saved.
      </p>
      <ErrorBanner error={err} onDismiss={() => setErr(null)} />
      {shares === null ? (
        <p class="muted">Loading links…</p>
      ) : shares.length === 0 ? (
        <p class="muted" data-testid="share-none">
          No links yet.
        </p>
      ) : (
        <ul class="share-list" data-testid="share-list">
          {shares.map((s) => {
            const key = s.id;
            const url = fresh[key] ?? (s.url || '');
            return (
              <li key={key} class="share-item" data-testid="share-item">
                {url ? (
                  <>
                    <input class="mono grow" readOnly value={shareURL(url)} aria-label="Share link" data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
                    <Button class="btn-small" onClick={() => copy(key, url)}>
                      {copied === key ? 'Copied' : 'Copy'}
                    </Button>
                  </>
                ) : (
                  <span class="grow small">
                    Link created {formatRelative(Date.parse(s.created))}
                    {s.createdBy ? ` by ${s.createdBy}` : ''}
                  </span>
                )}
                <Button class="btn-small" variant="danger" busy={busy === key} onClick={() => revoke(key)} data-testid="share-revoke">
                  Revoke
                </Button>
                {url && <span class="muted small">Copy it now: the link is shown only once.</span>}
              </li>
            );
          })}
        </ul>
      )}
    </Modal>
  );
}
