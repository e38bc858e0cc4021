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

/**
 * `ema(values, period)` fed one value at a time, for streaming strategies (see ../streaming.ts):
 * `add(v)` returns what `ema` gives for the row of v; a non-finite value gives null and restarts
 * the warm-up, as a gap does in `ema`.
 */
export class EmaStream {
  private readonly period: number;
  private indicator: EMA | undefined;
  /** Values in the current finite run. */
  private count = 0;

  constructor(period: number) {
    checkPeriod('ema', period);
    this.period = period;
  }

  add(value: number | null): number | null {
    if (value === null || !Number.isFinite(value)) {
      this.indicator = undefined;
      this.count = 0;
      return null;
    }
    this.indicator ??= new EMA(this.period);
    const result = this.indicator.add(value);
    this.count++;
    return this.count >= this.period ? result : null;
  }

  /**
   * Replaces the last value added (the forming candle changed), with trading-signals' replace.
   * Undefined when the last value or this one is not finite: the caller must start over.
   */
  replace(value: number | null): number | null | undefined {
    if (!this.indicator || this.count === 0 || value === null || !Number.isFinite(value)) return undefined;
    const result = this.indicator.replace(value);
    return this.count >= this.period ? result : null;
  }
}
