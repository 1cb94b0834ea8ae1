// Chart.js configuration for a time series graph, kept apart from the
// component so it can be tested without a canvas.

import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { colorAt, withAlpha, type Theme } from './theme';
import type { Annotations, TimeSeriesChartProps } from './types';

type TSConfig = ChartConfiguration<'line' | 'bar', { x: number; y: number }[]>;

export function timeSeriesConfig(p: TimeSeriesChartProps, theme: Theme): TSConfig {
  const step = timeStep(span(p));
  const stacked = p.kind === 'stacked';
  const datasets: ChartDataset<'line' | 'bar', { x: number; y: number }[]>[] = p.series.map((s, i) => {
    const color = s.color || colorAt(theme, i);
    const data = s.points.map((pt) => ({ x: pt.t, y: pt.v }));
    const yAxisID = s.axis === 'right' && !stacked ? 'y1' : 'y';
    if (p.kind === 'bar') {
      return { type: 'bar' as const, label: s.label, data, yAxisID, backgroundColor: withAlpha(color, 0.8), borderColor: color, borderWidth: 1 };
    }
    return {
      type: 'line' as const,
      label: s.label,
      data,
      yAxisID,
      borderColor: color,
      backgroundColor: stacked ? withAlpha(color, 0.5) : s.fillToPrevious ? withAlpha(color, 0.2) : color,
      fill: stacked ? (i === 0 ? 'origin' : '-1') : s.fillToPrevious && i > 0 ? '-1' : false,
      borderWidth: 1.5,
      pointRadius: data.length > 60 ? 0 : 2,
      pointHoverRadius: 4,
      tension: 0,
      spanGaps: false,
    };
  });
  return {
    type: p.kind === 'bar' ? 'bar' : 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          type: 'time',
          min: p.min,
          max: p.max,
          stacked: p.kind === 'bar',
          offset: p.kind === 'bar',
          ticks: { color: theme.text, maxRotation: 0, autoSkip: true, autoSkipPadding: 16 },
          grid: { color: theme.grid },
          time: { tooltipFormat: 'yyyy-MM-dd HH:mm:ss', displayFormats: { second: 'HH:mm:ss', minute: 'HH:mm', hour: 'HH:mm', day: 'MMM d' }, ...unitOf(step) },
          afterBuildTicks: step
            ? (scale: { min: number; max: number; ticks: { value: number }[] }) => {
                scale.ticks = roundTicks(scale.min, scale.max, step.stepMs);
              }
            : undefined,
        },
        y: {
          stacked,
          beginAtZero: stacked || p.kind === 'bar',
          ticks: { color: theme.text },
          grid: { color: theme.grid },
          title: p.yLabel ? { display: true, text: p.yLabel, color: theme.text } : { display: false },
        },
        ...(datasets.some((d) => d.yAxisID === 'y1')
          ? { y1: { position: 'right' as const, beginAtZero: p.kind === 'bar', ticks: { color: theme.text }, grid: { drawOnChartArea: false } } }
          : {}),
      },
      plugins: {
        legend: { display: p.series.length > 0, position: 'bottom', labels: { color: theme.text, boxWidth: 12 } },
        tooltip: { enabled: true },
        annotation: { annotations: annotationOptions(p.annotations, theme) },
      },
    },
  } as TSConfig;
}

const STEP_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];

/**
 * timeStep picks a round tick interval (5 minutes, 1 hour, 1 day…) giving
 * at most about eight ticks over the span, or null for an empty span.
 */
export function timeStep(spanMs: number): { unit: 'minute' | 'hour' | 'day'; stepMs: number } | null {
  if (!(spanMs > 0)) return null;
  const minutes = STEP_MINUTES.find((m) => spanMs / (m * 60000) <= 8) ?? STEP_MINUTES[STEP_MINUTES.length - 1];
  return { unit: minutes < 60 ? 'minute' : minutes < 1440 ? 'hour' : 'day', stepMs: minutes * 60000 };
}

function unitOf(step: { unit: string } | null): { unit?: 'minute' | 'hour' | 'day' } {
  return step ? { unit: step.unit as 'minute' | 'hour' | 'day' } : {};
}

/**
 * roundTicks places ticks on whole multiples of the step (10:00, 10:30…)
 * rather than at the first minute of the range, which Chart.js does.
 */
export function roundTicks(min: number, max: number, stepMs: number): { value: number }[] {
  const out: { value: number }[] = [];
  for (let t = Math.ceil(min / stepMs) * stepMs; t <= max && out.length < 100; t += stepMs) out.push({ value: t });
  return out;
}

function span(p: TimeSeriesChartProps): number {
  if (p.min !== undefined && p.max !== undefined) return p.max - p.min;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of p.series) {
    for (const pt of s.points) {
      if (pt.t < lo) lo = pt.t;
      if (pt.t > hi) hi = pt.t;
    }
  }
  return hi - lo;
}

/** annotationOptions turns horizontal and vertical annotations into chartjs-plugin-annotation shapes. */
export function annotationOptions(a: Annotations | undefined, theme: Theme): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  (a?.horizontal ?? []).forEach((h, i) => {
    const color = h.color || '#d62728';
    const label = h.label
      ? { display: true, content: h.label, position: 'end' as const, color: theme.text, backgroundColor: 'transparent', yAdjust: -8, font: { size: 11 } }
      : undefined;
    if (h.toValue !== undefined || h.fill) {
      const box: AnnotationOptions = {
        type: 'box',
        yScaleID: 'y',
        backgroundColor: withAlpha(color, 0.12),
        borderWidth: 0,
      };
      if (h.toValue !== undefined) {
        box.yMin = Math.min(h.value, h.toValue);
        box.yMax = Math.max(h.value, h.toValue);
      } else if (h.fill === 'above') box.yMin = h.value;
      else box.yMax = h.value;
      out[`hband${i}`] = box;
    }
    out[`h${i}`] = { type: 'line', yScaleID: 'y', yMin: h.value, yMax: h.value, borderColor: color, borderWidth: 1.5, borderDash: [6, 4], label };
    if (h.toValue !== undefined) {
      out[`h${i}to`] = { type: 'line', yScaleID: 'y', yMin: h.toValue, yMax: h.toValue, borderColor: color, borderWidth: 1, borderDash: [2, 4] };
    }
  });
  (a?.vertical ?? []).forEach((v, i) => {
    const color = v.color || '#7f7f7f';
    if (v.toT !== undefined) {
      out[`vband${i}`] = { type: 'box', xScaleID: 'x', xMin: Math.min(v.t, v.toT), xMax: Math.max(v.t, v.toT), backgroundColor: withAlpha(color, 0.12), borderWidth: 0 };
    }
    out[`v${i}`] = {
      type: 'line',
      xScaleID: 'x',
      xMin: v.t,
      xMax: v.t,
      borderColor: color,
      borderWidth: 1.5,
      borderDash: [6, 4],
      label: v.label ? { display: true, content: v.label, position: 'start', color: theme.text, backgroundColor: 'transparent', font: { size: 11 } } : undefined,
    };
  });
  return out;
}
