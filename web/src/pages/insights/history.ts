// Recent queries stay in this browser only: the query text, its groups and
// when it ran, never results (which may hold sensitive log data).

export interface HistoryEntry {
  query: string;
  groups: string[];
  at: number;
}

const key = 'openwatch.insights.history';
const max = 30;

export function loadHistory(): HistoryEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(v) ? v.filter((e) => e && typeof e.query === 'string').slice(0, max) : [];
  } catch {
    return [];
  }
}

export function remember(query: string, groups: string[]): HistoryEntry[] {
  const q = query.trim();
  if (!q) return loadHistory();
  const list = [{ query: q, groups, at: Date.now() }, ...loadHistory().filter((e) => e.query !== q)].slice(0, max);
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Storage may be full or refused; history is a convenience.
  }
  return list;
}

export function clearHistory() {
  try {
    localStorage.removeItem(key);
  } catch {
    // see remember
  }
}
