// Placing orders and applying what the exchange says about them. Every order is written to the
// database (with its client order id) BEFORE it is sent, so a crash at any point leaves a row the
// next start can reconcile by client order id: an order is never placed twice, never lost.

import {
  deleteTradeQueries,
  getTrade,
  insertOrderQuery,
  insertTradeQuery,
  nextTradeId,
  type TradeWithOrders,
  updateOrderQuery,
  updateTradeQuery,
} from '../db/repo/trades.ts';
import type { NewOrderRow, OrderRow, TradeRow } from '../db/schema.ts';
import {
  adjustStopLoss,
  applyLiquidationBuffer,
  emptyStopLossState,
  liquidationPrice,
  openTradeValue,
  recalcFromOrders,
} from '../domain/money/index.ts';
import { amountToPrecision, checkMinNotional } from '../domain/precision.ts';
import {
  entrySide,
  filledOrders,
  safePrice,
  stopPatch,
  stopState,
  tradeMath,
  tradePriceRounder,
} from '../domain/trade-model.ts';
import { ExchangeError, type ExchangeOrder, type Market, timeframeToMs } from '../exchange/port.ts';
import { onTradeClosed } from './after-close.ts';
import { type EngineContext, marketOf } from './context.ts';
import { entryMessage, exitMessage } from './notify.ts';
import { entryOrderSide, exitOrderSide } from './pricing.ts';

/** Maintenance margin ratio used for liquidation estimates when the exchange gives no tiers. */
export const DEFAULT_MM_RATIO = 0.01;

export function clientOrderId(ctx: EngineContext, tradeId: number, seq: number): string {
  return `th${ctx.orderIdPrefix}-${tradeId}-${seq}`;
}

/** The order-row fields an exchange snapshot determines. */
export function orderPatch(ex: ExchangeOrder, market: Market | undefined, now: number): Partial<NewOrderRow> {
  const isOpen = ex.status === 'open';
  const feeBase = ex.fee && market && ex.fee.currency === market.base ? ex.fee.cost : 0;
  return {
    orderId: ex.id || null,
    status: ex.status,
    ftIsOpen: isOpen,
    price: ex.price ?? null,
    average: ex.average ?? null,
    amount: ex.amount,
    filled: ex.filled,
    remaining: ex.remaining,
    cost: ex.cost,
    feeCost: ex.fee?.cost ?? null,
    feeCurrency: ex.fee?.currency ?? null,
    ftFeeBase: feeBase,
    orderUpdateDate: now,
    orderFilledDate: ex.filled > 0 && !isOpen ? (ex.lastTradeTimestamp ?? now) : null,
  };
}

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
  const fees = (pick: (o: OrderRow) => boolean) =>
    orders.filter((o) => pick(o) && (o.filled ?? 0) > 0).reduce((s, o) => s + (o.feeCost ?? 0), 0);
  const patch: Partial<TradeRow> = {
    realizedProfit: result.realizedProfit,
    fundingFees: result.fundingFees,
    maxStakeAmount: result.maxStakeAmount,
    feeOpenCost: fees((o) => o.ftOrderSide === side),
    feeOpenCurrency: trade.stakeCurrency,
  };
  if (result.positionOpen && !isClosing) {
    Object.assign(patch, {
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
      const liq = liquidationPrice({
        tradingMode: 'futures',
        isShort: trade.isShort,
        openRate: result.openRate,
        amount: result.amount,
        walletBalance: result.stakeAmount,
        mmRatio: DEFAULT_MM_RATIO,
        takerFee: market?.taker ?? trade.feeOpen,
      });
      const buffered =
        liq === null
          ? null
          : applyLiquidationBuffer(liq, result.openRate, trade.isShort, ctx.config.liquidation_buffer);
      patch.liquidationPrice = buffered;
      next = { ...next, liquidationPrice: buffered };
    }
    Object.assign(patch, stopPatch(next));
    return { patch, closed: false };
  }
  if (!isClosing) return { patch, closed: false };
  const exits = orders.filter((o) => o.ftOrderSide !== side && o.ftOrderSide !== 'stoploss' && (o.filled ?? 0) > 0);
  const last = exits[exits.length - 1];
  Object.assign(patch, {
    isOpen: false,
    closeRate: last ? safePrice(last) : trade.closeRate,
    closeDate: last?.orderFilledDate ?? now,
    closeProfit: result.closeProfit,
    closeProfitAbs: result.closeProfitAbs,
    realizedProfit: result.closeProfitAbs ?? result.realizedProfit,
    feeCloseCost: fees((o) => o.ftOrderSide !== side),
    feeCloseCurrency: trade.stakeCurrency,
    exitOrderStatus: 'closed',
  });
  return { patch, closed: true };
}

