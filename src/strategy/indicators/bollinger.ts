import { BollingerBands } from 'trading-signals';
import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

export interface BollingerColumns {
  upper: Column;
  middle: Column;
  lower: Column;
}

/**
 * Bollinger bands: middle = SMA(period), upper/lower = middle ± stdDev × σ, with the
 * population standard deviation (divide by N), as TA-Lib's BBANDS
 * (trading-signals `BollingerBands`). First value at index period-1.
 * Pass the typical price instead of the close for qtpylib-style bands.
 */
export function bollinger(values: Input, period = 20, stdDev = 2): BollingerColumns {
  checkPeriod('bollinger', period);
  if (!(stdDev > 0)) throw new RangeError(`bollinger: stdDev must be positive, got ${stdDev}`);
  const out: BollingerColumns = {
    upper: nullColumn(values.length),
    middle: nullColumn(values.length),
    lower: nullColumn(values.length),
  };
  for (const [start, end] of finiteRuns([values])) {
    const indicator = new BollingerBands(period, stdDev);
    for (let i = start; i < end; i++) {
      const bands = indicator.add(values[i] as number);
      if (bands) {
        out.upper[i] = bands.upper;
        out.middle[i] = bands.middle;
        out.lower[i] = bands.lower;
      }
    }
  }
  return out;
}
