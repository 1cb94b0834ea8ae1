import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartAnnotations, editableAnnotations, writeAnnotations } from './annotations';
import { appendWidget, BodyError, cloneBody, emptyBody, freeSpot, layout, parseBody, serializeBody, setPlacement, type Placed, type Widget } from './body';
import { alarmName, buildLogQuery, parseLogQuery } from './logquery';
import { compactRows, expandRows, toQueries } from './metrics';
import { autoPeriod, formatDuration, parseDuration, resolveRange } from './timerange';
import { metricView, newLogWidget, newMetricWidget, newTextWidget, setMetricView, type MetricView } from './widgets';
import awsExported from './testdata/aws-exported.json?raw';
import built from './testdata/built.json?raw';
import expandedRows from './testdata/expanded-rows.json?raw';
import queries from './testdata/queries.json?raw';

/** throwsAt checks fn fails with a BodyError pointing at path. */
function throwsAt(fn: () => unknown, path: string) {
  assert.throws(fn, (e: unknown) => e instanceof BodyError && e.path === path);
}

describe('parseBody and serializeBody', () => {
  it('round-trips a body exported from AWS, unknown members included', () => {
    const body = parseBody(awsExported);
    assert.deepStrictEqual(JSON.parse(serializeBody(body)), JSON.parse(awsExported));
  });

  it('keeps untouched widgets byte for byte when another widget moves', () => {
    const body = parseBody(awsExported);
    const before = body.widgets.slice(1).map((w) => JSON.stringify(w));
    assert.equal(setPlacement(body.widgets[0], { x: 0, y: 20, width: 12, height: 6 }), true);
    assert.equal(setPlacement(body.widgets[0], { x: 0, y: 20, width: 12, height: 6 }), false);
    const after = parseBody(serializeBody(body));
    assert.deepStrictEqual(after.widgets.slice(1).map((w) => JSON.stringify(w)), before);
    assert.equal(after.widgets[0].y, 20);
  });

  for (const [name, text, path] of [
    ['not JSON', '{', ''],
    ['not an object', '[]', ''],
    ['no widgets', '{}', '/widgets'],
    ['widget not an object', '{"widgets":[1]}', '/widgets/0'],
    ['widget without type', '{"widgets":[{"properties":{}}]}', '/widgets/0/type'],
    ['widget without properties', '{"widgets":[{"type":"text"}]}', '/widgets/0/properties'],
  ]) {
    it(`refuses ${name}`, () => throwsAt(() => parseBody(text), path));
  }

  it('builds the golden body from the editor operations', () => {
    const body = emptyBody();
    body.start = '-PT3H';
    const line = newMetricWidget({
      title: 'Latency',
      view: 'line',
      region: 'us-east-1',
      stat: 'Average',
      period: 60,
      rows: [
        { kind: 'metric', metric: { namespace: 'Shop', metricName: 'Latency', dimensions: [{ name: 'Service', value: 'api' }] }, options: { label: 'api p99', stat: 'p99' } },
        { kind: 'expression', expression: 'm1 * 2', options: { id: 'e1' } },
      ],
    });
    line.properties.annotations = writeAnnotations([{ value: '250', label: 'SLO', color: '', fill: 'above' }], [], { horizontal: [], vertical: [], other: {} })!;
    appendWidget(body, line);
    appendWidget(
      body,
      newMetricWidget({ view: 'number', region: 'us-east-1', stat: 'Sum', period: 300, rows: [{ kind: 'metric', metric: { namespace: 'Shop', metricName: 'Orders', dimensions: [] }, options: {} }] }),
    );
    appendWidget(body, newLogWidget(['/app/api'], 'fields @timestamp, @message | limit 20', 'us-east-1', 'Errors'));
    appendWidget(body, newTextWidget('**hello**'));
    assert.deepStrictEqual(JSON.parse(serializeBody(body)), JSON.parse(built));
    assert.equal(serializeBody(parseBody(serializeBody(body))), serializeBody(body));
  });

  it('clones deeply', () => {
    const body = parseBody(awsExported);
    const c = cloneBody(body);
    c.widgets[0].properties.title = 'changed';
    assert.equal(body.widgets[0].properties.title, 'Fleet CPU');
  });
});

