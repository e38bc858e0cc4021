// Data checks before a run: a pair without candles, or whose candles start late, end early or
// have holes, is reported with its pair, timeframe and range (never skipped silently).

import { type CandleType, timeframeToMs } from '../exchange/port.ts';
import { printDate } from './stats.ts';

export interface MissingData {
  pair: string;
  timeframe: string;
  candleType: CandleType;
  /** Wanted range (ms; null = open) and what was found. */
  from: number | null;
  to: number | null;
  firstCandle: number | null;
  lastCandle: number | null;
  missingCandles: number;
  message: string;
}

export function describeMissing(
  pair: string,
  timeframe: string,
  candleType: CandleType,
  dates: ArrayLike<number>,
  from: number | undefined,
  to: number | undefined,
): MissingData | null {
  const tf = timeframeToMs(timeframe);
  const base = { pair, timeframe, candleType, from: from ?? null, to: to ?? null };
  const range = `${from === undefined ? 'start' : printDate(from)} - ${to === undefined ? 'end' : printDate(to)}`;
  if (dates.length === 0) {
    return {
      ...base,
      firstCandle: null,
      lastCandle: null,
      missingCandles: from !== undefined && to !== undefined ? Math.floor((to - from) / tf) + 1 : 0,
      message: `No data for ${pair}, ${candleType}, ${timeframe} in ${range}.`,
    };
  }
  const first = dates[0];
  const last = dates[dates.length - 1];
  let holes = 0;
  for (let i = 1; i < dates.length; i++) holes += Math.max(0, Math.round((dates[i] - dates[i - 1]) / tf) - 1);
  const problems: string[] = [];
  if (from !== undefined && first > from) problems.push(`data starts at ${printDate(first)}`);
  if (to !== undefined && last + tf <= to) problems.push(`data ends at ${printDate(last)}`);
  if (holes > 0) problems.push(`${holes} candles missing inside the range`);
  if (problems.length === 0) return null;
  const before = from !== undefined && first > from ? Math.floor((first - from) / tf) : 0;
  const after = to !== undefined && last + tf <= to ? Math.floor((to - last) / tf) : 0;
  return {
    ...base,
    firstCandle: first,
    lastCandle: last,
    missingCandles: before + after + holes,
    message: `${pair}, ${candleType}, ${timeframe}, ${problems.join(', ')} (wanted ${range}).`,
  };
}
