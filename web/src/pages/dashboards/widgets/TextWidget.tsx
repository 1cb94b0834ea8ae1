import { useMemo } from 'preact/hooks';
import type { JsonObject } from '../../../dashboards/body';
import { renderMarkdown } from '../../../dashboards/markdown';

/** TextWidget shows the widget's Markdown; raw HTML in it is shown as text. */
export function TextWidget({ properties }: { properties: JsonObject }) {
  const src = typeof properties.markdown === 'string' ? properties.markdown : '';
  const html = useMemo(() => renderMarkdown(src), [src]);
  return (
    <div
      class={`text-widget markdown${properties.background === 'transparent' ? ' transparent' : ''}`}
      data-testid="text-widget"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
