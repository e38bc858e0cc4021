import { EMA } from 'trading-signals';
import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

/**
 * Exponential moving average, alpha = 2 / (period + 1) (trading-signals `EMA`).
 *
 * Seeding: the library starts the average at the first value (indicatorts does the
 * same); TA-Lib, and so freqtrade's `ta.EMA`, starts it at the SMA of the first
 * `period` values. Both share the recursion, so the gap shrinks by (1 - alpha) per
 * candle: below 1e-9 relative after roughly 10 × period candles, which is what a
 * strategy's `startup_candle_count` is for. The first period-1 values are null
 * (the library's own "not stable yet" window), matching TA-Lib's lookback.
 */
export function ema(values: Input, period: number): Column {
  checkPeriod('ema', period);
  const out = nullColumn(values.length);
  for (const [start, end] of finiteRuns([values])) {
    const indicator = new EMA(period);
    for (let i = start; i < end; i++) {
      const value = indicator.add(values[i] as number);
      if (i - start >= period - 1) out[i] = value;
    }
  }
  return out;
}
