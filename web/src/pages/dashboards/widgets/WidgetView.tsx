import type { Widget } from '../../../dashboards/body';
import { AlarmWidget } from './AlarmWidget';
import type { ViewContext } from './context';
import { LogWidget } from './LogWidget';
import { MetricWidget } from './MetricWidget';
import { TextWidget } from './TextWidget';

/** WidgetView draws one widget's content by its type. */
export function WidgetView({ widget, ctx }: { widget: Widget; ctx: ViewContext }) {
  switch (widget.type) {
    case 'metric':
      return <MetricWidget properties={widget.properties} ctx={ctx} />;
    case 'log':
      return <LogWidget properties={widget.properties} ctx={ctx} />;
    case 'text':
      return <TextWidget properties={widget.properties} />;
    case 'alarm':
      return <AlarmWidget properties={widget.properties} ctx={ctx} />;
    default:
      return (
        <div class="widget-note" role="note">
          OpenWatch does not draw {widget.type} widgets; this one is kept in the dashboard as it is.
        </div>
      );
  }
}
