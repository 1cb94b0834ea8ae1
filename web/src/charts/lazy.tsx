// Pages render charts through these wrappers so Chart.js is fetched only
// when the first chart appears, keeping it out of the first load.

import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CategoryChartProps, TimeSeriesChartProps } from './types';

function lazyComponent<P>(load: () => Promise<{ default: ComponentType<P> }>, label: string) {
  let cached: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const get = () => (pending ??= load().then((m) => (cached = m.default)));
  return function Lazy(props: P & { height?: number }) {
    const [Comp, setComp] = useState<ComponentType<P> | null>(() => cached);
    const [failed, setFailed] = useState<string>('');
    useEffect(() => {
      if (Comp) return;
      let live = true;
      get().then(
        (c) => live && setComp(() => c),
        (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
      );
      return () => {
        live = false;
      };
    }, []);
    if (failed) return <div class="chart-placeholder" role="alert">Could not load the chart: {failed}</div>;
    if (!Comp) {
      return (
        <div class="chart-placeholder" style={{ height: props.height ? `${props.height}px` : '100%' }} aria-busy="true">
          {label}
        </div>
      );
    }
    return <Comp {...props} />;
  };
}

export const LazyTimeSeriesChart = lazyComponent<TimeSeriesChartProps>(() => import('./TimeSeriesChart'), 'Loading chart…');
export const LazyCategoryChart = lazyComponent<CategoryChartProps>(() => import('./CategoryChart'), 'Loading chart…');
