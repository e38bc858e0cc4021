// Profit of a trade (or of part of it) at a given close rate, as freqtrade's calculate_profit.

import { round8 } from './round.ts';
import type { ProfitResult, TradeMath, ValueOptions } from './types.ts';
import { closeTradeValue, openTradeValue } from './values.ts';

/** The open side to compare against: the trade's own, or `amount` opened at `openRate`. */
function openSideValue(trade: TradeMath, amount?: number, openRate?: number): number {
  if (amount === undefined || openRate === undefined) return trade.openTradeValue;
  return openTradeValue(amount, openRate, trade.feeOpen, trade.isShort);
}

/** Unrounded profit ratio; 0 where freqtrade hits a ZeroDivisionError. */
function rawProfitRatio(trade: TradeMath, openValue: number, closeValue: number): number {
  if (openValue === 0) return 0;
  const leverage = trade.leverage || 1;
  return trade.isShort ? (1 - closeValue / openValue) * leverage : (closeValue / openValue - 1) * leverage;
}

/**
 * Profit at `rate` for `amount` (default: the whole position) opened at `openRate`
 * (default: the trade's open value). Fees, funding fees and margin interest are included.
 * The ratio is relative to the margin: the price move times the leverage.
 * The total figures add earlier partial exits and relate them to the largest margin used,
 * which carried the open fee too.
 */
export function calculateProfit(
  rate: number,
  trade: TradeMath,
  amount?: number,
  openRate?: number,
  options: ValueOptions = {},
): ProfitResult {
  const closeValue = closeTradeValue(rate, amount || trade.amount, trade, options);
  const openValue = openSideValue(trade, amount, openRate);
  const profitAbs = trade.isShort ? openValue - closeValue : closeValue - openValue;
  const totalProfitAbs = profitAbs + (trade.realizedProfit || 0);
  let totalProfitRatio = 0;
  // freqtrade 2025.4 ("correct relative total_profit calculation", FreqUI #2369): over the margin
  // with its open fee. 2024.10 used total / max_stake_amount · leverage, with no fee.
  if (trade.maxStakeAmount) {
    const maxStakeWithFee = trade.maxStakeAmount * (trade.isShort ? 1 - trade.feeOpen : 1 + trade.feeOpen);
    totalProfitRatio = round8(totalProfitAbs / maxStakeWithFee);
  }
  return {
    profitAbs: round8(profitAbs),
    profitRatio: round8(rawProfitRatio(trade, openValue, closeValue)),
    totalProfitAbs: round8(totalProfitAbs),
    totalProfitRatio,
  };
}

/** Profit ratio only, as freqtrade's calc_profit_ratio (falls back to the trade's amount/rate). */
export function calcProfitRatio(
  rate: number,
  trade: TradeMath,
  amount?: number,
  openRate?: number,
  options: ValueOptions = {},
): number {
  const closeValue = closeTradeValue(rate, amount || trade.amount, trade, options);
  const openValue =
    amount === undefined && openRate === undefined
      ? trade.openTradeValue
      : openTradeValue(amount || trade.amount, openRate || trade.openRate, trade.feeOpen, trade.isShort);
  return round8(rawProfitRatio(trade, openValue, closeValue));
}
