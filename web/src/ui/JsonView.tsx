import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** Parses text that is a JSON object or array; anything else is left as text. */
export function parseJsonObject(text: string): object | undefined {
  const t = text.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined;
  try {
    const v = JSON.parse(t);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

function Scalar({ v }: { v: unknown }) {
  if (typeof v === 'string') return <span class="json-str">{JSON.stringify(v)}</span>;
  if (typeof v === 'number') return <span class="json-num">{String(v)}</span>;
  return <span class="json-lit">{String(v)}</span>;
}

function Node({ name, value, depth, last }: { name?: string; value: unknown; depth: number; last: boolean }) {
  // Deep levels start folded so a large document opens readable.
  const [open, setOpen] = useState(depth < 3);
  const comma = last ? '' : ',';
  const key = name !== undefined ? (
    <>
      <span class="json-key">{JSON.stringify(name)}</span>:{' '}
    </>
  ) : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div class="json-line">
        {key}
        <Scalar v={value} />
        {comma}
      </div>
    );
  }
  const isArr = Array.isArray(value);
  const entries: [string | undefined, unknown][] = isArr
    ? (value as unknown[]).map((v) => [undefined, v])
    : Object.entries(value as Record<string, unknown>);
  const [o, c] = isArr ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div class="json-line">
        {key}
        {o}
        {c}
        {comma}
      </div>
    );
  }
  return (
    <div class="json-node">
      <div class="json-line">
        <button
          type="button"
          class="json-toggle"
          aria-expanded={open}
          aria-label={open ? 'Collapse' : 'Expand'}
          onClick={(e) => {
            e.stopPropagation();
            setOpen(!open);
          }}
        >
          {open ? '▾' : '▸'}
        </button>
        {key}
        {o}
        {!open && (
          <span class="muted">
            {' '}
            {entries.length} {isArr ? 'items' : 'keys'} {c}
            {comma}
          </span>
        )}
      </div>
      {open && (
        <>
          <div class="json-children">
            {entries.map(([k, v], i) => (
              <Node name={k} value={v} depth={depth + 1} last={i === entries.length - 1} />
            ))}
          </div>
          <div class="json-line">
            {c}
            {comma}
          </div>
        </>
      )}
    </div>
  );
}

/** Pretty-printed JSON whose objects and arrays fold and unfold. */
export function JsonView({ value }: { value: object }): ComponentChildren {
  return (
    <div class="json-view" data-testid="json-view">
      <Node value={value} depth={0} last />
    </div>
  );
}
