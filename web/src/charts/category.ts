// Chart.js configuration for a category chart (bar or pie).

import type { ChartConfiguration } from 'chart.js';
import { colorAt, withAlpha, type Theme } from './theme';
import type { CategoryChartProps } from './types';

/** MAX_SLICES keeps a pie readable: the smallest categories are summed into "Other". */
export const MAX_SLICES = 12;

export function categoryConfig(p: CategoryChartProps, theme: Theme): ChartConfiguration<'bar' | 'pie'> {
  const items = p.kind === 'pie' ? foldSmall(p.items) : p.items;
  const labels = items.map((i) => i.label);
  const values = items.map((i) => i.value);
  if (p.kind === 'pie') {
    return {
      type: 'pie',
      data: { labels, datasets: [{ data: values, backgroundColor: items.map((_, i) => colorAt(theme, i)), borderWidth: 1 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'right', labels: { color: theme.text, boxWidth: 12 } } },
      },
    } as ChartConfiguration<'bar' | 'pie'>;
  }
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [{ data: values, backgroundColor: items.map((_, i) => withAlpha(colorAt(theme, i), 0.8)), borderColor: items.map((_, i) => colorAt(theme, i)), borderWidth: 1 }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { color: theme.text, autoSkip: true }, grid: { color: theme.grid } },
        y: { beginAtZero: true, ticks: { color: theme.text }, grid: { color: theme.grid } },
      },
      plugins: { legend: { display: false } },
    },
  } as ChartConfiguration<'bar' | 'pie'>;
}

/** foldSmall keeps the largest slices and sums the rest into "Other". */
export function foldSmall(items: { label: string; value: number }[]): { label: string; value: number }[] {
  if (items.length <= MAX_SLICES) return items;
  const sorted = [...items].sort((a, b) => b.value - a.value);
  const kept = sorted.slice(0, MAX_SLICES - 1);
  const other = sorted.slice(MAX_SLICES - 1).reduce((s, i) => s + i.value, 0);
  return [...kept, { label: 'Other', value: other }];
}
