// Chart colours from the page's theme, apart from Chart.js so chart
// configurations can be built and tested without loading it.

/** PALETTE is the fallback series order when the page defines no --chart-N colours. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** withAlpha turns #rrggbb into rgba with the given opacity. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

export interface Theme {
  text: string;
  grid: string;
  palette: string[];
}

/**
 * themeOf reads the colours from the page's CSS (the text colour of the
 * chart's element, --chart-grid and --chart-1…), so charts follow the light
 * or dark theme without knowing how the theme is chosen.
 */
export function themeOf(el: Element): Theme {
  const style = getComputedStyle(el);
  const text = style.color || '#444';
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(text);
  const grid = style.getPropertyValue('--chart-grid').trim() || (rgb ? `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, 0.15)` : 'rgba(128, 128, 128, 0.2)');
  const palette: string[] = [];
  for (let i = 1; i <= 12; i++) {
    const c = style.getPropertyValue(`--chart-${i}`).trim();
    if (!c) break;
    palette.push(c);
  }
  return { text, grid, palette: palette.length > 0 ? palette : PALETTE };
}

export function colorAt(theme: Theme, i: number): string {
  return theme.palette[i % theme.palette.length];
}
