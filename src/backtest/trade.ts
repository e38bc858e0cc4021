// A simulated trade's life: opened by an entry order, filled orders folded in with the domain's
// money math (recalcFromOrders), the stop set from the fill price, closed by an exit order.

import {
  adjustStopLoss,
  applyLiquidationBuffer,
  type FilledOrder,
  liquidationPrice,
  maintenanceRatioAndAmount,
  type PriceRounder,
  recalcFromOrders,
} from '../domain/money/index.ts';
import { amountToPrecision as domainAmountToPrecision } from '../domain/precision.ts';
import { tradePriceRounder } from '../domain/trade-model.ts';
import type { BtOrder, BtTrade, EngineSettings } from './types.ts';

export interface NewTradeInput {
  id: number;
  pair: string;
  isShort: boolean;
  leverage: number;
  openRate: number;
  openDate: number;
  stakeAmount: number;
  amount: number;
  enterTag: string | null;
  fee: number;
  amountPrecision: number | null;
  pricePrecision: number | null;
}

export function newTrade(input: NewTradeInput, s: EngineSettings): BtTrade {
  return {
    id: input.id,
    pair: input.pair,
    isShort: input.isShort,
    leverage: input.leverage,
    tradingMode: s.tradingMode,
    feeOpen: input.fee,
    feeClose: input.fee,
    openRate: input.openRate,
    openRateRequested: input.openRate,
    openDate: input.openDate,
    amount: 0,
    amountRequested: input.amount,
    openTradeValue: 0,
    stakeAmount: input.stakeAmount,
    maxStakeAmount: 0,
    realizedProfit: 0,
    fundingFees: 0,
    fundingFeeRunning: 0,
    interestRate: 0,
    closeProfit: null,
    closeProfitAbs: null,
    feeOpenCost: null,
    stopLoss: 0,
    stopLossPct: null,
    initialStopLoss: 0,
    initialStopLossPct: null,
    isStopLossTrailing: false,
    stoplossLastUpdate: null,
    liquidationPrice: null,
    enterTag: input.enterTag,
    exitReason: null,
    closeRate: null,
    closeDate: null,
    maxRate: null,
    minRate: null,
    isOpen: true,
    orders: [],
    lastFillDate: input.openDate,
    amountPrecision: input.amountPrecision,
    pricePrecision: input.pricePrecision,
    contractSize: 1,
  };
}

/** freqtrade's amount_to_precision (truncated on the exact decimal), identity without a step. */
export function amountToPrecision(amount: number, step: number | null): number {
  return step ? domainAmountToPrecision(amount, step) : amount;
}

/** The shared stop rounding (up for longs, down for shorts, on the exact decimal) for a tick size. */
export function pricePrecisionRounder(tick: number | null): PriceRounder | undefined {
  return tick ? tradePriceRounder({ pricePrecision: tick }) : undefined;
}

export function setStop(trade: BtTrade, price: number, ratio: number | null, opts: { initial?: boolean } = {}): void {
  const next = adjustStopLoss(trade, price, ratio, {
    ...opts,
    roundPrice: pricePrecisionRounder(trade.pricePrecision),
  });
  if (next === trade) return;
  trade.stopLoss = next.stopLoss;
  trade.stopLossPct = next.stopLossPct;
  trade.initialStopLoss = next.initialStopLoss;
  trade.initialStopLossPct = next.initialStopLossPct;
  trade.isStopLossTrailing = next.isStopLossTrailing;
}

export function nrOfSuccessfulEntries(trade: BtTrade): number {
  let n = 0;
  for (const o of trade.orders) if (o.isEntry && !o.isOpen && o.filled > 0) n++;
  return n;
}

export function openOrder(trade: BtTrade, isEntry: boolean): BtOrder | undefined {
  for (const o of trade.orders) if (o.isOpen && o.isEntry === isEntry) return o;
  return undefined;
}

export function hasOpenOrders(trade: BtTrade): boolean {
  return trade.orders.some((o) => o.isOpen);
}

function filledOrders(trade: BtTrade): FilledOrder[] {
  const out: FilledOrder[] = [];
  for (const o of trade.orders) {
    if (o.isOpen || !(o.filled > 0)) continue;
    out.push({ side: o.side, isEntry: o.isEntry, price: o.price, amountAfterFee: o.filled, fundingFee: o.fundingFee });
  }
  return out;
}

/** freqtrade's recalc_trade_from_orders on the trade's filled orders. */
export function recalc(trade: BtTrade, isClosing = false): void {
  const r = recalcFromOrders(trade, filledOrders(trade), {
    isClosing,
    roundAmount: (a) => amountToPrecision(a, trade.amountPrecision),
  });
  trade.maxStakeAmount = r.maxStakeAmount;
  trade.realizedProfit = r.realizedProfit;
  trade.closeProfit = r.closeProfit;
  trade.closeProfitAbs = r.closeProfitAbs;
  trade.fundingFees = r.fundingFees;
  if (r.positionOpen) {
    trade.amount = r.amount;
    trade.openRate = r.openRate;
    trade.stakeAmount = r.stakeAmount;
    trade.openTradeValue = r.openTradeValue;
    trade.feeOpenCost = r.feeOpenCost;
    if (trade.stopLossPct !== null) setStop(trade, trade.openRate, trade.stopLossPct);
  }
}

/** freqtrade's Order.close_bt_order: the order fills completely at its price. */
export function fillOrder(trade: BtTrade, order: BtOrder, time: number): void {
  order.filledDate = time;
  order.filled = order.amount;
  order.isOpen = false;
  order.fundingFee = trade.fundingFeeRunning;
  trade.fundingFeeRunning = 0;
  trade.lastFillDate = time;
  if (order.isEntry && order.price) {
    trade.openRate = order.price;
    recalc(trade);
    if (nrOfSuccessfulEntries(trade) === 1) {
      trade.initialStopLossPct = null;
      trade.isStopLossTrailing = false;
    }
    setStop(trade, trade.openRate, trade.stopLossPct);
  }
}

/**
 * Isolated futures: freqtrade's update_liquidation_prices, as the live bot does it: the exchange's
 * formula with the maintenance margin of the tier the stake falls in, then liquidation_buffer.
 * A pair without tiers falls back to the fixed maintenanceMarginRatio and the generic formula.
 */
export function updateLiquidationPrice(trade: BtTrade, s: EngineSettings): void {
  if (s.tradingMode !== 'futures' || !(trade.amount > 0)) return;
  const market = s.markets[trade.pair];
  const tier = maintenanceRatioAndAmount(s.leverageTiers[trade.pair], trade.stakeAmount);
  const raw = liquidationPrice({
    tradingMode: 'futures',
    exchange: tier ? s.exchangeId : undefined,
    isShort: trade.isShort,
    openRate: trade.openRate,
    amount: trade.amount,
    walletBalance: trade.stakeAmount,
    leverage: trade.leverage,
    maxLeverage: market?.limits.leverage.max ?? null,
    mmRatio: tier ? tier.mmRatio : s.maintenanceMarginRatio,
    maintAmt: tier?.maintAmt ?? null,
    takerFee: market?.taker ?? trade.feeClose,
  });
  trade.liquidationPrice =
    raw === null ? null : applyLiquidationBuffer(raw, trade.openRate, trade.isShort, s.liquidationBuffer);
}

/** freqtrade's Trade.close: every order filled, profit folded in. */
export function closeTrade(trade: BtTrade, rate: number, time: number): void {
  trade.closeRate = rate;
  trade.closeDate = time;
  trade.isOpen = false;
  recalc(trade, true);
}
