import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patternTerms, termMatcher } from './highlight';

test('patternTerms', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['ERROR', ['ERROR']],
    ['ERROR -heartbeat', ['ERROR']],
    ['?ERROR ?WARN', ['ERROR', 'WARN']],
    ['"disk full" timeout', ['disk full', 'timeout']],
    ['"say \\"hi\\""', ['say "hi"']],
    ['{ $.level = "error" }', []],
    ['[ip, user, status = 5*]', []],
    ['%ab+c%', []],
  ];
  for (const [p, want] of cases) assert.deepEqual(patternTerms(p), want, p);
});

test('termMatcher prefers longer terms and escapes', () => {
  assert.equal(termMatcher([' ', '']), null);
  const re = termMatcher(['err', 'errors', 'a.b'])!;
  assert.deepEqual('errors and ERR and axb and a.b'.match(re), ['errors', 'ERR', 'a.b']);
});
