import type { ComponentChildren } from 'preact';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A case-insensitive matcher for any of the terms, or null when there are none. */
export function termMatcher(terms: string[]): RegExp | null {
  const t = terms.map((x) => x.trim()).filter(Boolean);
  if (!t.length) return null;
  // Longest first, so "error" does not shadow "errors".
  t.sort((a, b) => b.length - a.length);
  return new RegExp(t.map(escapeRegExp).join('|'), 'gi');
}

/** The text with every match wrapped in <mark>. */
export function Highlight({ text, re }: { text: string; re: RegExp | null }): ComponentChildren {
  if (!re) return text;
  const out: ComponentChildren[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(<mark>{m[0]}</mark>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * The plain words of a filter pattern worth highlighting: quoted phrases and
 * bare terms, without operators, exclusions, JSON selectors or regexes.
 */
export function patternTerms(pattern: string): string[] {
  const p = pattern.trim();
  if (!p || p.startsWith('{') || p.startsWith('[')) return [];
  const terms: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(p); m; m = re.exec(p)) {
    if (m[1] !== undefined) {
      terms.push(m[1].replace(/\\(.)/g, '$1'));
      continue;
    }
    let w = m[2];
    if (w.startsWith('-')) continue;
    if (w.startsWith('?')) w = w.slice(1);
    if (!w || (w.startsWith('%') && w.endsWith('%'))) continue;
    terms.push(w);
  }
  return terms;
}
