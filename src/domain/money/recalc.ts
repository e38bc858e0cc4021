// Rebuild a trade's position and profit figures from its filled orders (freqtrade's
// recalc_trade_from_orders): entries average the open price, exits realise profit against it.

import Big from 'big.js';
import { calculateProfit } from './profit.ts';
import type { AmountRounder, FilledOrder, PriceRounder, ProfitResult, TradeMath } from './types.ts';
import { openTradeValue } from './values.ts';

// freqtrade divides in ccxt's Precise, which truncates quotients to 18 decimals.
const Decimal = Big();
Decimal.DP = 18;
Decimal.RM = Big.roundDown;

export interface RecalcOptions {
  /** The trade is being closed: fold all profit into closeProfit / closeProfitAbs. */
  isClosing?: boolean;
  /** Market amount precision; identity by default. */
  roundAmount?: AmountRounder;
  /** Market price precision for the averaged open rate; identity by default. */
  roundPrice?: PriceRounder;
}

export interface RecalcResult {
  /** False once exits have taken the position to zero. */
  positionOpen: boolean;
  amount: number;
  openRate: number;
  stakeAmount: number;
  maxStakeAmount: number;
  openTradeValue: number;
  realizedProfit: number;
  closeProfit: number | null;
  closeProfitAbs: number | null;
  fundingFees: number;
  feeOpenCost: number | null;
}

/**
 * Walks `orders` (filled ones only, oldest first). Funding fees count towards the exit profit
 * only on the final order of a closing trade, as freqtrade does; earlier exits see none.
 * Orders with a non-positive amount are ignored. While the position stays open, its amount,
 * open rate, stake and open value are rebuilt; once it is closed they keep the trade's values.
 * Callers holding a stop should re-run adjustStopLoss(openRate, stopLossPct) afterwards.
 */
export function recalcFromOrders(trade: TradeMath, orders: FilledOrder[], options: RecalcOptions = {}): RecalcResult {
  const { isClosing = false, roundAmount = (a: number) => a, roundPrice = (p: number) => p } = options;
  const leverage = trade.leverage || 1;
  let currentAmount = new Decimal(0);
  let currentStake = new Decimal(0);
  let maxStake = new Decimal(0);
  let avgPrice = new Decimal(0);
  let totalStake = 0; // open values (fees included) of all entries; never reduced by exits
  let closeProfit = 0;
  let closeProfitAbs = 0;
  let fundingFees = 0;
  let lastExit: ProfitResult | null = null;
  const lastIndex = orders.length - 1;

  for (const [index, order] of orders.entries()) {
    if (!(order.amountAfterFee > 0)) continue;
    fundingFees += order.fundingFee || 0;
    const amount = new Decimal(order.amountAfterFee);
    if (order.isEntry) {
      const price = new Decimal(order.price);
      currentAmount = currentAmount.plus(amount);
      currentStake = currentStake.plus(price.times(amount));
      avgPrice = currentStake.div(currentAmount);
      totalStake += openTradeValue(order.amountAfterFee, order.price, trade.feeOpen, trade.isShort);
      maxStake = maxStake.plus(amount.times(price));
      continue;
    }
    currentAmount = currentAmount.minus(amount);
    currentStake = currentStake.minus(avgPrice.times(amount));
    const finalClose = isClosing && index === lastIndex;
    const exitView: TradeMath = { ...trade, fundingFees: finalClose ? fundingFees : 0 };
    lastExit = calculateProfit(order.price, exitView, order.amountAfterFee, avgPrice.toNumber());
    closeProfitAbs += lastExit.profitAbs;
    if (totalStake > 0) closeProfit = (closeProfitAbs / totalStake) * leverage;
  }

  // The margin, not the position: freqtrade divides by leverage since 2025.3 ("max_stake_amount
  // should not include leverage"); 2024.10 stored the position value.
  const maxStakeAmount = maxStake.toNumber() / leverage;
  const result: RecalcResult = {
    positionOpen: false,
    amount: trade.amount,
    openRate: trade.openRate,
    stakeAmount: trade.stakeAmount,
    maxStakeAmount,
    openTradeValue: trade.openTradeValue,
    realizedProfit: trade.realizedProfit,
    closeProfit: trade.closeProfit ?? null,
    closeProfitAbs: trade.closeProfitAbs ?? null,
    fundingFees,
    feeOpenCost: trade.feeOpenCost ?? null,
  };
  if (closeProfit && lastExit) {
    result.closeProfit = closeProfit;
    result.realizedProfit = closeProfitAbs;
    result.closeProfitAbs = lastExit.profitAbs;
  }

  const remaining = roundAmount(currentAmount.toNumber());
  if (remaining > 0) {
    result.positionOpen = true;
    result.amount = remaining;
    result.openRate = roundPrice(currentStake.div(currentAmount).toNumber(), 'nearest');
    result.stakeAmount = currentStake.toNumber() / leverage;
    result.feeOpenCost = trade.feeOpen * maxStakeAmount;
    result.openTradeValue = openTradeValue(result.amount, result.openRate, trade.feeOpen, trade.isShort);
  } else if (isClosing && totalStake > 0) {
    result.closeProfit = (closeProfitAbs / totalStake) * leverage;
    result.closeProfitAbs = closeProfitAbs;
  }
  return result;
}
