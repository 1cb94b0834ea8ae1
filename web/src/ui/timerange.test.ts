import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeFromString, rangeToString, resolveRange, type TimeRange } from './TimeRangePicker';

const fallback: TimeRange = { kind: 'relative', minutes: 60 };

test('rangeFromString', () => {
  const cases: [string | undefined, TimeRange][] = [
    [undefined, fallback],
    ['', fallback],
    ['5m', { kind: 'relative', minutes: 5 }],
    ['3h', { kind: 'relative', minutes: 180 }],
    ['1d', { kind: 'relative', minutes: 1440 }],
    ['1w', { kind: 'relative', minutes: 10080 }],
    ['0m', fallback],
    ['10x', fallback],
    ['1000-2000', { kind: 'absolute', start: 1000, end: 2000 }],
    ['2000-1000', fallback],
    ['-5m', fallback],
  ];
  for (const [s, want] of cases) assert.deepEqual(rangeFromString(s, fallback), want, String(s));
});

test('rangeToString round-trips', () => {
  const ranges: TimeRange[] = [
    { kind: 'relative', minutes: 15 },
    { kind: 'relative', minutes: 720 },
    { kind: 'relative', minutes: 7 },
    { kind: 'absolute', start: 1700000000000, end: 1700003600000 },
  ];
  for (const r of ranges) assert.deepEqual(rangeFromString(rangeToString(r), fallback), r);
});

test('resolveRange ends a relative range now', () => {
  assert.deepEqual(resolveRange({ kind: 'relative', minutes: 5 }, 1_000_000), { start: 700_000, end: 1_000_000 });
  assert.deepEqual(resolveRange({ kind: 'absolute', start: 1, end: 2 }, 99), { start: 1, end: 2 });
});
