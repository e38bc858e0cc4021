// freqtrade's --export signals data for backtesting-analysis (generate_trade_signal_candles,
// generate_rejected_signals): per strategy and pair, the analysed candle before each trade's open
// (signals) and close (exited), and the candles whose entry was rejected for want of a slot.
// freqtrade pickles pandas DataFrames; tickhub writes each frame as pandas' to_json(orient=
// "records") would: one object per row, every column, dates as epoch milliseconds.

import type { Frame } from '../strategy/types.ts';
import type { BtTrade } from './types.ts';

export type SignalRow = Record<string, number | string | null>;
export type PairRows = Record<string, SignalRow[]>;

export interface SignalAnalysis {
  signals: PairRows;
  rejected: PairRows;
  exited: PairRows;
}

/** A pair's analysed frame and the rows the backtest kept (freqtrade's preprocessed_tmp). */
export interface TrimmedFrame {
  frame: Frame;
  from: number;
  to: number;
}

/** One row of the frame with all its columns, in the frame's column order. */
export function frameRow(frame: Frame, i: number): SignalRow {
  const row: SignalRow = {
    date: frame.date[i],
    open: frame.open[i],
    high: frame.high[i],
    low: frame.low[i],
    close: frame.close[i],
    volume: frame.volume[i],
  };
  for (const [name, column] of Object.entries(frame.columns)) {
    const v = column[i];
    row[name] = v === undefined || Number.isNaN(v) ? null : v;
  }
  for (const [name, column] of Object.entries(frame.tags)) row[name] = column[i] ?? null;
  return row;
}

/** The last kept row with date < `time`, or -1. */
function lastRowBefore(t: TrimmedFrame, time: number): number {
  let lo = t.from;
  let hi = t.to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.frame.date[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1 >= t.from ? lo - 1 : -1;
}

/** generate_trade_signal_candles: for each trade (in result order) the candle before its open / close. */
export function tradeSignalCandles(
  frames: Map<string, TrimmedFrame>,
  trades: readonly BtTrade[],
  when: 'open' | 'close',
): PairRows {
  const out: PairRows = {};
  for (const [pair, t] of frames) {
    if (t.to <= t.from) continue;
    const rows: SignalRow[] = [];
    for (const trade of trades) {
      if (trade.pair !== pair) continue;
      const time = when === 'open' ? trade.openDate : trade.closeDate;
      const i = time === null ? -1 : lastRowBefore(t, time);
      if (i >= 0) rows.push(frameRow(t.frame, i));
    }
    out[pair] = rows;
  }
  return out;
}

/** generate_rejected_signals: the candle each rejected entry would have opened on, with pair and enter_tag. */
export function rejectedSignalRows(
  frames: Map<string, TrimmedFrame>,
  rejected: Map<string, [number, string | null][]>,
): PairRows {
  const out: PairRows = {};
  for (const [pair, signals] of rejected) {
    const t = frames.get(pair);
    const rows: SignalRow[] = [];
    for (const [date, tag] of signals) {
      if (!t) continue;
      const i = lastRowBefore(t, date + 1);
      if (i < 0 || t.frame.date[i] !== date) continue;
      rows.push({ ...frameRow(t.frame, i), pair, enter_tag: tag });
    }
    out[pair] = rows;
  }
  return out;
}
