// Helpers on the columnar Frame: adding columns, crossings, shifting, slicing and row output.

import type { Column, Frame, TagColumn } from './types.ts';

export const OHLCV_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
export const SIGNAL_COLUMNS = ['enter_long', 'exit_long', 'enter_short', 'exit_short'] as const;
export const TAG_COLUMNS = ['enter_tag', 'exit_tag'] as const;

export type SignalName = (typeof SIGNAL_COLUMNS)[number];
export type Series = readonly (number | null)[];
export type Cell = number | string | null;

export function frameLength(frame: Frame): number {
  return frame.date.length;
}

/** Sets (or replaces) an indicator column; it must be as long as the frame. */
export function setColumn(frame: Frame, name: string, values: Series): Frame {
  if (values.length !== frameLength(frame)) {
    throw new RangeError(`column ${name} has ${values.length} values, frame has ${frameLength(frame)} rows`);
  }
  if ((OHLCV_COLUMNS as readonly string[]).includes(name)) throw new Error(`column ${name} is an OHLCV column`);
  frame.columns[name] = values as Column;
  return frame;
}

/** Any column by name: OHLCV, indicator/signal or tag; undefined when absent. */
export function getColumn(frame: Frame, name: string): readonly Cell[] | undefined {
  switch (name) {
    case 'date':
    case 'open':
    case 'high':
    case 'low':
    case 'close':
    case 'volume':
      return frame[name];
  }
  return frame.columns[name] ?? frame.tags[name];
}

/** Every column name: OHLCV first, then indicator/signal columns, then tags (insertion order). */
export function columnNames(frame: Frame): string[] {
  return [...OHLCV_COLUMNS, ...Object.keys(frame.columns), ...Object.keys(frame.tags)];
}

function valueAt(series: Series | number, i: number): number | null {
  return typeof series === 'number' ? series : series[i];
}

function isNum(v: number | null | undefined): v is number {
  return typeof v === 'number' && !Number.isNaN(v);
}

/** a > b now and a <= b on the previous row (qtpylib's crossed_above). Missing values never cross. */
export function crossedAbove(a: Series, b: Series | number): boolean[] {
  return crossing(a, b, crossedAboveAt);
}

/** a < b now and a >= b on the previous row (qtpylib's crossed_below). */
export function crossedBelow(a: Series, b: Series | number): boolean[] {
  return crossing(a, b, crossedBelowAt);
}

/** `crossedAbove(a, b)[i]` without building the column (for row-by-row analysis). */
export function crossedAboveAt(a: Series, b: Series | number, i: number): boolean {
  if (i < 1) return false;
  const a0 = a[i - 1];
  const a1 = a[i];
  const b0 = valueAt(b, i - 1);
  const b1 = valueAt(b, i);
  return isNum(a0) && isNum(a1) && isNum(b0) && isNum(b1) && a1 - b1 > 0 && a0 - b0 <= 0;
}

/** `crossedBelow(a, b)[i]` without building the column. */
export function crossedBelowAt(a: Series, b: Series | number, i: number): boolean {
  if (i < 1) return false;
  const a0 = a[i - 1];
  const a1 = a[i];
  const b0 = valueAt(b, i - 1);
  const b1 = valueAt(b, i);
  return isNum(a0) && isNum(a1) && isNum(b0) && isNum(b1) && a1 - b1 < 0 && a0 - b0 >= 0;
}

function crossing(a: Series, b: Series | number, at: (a: Series, b: Series | number, i: number) => boolean): boolean[] {
  const out = new Array<boolean>(a.length).fill(false);
  for (let i = 1; i < a.length; i++) out[i] = at(a, b, i);
  return out;
}

/** Moves values `periods` rows later (pandas shift); negative moves them earlier. Vacated rows are null. */
export function shift<T>(series: readonly T[], periods = 1): (T | null)[] {
  const n = series.length;
  const out = new Array<T | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const from = i - periods;
    if (from >= 0 && from < n) out[i] = series[from];
  }
  return out;
}

/** Rows from `start` (inclusive) to `end` (exclusive) of every column, as a new frame. */
export function sliceFrame(frame: Frame, start: number, end = frameLength(frame)): Frame {
  const columns: Record<string, Column> = {};
  const tags: Record<string, TagColumn> = {};
  for (const [k, v] of Object.entries(frame.columns)) columns[k] = v.slice(start, end);
  for (const [k, v] of Object.entries(frame.tags)) tags[k] = v.slice(start, end);
  return {
    date: frame.date.slice(start, end),
    open: frame.open.slice(start, end),
    high: frame.high.slice(start, end),
    low: frame.low.slice(start, end),
    close: frame.close.slice(start, end),
    volume: frame.volume.slice(start, end),
    columns,
    tags,
  };
}

