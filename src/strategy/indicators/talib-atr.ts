import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

/**
 * TA-Lib's ATR (freqtrade's `ta.ATR`), which differs from `atr` in its seeding: the true range
 * starts at the second candle (max(high, previous close) − min(low, previous close)); the first value,
 * at index `period`, is the mean of the first `period` true ranges; then Wilder's
 * (prev · (period − 1) + tr) / period. A gap restarts the seeding.
 */
export function talibAtr(high: Input, low: Input, close: Input, period = 14): Column {
  checkPeriod('talibAtr', period);
  const out = nullColumn(close.length);
  for (const [start, end] of finiteRuns([high, low, close])) {
    if (end - start <= period) continue;
    const tr = (i: number) =>
      Math.max(high[i] as number, close[i - 1] as number) - Math.min(low[i] as number, close[i - 1] as number);
    let sum = 0;
    for (let i = start + 1; i <= start + period; i++) sum += tr(i);
    let prev = sum / period;
    out[start + period] = prev;
    for (let i = start + period + 1; i < end; i++) {
      prev = (prev * (period - 1) + tr(i)) / period;
      out[i] = prev;
    }
  }
  return out;
}
