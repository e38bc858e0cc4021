import { EMA, MACD } from 'trading-signals';
import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

export interface MacdColumns {
  macd: Column;
  signal: Column;
  hist: Column;
}

/**
 * MACD = EMA(fast) − EMA(slow); signal = EMA(signal) of MACD; hist = MACD − signal
 * (trading-signals `MACD` over its `EMA`s).
 *
 * Seeding: the library's EMAs start at the first value (see `ema`), and the signal EMA
 * starts at the first MACD value, at index slow-1. All three columns are null until
 * index slow + signal - 2, TA-Lib's lookback; after that they converge to TA-Lib's.
 */
export function macd(values: Input, fast = 12, slow = 26, signal = 9): MacdColumns {
  checkPeriod('macd fast', fast);
  checkPeriod('macd slow', slow);
  checkPeriod('macd signal', signal);
  const out: MacdColumns = {
    macd: nullColumn(values.length),
    signal: nullColumn(values.length),
    hist: nullColumn(values.length),
  };
  const lookback = slow + signal - 2;
  for (const [start, end] of finiteRuns([values])) {
    const indicator = new MACD(new EMA(fast), new EMA(slow), new EMA(signal));
    for (let i = start; i < end; i++) {
      const result = indicator.add(values[i] as number);
      if (result && i - start >= lookback) {
        out.macd[i] = result.macd;
        out.signal[i] = result.signal;
        out.hist[i] = result.histogram;
      }
    }
  }
  return out;
}
