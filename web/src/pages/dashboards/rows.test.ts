import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricRow } from '../../dashboards/metrics';
import { blankRow, fromEditRow, parseDimensions, RowError, toEditRow, type EditRow } from './rows';

describe('editor rows', () => {
  const rows: [string, MetricRow][] = [
    ['a metric with options', { kind: 'metric', metric: { namespace: 'A', metricName: 'x', dimensions: [{ name: 'D', value: 'v=1' }] }, options: { color: '#112233', label: 'L', id: 'm7', stat: 'Sum' } }],
    ['an expression', { kind: 'expression', expression: 'SUM(METRICS())', options: { visible: false, id: 'e1' } }],
  ];
  for (const [name, row] of rows) {
    it(`round-trips ${name}`, () => assert.deepStrictEqual(fromEditRow(toEditRow(row), 0), row));
  }

  const bad: [string, EditRow][] = [
    ['an empty metric', blankRow('metric')],
    ['an empty expression', blankRow('expression')],
    ['a bad id', { ...blankRow('expression'), expression: '1', id: 'E1' }],
    ['a bad dimension', { ...blankRow('metric'), namespace: 'A', metricName: 'x', dimensions: 'novalue' }],
  ];
  for (const [name, row] of bad) {
    it(`refuses ${name}`, () => assert.throws(() => fromEditRow(row, 0), RowError));
  }

  it('reads dimensions', () => {
    assert.deepStrictEqual(parseDimensions(' A=1 , B = two ,', 1), [
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
    ]);
  });
});