describe('layout', () => {
  const w = (x?: number, y?: number, width?: number, height?: number): Widget => {
    const out: Widget = { type: 'text', properties: { markdown: '' } };
    if (x !== undefined) out.x = x;
    if (y !== undefined) out.y = y;
    if (width !== undefined) out.width = width;
    if (height !== undefined) out.height = height;
    return out;
  };
  const cases: [string, Widget[], Placed[]][] = [
    ['placed widgets keep their place', [w(3, 4, 6, 2)], [{ x: 3, y: 4, width: 6, height: 2 }]],
    ['defaults are 6 by 6', [w()], [{ x: 0, y: 0, width: 6, height: 6 }]],
    [
      'unplaced widgets flow below placed ones',
      [w(0, 0, 24, 2), w(undefined, undefined, 12, 3), w(undefined, undefined, 12, 4), w(undefined, undefined, 6, 1)],
      [
        { x: 0, y: 0, width: 24, height: 2 },
        { x: 0, y: 2, width: 12, height: 3 },
        { x: 12, y: 2, width: 12, height: 4 },
        { x: 0, y: 6, width: 6, height: 1 },
      ],
    ],
    ['a widget past the right edge is pulled in', [w(20, 0, 8, 1)], [{ x: 16, y: 0, width: 8, height: 1 }]],
    ['too wide is clamped to the grid', [w(0, 0, 40, 1)], [{ x: 0, y: 0, width: 24, height: 1 }]],
  ];
  for (const [name, widgets, want] of cases) {
    it(name, () => assert.deepStrictEqual(layout(widgets), want));
  }
});

describe('freeSpot', () => {
  const at = (x: number, y: number, width: number, height: number): Widget => ({ type: 'text', x, y, width, height, properties: { markdown: '' } });
  const cases: [string, Widget[], number, number, { x: number; y: number }][] = [
    ['an empty grid', [], 6, 6, { x: 0, y: 0 }],
    ['beside the last widget', [at(0, 0, 12, 6)], 6, 3, { x: 12, y: 0 }],
    ['in a gap under a short widget', [at(0, 0, 12, 6), at(12, 0, 12, 3)], 12, 3, { x: 12, y: 3 }],
    ['below a full row', [at(0, 0, 24, 2)], 24, 4, { x: 0, y: 2 }],
    ['too wide for any gap', [at(0, 0, 6, 2), at(18, 0, 6, 2)], 13, 1, { x: 0, y: 2 }],
  ];
  for (const [name, widgets, w, h, want] of cases) {
    it(name, () => assert.deepStrictEqual(freeSpot(widgets, w, h), want));
  }
});

describe('metric rows', () => {
  it('expands "." and "..." like CloudWatch', () => {
    const rows = expandRows(parseBody(awsExported).widgets[0].properties.metrics);
    assert.deepStrictEqual(rows, JSON.parse(expandedRows));
  });

  it('writes expanded rows back in full form that expands to the same rows', () => {
    const rows = expandRows(parseBody(awsExported).widgets[0].properties.metrics);
    assert.deepStrictEqual(expandRows(compactRows(rows)), rows);
  });

  it('builds GetMetricData queries with generated ids', () => {
    const rows = expandRows(parseBody(awsExported).widgets[0].properties.metrics);
    assert.deepStrictEqual(toQueries(rows, { stat: 'Average', period: 300 }), JSON.parse(queries));
  });

  it('skips ids already taken when generating', () => {
    const rows = expandRows([['A', 'x', { id: 'm1' }], ['A', 'y']]);
    assert.deepStrictEqual(
      toQueries(rows, { stat: 'Sum', period: 60 }).map((q) => q.Id),
      ['m1', 'm2'],
    );
  });

  it('applies a period override to every row', () => {
    const rows = expandRows([['A', 'x', { period: 60 }], [{ expression: 'm1*2' }]]);
    assert.deepStrictEqual(
      toQueries(rows, { stat: 'Sum', period: 300 }, 3600).map((q) => q.MetricStat?.Period ?? q.Period),
      [3600, 3600],
    );
  });

  for (const [name, raw, path] of [
    ['not an array', { a: 1 }, '/metrics'],
    ['an empty row', [[]], '/metrics/0'],
    ['"." in the first row', [['.', 'x']], '/metrics/0/0'],
    ['"..." in the first row', [['...', 'x']], '/metrics/0/0'],
    ['a number item', [['A', 5]], '/metrics/0/1'],
    ['an odd dimension list', [['A', 'x', 'Dim']], '/metrics/0'],
    ['an expression row without expression', [[{ label: 'x' }]], '/metrics/0/0'],
  ] as const) {
    it(`refuses ${name}`, () => throwsAt(() => expandRows(raw as never), path));
  }
});

