// The Logs Insights vocabulary the editor highlights and completes. Kept free
// of editor imports so the page can use it without loading CodeMirror.

export const commands = [
  'fields', 'display', 'filter', 'filterIndex', 'stats', 'sort', 'limit', 'parse',
  'dedup', 'unnest', 'unmask', 'pattern', 'diff', 'anomaly', 'SOURCE',
];

export const functions: { name: string; detail: string; aggregate?: boolean }[] = [
  { name: 'strlen', detail: 'strlen(s)' },
  { name: 'toupper', detail: 'toupper(s)' },
  { name: 'tolower', detail: 'tolower(s)' },
  { name: 'trim', detail: 'trim(s[, chars])' },
  { name: 'ltrim', detail: 'ltrim(s[, chars])' },
  { name: 'rtrim', detail: 'rtrim(s[, chars])' },
  { name: 'strcontains', detail: 'strcontains(s, sub)' },
  { name: 'replace', detail: 'replace(s, old, new)' },
  { name: 'substr', detail: 'substr(s, start[, len])' },
  { name: 'concat', detail: 'concat(a, b, …)' },
  { name: 'isempty', detail: 'isempty(x)' },
  { name: 'isblank', detail: 'isblank(x)' },
  { name: 'ispresent', detail: 'ispresent(x)' },
  { name: 'coalesce', detail: 'coalesce(a, b, …)' },
  { name: 'abs', detail: 'abs(n)' },
  { name: 'ceil', detail: 'ceil(n)' },
  { name: 'floor', detail: 'floor(n)' },
  { name: 'greatest', detail: 'greatest(a, b, …)' },
  { name: 'least', detail: 'least(a, b, …)' },
  { name: 'log', detail: 'log(n)' },
  { name: 'sqrt', detail: 'sqrt(n)' },
  { name: 'pow', detail: 'pow(n, e)' },
  { name: 'mod', detail: 'mod(n, m)' },
  { name: 'bin', detail: 'bin(period)' },
  { name: 'datefloor', detail: 'datefloor(t, period)' },
  { name: 'dateceil', detail: 'dateceil(t, period)' },
  { name: 'fromMillis', detail: 'fromMillis(ms)' },
  { name: 'toMillis', detail: 'toMillis(t)' },
  { name: 'isValidIp', detail: 'isValidIp(s)' },
  { name: 'isIpInSubnet', detail: 'isIpInSubnet(ip, cidr)' },
  { name: 'jsonParse', detail: 'jsonParse(s)' },
  { name: 'jsonStringify', detail: 'jsonStringify(v)' },
  { name: 'unmask', detail: 'unmask(field)' },
  { name: 'avg', detail: 'avg(n)', aggregate: true },
  { name: 'count', detail: 'count(*) | count(field)', aggregate: true },
  { name: 'count_distinct', detail: 'count_distinct(field)', aggregate: true },
  { name: 'max', detail: 'max(n)', aggregate: true },
  { name: 'min', detail: 'min(n)', aggregate: true },
  { name: 'pct', detail: 'pct(n, percentile)', aggregate: true },
  { name: 'stddev', detail: 'stddev(n)', aggregate: true },
  { name: 'sum', detail: 'sum(n)', aggregate: true },
  { name: 'earliest', detail: 'earliest(field)', aggregate: true },
  { name: 'latest', detail: 'latest(field)', aggregate: true },
  { name: 'sortsFirst', detail: 'sortsFirst(field)', aggregate: true },
  { name: 'sortsLast', detail: 'sortsLast(field)', aggregate: true },
];

export const keywords = ['and', 'or', 'not', 'like', 'in', 'as', 'by', 'asc', 'desc'];

export const systemFields = ['@timestamp', '@message', '@logStream', '@log', '@ingestionTime', '@ptr'];

const commandSet = new Set(commands.map((c) => c.toLowerCase()));
const functionSet = new Set(functions.map((f) => f.name.toLowerCase()));
const keywordSet = new Set(keywords);

export const isCommand = (w: string) => commandSet.has(w.toLowerCase());
export const isFunction = (w: string) => functionSet.has(w.toLowerCase());
export const isKeyword = (w: string) => keywordSet.has(w.toLowerCase());

/**
 * The field names in a sample of log messages: top-level and nested keys of
 * JSON messages, as Insights flattens them ("a.b"), most frequent first.
 */
export function discoverFields(messages: string[], max = 200): string[] {
  const counts = new Map<string, number>();
  const walk = (v: unknown, prefix: string, depth: number) => {
    if (!v || typeof v !== 'object' || Array.isArray(v) || depth > 4) return;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const name = prefix ? `${prefix}.${k}` : k;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      walk(child, name, depth + 1);
    }
  };
  for (const m of messages) {
    const t = m.trim();
    if (!t.startsWith('{')) continue;
    try {
      walk(JSON.parse(t), '', 0);
    } catch {
      // Not JSON after all; Insights would not discover fields in it either.
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}

/** Converts a UTF-8 byte offset, as the server reports positions, to a string index. */
export function byteOffsetToIndex(text: string, byteOffset: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    if (bytes >= byteOffset) return i;
    const c = text.codePointAt(i)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) i++;
  }
  return text.length;
}