/** The last `n` rows (all of them when n >= length; none when n <= 0). */
export function tail(frame: Frame, n: number): Frame {
  const len = frameLength(frame);
  return sliceFrame(frame, Math.max(0, len - Math.max(0, n)));
}

/** The last row as {column: value}, or undefined for an empty frame. */
export function lastRow(frame: Frame): Record<string, Cell> | undefined {
  const i = frameLength(frame) - 1;
  if (i < 0) return undefined;
  const row: Record<string, Cell> = {};
  for (const name of columnNames(frame)) row[name] = getColumn(frame, name)?.[i] ?? null;
  return row;
}

/**
 * Row-major values in the given column order, for the API. NaN and ±Infinity become
 * null, as does every cell of a column the frame does not have. `date` stays epoch ms.
 */
export function toRows(frame: Frame, columns: readonly string[] = columnNames(frame)): Cell[][] {
  const sources = columns.map((name) => getColumn(frame, name));
  const n = frameLength(frame);
  const rows = new Array<Cell[]>(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<Cell>(sources.length);
    for (let c = 0; c < sources.length; c++) {
      const v = sources[c]?.[i] ?? null;
      row[c] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }
    rows[i] = row;
  }
  return rows;
}

/** Number of rows where each signal column equals 1. */
export function signalCounts(frame: Frame): Record<SignalName, number> {
  const counts = { enter_long: 0, exit_long: 0, enter_short: 0, exit_short: 0 };
  for (const name of SIGNAL_COLUMNS) {
    for (const v of frame.columns[name] ?? []) if (v === 1) counts[name]++;
  }
  return counts;
}

/**
 * Sets signal column `signal` to 1 on rows where `when` is true (creating it as zeros),
 * and, when given, the matching tag (enter_tag for enter_*, exit_tag for exit_*).
 */
export function markSignal(frame: Frame, signal: SignalName, when: readonly boolean[], tag?: string): Frame {
  const n = frameLength(frame);
  if (when.length !== n) throw new RangeError(`${signal}: condition has ${when.length} rows, frame has ${n}`);
  const column = ensureColumn(frame, signal, 0);
  const tags =
    tag === undefined ? undefined : ensureTagColumn(frame, signal.startsWith('enter') ? 'enter_tag' : 'exit_tag');
  for (let i = 0; i < n; i++) {
    if (!when[i]) continue;
    column[i] = 1;
    if (tags) tags[i] = tag as string;
  }
  return frame;
}

/** The named column, created filled with `fill` when missing. */
export function ensureColumn(frame: Frame, name: string, fill: number | null): Column {
  if (!frame.columns[name]) frame.columns[name] = new Array<number | null>(frameLength(frame)).fill(fill);
  return frame.columns[name];
}

/** The named tag column, created filled with null when missing. */
export function ensureTagColumn(frame: Frame, name: string): TagColumn {
  if (!frame.tags[name]) frame.tags[name] = new Array<string | null>(frameLength(frame)).fill(null);
  return frame.tags[name];
}

/** Element-wise AND of boolean conditions of equal length. */
export function and(...conditions: readonly (readonly boolean[])[]): boolean[] {
  const n = conditions[0]?.length ?? 0;
  const out = new Array<boolean>(n);
  for (let i = 0; i < n; i++) out[i] = conditions.every((c) => c[i]);
  return out;
}

/** a > b row by row (b a series or a constant); rows with a missing value are false. */
export function above(a: Series, b: Series | number): boolean[] {
  return a.map((x, i) => {
    const y = valueAt(b, i);
    return isNum(x) && isNum(y) && x > y;
  });
}

/** a < b row by row (b a series or a constant); rows with a missing value are false. */
export function below(a: Series, b: Series | number): boolean[] {
  return a.map((x, i) => {
    const y = valueAt(b, i);
    return isNum(x) && isNum(y) && x < y;
  });
}

/** Rows where `series` satisfies `test`; null/NaN rows are false. */
export function where(series: Series, test: (v: number) => boolean): boolean[] {
  return series.map((v) => isNum(v) && test(v));
}
