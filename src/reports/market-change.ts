// A backtest's market change (GET /backtest/history/{file}/market_change), as freqtrade 2024.10's
// combined_dataframes_with_rel_mean: per candle date the pairs' closes, how many pairs have one,
// their row mean, and the cumulative sum of that mean's relative changes. freqtrade adds the
// count column before taking the row mean, so the count is part of the mean; kept as it is.

import { pandasJsonIso } from '../domain/dates.ts';

export const MARKET_CHANGE_COLUMNS = ['date', 'mean', 'rel_mean', 'count', '__date_ts'] as const;

export interface MarketChangeTable {
  columns: string[];
  length: number;
  data: (string | number)[][];
}

/** One pair's candle open times (ms) and closes, as columns. */
export interface CloseSeries {
  date: ArrayLike<number>;
  close: ArrayLike<number>;
}

/** Dates in [from, to) (ms), ascending. */
export function marketChangeTable(pairs: Iterable<CloseSeries>, from: number, to: number): MarketChangeTable {
  const byDate = new Map<number, { sum: number; count: number }>();
  for (const { date, close } of pairs) {
    for (let i = 0; i < date.length; i++) {
      const ts = date[i];
      if (ts < from || ts >= to) continue;
      const slot = byDate.get(ts) ?? { sum: 0, count: 0 };
      slot.sum += close[i];
      slot.count += 1;
      byDate.set(ts, slot);
    }
  }
  const dates = [...byDate.keys()].sort((a, b) => a - b);
  const data: (string | number)[][] = [];
  let previous: number | undefined;
  let rel = 0;
  for (const ts of dates) {
    const { sum, count } = byDate.get(ts) as { sum: number; count: number };
    const mean = (sum + count) / (count + 1);
    if (previous !== undefined) rel += mean / previous - 1;
    previous = mean;
    data.push([pandasJsonIso(ts), mean, rel, count, ts]);
  }
  return { columns: [...MARKET_CHANGE_COLUMNS], length: data.length, data };
}
