import { RSI } from 'trading-signals';
import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

/**
 * Relative strength index with Wilder smoothing (trading-signals `RSI`, default `WSMA`).
 *
 * Seeding: average gain and loss start as the SMA of the first `period` price changes,
 * so the first value is at index `period`, exactly as TA-Lib's RSI (freqtrade's `ta.RSI`).
 * indicatorts seeds with a running mean that counts a zero change for the first candle;
 * the two converge by (1 - 1/period) per candle. A window without losses gives 100.
 */
export function rsi(values: Input, period = 14): Column {
  checkPeriod('rsi', period);
  const out = nullColumn(values.length);
  for (const [start, end] of finiteRuns([values])) {
    const indicator = new RSI(period);
    for (let i = start; i < end; i++) out[i] = indicator.add(values[i] as number);
  }
  return out;
}
