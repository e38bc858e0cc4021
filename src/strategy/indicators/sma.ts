import { SMA } from 'trading-signals';
import type { Column } from '../types.ts';
import { checkPeriod, finiteRuns, type Input, nullColumn } from './runs.ts';

/** Simple moving average (trading-signals `SMA`). First value at index period-1, like TA-Lib. */
export function sma(values: Input, period: number): Column {
  checkPeriod('sma', period);
  const out = nullColumn(values.length);
  for (const [start, end] of finiteRuns([values])) {
    const indicator = new SMA(period);
    for (let i = start; i < end; i++) out[i] = indicator.add(values[i] as number);
  }
  return out;
}
