// Seeded random inputs for every text parser of the console: none may throw,
// and each keeps the invariant its callers rely on. The seed is fixed so a
// failure reproduces; the input is printed with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTags } from './pages/logs/tags';
import { parseResultTime, queryLimit, statsBy, toCSV, visualize } from './pages/insights/results';
import { byteOffsetToIndex, discoverFields } from './pages/insights/vocab';
import { parseHash } from './router';
import { patternTerms, termMatcher } from './ui/highlight';
import { rangeFromString } from './ui/TimeRangePicker';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const alphabet = [
  ...'abcxyz019 _-./@#?&=%*"\'`\\|,()[]{}$:\n\t',
  'stats ', ' by ', 'bin(5m)', 'limit ', 'as ', '&&', '||', 'é', '日', '😀', '%2F', '%E0',
];

function randomText(next: () => number, max = 40): string {
  const n = Math.floor(next() * max);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

const rounds = 3000;

test('parsers never throw on random text', () => {
  const next = rng(20261123);
  for (let i = 0; i < rounds; i++) {
    const s = randomText(next);
    try {
      const route = parseHash('#/' + s);
      assert.equal(typeof route.page, 'string');
      const r = rangeFromString(s, { kind: 'relative', minutes: 60 });
      if (r.kind === 'absolute') assert.ok(r.start < r.end);
      else assert.ok(r.minutes > 0);
      const { tags, error } = parseTags(s);
      if (!error) for (const k of Object.keys(tags)) assert.ok(k.length > 0 && k.length <= 128);
      const terms = patternTerms(s);
      const re = termMatcher(terms);
      if (re) s.replace(re, '');
      const by = statsBy(s);
      if (by) for (const b of by) assert.equal(typeof b.name, 'string');
      const lim = queryLimit(s);
      if (lim !== undefined) assert.ok(lim > 10_000 && lim <= 1_000_000);
      assert.ok(Number.isNaN(parseResultTime(s)) || Number.isFinite(parseResultTime(s)));
      visualize(s, [{ a: s, b: '1' }], ['a', 'b']);
    } catch (e) {
      assert.fail(`input ${JSON.stringify(s)}: ${e instanceof Error ? e.stack : e}`);
    }
  }
});

test('byteOffsetToIndex stays in bounds and never goes backwards', () => {
  const next = rng(7);
  const enc = new TextEncoder();
  for (let i = 0; i < rounds; i++) {
    const s = randomText(next);
    const bytes = enc.encode(s).length;
    let last = 0;
    for (let off = 0; off <= bytes + 2; off++) {
      const idx = byteOffsetToIndex(s, off);
      assert.ok(idx >= last && idx <= s.length, JSON.stringify(s));
      last = idx;
    }
    assert.equal(byteOffsetToIndex(s, bytes), s.length);
  }
});

test('discoverFields and toCSV survive random messages', () => {
  const next = rng(99);
  for (let i = 0; i < rounds / 3; i++) {
    const msgs = [randomText(next), '{' + randomText(next) + '}', JSON.stringify({ [randomText(next, 5)]: randomText(next, 5) })];
    for (const f of discoverFields(msgs)) assert.equal(typeof f, 'string');
    const csv = toCSV([{ a: msgs[0], b: msgs[1] }], ['a', 'b']);
    // Every quote inside a quoted cell is doubled, so quotes always pair up.
    assert.equal((csv.match(/"/g)?.length ?? 0) % 2, 0);
  }
});
