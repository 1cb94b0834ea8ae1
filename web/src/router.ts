// Hash routing keeps every console URL servable by the same index.html, so
// the server needs no knowledge of client routes and deep links survive reloads.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface PageProps {
  params: Record<string, string>;
}

export type PageModule = { default: ComponentType<PageProps> };

export interface Route {
  /** Which page: one of the keys of pages. */
  page: keyof typeof pages | 'notfound';
  params: Record<string, string>;
  /** The path part of the hash, for nav highlighting. */
  path: string;
}

// Each page is its own chunk, so the first load carries only the shell and
// the page being opened; editor and chart code stays in the pages that use it.
export const pages = {
  signin: () => import('./pages/signin/SignInPage'),
  logs: () => import('./pages/logs/LogGroupsPage'),
  streams: () => import('./pages/logs/StreamsPage'),
  events: () => import('./pages/logs/EventsPage'),
  insights: () => import('./pages/insights/InsightsPage'),
  tail: () => import('./pages/tail/TailPage'),
  metrics: () => import('./pages/metrics/MetricsPage'),
  dashboards: () => import('./pages/dashboards/DashboardsPage'),
  dashboard: () => import('./pages/dashboards/DashboardPage'),
  alarms: () => import('./pages/alarms/AlarmsPage'),
  alarm: () => import('./pages/alarms/AlarmPage'),
  share: () => import('./pages/share/SharePage'),
} satisfies Record<string, () => Promise<PageModule>>;

type Pattern = { page: keyof typeof pages; parts: string[] };

// Parameters are single URL-encoded segments: log group names contain '/'.
const patterns: Pattern[] = [
  ['signin', '/signin'],
  ['logs', '/logs'],
  ['streams', '/logs/:group'],
  ['events', '/logs/:group/:stream'],
  ['insights', '/insights'],
  ['tail', '/tail'],
  ['metrics', '/metrics'],
  ['dashboards', '/dashboards'],
  ['dashboard', '/dashboards/:name'],
  ['alarms', '/alarms'],
  ['alarm', '/alarms/:name'],
  ['share', '/share/:token'],
].map(([page, p]) => ({ page: page as keyof typeof pages, parts: p.split('/').filter(Boolean) }));

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Turns a location hash ("#/logs/%2Faws%2Fx?start=…") into a route. */
export function parseHash(hash: string): Route {
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith('/')) h = '/' + h;
  const qi = h.indexOf('?');
  const path = qi >= 0 ? h.slice(0, qi) : h;
  const query = qi >= 0 ? h.slice(qi + 1) : '';
  const segs = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  new URLSearchParams(query).forEach((v, k) => {
    params[k] = v;
  });
  if (segs.length === 0) return { page: 'logs', params, path: '/logs' };
  for (const p of patterns) {
    if (p.parts.length !== segs.length) continue;
    const got: Record<string, string> = {};
    let match = true;
    p.parts.forEach((part, i) => {
      if (part.startsWith(':')) got[part.slice(1)] = decode(segs[i]);
      else if (part !== segs[i]) match = false;
    });
    if (match) return { page: p.page, params: { ...params, ...got }, path };
  }
  return { page: 'notfound', params, path };
}

/** Links to the console's pages, encoding names so '/' and '#' survive. */
export const href = {
  logs: () => '#/logs',
  logGroup: (group: string) => `#/logs/${encodeURIComponent(group)}`,
  logStream: (group: string, stream: string, query?: Record<string, string>) =>
    `#/logs/${encodeURIComponent(group)}/${encodeURIComponent(stream)}${qs(query)}`,
  insights: (query?: Record<string, string>) => `#/insights${qs(query)}`,
  tail: (query?: Record<string, string>) => `#/tail${qs(query)}`,
  metrics: () => '#/metrics',
  dashboards: () => '#/dashboards',
  dashboard: (name: string) => `#/dashboards/${encodeURIComponent(name)}`,
  alarms: () => '#/alarms',
  alarm: (name: string) => `#/alarms/${encodeURIComponent(name)}`,
  share: (token: string) => `#/share/${encodeURIComponent(token)}`,
  signin: () => '#/signin',
};

function qs(query?: Record<string, string>): string {
  if (!query) return '';
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? '?' + new URLSearchParams(entries).toString() : '';
}

export function navigate(to: string) {
  if (location.hash !== to) location.hash = to;
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
