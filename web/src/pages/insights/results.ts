// Turning GetQueryResults rows into table records, chart inputs and exports.
import type { CategoryItem, Series } from '../../charts/types';

export interface ResultField {
  field: string;
  value: string;
}

export type Record_ = Record<string, string>;

/** Records in result order, and the columns in order of first appearance (without @ptr). */
export function toRecords(results: ResultField[][]): { records: Record_[]; columns: string[] } {
  const cols: string[] = [];
  const seen = new Set<string>();
  const records = results.map((row) => {
    const r: Record_ = {};
    for (const f of row) {
      r[f.field] = f.value;
      if (f.field !== '@ptr' && !seen.has(f.field)) {
        seen.add(f.field);
        cols.push(f.field);
      }
    }
    return r;
  });
  return { records, columns: cols };
}

/** Insights prints times as "2006-01-02 15:04:05.000" in UTC. */
export function parseResultTime(s: string | undefined): number {
  if (!s) return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/.exec(s);
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? +m[7].padEnd(3, '0') : 0);
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote && s[i - 1] !== '\\') quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && s.slice(i, i + sep.length).toLowerCase() === sep) {
      out.push(cur);
      cur = '';
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

function stripComments(q: string): string {
  return q
    .split('\n')
    .map((line) => {
      let quote = '';
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
          if (c === quote && line[i - 1] !== '\\') quote = '';
        } else if (c === '"' || c === "'" || c === '`') quote = c;
        else if (c === '#') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();

export interface ByItem {
  /** The column the item produces as far as the query text tells: alias or expression. */
  name: string;
  isBin: boolean;
}

/** The grouping items of the last stats command, or null when the query has no stats. */
export function statsBy(query: string): ByItem[] | null {
  const cmds = splitTopLevel(stripComments(query), '|').map((c) => c.trim());
  const last = [...cmds].reverse().find((c) => /^stats\b/i.test(c));
  if (!last) return null;
  const parts = splitTopLevel(last.replace(/\s+/g, ' '), ' by ');
  if (parts.length < 2) return [];
  return splitTopLevel(parts.slice(1).join(' by '), ',').map((raw) => {
    const item = raw.trim();
    const alias = /\s+as\s+([\w@.$`]+)\s*$/i.exec(item);
    const expr = alias ? item.slice(0, alias.index).trim() : item;
    return { name: alias ? alias[1].replace(/`/g, '') : expr, isBin: /^bin\s*\(/i.test(expr) };
  });
}

export type Visualization =
  | { kind: 'timeseries'; series: Series[] }
  | { kind: 'category'; items: CategoryItem[]; metric: string; metrics: string[] }
  | { kind: 'none'; reason: string };

function findColumn(columns: string[], name: string): string | undefined {
  return columns.find((c) => c === name) ?? columns.find((c) => squash(c) === squash(name));
}

function isNumeric(records: Record_[], col: string): boolean {
  let any = false;
  for (const r of records) {
    const v = r[col];
    if (v === undefined || v === '') continue;
    if (!Number.isFinite(Number(v))) return false;
    any = true;
  }
  return any;
}

/**
 * What the results can be drawn as: a time series for `stats … by bin(…)`
 * (one series per aggregate and per other grouping value), categories for
 * `stats … by field`, nothing for plain event listings.
 */
export function visualize(query: string, records: Record_[], columns: string[], metric?: string): Visualization {
  const by = statsBy(query);
  if (by === null) return { kind: 'none', reason: 'Charts need a query with a stats command.' };
  if (!records.length) return { kind: 'none', reason: 'No results to chart.' };
  const binItem = by.find((b) => b.isBin);
  const binCol = binItem ? findColumn(columns, binItem.name) ?? columns.find((c) => /^bin\s*\(/i.test(c)) : undefined;
  const groupCols = by.filter((b) => b !== binItem).map((b) => findColumn(columns, b.name)).filter((c): c is string => !!c);
  const valueCols = columns.filter((c) => c !== binCol && !groupCols.includes(c) && isNumeric(records, c));
  if (!valueCols.length) return { kind: 'none', reason: 'The stats command produced no numeric column.' };

  if (binCol) {
    const series = new Map<string, Series>();
    for (const r of records) {
      const t = parseResultTime(r[binCol]);
      if (!Number.isFinite(t)) continue;
      const group = groupCols.map((g) => r[g] ?? '').join(' · ');
      for (const vc of valueCols) {
        const v = Number(r[vc]);
        if (r[vc] === undefined || r[vc] === '' || !Number.isFinite(v)) continue;
        const label = group ? (valueCols.length > 1 ? `${vc} ${group}` : group) : vc;
        let s = series.get(label);
        if (!s) series.set(label, (s = { label, points: [] }));
        s.points.push({ t, v });
      }
    }
    for (const s of series.values()) s.points.sort((a, b) => a.t - b.t);
    return { kind: 'timeseries', series: [...series.values()] };
  }

  const m = metric && valueCols.includes(metric) ? metric : valueCols[0];
  const items: CategoryItem[] = records.map((r) => ({
    label: groupCols.length ? groupCols.map((g) => r[g] ?? '').join(' · ') : m,
    value: Number(r[m]) || 0,
  }));
  if (!groupCols.length && records.length === 1) {
    // stats without by: one row, so each aggregate becomes a bar.
    return { kind: 'category', items: valueCols.map((vc) => ({ label: vc, value: Number(records[0][vc]) || 0 })), metric: m, metrics: valueCols };
  }
  return { kind: 'category', items, metric: m, metrics: valueCols };
}

function csvCell(v: string | undefined): string {
  const s = v ?? '';
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCSV(records: Record_[], columns: string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of records) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toJSON(records: Record_[], columns: string[]): string {
  return JSON.stringify(
    records.map((r) => Object.fromEntries(columns.filter((c) => c in r).map((c) => [c, r[c]]))),
    null,
    2,
  );
}

/** Hands the text to the browser as a file download. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Rows StartQuery returns unless told otherwise. */
export const defaultResultLimit = 10_000;
/** The most rows the server returns for one query. */
export const maxResultLimit = 1_000_000;

/**
 * The StartQuery limit a query needs: a final `limit N` above the default
 * would otherwise be cut to the default number of rows.
 */
export function queryLimit(query: string): number | undefined {
  const cmds = splitTopLevel(stripComments(query), '|').map((c) => c.trim());
  let n: number | undefined;
  for (const c of cmds) {
    const m = /^limit\s+(\d+)\s*$/i.exec(c);
    if (m) n = Number(m[1]);
  }
  if (n === undefined || n <= defaultResultLimit) return undefined;
  return Math.min(n, maxResultLimit);
}
