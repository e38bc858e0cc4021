// Futures funding fees in backtesting (freqtrade's calculate_funding_fees): the funding rate times
// the mark price's open times the position, summed over the funding times the trade was open.

import type { Candle } from '../exchange/port.ts';

export interface FundingSeries {
  date: Float64Array;
  rate: Float64Array;
  mark: Float64Array;
}

/**
 * Joins funding-rate and mark candles on their open time (an inner join, as freqtrade without
 * futures_funding_rate; with a fallback rate, mark candles without a funding candle use it).
 */
export function combineFundingAndMark(
  funding: readonly Candle[],
  mark: readonly Candle[],
  fallbackRate: number | null = null,
): FundingSeries {
  const rates = new Map<number, number>();
  for (const c of funding) rates.set(c[0], c[1]);
  const rows: [number, number, number][] = [];
  for (const m of mark) {
    const r = rates.get(m[0]) ?? fallbackRate;
    if (r !== undefined && r !== null) rows.push([m[0], r, m[1]]);
  }
  const out: FundingSeries = {
    date: new Float64Array(rows.length),
    rate: new Float64Array(rows.length),
    mark: new Float64Array(rows.length),
  };
  rows.forEach(([d, r, m], i) => {
    out.date[i] = d;
    out.rate[i] = r;
    out.mark[i] = m;
  });
  return out;
}

/** Σ rate · mark · amount over funding times in [from, to]; positive = received (shorts receive positive rates). */
export function fundingFees(series: FundingSeries, amount: number, isShort: boolean, from: number, to: number): number {
  let fees = 0;
  for (let i = 0; i < series.date.length; i++) {
    const d = series.date[i];
    if (d < from) continue;
    if (d > to) break;
    fees += series.rate[i] * series.mark[i] * amount;
  }
  if (Number.isNaN(fees)) fees = 0;
  return isShort ? fees : -fees;
}
