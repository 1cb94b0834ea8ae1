import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteOffsetToIndex, discoverFields, isCommand, isFunction } from './vocab';

test('byteOffsetToIndex', () => {
  const cases: [string, number, number][] = [
    ['abc', 0, 0],
    ['abc', 2, 2],
    ['abc', 9, 3],
    ['é|x', 2, 1],
    ['日本|x', 6, 2],
    ['😀|x', 4, 2],
    ['a😀b', 5, 3],
  ];
  for (const [s, off, want] of cases) assert.equal(byteOffsetToIndex(s, off), want, `${s}@${off}`);
});

test('discoverFields', () => {
  const got = discoverFields(['{"level":"x","req":{"path":"/","ms":3}}', 'plain text', '{"level":"y"}', '{broken', '[1,2]']);
  assert.deepEqual(got, ['level', 'req', 'req.ms', 'req.path']);
});

test('vocabulary is case-insensitive', () => {
  assert.ok(isCommand('STATS') && isCommand('filterIndex') && isCommand('source'));
  assert.ok(!isCommand('count'));
  assert.ok(isFunction('count_distinct') && isFunction('FROMMILLIS'));
  assert.ok(!isFunction('stats'));
});
