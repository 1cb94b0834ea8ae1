// Chart inputs shared by pages and the lazily loaded chart components; this
// file has no chart library import so pages can build inputs without
// loading one.

export interface Point {
  /** t is the time in epoch milliseconds. */
  t: number;
  v: number;
}

export interface Series {
  label: string;
  points: Point[];
  color?: string;
  /** fillToPrevious shades the area between this series and the one before it (an anomaly band). */
  fillToPrevious?: boolean;
  /** axis 'right' draws the series against a second y axis on the right. */
  axis?: 'left' | 'right';
}

export type TimeSeriesKind = 'line' | 'stacked' | 'bar';

export interface HorizontalAnnotation {
  value: number;
  /** toValue makes the annotation a band from value to toValue. */
  toValue?: number;
  label?: string;
  color?: string;
  fill?: 'above' | 'below';
}

export interface VerticalAnnotation {
  /** t is the time in epoch milliseconds. */
  t: number;
  /** toT makes the annotation a band from t to toT. */
  toT?: number;
  label?: string;
  color?: string;
}

export interface Annotations {
  horizontal?: HorizontalAnnotation[];
  vertical?: VerticalAnnotation[];
}

export interface TimeSeriesChartProps {
  series: Series[];
  kind: TimeSeriesKind;
  annotations?: Annotations;
  yLabel?: string;
  /** height in CSS pixels; the chart fills its container when left out. */
  height?: number;
  /** min and max pin the x axis (epoch ms), so empty ranges still show the time range. */
  min?: number;
  max?: number;
}

export interface CategoryItem {
  label: string;
  value: number;
}

export type CategoryKind = 'bar' | 'pie';

export interface CategoryChartProps {
  items: CategoryItem[];
  kind: CategoryKind;
  height?: number;
}
