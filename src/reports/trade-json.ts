// freqtrade's Trade and Order JSON (shared/api/freqtrade-api.md §8): the field names, types and
// roundings clients expect. `raw` adds the keys only /trades (which has no response model) shows.

import type { OpenTrade, Order, RawOrder, RawTrade, Trade } from '../../packages/client/src/schemas/trades.ts';
import type { OrderRow, TradeRow } from '../db/schema.ts';
import { datetimePrintFormat } from '../domain/dates.ts';
import { calculateProfit, pct, round8 } from '../domain/money/index.ts';
import { entrySide, hasOpenOrders, safePrice, tradeMath } from '../domain/trade-model.ts';

/** Trade.to_json's keys that TradeSchema keeps (profit_fiat and the fill counts are the API's). */
type TradeJson = Omit<Trade, 'profit_fiat' | 'nr_of_successful_entries' | 'nr_of_successful_exits'>;
type OpenTradeJson = Omit<OpenTrade, 'nr_of_successful_entries' | 'nr_of_successful_exits'>;

const ms = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.trunc(v));
const date = (v: number | null | undefined) => (v === null || v === undefined ? null : datetimePrintFormat(v));
/** NaN and ±Infinity become null, as freqtrade's encoder renders them. */
export const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

export function orderToJson(o: OrderRow): Order {
  return {
    pair: o.ftPair,
    order_id: o.orderId ?? o.clientOrderId,
    status: o.status ?? (o.ftIsOpen ? 'open' : 'closed'),
    amount: o.amount ?? o.ftAmount,
    safe_price: safePrice(o),
    cost: o.cost ?? 0,
    filled: o.filled,
    remaining: o.remaining,
    ft_order_side: o.ftOrderSide,
    order_type: o.orderType ?? 'limit',
    is_open: o.ftIsOpen,
    order_timestamp: ms(o.orderDate),
    order_filled_timestamp: ms(o.orderFilledDate),
    ft_fee_base: o.ftFeeBase,
    ft_order_tag: o.ftOrderTag,
  };
}

/** Order.to_json with every key (GET /trades). */
function rawOrderToJson(o: OrderRow, tradeEntrySide: 'buy' | 'sell'): RawOrder {
  return {
    ...orderToJson(o),
    ft_is_entry: o.ftOrderSide === tradeEntrySide,
    average: o.average ? round8(o.average) : 0,
    order_date: date(o.orderDate),
    order_filled_date: date(o.orderFilledDate),
    price: o.price,
    funding_fee: o.fundingFee,
  };
}

