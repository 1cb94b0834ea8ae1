import assert from 'node:assert/strict';
import { test } from 'node:test';
import { href, parseHash } from './router';

test('parseHash', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['', 'logs', {}],
    ['#/', 'logs', {}],
    ['#/logs', 'logs', {}],
    ['#/logs/%2Faws%2Flambda%2Ffn', 'streams', { group: '/aws/lambda/fn' }],
    ['#/logs/%2Fa/s%231', 'events', { group: '/a', stream: 's#1' }],
    ['#/logs/g/s?filter=ERROR&range=1h', 'events', { group: 'g', stream: 's', filter: 'ERROR', range: '1h' }],
    ['#/insights?group=a,b', 'insights', { group: 'a,b' }],
    ['#/dashboards/ops', 'dashboard', { name: 'ops' }],
    ['#/alarms/High%20CPU', 'alarm', { name: 'High CPU' }],
    ['#/share/tok123', 'share', { token: 'tok123' }],
    ['#/signin?next=%23%2Flogs', 'signin', { next: '#/logs' }],
    ['#/nope', 'notfound', {}],
    ['#/logs/a/b/c', 'notfound', {}],
    ['#/logs/%E0%A4%A', 'streams', { group: '%E0%A4%A' }],
  ];
  for (const [hash, page, params] of cases) {
    const r = parseHash(hash);
    assert.equal(r.page, page, hash);
    assert.deepEqual(r.params, params, hash);
  }
});

test('href round-trips through parseHash', () => {
  const names = ['/aws/lambda/x', 'a b', 'weird#?&=name', 'ünï'];
  for (const n of names) {
    assert.deepEqual(parseHash(href.logGroup(n)).params, { group: n });
    assert.deepEqual(parseHash(href.logStream(n, n, { filter: '"a b"' })).params, { group: n, stream: n, filter: '"a b"' });
    assert.deepEqual(parseHash(href.dashboard(n)).params, { name: n });
  }
  assert.equal(href.insights({ group: '', query: '' }), '#/insights');
});
