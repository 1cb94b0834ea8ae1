// The evidence of an alarm notification: the log lines that made the
// alarm's metric breach and a Logs Insights query over the same window.
// It travels inside the published alarm message, which the Action history
// item's HistoryData carries as a JSON string, so the reader looks through
// nested JSON strings for an "Evidence" object and accepts either casing of
// its members.

export interface EvidenceEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
}

export interface EvidenceQuery {
  logGroupNames: string[];
  queryString: string;
  /** startTime and endTime are epoch seconds, as StartQuery takes them. */
  startTime?: number;
  endTime?: number;
  note?: string;
}

export interface Evidence {
  logEvents: EvidenceEvent[];
  insightsQuery?: EvidenceQuery;
  truncated: boolean;
  error?: string;
  filters: { logGroupName: string; filterName: string; filterPattern: string }[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** pick reads a member by any of its spellings. */
function pick(o: Obj, ...names: string[]): unknown {
  for (const n of names) if (n in o) return o[n];
  return undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** MAX_DEPTH bounds the search through nested documents. */
const MAX_DEPTH = 6;

function findEvidence(v: unknown, depth: number): Obj | null {
  if (depth > MAX_DEPTH) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (!t.startsWith('{') || !t.includes('vidence')) return null;
    try {
      return findEvidence(JSON.parse(t), depth + 1);
    } catch {
      return null;
    }
  }
  if (Array.isArray(v)) {
    for (const e of v) {
      const f = findEvidence(e, depth + 1);
      if (f) return f;
    }
    return null;
  }
  if (!isObj(v)) return null;
  const ev = pick(v, 'Evidence', 'evidence');
  if (isObj(ev)) return ev;
  for (const child of Object.values(v)) {
    const f = findEvidence(child, depth + 1);
    if (f) return f;
  }
  return null;
}

/** readEvidence finds the evidence in a history item's HistoryData, or returns null. */
export function readEvidence(historyData: string | undefined): Evidence | null {
  if (!historyData) return null;
  const ev = findEvidence(historyData, 0);
  if (!ev) return null;
  const events = pick(ev, 'LogEvents', 'logEvents');
  const logEvents: EvidenceEvent[] = Array.isArray(events)
    ? events.filter(isObj).map((e) => ({
        logGroupName: str(pick(e, 'logGroupName', 'LogGroupName')),
        logStreamName: str(pick(e, 'logStreamName', 'LogStreamName')),
        timestamp: num(pick(e, 'timestamp', 'Timestamp')) ?? 0,
        message: str(pick(e, 'message', 'Message')),
      }))
    : [];
  const q = pick(ev, 'InsightsQuery', 'insightsQuery');
  let insightsQuery: EvidenceQuery | undefined;
  if (isObj(q)) {
    const groups = pick(q, 'LogGroupNames', 'logGroupNames');
    insightsQuery = {
      logGroupNames: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
      queryString: str(pick(q, 'QueryString', 'queryString')),
      startTime: num(pick(q, 'StartTime', 'startTime')),
      endTime: num(pick(q, 'EndTime', 'endTime')),
      note: str(pick(q, 'Note', 'note')) || undefined,
    };
  }
  const filters = pick(ev, 'MetricFilters', 'metricFilters');
  return {
    logEvents,
    insightsQuery,
    truncated: pick(ev, 'Truncated', 'truncated') === true,
    error: str(pick(ev, 'Error', 'error')) || undefined,
    filters: Array.isArray(filters)
      ? filters.filter(isObj).map((f) => ({
          logGroupName: str(pick(f, 'LogGroupName', 'logGroupName')),
          filterName: str(pick(f, 'FilterName', 'filterName')),
          filterPattern: str(pick(f, 'FilterPattern', 'filterPattern')),
        }))
      : [],
  };
}

export interface HistoryItem {
  Timestamp?: number;
  HistoryItemType?: string;
  HistorySummary?: string;
  HistoryData?: string;
}

/** latestEvidence is the evidence of the newest Action item that carries some. */
export function latestEvidence(items: HistoryItem[]): { item: HistoryItem; evidence: Evidence } | null {
  const actions = items.filter((i) => i.HistoryItemType === 'Action').sort((a, b) => (b.Timestamp ?? 0) - (a.Timestamp ?? 0));
  for (const item of actions) {
    const evidence = readEvidence(item.HistoryData);
    if (evidence) return { item, evidence };
  }
  return null;
}

/**
 * insightsLink opens the evidence query in the Insights page, over its own
 * window (range is "<startMs>-<endMs>", the form the page reads).
 */
export function insightsParams(q: EvidenceQuery): Record<string, string> {
  const out: Record<string, string> = { query: q.queryString, group: q.logGroupNames.join(',') };
  if (q.startTime !== undefined && q.endTime !== undefined && q.endTime > q.startTime) {
    // A window of whole seconds, widened by one second so the end is inclusive.
    out.range = `${q.startTime * 1000}-${(q.endTime + 1) * 1000}`;
  }
  return out;
}

export interface StateChange {
  t: number;
  from: string;
  to: string;
  summary: string;
}

/** stateChanges reads StateUpdate history items, newest first. */
export function stateChanges(items: HistoryItem[]): StateChange[] {
  const out: StateChange[] = [];
  for (const i of items) {
    if (i.HistoryItemType !== 'StateUpdate') continue;
    let from = '';
    let to = '';
    try {
      const d = JSON.parse(i.HistoryData ?? '{}') as { oldState?: { stateValue?: string }; newState?: { stateValue?: string } };
      from = d.oldState?.stateValue ?? '';
      to = d.newState?.stateValue ?? '';
    } catch {
      // Summaries still say what happened when the data is not JSON.
    }
    if (!to) {
      const m = /to (ALARM|OK|INSUFFICIENT_DATA)/.exec(i.HistorySummary ?? '');
      to = m ? m[1] : '';
    }
    out.push({ t: (i.Timestamp ?? 0) * 1000, from, to, summary: i.HistorySummary ?? '' });
  }
  return out.sort((a, b) => b.t - a.t);
}

export interface Segment {
  start: number;
  end: number;
  state: string;
}

/** timeline turns state changes into segments covering [start, end]. */
export function timeline(changes: StateChange[], start: number, end: number, current: string): Segment[] {
  const asc = [...changes].sort((a, b) => a.t - b.t);
  let state = '';
  for (const c of asc) if (c.t <= start) state = c.to;
  if (!state) state = asc.find((c) => c.t > start)?.from || current;
  const out: Segment[] = [];
  let at = start;
  for (const c of asc) {
    if (c.t <= start || c.t >= end) continue;
    if (c.t > at) out.push({ start: at, end: c.t, state });
    at = c.t;
    state = c.to;
  }
  if (end > at) out.push({ start: at, end, state });
  return out;
}
