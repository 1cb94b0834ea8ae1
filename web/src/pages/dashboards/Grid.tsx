import { GridStack, type GridStackNode } from 'gridstack';
import 'gridstack/dist/gridstack.min.css';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { GRID_COLUMNS, layout, widgetTitle, type Placed, type Widget } from '../../dashboards/body';
import type { ViewContext } from './widgets/context';
import { WidgetView } from './widgets/WidgetView';

export interface GridItem {
  /** id is stable for the life of the page; bodies carry no widget ids. */
  id: string;
  widget: Widget;
}

/** CELL_HEIGHT is the pixel height of one grid row. */
const CELL_HEIGHT = 40;

/**
 * Grid lays widgets on CloudWatch's 24-column grid. In edit mode widgets are
 * dragged by their header and resized from their corner; every move is
 * reported through onLayout so the body always holds what is on screen.
 */
export function Grid({
  items,
  editing,
  ctx,
  onLayout,
  onEdit,
  onRemove,
}: {
  items: GridItem[];
  editing: boolean;
  ctx: ViewContext;
  onLayout: (changes: { id: string; place: Placed }[]) => void;
  onEdit?: (id: string) => void;
  onRemove?: (id: string) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const grid = useRef<GridStack | null>(null);
  const report = useRef(onLayout);
  report.current = onLayout;
  const places = layout(items.map((i) => i.widget));

  useEffect(() => {
    const g = GridStack.init(
      {
        column: GRID_COLUMNS,
        cellHeight: CELL_HEIGHT,
        margin: 5,
        mode: 'float',
        animate: false,
        staticGrid: !editing,
        handle: '.widget-header',
        minRow: 4,
      },
      el.current!,
    );
    if (!g) return;
    g.on('change', (_e: Event, nodes: GridStackNode[]) => {
      const changes = nodes
        .filter((n) => n.id !== undefined)
        .map((n) => ({ id: String(n.id), place: { x: n.x ?? 0, y: n.y ?? 0, width: n.w ?? 1, height: n.h ?? 1 } }));
      if (changes.length > 0) report.current(changes);
    });
    grid.current = g;
    return () => {
      g.destroy(false);
      grid.current = null;
    };
  }, []);

  useEffect(() => {
    grid.current?.setStatic(!editing);
  }, [editing]);

  // Keeps gridstack in step with what was rendered: new widgets join the
  // grid, removed ones leave it, and places changed outside a drag (the
  // layout fields of the widget editor) move their widget.
  useLayoutEffect(() => {
    const g = grid.current;
    const root = el.current;
    if (!g || !root) return;
    g.batchUpdate(true);
    for (const node of [...g.engine.nodes]) {
      if (node.el && !node.el.isConnected) g.removeWidget(node.el, false, false);
    }
    items.forEach((it, i) => {
      const item = root.querySelector<HTMLElement>(`:scope > [gs-id="${CSS.escape(it.id)}"]`);
      if (!item) return;
      const p = places[i];
      const node = (item as HTMLElement & { gridstackNode?: GridStackNode }).gridstackNode;
      if (!node) {
        g.makeWidget(item, { x: p.x, y: p.y, w: p.width, h: p.height, id: it.id });
      } else if (node.x !== p.x || node.y !== p.y || node.w !== p.width || node.h !== p.height) {
        g.update(item, { x: p.x, y: p.y, w: p.width, h: p.height });
      }
    });
    g.batchUpdate(false);
  });

  return (
    <div class="dash-grid-scroll">
      <div ref={el} class={`grid-stack dash-grid${editing ? ' editing' : ''}`} data-testid="dashboard-grid">
        {items.map((it, i) => {
          const p = places[i];
          const title = widgetTitle(it.widget);
          return (
            <div
              key={it.id}
              class="grid-stack-item"
              gs-id={it.id}
              gs-x={p.x}
              gs-y={p.y}
              gs-w={p.width}
              gs-h={p.height}
              data-testid="widget"
              data-widget-type={it.widget.type}
            >
              <section class="grid-stack-item-content widget" aria-label={title || `${it.widget.type} widget`}>
                <header class="widget-header">
                  <h3 class="widget-title" data-testid="widget-title">
                    {title}
                  </h3>
                  {editing && (
                    <span class="widget-actions">
                      <button type="button" class="btn btn-ghost btn-small" data-testid="widget-edit" onClick={() => onEdit?.(it.id)} aria-label={`Edit ${title || 'widget'}`}>
                        Edit
                      </button>
                      <button type="button" class="btn btn-ghost btn-small" data-testid="widget-remove" onClick={() => onRemove?.(it.id)} aria-label={`Remove ${title || 'widget'}`}>
                        Remove
                      </button>
                    </span>
                  )}
                </header>
                <div class="widget-body">
                  <WidgetView widget={it.widget} ctx={ctx} />
                </div>
              </section>
            </div>
          );
        })}
      </div>
    </div>
  );
}
