import { ATR } from 'trading-signals';
import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

/**
 * Average true range with Wilder smoothing (trading-signals `ATR`, default `WSMA`).
 *
 * Seeding: the library takes the first candle's true range as high − low and seeds the
 * average with the SMA of the first `period` true ranges, so the first value is at
 * index period-1. TA-Lib skips the first candle (first value at index `period`); the
 * two converge by (1 - 1/period) per candle. (indicatorts' `atr` is an SMA of the true
 * range, a different indicator, so it is not used.)
 */
export function atr(high: Input, low: Input, close: Input, period = 14): Column {
  checkPeriod('atr', period);
  const out = nullColumn(close.length);
  for (const [start, end] of finiteRuns([high, low, close])) {
    const indicator = new ATR(period);
    for (let i = start; i < end; i++) {
      out[i] = indicator.add({ high: high[i] as number, low: low[i] as number, close: close[i] as number });
    }
  }
  return out;
}
