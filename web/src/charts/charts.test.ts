import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categoryConfig, foldSmall, MAX_SLICES } from './category';
import { withAlpha, type Theme } from './theme';
import { annotationOptions, roundTicks, timeSeriesConfig, timeStep } from './timeseries';
import type { TimeSeriesKind } from './types';

const theme: Theme = { text: '#111111', grid: 'rgba(0,0,0,0.1)', palette: ['#000001', '#000002'] };

function has(o: unknown, want: Record<string, unknown>) {
  for (const [k, v] of Object.entries(want)) assert.deepStrictEqual((o as Record<string, unknown>)[k], v, k);
}

describe('annotationOptions', () => {
  it('draws a line, a filled side and a band', () => {
    const a = annotationOptions(
      {
        horizontal: [
          { value: 80, label: 'high', fill: 'above' },
          { value: 10, toValue: 20, color: '#00ff00' },
        ],
        vertical: [{ t: 1000, toT: 2000, label: 'deploy' }],
      },
      theme,
    );
    assert.deepStrictEqual(Object.keys(a).sort(), ['h0', 'h1', 'h1to', 'hband0', 'hband1', 'v0', 'vband0']);
    has(a.hband0, { type: 'box', yMin: 80 });
    assert.ok(!('yMax' in a.hband0));
    has(a.hband1, { type: 'box', yMin: 10, yMax: 20 });
    has(a.h0, { type: 'line', yMin: 80, yMax: 80 });
    has(a.vband0, { type: 'box', xMin: 1000, xMax: 2000 });
    has(a.v0, { type: 'line', xMin: 1000, xMax: 1000 });
  });

  it('fills below for "below"', () => {
    has(annotationOptions({ horizontal: [{ value: 5, fill: 'below' }] }, theme).hband0, { yMax: 5 });
  });
});

describe('timeSeriesConfig', () => {
  const series = [
    { label: 'a', points: [{ t: 1, v: 2 }] },
    { label: 'b', points: [{ t: 1, v: 3 }], color: '#abcdef' },
  ];
  for (const [kind, type, fills, stacked] of [
    ['line', 'line', [false, false], false],
    ['stacked', 'line', ['origin', '-1'], true],
    ['bar', 'bar', [undefined, undefined], false],
  ] as [TimeSeriesKind, string, unknown[], boolean][]) {
    it(kind, () => {
      const c = timeSeriesConfig({ series, kind }, theme);
      assert.equal(c.type, type);
      assert.deepStrictEqual(
        c.data.datasets.map((d) => (d as { fill?: unknown }).fill),
        fills,
      );
      assert.equal((c.options?.scales?.y as { stacked?: boolean }).stacked, stacked);
      assert.deepStrictEqual(c.data.datasets[0].data, [{ x: 1, y: 2 }]);
      assert.equal((c.data.datasets[1] as { borderColor?: string }).borderColor, '#abcdef');
      assert.equal((c.data.datasets[0] as { borderColor?: string }).borderColor, '#000001');
    });
  }

  it('adds a right axis only for series that ask for it', () => {
    assert.equal(timeSeriesConfig({ series, kind: 'line' }, theme).options?.scales?.y1, undefined);
    const c = timeSeriesConfig({ series: [series[0], { ...series[1], axis: 'right' }], kind: 'line' }, theme);
    assert.deepStrictEqual(
      c.data.datasets.map((d) => (d as { yAxisID?: string }).yAxisID),
      ['y', 'y1'],
    );
    assert.equal((c.options?.scales?.y1 as { position?: string }).position, 'right');
  });

  it('shades an anomaly band between its two lines', () => {
    const c = timeSeriesConfig({ series: [series[0], { ...series[1], fillToPrevious: true }], kind: 'line' }, theme);
    assert.equal((c.data.datasets[1] as { fill?: unknown }).fill, '-1');
  });
});

describe('timeStep', () => {
  for (const [spanMs, want] of [
    [0, null],
    [5 * 60e3, { unit: 'minute', stepMs: 60e3 }],
    [60 * 60e3, { unit: 'minute', stepMs: 10 * 60e3 }],
    [3 * 3600e3, { unit: 'minute', stepMs: 30 * 60e3 }],
    [24 * 3600e3, { unit: 'hour', stepMs: 3 * 3600e3 }],
    [7 * 86400e3, { unit: 'day', stepMs: 86400e3 }],
    [365 * 86400e3, { unit: 'day', stepMs: 7 * 86400e3 }],
  ] as const) {
    it(`ticks ${spanMs} ms`, () => assert.deepStrictEqual(timeStep(spanMs), want));
  }

  it('puts ticks on whole steps', () => {
    assert.deepStrictEqual(roundTicks(61e3, 250e3, 60e3), [{ value: 120e3 }, { value: 180e3 }, { value: 240e3 }]);
    assert.deepStrictEqual(roundTicks(0, 120e3, 60e3), [{ value: 0 }, { value: 60e3 }, { value: 120e3 }]);
  });
});

describe('categoryConfig', () => {
  it('draws bars and pies', () => {
    const items = [
      { label: 'x', value: 1 },
      { label: 'y', value: 2 },
    ];
    assert.equal(categoryConfig({ items, kind: 'bar' }, theme).type, 'bar');
    const pie = categoryConfig({ items, kind: 'pie' }, theme);
    assert.equal(pie.type, 'pie');
    assert.deepStrictEqual(pie.data.labels, ['x', 'y']);
  });

  it('folds the smallest slices into Other', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ label: `c${i}`, value: i }));
    const out = foldSmall(items);
    assert.equal(out.length, MAX_SLICES);
    assert.deepStrictEqual(out[out.length - 1], { label: 'Other', value: items.slice(0, 20 - (MAX_SLICES - 1)).reduce((s, i) => s + i.value, 0) });
  });
});

describe('withAlpha', () => {
  it('turns hex into rgba and leaves other colours alone', () => {
    assert.equal(withAlpha('#ff0000', 0.5), 'rgba(255, 0, 0, 0.5)');
    assert.equal(withAlpha('red', 0.5), 'red');
  });
});
