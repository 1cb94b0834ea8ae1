// Metric widget annotations: horizontal lines at values and vertical lines
// at times, each a single object or a pair of objects making a band.

import type { Annotations, HorizontalAnnotation, VerticalAnnotation } from '../charts/types';
import { isObject, type Json, type JsonObject } from './body';

/** chartAnnotations reads a widget's "annotations" for the chart, skipping what it cannot draw. */
export function chartAnnotations(raw: Json | undefined): Annotations {
  const out: Annotations = { horizontal: [], vertical: [] };
  if (!isObject(raw)) return out;
  for (const e of list(raw.horizontal)) {
    const [a, b] = e;
    if (!visible(a) || typeof a.value !== 'number') continue;
    const h: HorizontalAnnotation = { value: a.value };
    if (typeof a.label === 'string') h.label = a.label;
    if (typeof a.color === 'string') h.color = a.color;
    if (b && typeof b.value === 'number') h.toValue = b.value;
    else if (a.fill === 'above' || a.fill === 'below') h.fill = a.fill;
    out.horizontal!.push(h);
  }
  for (const e of list(raw.vertical)) {
    const [a, b] = e;
    if (!visible(a) || typeof a.value !== 'string') continue;
    const t = Date.parse(a.value);
    if (Number.isNaN(t)) continue;
    const v: VerticalAnnotation = { t };
    if (typeof a.label === 'string') v.label = a.label;
    if (typeof a.color === 'string') v.color = a.color;
    if (b && typeof b.value === 'string' && !Number.isNaN(Date.parse(b.value))) v.toT = Date.parse(b.value);
    out.vertical!.push(v);
  }
  return out;
}

function visible(a: JsonObject | undefined): a is JsonObject {
  return a !== undefined && a.visible !== false;
}

function list(raw: Json | undefined): [JsonObject, JsonObject | undefined][] {
  if (!Array.isArray(raw)) return [];
  const out: [JsonObject, JsonObject | undefined][] = [];
  for (const e of raw) {
    if (isObject(e)) out.push([e, undefined]);
    else if (Array.isArray(e) && e.length === 2 && isObject(e[0]) && isObject(e[1])) out.push([e[0], e[1]]);
  }
  return out;
}

/** EditableHorizontal is a horizontal annotation in the widget editor. */
export interface EditableHorizontal {
  value: string;
  label: string;
  color: string;
  fill: '' | 'above' | 'below';
}

/** EditableVertical is a vertical annotation in the widget editor. */
export interface EditableVertical {
  value: string;
  label: string;
}

/**
 * editableAnnotations lists the single (non-band) annotations for the
 * editor; bands and anything else stay in "rest" and are written back as
 * they were.
 */
export function editableAnnotations(raw: Json | undefined): {
  horizontal: EditableHorizontal[];
  vertical: EditableVertical[];
  rest: { horizontal: Json[]; vertical: Json[]; other: JsonObject };
} {
  const horizontal: EditableHorizontal[] = [];
  const vertical: EditableVertical[] = [];
  const rest = { horizontal: [] as Json[], vertical: [] as Json[], other: {} as JsonObject };
  if (!isObject(raw)) return { horizontal, vertical, rest };
  for (const [k, v] of Object.entries(raw)) if (k !== 'horizontal' && k !== 'vertical') rest.other[k] = v;
  for (const e of Array.isArray(raw.horizontal) ? raw.horizontal : []) {
    if (isObject(e) && typeof e.value === 'number' && onlyKeys(e, ['value', 'label', 'color', 'fill'])) {
      horizontal.push({
        value: String(e.value),
        label: typeof e.label === 'string' ? e.label : '',
        color: typeof e.color === 'string' ? e.color : '',
        fill: e.fill === 'above' || e.fill === 'below' ? e.fill : '',
      });
    } else rest.horizontal.push(e);
  }
  for (const e of Array.isArray(raw.vertical) ? raw.vertical : []) {
    if (isObject(e) && typeof e.value === 'string' && onlyKeys(e, ['value', 'label'])) {
      vertical.push({ value: e.value, label: typeof e.label === 'string' ? e.label : '' });
    } else rest.vertical.push(e);
  }
  return { horizontal, vertical, rest };
}

function onlyKeys(o: JsonObject, keys: string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

/** AnnotationError names the editor row that cannot be saved. */
export class AnnotationError extends Error {}

/**
 * writeAnnotations builds the "annotations" value from the editor's rows
 * plus what it kept aside; undefined means the widget has none.
 */
export function writeAnnotations(
  horizontal: EditableHorizontal[],
  vertical: EditableVertical[],
  rest: { horizontal: Json[]; vertical: Json[]; other: JsonObject },
): JsonObject | undefined {
  const h: Json[] = [...rest.horizontal];
  horizontal.forEach((e, i) => {
    const value = Number(e.value);
    if (e.value.trim() === '' || !Number.isFinite(value)) throw new AnnotationError(`Horizontal annotation ${i + 1}: the value must be a number`);
    const o: JsonObject = { value };
    if (e.label) o.label = e.label;
    if (e.color) {
      if (!/^#[0-9A-Fa-f]{6}$/.test(e.color)) throw new AnnotationError(`Horizontal annotation ${i + 1}: the color must look like #1f77b4`);
      o.color = e.color;
    }
    if (e.fill) o.fill = e.fill;
    h.push(o);
  });
  const v: Json[] = [...rest.vertical];
  vertical.forEach((e, i) => {
    const t = Date.parse(e.value);
    if (Number.isNaN(t)) throw new AnnotationError(`Vertical annotation ${i + 1}: the time must be an ISO 8601 time such as 2024-03-01T10:00:00Z`);
    const o: JsonObject = { value: e.value };
    if (e.label) o.label = e.label;
    v.push(o);
  });
  const out: JsonObject = { ...rest.other };
  if (h.length > 0) out.horizontal = h;
  if (v.length > 0) out.vertical = v;
  return Object.keys(out).length > 0 ? out : undefined;
}
