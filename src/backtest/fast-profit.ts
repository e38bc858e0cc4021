// Profit ratios for decisions in the replay loop. freqtrade computes them in exact decimal and
// rounds to 8 places (calcProfitRatio); doing that for every candle of every open trade dominates
// a year-long run. Here the float value is used when no threshold it is compared with lies within
// 1e-7 of it (far beyond the float error, ~1e-12, and the 8-place rounding, 5e-9), so every
// comparison comes out as with the exact value; otherwise, or when a strategy callback will see
// the number, the exact value is computed.

import { calcProfitRatio } from '../domain/money/index.ts';
import type { BtTrade } from './types.ts';

const MARGIN = 1e-7;

function floatRatio(rate: number, t: BtTrade): number {
  if (t.openTradeValue === 0) return 0;
  const value = t.amount * rate;
  const funding = t.tradingMode === 'futures' ? t.fundingFees || 0 : 0;
  const lev = t.leverage || 1;
  if (t.isShort) return (1 - (value + value * t.feeClose - funding) / t.openTradeValue) * lev;
  return ((value - value * t.feeClose + funding) / t.openTradeValue - 1) * lev;
}

/** calcProfitRatio where it matters, the float value where it provably decides the same. */
export function decisionProfit(rate: number, trade: BtTrade, thresholds: readonly number[], exact: boolean): number {
  if (exact || trade.tradingMode === 'margin') return calcProfitRatio(rate, trade);
  const f = floatRatio(rate, trade);
  if (!Number.isFinite(f)) return calcProfitRatio(rate, trade);
  for (const th of thresholds) if (Math.abs(f - th) < MARGIN) return calcProfitRatio(rate, trade);
  return f;
}
