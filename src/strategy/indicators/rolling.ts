// pandas-style rolling windows and TA-Lib's EMA seeding, for ports of freqtrade strategies that
// use `series.rolling(n).mean()/.std()`, qtpylib's bollinger_bands (min_periods=1) or `ta.EMA`.
// Each window is summed afresh (no running sum), so no drift builds up over long series.

import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

function isFiniteNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The finite values of the window ending at `i` (pandas skips NaN inside a window). */
function windowValues(values: Input, i: number, window: number): number[] {
  const out: number[] = [];
  for (let j = Math.max(0, i - window + 1); j <= i; j++) {
    const v = values[j];
    if (isFiniteNumber(v)) out.push(v);
  }
  return out;
}

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** pandas `rolling(window, min_periods).mean()`: null until the window holds `minPeriods` values. */
export function rollingMean(values: Input, window: number, minPeriods = window): Column {
  checkPeriod('rollingMean', window);
  const out = nullColumn(values.length);
  for (let i = 0; i < values.length; i++) {
    const xs = windowValues(values, i, window);
    if (xs.length >= Math.max(1, minPeriods)) out[i] = mean(xs);
  }
  return out;
}

/** pandas `rolling(window, min_periods).std()`: the sample standard deviation (ddof 1), null below 2 values. */
export function rollingStd(values: Input, window: number, minPeriods = window): Column {
  checkPeriod('rollingStd', window);
  const out = nullColumn(values.length);
  for (let i = 0; i < values.length; i++) {
    const xs = windowValues(values, i, window);
    if (xs.length < Math.max(2, minPeriods)) continue;
    const m = mean(xs);
    let squares = 0;
    for (const x of xs) squares += (x - m) * (x - m);
    out[i] = Math.sqrt(squares / (xs.length - 1));
  }
  return out;
}

/** qtpylib's typical_price: (high + low + close) / 3. */
export function typicalPrice(high: Input, low: Input, close: Input): Column {
  return close.map((c, i) => {
    const h = high[i];
    const l = low[i];
    return isFiniteNumber(h) && isFiniteNumber(l) && isFiniteNumber(c) ? (h + l + c) / 3 : null;
  });
}

/**
 * TA-Lib's EMA (freqtrade's `ta.EMA`): the first value, at index period-1, is the SMA of the first
 * `period` values; then ema = prev + (x - prev) · 2 / (period + 1). A gap restarts the seeding.
 */
export function talibEma(values: Input, period: number): Column {
  checkPeriod('talibEma', period);
  const out = nullColumn(values.length);
  const k = 2 / (period + 1);
  for (const [start, end] of finiteRuns([values])) {
    if (end - start < period) continue;
    let sum = 0;
    for (let i = start; i < start + period; i++) sum += values[i] as number;
    let prev = sum / period;
    out[start + period - 1] = prev;
    for (let i = start + period; i < end; i++) {
      prev = ((values[i] as number) - prev) * k + prev;
      out[i] = prev;
    }
  }
  return out;
}
