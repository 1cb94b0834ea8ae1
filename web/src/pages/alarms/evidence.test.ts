import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insightsParams, latestEvidence, readEvidence, stateChanges, timeline, type HistoryItem } from './evidence';
import actionItem from './testdata/action-history.json?raw';

describe('readEvidence', () => {
  it('reads the evidence inside the published message of an Action item', () => {
    const items = JSON.parse(actionItem) as HistoryItem[];
    const ev = readEvidence(items[0].HistoryData);
    assert.deepStrictEqual(ev, {
      logEvents: [
        { logGroupName: '/app/api', logStreamName: 'web-1', timestamp: 1767323045000, message: 'ERROR timeout calling db' },
        { logGroupName: '/app/api', logStreamName: 'web-2', timestamp: 1767323046000, message: '{"level":"error","msg":"boom"}' },
      ],
      insightsQuery: {
        logGroupNames: ['/app/api'],
        queryString: 'fields @timestamp, @message, @logStream\n| filter @message like "ERROR"\n| sort @timestamp desc\n| limit 100',
        startTime: 1767323040,
        endTime: 1767323099,
        note: undefined,
      },
      truncated: true,
      error: undefined,
      filters: [{ logGroupName: '/app/api', filterName: 'errors', filterPattern: 'ERROR' }],
    });
  });

  it('accepts the lower-case spelling at the top level', () => {
    const data = JSON.stringify({ Evidence: { logEvents: [{ logGroupName: 'g', logStreamName: 's', timestamp: 5, message: 'm' }], insightsQuery: { logGroupNames: ['g'], queryString: 'q' } } });
    const ev = readEvidence(data)!;
    assert.deepStrictEqual(ev.logEvents, [{ logGroupName: 'g', logStreamName: 's', timestamp: 5, message: 'm' }]);
    assert.equal(ev.insightsQuery?.queryString, 'q');
  });

  for (const [name, data] of [
    ['nothing', undefined],
    ['not JSON', 'plain text'],
    ['no evidence', JSON.stringify({ actionState: 'Succeeded', publishedMessage: JSON.stringify({ AlarmName: 'a' }) })],
    ['evidence not an object', JSON.stringify({ Evidence: 'x' })],
  ] as const) {
    it(`finds none in ${name}`, () => assert.equal(readEvidence(data), null));
  }
});

describe('latestEvidence', () => {
  it('takes the newest Action item that has evidence', () => {
    const withEv = JSON.parse(actionItem) as HistoryItem[];
    const items: HistoryItem[] = [
      { ...withEv[0], Timestamp: 100 },
      { HistoryItemType: 'Action', Timestamp: 300, HistoryData: JSON.stringify({ actionState: 'Failed' }) },
      { HistoryItemType: 'StateUpdate', Timestamp: 400, HistoryData: withEv[0].HistoryData },
      { ...withEv[0], Timestamp: 200, HistorySummary: 'newer' },
    ];
    assert.equal(latestEvidence(items)?.item.HistorySummary, 'newer');
    assert.equal(latestEvidence([]), null);
  });
});

describe('insightsParams', () => {
  it('carries groups, query and window', () => {
    assert.deepStrictEqual(insightsParams({ logGroupNames: ['/a', '/b'], queryString: 'fields @message', startTime: 10, endTime: 70 }), {
      query: 'fields @message',
      group: '/a,/b',
      range: '10000-71000',
    });
    assert.deepStrictEqual(insightsParams({ logGroupNames: ['/a'], queryString: 'q' }), { query: 'q', group: '/a' });
  });
});

describe('state timeline', () => {
  const items: HistoryItem[] = [
    { HistoryItemType: 'StateUpdate', Timestamp: 100, HistorySummary: 'Alarm updated from INSUFFICIENT_DATA to OK', HistoryData: JSON.stringify({ oldState: { stateValue: 'INSUFFICIENT_DATA' }, newState: { stateValue: 'OK' } }) },
    { HistoryItemType: 'StateUpdate', Timestamp: 200, HistorySummary: 'Alarm updated from OK to ALARM', HistoryData: 'not json' },
    { HistoryItemType: 'ConfigurationUpdate', Timestamp: 50, HistorySummary: 'Alarm created' },
  ];
  it('reads changes newest first', () => {
    assert.deepStrictEqual(stateChanges(items).map((c) => [c.t, c.from, c.to]), [
      [200000, '', 'ALARM'],
      [100000, 'INSUFFICIENT_DATA', 'OK'],
    ]);
  });
  for (const [name, start, end, want] of [
    ['the whole story', 0, 300000, [
      { start: 0, end: 100000, state: 'INSUFFICIENT_DATA' },
      { start: 100000, end: 200000, state: 'OK' },
      { start: 200000, end: 300000, state: 'ALARM' },
    ]],
    ['a window after the first change', 150000, 250000, [
      { start: 150000, end: 200000, state: 'OK' },
      { start: 200000, end: 250000, state: 'ALARM' },
    ]],
    ['a window after every change', 250000, 260000, [{ start: 250000, end: 260000, state: 'ALARM' }]],
  ] as const) {
    it(`segments ${name}`, () => assert.deepStrictEqual(timeline(stateChanges(items), start, end, 'ALARM'), want));
  }
});
