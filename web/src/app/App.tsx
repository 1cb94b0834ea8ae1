import { useEffect, useRef, useState } from 'preact/hooks';
import { currentSession, onSessionChange, session as fetchSession, type Session } from '../api';
import { navigate, pages, useRoute } from '../router';
import { EmptyState } from '../ui/EmptyState';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Spinner } from '../ui/Spinner';
import { LazyPage } from './LazyPage';
import { Shell } from './Shell';

/** Routes between sign-in, the shared dashboard view and the signed-in pages. */
export function App() {
  const route = useRoute();
  const [checked, setChecked] = useState(false);
  const [sess, setSess] = useState<Session | null>(currentSession());
  const [err, setErr] = useState<unknown>(null);

  useEffect(() => onSessionChange(setSess), []);
  const asked = useRef(false);
  useEffect(() => {
    // A share link is its own credential; asking for a session there would
    // only produce a 401 for the visitor without an account. Leaving the
    // share view for a console page asks then.
    if (route.page === 'share' || asked.current) return;
    asked.current = true;
    setChecked(false);
    fetchSession().then(
      () => setChecked(true),
      (e) => {
        setErr(e);
        setChecked(true);
      },
    );
  }, [route.page]);

  useEffect(() => {
    if (!checked || route.page === 'share') return;
    if (!sess && route.page !== 'signin') {
      const back = location.hash && location.hash !== '#/signin' ? location.hash : '';
      navigate('#/signin' + (back ? '?next=' + encodeURIComponent(back) : ''));
    } else if (sess && route.page === 'signin') {
      navigate(safeNext(route.params.next));
    }
  }, [checked, sess, route.page]);

  if (route.page === 'share') return <LazyPage load={pages.share} params={route.params} />;
  if (!checked) return <Spinner label="Checking session" />;
  if (err && !sess) return <ErrorBanner error={err} />;
  if (!sess || route.page === 'signin') return <LazyPage load={pages.signin} params={route.params} />;
  return (
    <Shell session={sess} path={route.path}>
      {route.page === 'notfound' ? (
        <EmptyState title="Page not found">
          <a href="#/logs">Go to log groups</a>
        </EmptyState>
      ) : (
        <LazyPage load={pages[route.page]} params={route.params} />
      )}
    </Shell>
  );
}

/** Only in-console hash routes are followed after sign-in, never another origin. */
function safeNext(next?: string): string {
  if (next && next.startsWith('#/') && !next.startsWith('#/signin')) return next;
  return '#/logs';
}
