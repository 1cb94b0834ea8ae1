import type { ComponentChildren, JSX, TargetedKeyboardEvent } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface Column<T> {
  key: string;
  title: ComponentChildren;
  /** A CSS grid track; columns share the width equally when unset. */
  width?: string;
  render?: (row: T, index: number) => ComponentChildren;
  /** Plain text of the cell, used when render is absent and for the title tooltip. */
  text?: (row: T) => string;
}

export interface TableProps<T> {
  rows: T[];
  columns: Column<T>[];
  /** Every row has this height in pixels; fixed heights are what make windowing cheap. */
  rowHeight?: number;
  /** Largest height of the scrolling body (CSS length); fewer rows take less. */
  height?: string;
  onRowClick?: (row: T, index: number) => void;
  /** Called when the last rows come into view, once for each row count. */
  onEndReached?: () => void;
  selectedIndex?: number;
  testId?: string;
  label?: string;
  empty?: ComponentChildren;
}

const overscan = 12;

/**
 * A table that renders only the rows in view, so 100,000 rows scroll as
 * smoothly as 100. Arrow keys, Page Up/Down, Home/End move the active row and
 * Enter opens it.
 */
export function Table<T>({
  rows,
  columns,
  rowHeight = 30,
  height = '60vh',
  onRowClick,
  onEndReached,
  selectedIndex,
  testId = 'table',
  label,
  empty,
}: TableProps<T>) {
  const body = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActive] = useState(-1);
  const endFor = useRef(-1);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    setViewport(el.clientHeight || 600);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);

  useEffect(() => {
    if (!onEndReached || rows.length === 0) return;
    if (last >= rows.length - 5 && endFor.current !== rows.length) {
      endFor.current = rows.length;
      onEndReached();
    }
  }, [last, rows.length, onEndReached]);

  useEffect(() => {
    if (active >= rows.length) setActive(rows.length - 1);
  }, [rows.length]);

  const tracks = columns.map((c) => c.width ?? 'minmax(120px, 1fr)');
  const template = tracks.join(' ');
  // Columns keep their least widths; past the table's width it scrolls sideways.
  const minWidth = `${tracks.reduce((sum, t) => sum + (Number(/(\d+(?:\.\d+)?)px/.exec(t)?.[1]) || 0), 0)}px`;

  const onScroll = () => {
    // The header sits outside the scrolling body so it stays put vertically; it follows sideways.
    if (head.current && body.current) head.current.scrollLeft = body.current.scrollLeft;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(body.current?.scrollTop ?? 0));
  };

  const moveTo = (i: number) => {
    const el = body.current;
    if (!el || rows.length === 0) return;
    const n = Math.max(0, Math.min(rows.length - 1, i));
    setActive(n);
    const top = n * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const cur = active < 0 ? Math.floor(scrollTop / rowHeight) - 1 : active;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(cur + 1);
        break;
      case 'ArrowUp':
        moveTo(cur - 1);
        break;
      case 'PageDown':
        moveTo(cur + page);
        break;
      case 'PageUp':
        moveTo(cur - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'Enter':
        if (active >= 0 && onRowClick) onRowClick(rows[active], active);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const visible: JSX.Element[] = [];
  for (let i = first; i < last; i++) {
    const row = rows[i];
    const cls = ['vt-row'];
    if (i === active) cls.push('active');
    if (i === selectedIndex) cls.push('selected');
    if (onRowClick) cls.push('clickable');
    visible.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === selectedIndex ? 'true' : undefined}
        class={cls.join(' ')}
        data-testid={`${testId}-row`}
        style={{ transform: `translateY(${i * rowHeight}px)`, height: `${rowHeight}px`, gridTemplateColumns: template }}
        onClick={onRowClick ? () => {
          setActive(i);
          onRowClick(row, i);
        } : undefined}
      >
        {columns.map((c) => {
          const text = c.text ? c.text(row) : undefined;
          return (
            <div role="cell" class="vt-cell" title={text}>
              {c.render ? c.render(row, i) : text}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div class="vtable" role="table" aria-label={label} aria-rowcount={rows.length + 1} data-testid={testId}>
      <div class="vt-head-wrap" ref={head}>
        <div class="vt-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, minWidth }}>
          {columns.map((c) => (
            <div role="columnheader" class="vt-cell">
              {c.title}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={body}
        class="vt-body"
        tabIndex={0}
        style={{ maxHeight: height }}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        aria-label={label ? `${label} rows` : undefined}
      >
        {rows.length === 0 ? (
          <div class="vt-empty">{empty ?? 'No rows'}</div>
        ) : (
          <div class="vt-spacer" style={{ height: `${rows.length * rowHeight}px`, minWidth }}>
            {visible}
          </div>
        )}
      </div>
    </div>
  );
}
