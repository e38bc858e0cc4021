// From candles to the columns the engine loops over: the strategy runs once over the whole
// range (vectorised, as freqtrade's advise_all_indicators), the startup candles are cut, and the
// signals move one candle later, so a row holds the signals of the candle that closed before it.

import type { Candle } from '../exchange/port.ts';
import { analyzeFrameAsync } from '../strategy/analyze.ts';
import type { Frame, PairMeta, Strategy } from '../strategy/types.ts';
import type { CandleColumns, PairSeries } from './types.ts';

/** A pair's candles as typed columns: 48 bytes a candle, about half of a [ms, o, h, l, c, v] array. */
export function toColumns(candles: readonly Candle[]): CandleColumns {
  const n = candles.length;
  const c: CandleColumns = {
    date: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const k = candles[i];
    c.date[i] = k[0];
    c.open[i] = k[1];
    c.high[i] = k[2];
    c.low[i] = k[3];
    c.close[i] = k[4];
    c.volume[i] = k[5];
  }
  return c;
}

/** The candles whose open time lies in [from, to] (sorted columns: a view, no copy). */
export function columnsInRange(c: CandleColumns, from: number | undefined, to: number | undefined): CandleColumns {
  const start = from === undefined ? 0 : lowerBound(c.date, from);
  const end = to === undefined ? c.date.length : lowerBound(c.date, to + 1);
  if (start === 0 && end === c.date.length) return c;
  const cut = (a: Float64Array) => a.subarray(start, Math.max(start, end));
  return {
    date: cut(c.date),
    open: cut(c.open),
    high: cut(c.high),
    low: cut(c.low),
    close: cut(c.close),
    volume: cut(c.volume),
  };
}

/** A fresh strategy frame (plain number[] columns, which strategies may treat as arrays) from candle columns. */
export function frameFromColumns(c: CandleColumns): Frame {
  return {
    date: Array.from(c.date),
    open: Array.from(c.open),
    high: Array.from(c.high),
    low: Array.from(c.low),
    close: Array.from(c.close),
    volume: Array.from(c.volume),
    columns: {},
    tags: {},
  };
}

/** The strategy's frame over all candles (indicators and signals), as freqtrade's ft_advise_signals. */
export function analyzePair(strategy: Strategy, candles: CandleColumns, meta: PairMeta): Promise<Frame> {
  return analyzeFrameAsync(strategy, frameFromColumns(candles), meta);
}

function flag(column: (number | null)[] | undefined, i: number): number {
  const v = column?.[i];
  return v === 1 ? 1 : 0;
}

/** freqtrade's trim_dataframe: the kept rows [from, to) after the startup candles, up to `stop`. */
export function trimBounds(
  frame: Frame,
  startupCandles: number,
  start: number | undefined,
  stop: number | undefined,
): { from: number; to: number } {
  const n = frame.date.length;
  let from = 0;
  if (startupCandles > 0) from = Math.min(startupCandles, n);
  else if (start !== undefined) while (from < n && frame.date[from] < start) from++;
  let to = n;
  if (stop !== undefined) while (to > from && frame.date[to - 1] > stop) to--;
  return { from, to };
}

/**
 * freqtrade's trim_dataframe + shift: drops the first `startupCandles` rows (or, with none,
 * rows before `start`), rows after `stop`, then shifts signals and tags by one row and drops the
 * first row. Row i's signals are those of candle i-1.
 */
export function toSeries(
  pair: string,
  frame: Frame,
  candles: CandleColumns,
  startupCandles: number,
  start: number | undefined,
  stop: number | undefined,
): PairSeries {
  const { from, to } = trimBounds(frame, startupCandles, start, stop);
  const len = Math.max(0, to - from - 1);
  // The candle columns are the frame's candles row for row: the series views them, no copy.
  const first = Math.min(from + 1, to);
  const s: PairSeries = {
    pair,
    date: candles.date.subarray(first, to),
    open: candles.open.subarray(first, to),
    high: candles.high.subarray(first, to),
    low: candles.low.subarray(first, to),
    close: candles.close.subarray(first, to),
    enterLong: new Uint8Array(len),
    exitLong: new Uint8Array(len),
    enterShort: new Uint8Array(len),
    exitShort: new Uint8Array(len),
    enterTag: frame.tags.enter_tag ?? [],
    exitTag: frame.tags.exit_tag ?? [],
    tagOffset: first - 1,
  };
  const { enter_long, exit_long, enter_short, exit_short } = frame.columns;
  for (let k = 0; k < len; k++) {
    const row = from + 1 + k;
    const prev = row - 1;
    s.enterLong[k] = flag(enter_long, prev);
    s.exitLong[k] = flag(exit_long, prev);
    s.enterShort[k] = flag(enter_short, prev);
    s.exitShort[k] = flag(exit_short, prev);
  }
  return s;
}

/** Open time of the first kept (unshifted) row: the backtest's start for this pair. */
export function trimmedStart(frame: Frame, startupCandles: number, start: number | undefined): number | undefined {
  const n = frame.date.length;
  if (startupCandles > 0) return startupCandles < n ? frame.date[startupCandles] : undefined;
  for (let i = 0; i < n; i++) if (start === undefined || frame.date[i] >= start) return frame.date[i];
  return undefined;
}

/** Detail (lower timeframe) candles of a pair as columns. */
export interface DetailSeries {
  date: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

export function toDetail(candles: readonly Candle[]): DetailSeries {
  const n = candles.length;
  const d: DetailSeries = {
    date: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    d.date[i] = c[0];
    d.open[i] = c[1];
    d.high[i] = c[2];
    d.low[i] = c[3];
    d.close[i] = c[4];
  }
  return d;
}

/** First index with date >= t (binary search). */
export function lowerBound(dates: Float64Array, t: number): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
