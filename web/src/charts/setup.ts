// Chart.js with only the parts the console draws, registered once; the
// chunk that imports this is loaded on the first chart a page shows.

import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  TimeScale,
  Tooltip,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import 'chartjs-adapter-date-fns';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  TimeScale,
  Tooltip,
  annotationPlugin,
);

export { Chart };
export { colorAt, themeOf, withAlpha, type Theme } from './theme';

/**
 * onThemeChange calls fn when the document's theme may have changed (its
 * class, data attributes or the system colour scheme); returns a stop function.
 */
export function onThemeChange(fn: () => void): () => void {
  const obs = new MutationObserver(fn);
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme', 'style'] });
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-theme', 'style'] });
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', fn);
  return () => {
    obs.disconnect();
    mq.removeEventListener('change', fn);
  };
}