describe('annotations', () => {
  it('reads lines, fills and bands for the chart', () => {
    const a = chartAnnotations(parseBody(awsExported).widgets[0].properties.annotations);
    assert.deepStrictEqual(a, {
      horizontal: [
        { value: 90, label: 'hot', color: '#d62728', fill: 'above' },
        { value: 20, toValue: 60, label: 'normal' },
      ],
      vertical: [{ t: Date.parse('2026-01-02T03:04:05Z'), label: 'deploy' }],
    });
  });

  it('edits single annotations and keeps bands and unknown members', () => {
    const raw = parseBody(awsExported).widgets[0].properties.annotations;
    const e = editableAnnotations(raw);
    assert.deepStrictEqual(e.horizontal, [{ value: '90', label: 'hot', color: '#d62728', fill: 'above' }]);
    // The vertical one has "visible", which the editor does not show, so it is kept aside.
    assert.deepStrictEqual(e.vertical, []);
    assert.deepStrictEqual(writeAnnotations(e.horizontal, e.vertical, e.rest), {
      horizontal: [[{ label: 'normal', value: 20 }, { value: 60 }], { value: 90, label: 'hot', color: '#d62728', fill: 'above' }],
      vertical: [{ label: 'deploy', value: '2026-01-02T03:04:05Z', visible: true }],
    });
  });

  for (const [name, h, v] of [
    ['a non-numeric value', [{ value: 'x', label: '', color: '', fill: '' as const }], []],
    ['an empty value', [{ value: ' ', label: '', color: '', fill: '' as const }], []],
    ['a bad color', [{ value: '1', label: '', color: 'red', fill: '' as const }], []],
    ['a bad time', [], [{ value: 'yesterday', label: '' }]],
  ] as const) {
    it(`refuses ${name}`, () => assert.throws(() => writeAnnotations([...h], [...v], { horizontal: [], vertical: [], other: {} })));
  }

  it('drops the member when nothing is left', () => {
    assert.equal(writeAnnotations([], [], { horizontal: [], vertical: [], other: {} }), undefined);
  });
});

describe('log queries', () => {
  for (const [q, want] of [
    ["SOURCE '/a' | fields @message", { groups: ['/a'], query: 'fields @message' }],
    ["SOURCE '/a' | SOURCE \"/b\" | stats count(*)", { groups: ['/a', '/b'], query: 'stats count(*)' }],
    ["SOURCE 'it\\'s'", { groups: ["it's"], query: '' }],
    ['fields @message', { groups: [], query: 'fields @message' }],
  ] as const) {
    it(`parses ${q}`, () => assert.deepStrictEqual(parseLogQuery(q), want));
  }

  it('round-trips groups with quotes', () => {
    const q = { groups: ["it's", 'a\\b'], query: 'fields @message' };
    assert.deepStrictEqual(parseLogQuery(buildLogQuery(q)), q);
  });

  it('names alarms from ARNs', () => {
    assert.equal(alarmName('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders low'), 'orders low');
    assert.equal(alarmName('plain'), 'plain');
  });
});

describe('time ranges', () => {
  for (const [s, want] of [
    ['-PT3H', 3 * 3600e3],
    ['-P7D', 7 * 86400e3],
    ['-P1W', 7 * 86400e3],
    ['-PT15M', 15 * 60e3],
    ['-P1DT12H', 36 * 3600e3],
    ['PT30S', 30e3],
    ['-P', null],
    ['-PT', null],
    ['3h', null],
  ] as const) {
    it(`parses ${s}`, () => assert.equal(parseDuration(s), want));
  }

  for (const [ms, want] of [
    [3 * 3600e3, '-PT3H'],
    [7 * 86400e3, '-P1W'],
    [2 * 86400e3, '-P2D'],
    [15 * 60e3, '-PT15M'],
  ] as const) {
    it(`formats ${ms} ms`, () => assert.equal(formatDuration(ms), want));
  }

  const now = Date.parse('2026-01-02T12:00:00Z');
  for (const [name, start, end, want] of [
    ['relative', '-PT1H', undefined, { start: now - 3600e3, end: now }],
    ['default', undefined, undefined, { start: now - 3 * 3600e3, end: now }],
    ['absolute', '2026-01-01T00:00:00Z', '2026-01-01T06:00:00Z', { start: Date.parse('2026-01-01T00:00:00Z'), end: Date.parse('2026-01-01T06:00:00Z') }],
    ['unreadable start', 'soon', undefined, { start: now - 3 * 3600e3, end: now }],
    ['start after end', '2026-01-03T00:00:00Z', undefined, { start: now - 3 * 3600e3, end: now }],
  ] as const) {
    it(`resolves ${name}`, () => assert.deepStrictEqual(resolveRange(start, end, now), want));
  }

  for (const [span, want] of [
    [3600e3, 60],
    [3 * 3600e3, 60],
    [24 * 3600e3, 300],
    [30 * 86400e3, 21600],
  ] as const) {
    it(`picks a period for ${span} ms`, () => assert.equal(autoPeriod({ start: 0, end: span }), want));
  }
});

describe('metric views', () => {
  for (const [v, want] of [
    ['line', { view: 'timeSeries', stacked: false }],
    ['stacked', { view: 'timeSeries', stacked: true }],
    ['number', { view: 'singleValue' }],
    ['bar', { view: 'bar' }],
    ['pie', { view: 'pie' }],
  ] as [MetricView, object][]) {
    it(`writes and reads ${v}`, () => {
      const p = { stacked: true };
      setMetricView(p, v);
      assert.deepStrictEqual(p, want);
      assert.equal(metricView(p), v);
    });
  }

  it('reads a body without view as a line', () => {
    assert.equal(metricView({}), 'line');
    assert.equal(metricView({ view: 'gauge' }), 'number');
  });
});
