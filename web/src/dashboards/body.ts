// The CloudWatch dashboard body: parsing, the pieces the console edits and
// serialising it back. The console keeps every widget as the JSON object it
// was loaded from and changes only the members a person edits, so a body
// exported from AWS (with properties the console does not know) comes back
// from PutDashboard as it went in.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** GRID_COLUMNS is the width of the CloudWatch dashboard grid. */
export const GRID_COLUMNS = 24;
export const DEFAULT_WIDTH = 6;
export const DEFAULT_HEIGHT = 6;

export type WidgetType = 'metric' | 'text' | 'log' | 'alarm' | 'explorer' | 'custom';

export interface Widget {
  type: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  properties: JsonObject;
  [key: string]: Json | undefined;
}

export interface DashboardBody {
  widgets: Widget[];
  start?: string;
  end?: string;
  periodOverride?: string;
  [key: string]: Json | Widget[] | undefined;
}

/** BodyError is a body the console cannot open, with the JSON pointer of the fault. */
export class BodyError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'BodyError';
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * parseBody reads a DashboardBody string. It checks only what the console
 * needs to draw the dashboard (an object with a widgets array of objects
 * with a type and properties); the server checks the rest on PutDashboard.
 */
export function parseBody(text: string): DashboardBody {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BodyError(`not valid JSON: ${(e as Error).message}`, '');
  }
  if (!isObject(raw)) throw new BodyError('should be an object', '');
  const widgets = raw.widgets;
  if (!Array.isArray(widgets)) throw new BodyError('should have a widgets array', '/widgets');
  widgets.forEach((w, i) => {
    if (!isObject(w)) throw new BodyError('should be an object', `/widgets/${i}`);
    if (typeof w.type !== 'string') throw new BodyError('should have a type', `/widgets/${i}/type`);
    if (!isObject(w.properties)) throw new BodyError('should have a properties object', `/widgets/${i}/properties`);
  });
  return raw as unknown as DashboardBody;
}

/** serializeBody renders a body for PutDashboard. */
export function serializeBody(body: DashboardBody): string {
  return JSON.stringify(body);
}

/** emptyBody is the body of a new dashboard. */
export function emptyBody(): DashboardBody {
  return { widgets: [] };
}

/** cloneBody deep-copies a body so edits can be thrown away. */
export function cloneBody(body: DashboardBody): DashboardBody {
  return JSON.parse(JSON.stringify(body)) as DashboardBody;
}

export interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * layout gives every widget its place on the grid. Widgets that name x and y
 * keep them; the others flow left to right below the placed ones, as
 * CloudWatch lays out a body written without coordinates.
 */
export function layout(widgets: Widget[]): Placed[] {
  const out: Placed[] = [];
  let bottom = 0;
  for (const w of widgets) {
    const width = clampInt(w.width, 1, GRID_COLUMNS, DEFAULT_WIDTH);
    const height = clampInt(w.height, 1, 1000, DEFAULT_HEIGHT);
    if (typeof w.x === 'number' && typeof w.y === 'number') {
      bottom = Math.max(bottom, w.y + height);
    }
    out.push({ x: -1, y: -1, width, height });
  }
  let cx = 0;
  let cy = bottom;
  let rowHeight = 0;
  widgets.forEach((w, i) => {
    const p = out[i];
    if (typeof w.x === 'number' && typeof w.y === 'number') {
      p.x = clampInt(w.x, 0, GRID_COLUMNS - p.width, 0);
      p.y = Math.max(0, Math.floor(w.y));
      return;
    }
    if (cx + p.width > GRID_COLUMNS) {
      cx = 0;
      cy += rowHeight;
      rowHeight = 0;
    }
    p.x = cx;
    p.y = cy;
    cx += p.width;
    rowHeight = Math.max(rowHeight, p.height);
  });
  return out;
}

function clampInt(v: unknown, lo: number, hi: number, dflt: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Math.min(hi, Math.max(lo, Math.round(v)));
}

/**
 * setPlacement writes a widget's grid place, touching only what changed so
 * an untouched widget serialises exactly as it was loaded.
 */
export function setPlacement(w: Widget, p: Placed): boolean {
  let changed = false;
  for (const k of ['x', 'y', 'width', 'height'] as const) {
    if (w[k] !== p[k]) {
      w[k] = p[k];
      changed = true;
    }
  }
  return changed;
}

/**
 * freeSpot is the first place, reading rows top to bottom and left to right,
 * where a widget of this size overlaps nothing: a new widget fills the gap
 * beside the last one before starting a new row.
 */
export function freeSpot(widgets: Widget[], width: number, height: number): { x: number; y: number } {
  const taken = layout(widgets);
  const w = Math.min(GRID_COLUMNS, Math.max(1, width));
  const bottom = taken.reduce((m, p) => Math.max(m, p.y + p.height), 0);
  const overlaps = (x: number, y: number) => taken.some((p) => x < p.x + p.width && p.x < x + w && y < p.y + p.height && p.y < y + height);
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + w <= GRID_COLUMNS; x++) {
      if (!overlaps(x, y)) return { x, y };
    }
  }
  return { x: 0, y: bottom };
}

/** appendWidget adds a widget at the first free spot that fits it. */
export function appendWidget(body: DashboardBody, w: Widget): Widget {
  const width = clampInt(w.width, 1, GRID_COLUMNS, DEFAULT_WIDTH);
  const height = clampInt(w.height, 1, 1000, DEFAULT_HEIGHT);
  const spot = freeSpot(body.widgets, width, height);
  const placed: Widget = { ...w, x: spot.x, y: spot.y, width, height };
  body.widgets.push(placed);
  return placed;
}

/** widgetTitle is what the console shows above a widget. */
export function widgetTitle(w: Widget): string {
  const t = w.properties.title;
  if (typeof t === 'string' && t !== '') return t;
  switch (w.type) {
    case 'text':
      return '';
    case 'log':
      return 'Logs';
    case 'alarm':
      return 'Alarms';
    default:
      return '';
  }
}
