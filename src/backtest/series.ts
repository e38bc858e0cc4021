// From candles to the columns the engine loops over: the strategy runs once over the whole
// range (vectorised, as freqtrade's advise_all_indicators), the startup candles are cut, and the
// signals move one candle later, so a row holds the signals of the candle that closed before it.

import type { Candle } from '../exchange/port.ts';
import { analyzeAsync } from '../strategy/analyze.ts';
import type { Frame, PairMeta, Strategy } from '../strategy/types.ts';
import type { PairSeries } from './types.ts';

/** The strategy's frame over all candles (indicators and signals), as freqtrade's ft_advise_signals. */
export function analyzePair(strategy: Strategy, candles: readonly Candle[], meta: PairMeta): Promise<Frame> {
  return analyzeAsync(strategy, candles, meta);
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
  startupCandles: number,
  start: number | undefined,
  stop: number | undefined,
): PairSeries {
  const { from, to } = trimBounds(frame, startupCandles, start, stop);
  const len = Math.max(0, to - from - 1);
  const s: PairSeries = {
    pair,
    date: new Float64Array(len),
    open: new Float64Array(len),
    high: new Float64Array(len),
    low: new Float64Array(len),
    close: new Float64Array(len),
    enterLong: new Uint8Array(len),
    exitLong: new Uint8Array(len),
    enterShort: new Uint8Array(len),
    exitShort: new Uint8Array(len),
    enterTag: new Array(len),
    exitTag: new Array(len),
  };
  const { enter_long, exit_long, enter_short, exit_short } = frame.columns;
  const enterTags = frame.tags.enter_tag;
  const exitTags = frame.tags.exit_tag;
  for (let k = 0; k < len; k++) {
    const row = from + 1 + k;
    const prev = row - 1;
    s.date[k] = frame.date[row];
    s.open[k] = frame.open[row];
    s.high[k] = frame.high[row];
    s.low[k] = frame.low[row];
    s.close[k] = frame.close[row];
    s.enterLong[k] = flag(enter_long, prev);
    s.exitLong[k] = flag(exit_long, prev);
    s.enterShort[k] = flag(enter_short, prev);
    s.exitShort[k] = flag(exit_short, prev);
    s.enterTag[k] = enterTags?.[prev] ?? null;
    s.exitTag[k] = exitTags?.[prev] ?? null;
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
