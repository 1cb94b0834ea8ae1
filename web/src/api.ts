// The console's only door to the server. Every AWS action goes through
// /console/api/aws with the session cookie, so the browser never holds a
// secret; the CSRF token lives in memory and is refetched with the session.

export interface Session {
  accountId: string;
  principal: string;
  csrfToken: string;
  expiresAt: string;
}

export type Service = 'logs' | 'monitoring' | 'events' | 'sns';

const targets: Record<Service, { prefix: string; contentType: string }> = {
  logs: { prefix: 'Logs_20140328', contentType: 'application/x-amz-json-1.1' },
  monitoring: { prefix: 'GraniteServiceVersion20100801', contentType: 'application/x-amz-json-1.0' },
  events: { prefix: 'AWSEvents', contentType: 'application/x-amz-json-1.1' },
  sns: { prefix: 'AmazonSimpleNotificationService', contentType: 'application/x-amz-json-1.0' },
};

/** An error as the AWS JSON protocol reports it, plus the HTTP status. */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;
  /** Every member of the error body, for the few errors that carry more (MalformedQueryException). */
  readonly body: Record<string, unknown>;

  constructor(type: string, message: string, status: number, body: Record<string, unknown> = {}) {
    super(message || type);
    this.name = 'AwsError';
    this.type = type;
    this.status = status;
    this.body = body;
  }
}

let csrfToken = '';
let current: Session | null = null;
const sessionListeners = new Set<(s: Session | null) => void>();

function setSession(s: Session | null) {
  current = s;
  csrfToken = s?.csrfToken ?? '';
  for (const fn of sessionListeners) fn(s);
}

/** The session known to this page, without asking the server. */
export function currentSession(): Session | null {
  return current;
}

/** Calls fn whenever the session changes (sign in, sign out, expiry); returns an unsubscribe. */
export function onSessionChange(fn: (s: Session | null) => void): () => void {
  sessionListeners.add(fn);
  return () => sessionListeners.delete(fn);
}

async function readJSON(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!text) return {};
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return { message: text };
  }
}

/** Asks the server whether the cookie still names a live session. */
export async function session(): Promise<Session | null> {
  const res = await fetch('/console/api/session', { credentials: 'same-origin' });
  if (res.status === 401) {
    setSession(null);
    return null;
  }
  if (!res.ok) {
    const body = await readJSON(res);
    throw new AwsError('SessionError', String(body.error ?? res.statusText), res.status, body);
  }
  const s = (await res.json()) as Session;
  setSession(s);
  return s;
}

export type Credentials =
  | { accessKeyId: string; secretAccessKey: string }
  | { username: string; password: string };

export async function signIn(creds: Credentials): Promise<Session> {
  const res = await fetch('/console/api/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(creds),
  });
  const body = await readJSON(res);
  if (!res.ok) {
    throw new AwsError('SignInError', String(body.error ?? body.message ?? 'Sign-in failed'), res.status, body);
  }
  const s = body as unknown as Session;
  setSession(s);
  return s;
}

export async function signOut(): Promise<void> {
  try {
    await fetch('/console/api/session', {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrfToken },
    });
  } finally {
    setSession(null);
  }
}

export interface AwsOptions {
  /** Renders a shared dashboard: the token is the credential, no session needed. */
  shareToken?: string;
  signal?: AbortSignal;
}

/** Calls one AWS action as the signed-in principal (or through a share token). */
export async function aws<T>(service: Service, operation: string, body: object, opts: AwsOptions = {}): Promise<T> {
  const t = targets[service];
  const url = opts.shareToken
    ? `/console/api/shared/${encodeURIComponent(opts.shareToken)}/aws`
    : '/console/api/aws';
  const headers: Record<string, string> = {
    'X-Amz-Target': `${t.prefix}.${operation}`,
    'Content-Type': t.contentType,
  };
  if (!opts.shareToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify(body),
    signal: opts.signal,
  });
  const out = await readJSON(res);
  if (!res.ok) {
    // Shapes vary: "__type" may carry a namespace prefix ("com.amazonaws...#X").
    const rawType = String(out.__type ?? out.code ?? (res.status === 401 ? 'UnauthorizedException' : 'InternalFailure'));
    const type = rawType.includes('#') ? rawType.slice(rawType.lastIndexOf('#') + 1) : rawType;
    const message = String(out.message ?? out.Message ?? out.error ?? res.statusText);
    if (res.status === 401 && !opts.shareToken) setSession(null);
    throw new AwsError(type, message, res.status, out);
  }
  return out as T;
}

export interface TailEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

/**
 * Streams new events of the groups through server push. onError gets the
 * server's message for a bad filter pattern, or a note that the connection
 * dropped (EventSource reconnects by itself). Returns a function that stops it.
 */
export function tail(
  groups: string[],
  filterPattern: string,
  onEvent: (e: TailEvent) => void,
  onError: (message: string) => void,
  onOpen?: () => void,
): () => void {
  const q = new URLSearchParams();
  for (const g of groups) q.append('group', g);
  if (filterPattern) q.set('filterPattern', filterPattern);
  const es = new EventSource(`/console/api/tail?${q.toString()}`, { withCredentials: true });
  es.addEventListener('open', () => onOpen?.());
  es.addEventListener('log', (ev) => {
    try {
      onEvent(JSON.parse((ev as MessageEvent<string>).data) as TailEvent);
    } catch {
      // A frame that is not JSON is not an event of ours; skip it.
    }
  });
  es.addEventListener('error', (ev) => {
    const data = (ev as MessageEvent<string>).data;
    if (typeof data === 'string' && data) {
      // A server-sent "error" event: the stream will not get better by retrying.
      let msg = data;
      try {
        msg = String((JSON.parse(data) as { message?: string }).message ?? data);
      } catch {
        // keep the raw text
      }
      es.close();
      onError(msg);
      return;
    }
    if (es.readyState === EventSource.CLOSED) onError('Live tail connection closed');
  });
  return () => es.close();
}

/**
 * A read-only dashboard link. The server keeps only a digest of each
 * token, so token and url are in the answer that created the share only;
 * listings name shares by id.
 */
export interface Share {
  id: string;
  dashboardName: string;
  createdBy?: string;
  created: string;
  token?: string;
  url?: string;
}

async function consoleJSON<T>(method: string, path: string, body?: object): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const out = await readJSON(res);
  if (!res.ok) {
    throw new AwsError(String(out.__type ?? 'ConsoleError'), String(out.error ?? out.message ?? res.statusText), res.status, out);
  }
  return out as T;
}

export function createShare(dashboardName: string): Promise<Share> {
  return consoleJSON<Share>('POST', '/console/api/shares', { dashboardName });
}

export async function listShares(): Promise<Share[]> {
  const out = await consoleJSON<{ shares?: Share[] }>('GET', '/console/api/shares');
  return out.shares ?? [];
}

/** revokeShare ends a share, named by its id (or token). */
export async function revokeShare(id: string): Promise<void> {
  await consoleJSON<unknown>('DELETE', `/console/api/shares/${encodeURIComponent(id)}`);
}

/** What a share token opens; fails with status 404 once the share is revoked. */
export function sharedDashboard(token: string): Promise<{ dashboardName: string; dashboardBody: string }> {
  return consoleJSON('GET', `/console/api/shared/${encodeURIComponent(token)}`);
}
