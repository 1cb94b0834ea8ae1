import { useState } from 'preact/hooks';
import { signIn } from '../../api';
import { ThemeToggle } from '../../app/Shell';
import type { PageProps } from '../../router';
import { Button } from '../../ui/Button';
import { errorText } from '../../ui/ErrorBanner';

type Mode = 'key' | 'user';

/**
 * Trades an access key or a console user's password for a session cookie.
 * The secret goes to the server once and is kept nowhere in the browser.
 */
export default function SignInPage(_: PageProps) {
  const [mode, setMode] = useState<Mode>('key');
  const [id, setId] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr('');
    try {
      await signIn(mode === 'key' ? { accessKeyId: id.trim(), secretAccessKey: secret } : { username: id.trim(), password: secret });
      // App follows the session change to the page that was asked for.
    } catch (ex) {
      setErr(errorText(ex));
      setSecret('');
    } finally {
      setBusy(false);
    }
  };

  const tab = (m: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      class="tab"
      id={`signin-tab-${m}`}
      aria-selected={mode === m}
      aria-controls="signin-form"
      data-testid={`signin-tab-${m}`}
      onClick={() => {
        setMode(m);
        setErr('');
        setId('');
        setSecret('');
      }}
    >
      {label}
    </button>
  );

  return (
    <div class="signin" data-testid="signin-page">
      <div class="signin-corner">
        <ThemeToggle />
      </div>
      <div class="card signin-card">
        <h1>
          <span class="brand-mark" aria-hidden="true">◉</span> OpenWatch
        </h1>
        <p class="muted">Sign in to the console.</p>
        <div class="tabs" role="tablist" aria-label="Sign-in method">
          {tab('key', 'Access key')}
          {tab('user', 'Console user')}
        </div>
        <div id="signin-form" role="tabpanel" aria-labelledby={`signin-tab-${mode}`}>
        <form onSubmit={submit}>
          {mode === 'key' ? (
            <>
              <label class="field" for="access-key-id">
                <span>Access key ID</span>
                <input id="access-key-id" type="text" autocomplete="username" spellcheck={false} required value={id} onInput={(e) => setId(e.currentTarget.value)} autoFocus />
              </label>
              <label class="field" for="secret-access-key">
                <span>Secret access key</span>
                <input id="secret-access-key" type="password" autocomplete="current-password" required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
              </label>
            </>
          ) : (
            <>
              <label class="field" for="username">
                <span>User name</span>
                <input id="username" type="text" autocomplete="username" spellcheck={false} required value={id} onInput={(e) => setId(e.currentTarget.value)} autoFocus />
              </label>
              <label class="field" for="password">
                <span>Password</span>
                <input id="password" type="password" autocomplete="current-password" required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
              </label>
            </>
          )}
          {err && (
            <div class="field-error" role="alert" data-testid="signin-error">
              {err}
            </div>
          )}
          <Button type="submit" variant="primary" busy={busy}>
            Sign in
          </Button>
        </form>
        </div>
      </div>
    </div>
  );
}
