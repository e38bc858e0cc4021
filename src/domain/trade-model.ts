// Bridges stored trade rows and the money math: the views the formulas need, and back.

import type { FilledOrder, PriceRounder, StopLossState, TradeMath, TradingMode } from './money/index.ts';
import { priceToPrecision } from './precision.ts';
import type { Order as OrderRow, Trade as TradeRow } from './trade.ts';

export function entrySide(trade: Pick<TradeRow, 'isShort'>): 'buy' | 'sell' {
  return trade.isShort ? 'sell' : 'buy';
}

export function exitSide(trade: Pick<TradeRow, 'isShort'>): 'buy' | 'sell' {
  return trade.isShort ? 'buy' : 'sell';
}

/** The trade columns the money formulas read. */
export type TradeMathRow = Pick<
  TradeRow,
  | 'isShort'
  | 'leverage'
  | 'tradingMode'
  | 'feeOpen'
  | 'feeClose'
  | 'openRate'
  | 'amount'
  | 'openTradeValue'
  | 'stakeAmount'
  | 'maxStakeAmount'
  | 'realizedProfit'
  | 'fundingFees'
  | 'interestRate'
  | 'exchange'
  | 'openDate'
  | 'closeDate'
  | 'closeProfit'
  | 'closeProfitAbs'
  | 'feeOpenCost'
>;

export function tradeMath(t: TradeMathRow): TradeMath {
  return {
    isShort: t.isShort,
    leverage: t.leverage || 1,
    tradingMode: t.tradingMode as TradingMode,
    feeOpen: t.feeOpen,
    feeClose: t.feeClose,
    openRate: t.openRate,
    amount: t.amount,
    openTradeValue: t.openTradeValue,
    stakeAmount: t.stakeAmount,
    maxStakeAmount: t.maxStakeAmount ?? t.stakeAmount,
    realizedProfit: t.realizedProfit,
    fundingFees: t.fundingFees,
    interestRate: t.interestRate,
    exchange: t.exchange,
    openDate: t.openDate,
    closeDate: t.closeDate,
    closeProfit: t.closeProfit,
    closeProfitAbs: t.closeProfitAbs,
    feeOpenCost: t.feeOpenCost,
  };
}

/** freqtrade's safe_price: average, else price, else the requested price. */
export function safePrice(o: Pick<OrderRow, 'average' | 'price' | 'stopPrice' | 'ftPrice'>): number {
  return o.average || o.price || o.stopPrice || o.ftPrice;
}

/** Orders that moved the position (filled amount > 0 and no longer open), oldest first. */
export function filledOrders(trade: TradeRow, orders: OrderRow[]): FilledOrder[] {
  const entry = entrySide(trade);
  return orders
    .filter((o) => !o.ftIsOpen && (o.filled ?? 0) > 0)
    .map((o) => ({
      // A filled stop order (ft_order_side "stoploss") is an exit, as in freqtrade's recalc.
      side: o.ftOrderSide === 'stoploss' ? exitSide(trade) : (o.ftOrderSide as 'buy' | 'sell'),
      isEntry: o.ftOrderSide === entry,
      price: safePrice(o),
      amountAfterFee: (o.filled ?? 0) - (o.ftFeeBase ?? 0),
      fundingFee: o.fundingFee ?? 0,
    }));
}

/**
 * Rounds prices to the price precision recorded on the trade at entry (freqtrade's
 * trade.price_precision); the identity when the trade has none, as freqtrade's price_to_precision.
 */
export function tradePriceRounder(t: Pick<TradeRow, 'pricePrecision'>): PriceRounder {
  const tick = t.pricePrecision;
  if (!tick || !(tick > 0)) return (price) => price;
  return (price, direction) =>
    priceToPrecision(price, tick, direction === 'up' ? 'ROUND_UP' : direction === 'down' ? 'ROUND_DOWN' : 'ROUND');
}

export function stopState(t: TradeRow): StopLossState {
  return {
    isShort: t.isShort,
    leverage: t.leverage || 1,
    openRate: t.openRate,
    stopLoss: t.stopLoss,
    stopLossPct: t.stopLossPct,
    initialStopLoss: t.initialStopLoss ?? 0,
    initialStopLossPct: t.initialStopLossPct,
    isStopLossTrailing: t.isStopLossTrailing,
    stoplossLastUpdate: t.stoplossLastUpdate,
    liquidationPrice: t.liquidationPrice,
  };
}

export function stopPatch(s: StopLossState): Partial<TradeRow> {
  return {
    stopLoss: s.stopLoss,
    stopLossPct: s.stopLossPct,
    initialStopLoss: s.initialStopLoss,
    initialStopLossPct: s.initialStopLossPct,
    isStopLossTrailing: s.isStopLossTrailing,
    stoplossLastUpdate: s.stoplossLastUpdate,
  };
}

export function hasOpenOrders(orders: OrderRow[]): boolean {
  return orders.some((o) => o.ftIsOpen && o.ftOrderSide !== 'stoploss');
}
