import type { ChartConfiguration, ChartType } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { Chart, onThemeChange, themeOf, type Theme } from './setup';

/**
 * useChart keeps one Chart.js chart on a canvas in step with the props:
 * it is updated in place when the props change (so a refreshing dashboard
 * does not flash), rebuilt when the chart type changes, redrawn in the new
 * colours when the theme changes, and destroyed with the component.
 */
export function useChart<P, T extends ChartType>(props: P, build: (p: P, theme: Theme) => ChartConfiguration<T>, deps: unknown[]) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<T> | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const redraw = useRef<() => void>(() => {});

  useEffect(() => {
    const draw = () => {
      const cfg = build(latest.current, themeOf(wrap.current!));
      const c = chart.current;
      if (c && (c.config as { type?: string }).type === cfg.type) {
        c.data = cfg.data;
        c.options = cfg.options!;
        c.update('none');
        return;
      }
      c?.destroy();
      chart.current = new Chart(canvas.current!, cfg);
    };
    redraw.current = draw;
    draw();
    const stop = onThemeChange(draw);
    return () => {
      stop();
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => redraw.current(), deps);
  return { wrap, canvas };
}
