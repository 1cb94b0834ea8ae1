import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseResultTime, queryLimit, statsBy, toCSV, toJSON, toRecords, visualize } from './results';

const row = (o: Record<string, string>) => Object.entries(o).map(([field, value]) => ({ field, value }));

test('toRecords keeps column order and drops @ptr', () => {
  const { records, columns } = toRecords([row({ '@timestamp': 't1', '@ptr': 'p' }), row({ '@message': 'm', '@timestamp': 't2' })]);
  assert.deepEqual(columns, ['@timestamp', '@message']);
  assert.deepEqual(records[1], { '@message': 'm', '@timestamp': 't2' });
});

test('parseResultTime', () => {
  assert.equal(parseResultTime('2024-01-02 03:04:05.006'), Date.UTC(2024, 0, 2, 3, 4, 5, 6));
  assert.equal(parseResultTime('2024-01-02 03:04:05'), Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.ok(Number.isNaN(parseResultTime('soon')));
  assert.ok(Number.isNaN(parseResultTime(undefined)));
});

test('statsBy', () => {
  const cases: [string, ReturnType<typeof statsBy>][] = [
    ['fields @message', null],
    ['stats count(*)', []],
    ['stats count(*) by bin(5m)', [{ name: 'bin(5m)', isBin: true }]],
    ['filter x | STATS avg(ms) as a, count(*) BY bin(1h) as t, level', [{ name: 't', isBin: true }, { name: 'level', isBin: false }]],
    ['stats count(*)\n  by level # comment by x', [{ name: 'level', isBin: false }]],
    ['stats count(*) by concat(a, "by ,") | sort level', [{ name: 'concat(a, "by ,")', isBin: false }]],
    ['stats count(*) by level | stats count(*) by bin(5m)', [{ name: 'bin(5m)', isBin: true }]],
  ];
  for (const [q, want] of cases) assert.deepEqual(statsBy(q), want, q);
});

test('visualize time series', () => {
  const q = 'stats count(*) as n by bin(5m), level';
  const recs = [
    { 'bin(5m)': '2024-01-01 00:05:00.000', level: 'info', n: '2' },
    { 'bin(5m)': '2024-01-01 00:00:00.000', level: 'info', n: '1' },
    { 'bin(5m)': '2024-01-01 00:00:00.000', level: 'error', n: '4' },
  ];
  const v = visualize(q, recs, ['bin(5m)', 'level', 'n']);
  assert.equal(v.kind, 'timeseries');
  if (v.kind !== 'timeseries') return;
  assert.deepEqual(v.series.map((s) => s.label), ['info', 'error']);
  assert.deepEqual(v.series[0].points, [
    { t: Date.UTC(2024, 0, 1, 0, 0), v: 1 },
    { t: Date.UTC(2024, 0, 1, 0, 5), v: 2 },
  ]);
});

test('visualize categories and non-charts', () => {
  const cat = visualize('stats count(*) as c, avg(ms) as a by level', [{ level: 'info', c: '3', a: '1.5' }, { level: 'error', c: '1', a: '9' }], ['level', 'c', 'a'], 'a');
  assert.deepEqual(cat, { kind: 'category', items: [{ label: 'info', value: 1.5 }, { label: 'error', value: 9 }], metric: 'a', metrics: ['c', 'a'] });
  const single = visualize('stats count(*), max(ms)', [{ 'count(*)': '5', 'max(ms)': '7' }], ['count(*)', 'max(ms)']);
  assert.equal(single.kind, 'category');
  assert.equal(visualize('fields @message', [{ '@message': 'x' }], ['@message']).kind, 'none');
  assert.equal(visualize('stats count(*) by level', [], []).kind, 'none');
  assert.equal(visualize('stats latest(msg) by level', [{ level: 'a', 'latest(msg)': 'text' }], ['level', 'latest(msg)']).kind, 'none');
});

test('exports', () => {
  const recs = [{ a: 'x,y', b: 'say "hi"' }, { a: 'plain' }];
  assert.equal(toCSV(recs, ['a', 'b']), 'a,b\r\n"x,y","say ""hi"""\r\nplain,\r\n');
  assert.deepEqual(JSON.parse(toJSON(recs, ['a', 'b'])), [{ a: 'x,y', b: 'say "hi"' }, { a: 'plain' }]);
});

test('queryLimit', () => {
  const cases: [string, number | undefined][] = [
    ['fields @message', undefined],
    ['fields @message | limit 20', undefined],
    ['fields @message | limit 10000', undefined],
    ['fields @message | limit 100000', 100000],
    ['fields @message\n| LIMIT 50000 # many', 50000],
    ['fields @message | limit 20000 | sort x | limit 30', undefined],
    ['fields @message | limit 5000000', 1000000],
    ['filter @message like "| limit 99999"', undefined],
  ];
  for (const [q, want] of cases) assert.equal(queryLimit(q), want, q);
});
