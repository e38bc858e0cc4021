// A trade's position rebuilt from its filled orders: amount, open rate, stake, fees, the stop, and
// whether the exits closed it (freqtrade's recalc_trade_from_orders).

import type { OrderRow, TradeRow } from '../../db/schema.ts';
import { adjustStopLoss, recalcFromOrders } from '../../domain/money/index.ts';
import { amountToPrecision } from '../../domain/precision.ts';
import {
  entrySide,
  filledOrders,
  safePrice,
  stopPatch,
  stopState,
  tradeMath,
  tradePriceRounder,
} from '../../domain/trade-model.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { isolatedEstimate } from '../liquidation.ts';

export interface Recalc {
  patch: Partial<TradeRow>;
  closed: boolean;
}

/** Rebuilds a trade's position from its filled orders; closes it when exits cover the entries. */
export function recalcTrade(ctx: EngineContext, trade: TradeRow, orders: OrderRow[], now: number): Recalc {
  const filled = filledOrders(trade, orders);
  const entries = filled.filter((o) => o.isEntry);
  if (entries.length === 0) return { patch: {}, closed: false };
  const market = marketOf(ctx, trade.pair);
  const step = market?.precision.amount ?? 0;
  const entered = entries.reduce((s, o) => s + o.amountAfterFee, 0);
  const exited = filled.filter((o) => !o.isEntry).reduce((s, o) => s + o.amountAfterFee, 0);
  const roundAmount = (a: number) => (step > 0 ? amountToPrecision(a, step) : a);
  // Closed when what is left rounds to nothing at the market's precision (freqtrade: dust left by
  // a fee taken in the base currency does not keep a trade open).
  const isClosing = exited > 0 && !(roundAmount(entered - exited) > Math.max(entered * 1e-9, 0));
  const roundPrice = tradePriceRounder(trade);
  // The averaged open rate goes to the price tick (freqtrade since 2024.12).
  const result = recalcFromOrders(tradeMath(trade), filled, { isClosing, roundAmount, roundPrice });

  const side = entrySide(trade);
  // The fee currencies and the close fee cost come from the exchange's fills (order-fee.ts).
  const patch: Partial<TradeRow> = {
    realizedProfit: result.realizedProfit,
    fundingFees: result.fundingFees,
    maxStakeAmount: result.maxStakeAmount,
  };
  if (result.positionOpen && !isClosing) {
    Object.assign(patch, {
      feeOpenCost: result.feeOpenCost,
      amount: result.amount,
      openRate: result.openRate,
      stakeAmount: result.stakeAmount,
      openTradeValue: result.openTradeValue,
      closeProfit: result.closeProfit,
      closeProfitAbs: result.closeProfitAbs,
    });
    // The entry set the stop from the requested rate; the recorded open rate only tightens it, and
    // a tighter stop counts as trailing (freqtrade's recalc_trade_from_orders → adjust_stop_loss).
    const state = { ...stopState(trade), openRate: result.openRate };
    const stoploss = trade.stopLossPct ?? ctx.settings.stoploss;
    let next = adjustStopLoss(state, result.openRate, stoploss, { initial: !trade.stopLoss, now, roundPrice });
    if (trade.tradingMode === 'futures') {
      const liq = isolatedEstimate(ctx, trade, result);
      if (liq !== undefined) {
        patch.liquidationPrice = liq;
        next = { ...next, liquidationPrice: liq };
      }
    }
    Object.assign(patch, stopPatch(next));
    return { patch, closed: false };
  }
  if (!isClosing) return { patch, closed: false };
  const exits = orders.filter((o) => o.ftOrderSide !== side && (o.filled ?? 0) > 0);
  const last = exits[exits.length - 1];
  Object.assign(patch, {
    isOpen: false,
    closeRate: last ? safePrice(last) : trade.closeRate,
    closeDate: last?.orderFilledDate ?? now,
    closeProfit: result.closeProfit,
    closeProfitAbs: result.closeProfitAbs,
    realizedProfit: result.closeProfitAbs ?? result.realizedProfit,
    exitOrderStatus: 'closed',
  });
  return { patch, closed: true };
}
