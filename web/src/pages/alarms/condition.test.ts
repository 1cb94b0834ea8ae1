import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alarmQueries, fillFor, type MetricAlarm } from '../dashboards/data';
import { conditionText } from './condition';

const single: MetricAlarm = {
  AlarmName: 'cpu',
  Namespace: 'AWS/EC2',
  MetricName: 'CPUUtilization',
  Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }],
  Statistic: 'Maximum',
  Period: 60,
  EvaluationPeriods: 5,
  DatapointsToAlarm: 3,
  Threshold: 80,
  ComparisonOperator: 'GreaterThanThreshold',
};

const band: MetricAlarm = {
  AlarmName: 'latency-band',
  EvaluationPeriods: 2,
  ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
  ThresholdMetricId: 'ad1',
  Metrics: [
    { Id: 'm1', ReturnData: true, MetricStat: { Metric: { Namespace: 'App', MetricName: 'Latency', Dimensions: [] }, Period: 300, Stat: 'p99' } },
    { Id: 'ad1', Label: 'band', ReturnData: false, Expression: 'ANOMALY_DETECTION_BAND(m1, 2)' },
  ],
};

describe('alarm queries', () => {
  it('graphs a single-metric alarm with its statistic and period', () => {
    assert.deepStrictEqual(alarmQueries(single), [
      {
        Id: 'm1',
        Label: 'CPUUtilization',
        ReturnData: true,
        MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }, Period: 60, Stat: 'Maximum' },
      },
    ]);
  });

  it('returns the band of an anomaly alarm even when the alarm does not', () => {
    assert.deepStrictEqual(
      alarmQueries(band).map((q) => [q.Id, q.ReturnData]),
      [
        ['m1', true],
        ['ad1', true],
      ],
    );
  });

  it('has nothing to graph for an alarm without a metric', () => {
    assert.deepStrictEqual(alarmQueries({ AlarmName: 'x' }), []);
  });

  for (const [op, want] of [
    ['GreaterThanOrEqualToThreshold', 'above'],
    ['GreaterThanThreshold', 'above'],
    ['LessThanThreshold', 'below'],
    ['LessThanOrEqualToThreshold', 'below'],
    ['LessThanLowerOrGreaterThanUpperThreshold', undefined],
    ['GreaterThanUpperThreshold', undefined],
    [undefined, undefined],
  ] as const) {
    it(`fills ${op}`, () => assert.equal(fillFor(op), want));
  }
});

describe('conditionText', () => {
  it('says what a metric alarm watches', () => {
    assert.equal(conditionText(single), 'CPUUtilization > 80 for 3 datapoints within 5 minutes');
  });
  it('says what an anomaly alarm watches', () => {
    assert.equal(conditionText(band), 'Latency outside the band for 2 datapoints within 10 minutes');
  });
});