/** Trade.to_json with the keys freqtrade's TradeSchema keeps. */
export function tradeToJson(t: TradeRow, orders: OrderRow[]): TradeJson {
  const side = entrySide(t);
  const firstEntryFill = orders
    .filter((o) => o.ftOrderSide === side && (o.filled ?? 0) > 0 && o.orderFilledDate)
    .map((o) => o.orderFilledDate as number)
    .sort((a, b) => a - b)[0];
  // freqtrade's stoploss_last_update_utc: when the newest open stop order was placed (none: null).
  const openStops = orders.filter((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen).map((o) => o.orderDate);
  const stopOrderDate = openStops.length > 0 ? Math.max(...openStops) : null;
  const closeProfit = t.closeProfit;
  return {
    trade_id: t.id,
    pair: t.pair,
    base_currency: t.baseCurrency,
    quote_currency: t.stakeCurrency,
    is_open: t.isOpen,
    exchange: t.exchange,
    amount: round8(t.amount),
    // Both set on every trade this bot opens; TradeSchema wants a float and an int.
    amount_requested: t.amountRequested ?? t.amount,
    stake_amount: round8(t.stakeAmount),
    max_stake_amount: t.maxStakeAmount === null ? null : round8(t.maxStakeAmount),
    strategy: t.strategy,
    enter_tag: t.enterTag,
    timeframe: t.timeframe ?? 0,
    fee_open: t.feeOpen,
    fee_open_cost: t.feeOpenCost,
    fee_open_currency: t.feeOpenCurrency,
    fee_close: t.feeClose,
    fee_close_cost: t.feeCloseCost,
    fee_close_currency: t.feeCloseCurrency,
    open_date: datetimePrintFormat(t.openDate),
    open_timestamp: Math.trunc(t.openDate),
    open_fill_date: date(firstEntryFill),
    open_fill_timestamp: ms(firstEntryFill),
    open_rate: t.openRate,
    open_rate_requested: t.openRateRequested,
    open_trade_value: round8(t.openTradeValue),
    close_date: date(t.closeDate),
    close_timestamp: ms(t.closeDate),
    realized_profit: t.realizedProfit ?? 0,
    realized_profit_ratio: closeProfit || null,
    close_rate: t.closeRate,
    close_rate_requested: t.closeRateRequested,
    close_profit: closeProfit,
    close_profit_pct: closeProfit ? pct(closeProfit) : null,
    close_profit_abs: t.closeProfitAbs,
    profit_ratio: closeProfit,
    profit_pct: closeProfit ? pct(closeProfit) : null,
    profit_abs: t.closeProfitAbs,
    exit_reason: t.exitReason,
    exit_order_status: t.exitOrderStatus,
    stop_loss_abs: t.stopLoss,
    stop_loss_ratio: t.stopLossPct || null,
    stop_loss_pct: t.stopLossPct ? pct(t.stopLossPct) : null,
    stoploss_last_update: date(stopOrderDate),
    stoploss_last_update_timestamp: ms(stopOrderDate),
    initial_stop_loss_abs: t.initialStopLoss,
    initial_stop_loss_ratio: t.initialStopLossPct || null,
    initial_stop_loss_pct: t.initialStopLossPct ? pct(t.initialStopLossPct) : null,
    min_rate: t.minRate,
    max_rate: t.maxRate,
    leverage: t.leverage,
    interest_rate: t.interestRate,
    liquidation_price: t.liquidationPrice,
    is_short: t.isShort,
    trading_mode: t.tradingMode,
    funding_fees: t.fundingFees,
    amount_precision: t.amountPrecision,
    price_precision: t.pricePrecision,
    precision_mode: t.precisionMode,
    has_open_orders: hasOpenOrders(orders),
    orders: visibleOrders(orders).map(orderToJson),
  };
}

/** Orders to_json lists: open ones and those with fills. */
function visibleOrders(orders: OrderRow[]): OrderRow[] {
  return orders.filter((o) => o.ftIsOpen || (o.filled ?? 0) > 0);
}

/** Trade.to_json with every key, TradeSchema's filter not applied (GET /trades). */
export function rawTradeToJson(t: TradeRow, orders: OrderRow[]): RawTrade {
  const side = entrySide(t);
  const durationS = t.closeDate ? Math.trunc((t.closeDate - t.openDate) / 1000) : null;
  return {
    ...tradeToJson(t, orders),
    orders: visibleOrders(orders).map((o) => rawOrderToJson(o, side)),
    trade_duration_s: durationS,
    trade_duration: durationS === null ? null : Math.trunc(durationS / 60),
    precision_mode_price: t.precisionModePrice,
    contract_size: t.contractSize,
  };
}

/**
 * OpenTrade (/status, /trade/{id}): the trade plus live profit at `currentRate`
 * (null when the price is unknown). Closed trades report their close rate and profit.
 */
export function openTradeToJson(
  t: TradeRow,
  orders: OrderRow[],
  currentRate: number | null,
  now: number,
): OpenTradeJson {
  const json = tradeToJson(t, orders);
  if (!t.isOpen) {
    return {
      ...json,
      current_rate: t.closeRate,
      profit_fiat: null,
      total_profit_abs: round8((t.closeProfitAbs ?? 0) + 0),
      total_profit_fiat: null,
      total_profit_ratio: t.closeProfit,
      stoploss_current_dist: null,
      stoploss_current_dist_ratio: null,
      stoploss_current_dist_pct: null,
      stoploss_entry_dist: null,
      stoploss_entry_dist_ratio: null,
    };
  }
  const math = tradeMath(t);
  const hasFill = t.amount > 0 && orders.some((o) => o.ftOrderSide === entrySide(t) && (o.filled ?? 0) > 0);
  const rate = currentRate === null ? Number.NaN : currentRate;
  const profit = hasFill
    ? calculateProfit(rate, math, undefined, undefined, { now })
    : { profitAbs: 0, profitRatio: 0, totalProfitAbs: t.realizedProfit, totalProfitRatio: 0 };
  const stopDist = t.stopLoss - rate;
  const entryDist = hasFill && t.stopLoss ? calculateProfit(t.stopLoss, math, undefined, undefined, { now }) : null;
  return {
    ...json,
    close_profit: null,
    current_rate: finite(currentRate),
    profit_ratio: finite(profit.profitRatio),
    profit_pct: finite(pct(profit.profitRatio)),
    profit_abs: finite(profit.profitAbs),
    profit_fiat: null,
    // freqtrade keeps 0.0 when the rate is unknown.
    total_profit_abs: finite(profit.totalProfitAbs) ?? 0,
    total_profit_fiat: null,
    total_profit_ratio: finite(profit.totalProfitRatio),
    stoploss_current_dist: finite(stopDist),
    stoploss_current_dist_ratio: finite(round8(stopDist / rate)),
    stoploss_current_dist_pct: finite(pct(stopDist / rate)),
    stoploss_entry_dist: finite(entryDist?.profitAbs ?? null),
    stoploss_entry_dist_ratio: finite(entryDist?.profitRatio ?? null),
  };
}
