import { categoryConfig } from './category';
import type { CategoryChartProps } from './types';
import { useChart } from './useChart';

/** A bar or pie chart of labelled values, such as `stats count(*) by field`. */
export default function CategoryChart(props: CategoryChartProps) {
  const { wrap, canvas } = useChart(props, categoryConfig, [props.items, props.kind]);
  return (
    <div
      ref={wrap}
      class="chart chart-category"
      data-testid="category-chart"
      data-items={props.items.length}
      style={{ position: 'relative', height: props.height ? `${props.height}px` : '100%', width: '100%', minHeight: '80px' }}
    >
      <canvas ref={canvas} role="img" aria-label={`${props.kind === 'pie' ? 'Pie' : 'Bar'} chart of ${props.items.length} categories`} />
    </div>
  );
}

export { CategoryChart };
