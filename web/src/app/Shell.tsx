import type { ComponentChildren } from 'preact';
import { signOut, type Session } from '../api';
import { navigate } from '../router';
import { setTheme, useTheme } from './theme';

const nav: { href: string; label: string; match: string }[] = [
  { href: '#/logs', label: 'Log groups', match: '/logs' },
  { href: '#/insights', label: 'Insights', match: '/insights' },
  { href: '#/tail', label: 'Live tail', match: '/tail' },
  { href: '#/metrics', label: 'Metrics', match: '/metrics' },
  { href: '#/dashboards', label: 'Dashboards', match: '/dashboards' },
  { href: '#/alarms', label: 'Alarms', match: '/alarms' },
];

export function ThemeToggle() {
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      class="btn btn-ghost theme-toggle"
      data-testid="theme-toggle"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => setTheme(next)}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}

/** The frame around every signed-in page: navigation, account, theme, sign-out. */
export function Shell({ session, path, children }: { session: Session; path: string; children: ComponentChildren }) {
  return (
    <div class="shell" data-testid="app-shell">
      <a class="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="#/logs" aria-label="OpenWatch home">
          <span class="brand-mark" aria-hidden="true">◉</span> OpenWatch
        </a>
        <nav class="nav" aria-label="Main" data-testid="main-nav">
          {nav.map((n) => {
            const active = path === n.match || path.startsWith(n.match + '/');
            return (
              <a href={n.href} class={active ? 'active' : ''} aria-current={active ? 'page' : undefined}>
                {n.label}
              </a>
            );
          })}
        </nav>
        <div class="topbar-right">
          <span class="account" data-testid="account-id" title={session.principal}>
            {session.accountId}
          </span>
          <ThemeToggle />
          <button
            type="button"
            class="btn btn-ghost"
            data-testid="sign-out"
            onClick={async () => {
              await signOut();
              navigate('#/signin');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
