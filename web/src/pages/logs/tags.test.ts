import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTags, parseTags } from './tags';

test('parseTags', () => {
  const cases: [string, Record<string, string>, boolean][] = [
    ['', {}, false],
    ['team=core', { team: 'core' }, false],
    [' team = core , env=prod,', { team: 'core', env: 'prod' }, false],
    ['flag', { flag: '' }, false],
    ['url=a=b', { url: 'a=b' }, false],
    ['=x', {}, true],
    ['k'.repeat(129) + '=v', {}, true],
    ['k=' + 'v'.repeat(257), {}, true],
  ];
  for (const [text, want, fails] of cases) {
    const got = parseTags(text);
    assert.equal(!!got.error, fails, text);
    if (!fails) assert.deepEqual(got.tags, want, text);
  }
});

test('formatTags', () => {
  assert.equal(formatTags(undefined), '');
  assert.equal(formatTags({ a: '1', flag: '' }), 'a=1, flag');
});