export interface OrderIntent {
  pair: string;
  isShort: boolean;
  orderType: 'limit' | 'market';
  rate: number;
  stake: number;
  leverage: number;
  enterTag: string | null;
  /** For freqtrade's "sub_trade" notifications when adding to a position. */
}

function sumFilled(orders: OrderRow[], side: string): number {
  return orders.filter((o) => o.ftOrderSide === side).reduce((s, o) => s + (o.filled ?? 0), 0);
}

/** Sends an order that is already recorded; maps failures; returns the exchange's view or undefined. */
async function send(
  ctx: EngineContext,
  row: {
    clientOrderId: string;
    pair: string;
    side: 'buy' | 'sell';
    type: 'limit' | 'market';
    amount: number;
    price: number;
    leverage: number;
    reduceOnly: boolean;
  },
): Promise<ExchangeOrder | ExchangeError> {
  try {
    return await ctx.exchange.createOrder({
      symbol: row.pair,
      side: row.side,
      type: row.type,
      amount: row.amount,
      price: row.type === 'limit' ? row.price : undefined,
      clientOrderId: row.clientOrderId,
      leverage: row.leverage,
      reduceOnly: row.reduceOnly || undefined,
    });
  } catch (e) {
    if (e instanceof ExchangeError) return e;
    return new ExchangeError('other', e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** Opens a trade: record trade + order, place the order, record the answer. */
export async function executeEntry(ctx: EngineContext, intent: OrderIntent): Promise<TradeWithOrders | null> {
  const market = marketOf(ctx, intent.pair);
  if (!market) throw new ExchangeError('bad_symbol', `Unknown market ${intent.pair}`);
  const now = ctx.clock.now();
  const amount = amountToPrecision((intent.stake * intent.leverage) / intent.rate, market.precision.amount);
  const notional = checkMinNotional(market, amount, intent.rate);
  if (notional || !(amount > 0)) {
    ctx.log.warning(`Not entering ${intent.pair}: ${notional ?? 'amount rounds to zero'}.`);
    return null;
  }
  const tradeId = await nextTradeId(ctx.db);
  const cid = clientOrderId(ctx, tradeId, 1);
  const side = entryOrderSide(intent.isShort);
  const fee = market.taker;
  const initialStop = (openRate: number) =>
    stopPatch(
      adjustStopLoss(
        emptyStopLossState({ isShort: intent.isShort, leverage: intent.leverage, openRate }),
        openRate,
        ctx.settings.stoploss,
        { initial: true, now, roundPrice: tradePriceRounder({ pricePrecision: market.precision.price }) },
      ),
    );
  await ctx.db.batch([
    insertTradeQuery(ctx.db, {
      id: tradeId,
      exchange: ctx.exchange.id,
      pair: intent.pair,
      baseCurrency: market.base,
      stakeCurrency: ctx.config.stake_currency,
      isOpen: true,
      feeOpen: fee,
      feeClose: fee,
      openRate: intent.rate,
      openRateRequested: intent.rate,
      openTradeValue: openTradeValue(amount, intent.rate, fee, intent.isShort),
      stakeAmount: intent.stake,
      maxStakeAmount: intent.stake,
      amount,
      amountRequested: amount,
      openDate: now,
      strategy: ctx.settings.strategyName,
      enterTag: intent.enterTag,
      timeframe: Math.floor(timeframeToMs(ctx.settings.timeframe) / 60_000),
      tradingMode: ctx.config.trading_mode,
      amountPrecision: market.precision.amount,
      pricePrecision: market.precision.price,
      precisionMode: 4, // ccxt TICK_SIZE
      precisionModePrice: 4,
      contractSize: market.contractSize ?? 1,
      leverage: intent.leverage,
      isShort: intent.isShort,
      orderSeq: 1,
      // freqtrade sets the first stop when it creates the trade, from the rate it records then.
      ...initialStop(intent.rate),
    }),
    insertOrderQuery(ctx.db, {
      ftTradeId: tradeId,
      ftOrderSide: side,
      ftPair: intent.pair,
      ftIsOpen: true,
      ftAmount: amount,
      ftPrice: intent.rate,
      ftOrderTag: intent.enterTag,
      clientOrderId: cid,
      status: 'pending',
      symbol: intent.pair,
      orderType: intent.orderType,
      side,
      price: intent.rate,
      amount,
      filled: 0,
      remaining: amount,
      cost: 0,
      orderDate: now,
      leverage: intent.leverage,
    }),
  ] as any);
  const sent = await send(ctx, {
    clientOrderId: cid,
    pair: intent.pair,
    side,
    type: intent.orderType,
    amount,
    price: intent.rate,
    leverage: intent.leverage,
    reduceOnly: false,
  });
  if (sent instanceof ExchangeError) {
    if (sent.kind === 'network') {
      ctx.log.warning(`Entry order ${cid} for ${intent.pair}: ${sent.message}. Will reconcile by client order id.`);
      return (await getTrade(ctx.db, tradeId)) ?? null;
    }
    ctx.log.warning(`Entry for ${intent.pair} refused by the exchange (${sent.kind}): ${sent.message}`);
    await ctx.db.batch(deleteTradeQueries(ctx.db, tradeId) as any);
    return null;
  }
  const average = sent.average ?? sent.price;
  if (sent.status === 'closed' && average && average !== intent.rate) {
    // Filled at once: freqtrade creates the trade with the fill price as open rate, stop included.
    await updateTradeQuery(ctx.db, tradeId, { openRate: average, ...initialStop(average) });
  }
  const loaded = await getTrade(ctx.db, tradeId);
  if (!loaded) return null;
  await applyOrderUpdate(ctx, loaded, loaded.orders[0], sent, { placed: true });
  return (await getTrade(ctx.db, tradeId)) ?? null;
}

export interface ExitIntent {
  reason: string;
  orderType: 'limit' | 'market';
  rate: number;
  /** Partial exit amount; the whole position when undefined. */
  amount?: number;
}

/** Places an exit order for (part of) an open trade. Returns false when nothing could be placed. */
export async function executeExit(ctx: EngineContext, tw: TradeWithOrders, intent: ExitIntent): Promise<boolean> {
  const { trade } = tw;
  const market = marketOf(ctx, trade.pair);
  if (!market) return false;
  const now = ctx.clock.now();
  const amount = amountToPrecision(intent.amount ?? trade.amount, market.precision.amount);
  if (!(amount > 0)) return false;
  const seq = trade.orderSeq + 1;
  const cid = clientOrderId(ctx, trade.id, seq);
  const side = exitOrderSide(trade.isShort);
  const isFinal = intent.amount === undefined || amount >= trade.amount;
  await ctx.db.batch([
    insertOrderQuery(ctx.db, {
      ftTradeId: trade.id,
      ftOrderSide: side,
      ftPair: trade.pair,
      ftIsOpen: true,
      ftAmount: amount,
      ftPrice: intent.rate,
      ftOrderTag: intent.reason,
      clientOrderId: cid,
      status: 'pending',
      symbol: trade.pair,
      orderType: intent.orderType,
      side,
      price: intent.rate,
      amount,
      filled: 0,
      remaining: amount,
      cost: 0,
      orderDate: now,
      leverage: trade.leverage,
    }),
    updateTradeQuery(ctx.db, trade.id, {
      orderSeq: seq,
      ...(isFinal ? { exitReason: intent.reason, closeRateRequested: intent.rate, exitOrderStatus: 'open' } : {}),
    }),
  ] as any);
  const sent = await send(ctx, {
    clientOrderId: cid,
    pair: trade.pair,
    side,
    type: intent.orderType,
    amount,
    price: intent.rate,
    leverage: trade.leverage,
    reduceOnly: trade.tradingMode === 'futures',
  });
  const reloaded = await getTrade(ctx.db, trade.id);
  const row = reloaded?.orders.find((o) => o.clientOrderId === cid);
  if (!reloaded || !row) return false;
  if (sent instanceof ExchangeError) {
    if (sent.kind === 'network') {
      ctx.log.warning(`Exit order ${cid} for ${trade.pair}: ${sent.message}. Will reconcile by client order id.`);
      return true;
    }
    ctx.log.warning(`Exit for trade ${trade.id} refused by the exchange (${sent.kind}): ${sent.message}`);
    await ctx.db.batch([
      updateOrderQuery(ctx.db, row.id, { ftIsOpen: false, status: 'rejected', ftCancelReason: sent.message }),
      updateTradeQuery(ctx.db, trade.id, { exitReason: null, exitOrderStatus: null }),
    ] as any);
    return false;
  }
  await applyOrderUpdate(ctx, reloaded, row, sent, { placed: true });
  return true;
}

interface UpdateOptions {
  placed?: boolean;
  cancelReason?: string;
}

/**
 * Applies an exchange snapshot of `order` to the database in one batch (order row + the trade's
 * recalculated position) and publishes the matching RPC messages.
 */
export async function applyOrderUpdate(
  ctx: EngineContext,
  tw: TradeWithOrders,
  order: OrderRow,
  ex: ExchangeOrder,
  opts: UpdateOptions = {},
): Promise<void> {
  const now = ctx.clock.now();
  const market = marketOf(ctx, tw.trade.pair);
  const oPatch = orderPatch(ex, market, now);
  if (opts.cancelReason) oPatch.ftCancelReason = opts.cancelReason;
  const updated: OrderRow = { ...order, ...oPatch } as OrderRow;
  const orders = tw.orders.map((o) => (o.id === order.id ? updated : o));
  const isEntry = order.ftOrderSide === entrySide(tw.trade);
  const ended = !updated.ftIsOpen;
  const filledNow =
    (updated.filled ?? 0) > (order.filled ?? 0) || (ended && (updated.filled ?? 0) > 0 && order.ftIsOpen);
  const entryFilled = sumFilled(orders, entrySide(tw.trade));

  // An entry that ended without any fill, on a trade with no other fills: the trade never existed.
  if (isEntry && ended && entryFilled === 0) {
    await ctx.db.batch(deleteTradeQueries(ctx.db, tw.trade.id) as any);
    if (!opts.placed || ex.status !== 'closed') {
      ctx.hub.publish(
        entryMessage('entry_cancel', tw.trade, updated, {
          exchangeName: ctx.exchange.id,
          currentRate: null,
          subTrade: false,
          reason: opts.cancelReason ?? `order ${ex.status}`,
        }),
      );
    }
    return;
  }

  const { patch, closed } = ended ? recalcTrade(ctx, tw.trade, orders, now) : { patch: {}, closed: false };
  if (!isEntry && ended && (updated.filled ?? 0) === 0 && !closed) {
    Object.assign(patch, { exitReason: null, exitOrderStatus: ex.status, closeRateRequested: null });
  }
  await ctx.db.batch([
    updateOrderQuery(ctx.db, order.id, oPatch),
    ...(Object.keys(patch).length > 0 ? [updateTradeQuery(ctx.db, tw.trade.id, patch)] : []),
  ] as any);
  const trade: TradeRow = { ...tw.trade, ...patch };

  const common = { exchangeName: ctx.exchange.id, currentRate: null, now };
  if (opts.placed) {
    ctx.hub.publish(
      isEntry
        ? entryMessage('entry', trade, updated, { ...common, subTrade: tw.orders.length > 1 })
        : exitMessage('exit', trade, updated, { ...common, isFinal: closed || !trade.isOpen }),
    );
  }
  if (ended && filledNow) {
    ctx.hub.publish(
      isEntry
        ? entryMessage('entry_fill', trade, updated, { ...common, subTrade: entryFilled > (updated.filled ?? 0) })
        : exitMessage('exit_fill', trade, updated, { ...common, isFinal: closed }),
    );
  } else if (ended && ex.status !== 'closed' && !isEntry) {
    ctx.hub.publish(
      exitMessage('exit_cancel', trade, updated, { ...common, isFinal: false, reason: opts.cancelReason ?? ex.status }),
    );
  } else if (ended && ex.status !== 'closed' && isEntry) {
    ctx.hub.publish(
      entryMessage('entry_cancel', trade, updated, {
        ...common,
        subTrade: false,
        reason: opts.cancelReason ?? ex.status,
      }),
    );
  }
  if (closed) {
    ctx.log.info(`Trade ${trade.id} ${trade.pair} closed (${trade.exitReason}): profit ${trade.closeProfitAbs}.`);
    await onTradeClosed(ctx, trade);
  }
}
