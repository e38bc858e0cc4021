// Placing orders. Every order is written to the database (with its client order id) BEFORE it is
// sent, so a crash at any point leaves a row the next start can reconcile by client order id
// (steps/manage-orders.ts): an order is never placed twice, never lost.

import {
  deleteTradeQueries,
  getTrade,
  insertOrderQuery,
  insertTradeQuery,
  nextTradeId,
  runTradeWrites,
  type TradeWithOrders,
  updateOrderQuery,
  updateTradeQuery,
} from '../../db/repo/trades.ts';
import { adjustStopLoss, emptyStopLossState, openTradeValue } from '../../domain/money/index.ts';
import { amountToPrecision, checkMinNotional } from '../../domain/precision.ts';
import { stopPatch, tradePriceRounder } from '../../domain/trade-model.ts';
import { ExchangeError, type ExchangeOrder, type TimeInForce, timeframeToMs } from '../../exchange/port.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { refreshTradeFunding } from '../funding.ts';
import { entrySignalLine, orderCreatedLine } from '../log-lines.ts';
import { entryOrderSide, exitOrderSide } from '../pricing.ts';
import { applyOrderUpdate, cancelStopOrders } from './apply-fills.ts';
import { handleInsufficientFunds } from './refind.ts';

function clientOrderId(ctx: EngineContext, tradeId: number, seq: number): string {
  return `th${ctx.orderIdPrefix}-${tradeId}-${seq}`;
}

interface PendingOrder {
  tradeId: number;
  pair: string;
  side: 'buy' | 'sell';
  orderType: 'limit' | 'market';
  amount: number;
  rate: number;
  tag: string | null;
  clientOrderId: string;
  leverage: number;
  now: number;
}

/** The row written for an order before it is sent: pending, nothing filled yet. */
function pendingOrderQuery(ctx: EngineContext, o: PendingOrder) {
  return insertOrderQuery(ctx.db, {
    ftTradeId: o.tradeId,
    ftOrderSide: o.side,
    ftPair: o.pair,
    ftIsOpen: true,
    ftAmount: o.amount,
    ftPrice: o.rate,
    ftOrderTag: o.tag,
    clientOrderId: o.clientOrderId,
    status: 'pending',
    symbol: o.pair,
    orderType: o.orderType,
    side: o.side,
    price: o.rate,
    amount: o.amount,
    filled: 0,
    remaining: o.amount,
    cost: 0,
    orderDate: o.now,
    leverage: o.leverage,
  });
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
    timeInForce: string;
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
      timeInForce: row.timeInForce as TimeInForce,
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
  const initialStop = (openRate: number) =>
    stopPatch(
      adjustStopLoss(
        emptyStopLossState({ isShort: intent.isShort, leverage: intent.leverage, openRate }),
        openRate,
        ctx.settings.stoploss,
        { initial: true, now, roundPrice: tradePriceRounder({ pricePrecision: market.precision.price }) },
      ),
    );
  const side = entryOrderSide(intent.isShort);
  // freqtrade's execute_entry: get_fee(taker_or_maker='maker') for a new trade's fee_open and fee_close.
  const fee = market.maker;
  await runTradeWrites(ctx.db, [
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
    pendingOrderQuery(ctx, {
      tradeId: tradeId,
      pair: intent.pair,
      side,
      orderType: intent.orderType,
      amount,
      rate: intent.rate,
      tag: intent.enterTag,
      clientOrderId: cid,
      leverage: intent.leverage,
      now,
    }),
  ] as any);
  ctx.log.info(entrySignalLine(intent.pair, intent.isShort, intent.stake));
  const sent = await send(ctx, {
    clientOrderId: cid,
    pair: intent.pair,
    side,
    type: intent.orderType,
    amount,
    price: intent.rate,
    leverage: intent.leverage,
    reduceOnly: false,
    timeInForce: ctx.settings.order_time_in_force.entry,
  });
  if (sent instanceof ExchangeError) {
    if (sent.kind === 'network') {
      ctx.log.warning(`Entry order ${cid} for ${intent.pair}: ${sent.message}. Will reconcile by client order id.`);
      return (await getTrade(ctx.db, tradeId)) ?? null;
    }
    ctx.log.warning(`Entry for ${intent.pair} refused by the exchange (${sent.kind}): ${sent.message}`);
    await runTradeWrites(ctx.db, deleteTradeQueries(ctx.db, tradeId) as any);
    return null;
  }
  ctx.log.info(orderCreatedLine(sent.id, intent.pair, sent.status));
  const average = sent.average ?? sent.price;
  if (sent.status === 'closed' && average && average !== intent.rate) {
    // Filled at once: freqtrade creates the trade with the fill price as open rate, stop included.
    await runTradeWrites(ctx.db, [updateTradeQuery(ctx.db, tradeId, { openRate: average, ...initialStop(average) })]);
  }
  const loaded = await getTrade(ctx.db, tradeId);
  if (!loaded) return null;
  await applyOrderUpdate(ctx, loaded, loaded.orders[0], sent, { placed: true });
  return (await getTrade(ctx.db, tradeId)) ?? null;
}

/**
 * Adds an entry order to an open trade (freqtrade's execute_entry in "pos_adjust" mode): recorded
 * before it is sent, like every order; the fill is averaged into the trade by applyOrderUpdate.
 */
export async function executeAdditionalEntry(
  ctx: EngineContext,
  tw: TradeWithOrders,
  intent: { orderType: 'limit' | 'market'; rate: number; stake: number; tag: string | null; replace?: boolean },
): Promise<boolean> {
  const { trade } = tw;
  const market = marketOf(ctx, trade.pair);
  if (!market) return false;
  const amount = amountToPrecision((intent.stake * trade.leverage) / intent.rate, market.precision.amount);
  const notional = checkMinNotional(market, amount, intent.rate);
  if (notional || !(amount > 0)) {
    ctx.log.warning(`Not adjusting ${trade.pair}: ${notional ?? 'amount rounds to zero'}.`);
    return false;
  }
  // freqtrade's execute_entry on an open trade books the funding so far (for amount + trade.amount) first.
  Object.assign(trade, await refreshTradeFunding(ctx, tw, amount + trade.amount));
  const now = ctx.clock.now();
  const seq = trade.orderSeq + 1;
  const cid = clientOrderId(ctx, trade.id, seq);
  const side = entryOrderSide(trade.isShort);
  await runTradeWrites(ctx.db, [
    pendingOrderQuery(ctx, {
      tradeId: trade.id,
      pair: trade.pair,
      side,
      orderType: intent.orderType,
      amount,
      rate: intent.rate,
      tag: intent.tag,
      clientOrderId: cid,
      leverage: trade.leverage,
      now,
    }),
    updateTradeQuery(ctx.db, trade.id, { orderSeq: seq }),
  ] as any);
  if (!intent.replace) {
    ctx.log.info(
      `Position adjust: about to create a new order for ${trade.pair} with stake_amount: ${intent.stake} for trade ${trade.id}`,
    );
  }
  const sent = await send(ctx, {
    clientOrderId: cid,
    pair: trade.pair,
    side,
    type: intent.orderType,
    amount,
    price: intent.rate,
    leverage: trade.leverage,
    reduceOnly: false,
    timeInForce: ctx.settings.order_time_in_force.entry,
  });
  const reloaded = await getTrade(ctx.db, trade.id);
  const row = reloaded?.orders.find((o) => o.clientOrderId === cid);
  if (!reloaded || !row) return false;
  if (sent instanceof ExchangeError) {
    if (sent.kind === 'network') {
      ctx.log.warning(`Entry order ${cid} for ${trade.pair}: ${sent.message}. Will reconcile by client order id.`);
      return true;
    }
    ctx.log.warning(
      `Position adjustment for trade ${trade.id} refused by the exchange (${sent.kind}): ${sent.message}`,
    );
    await runTradeWrites(ctx.db, [
      updateOrderQuery(ctx.db, row, { ftIsOpen: false, status: 'rejected', ftCancelReason: sent.message }),
    ] as any);
    return false;
  }
  ctx.log.info(orderCreatedLine(sent.id, trade.pair, sent.status));
  await applyOrderUpdate(ctx, reloaded, row, sent, { placed: true });
  return true;
}

export interface ExitIntent {
  reason: string;
  orderType: 'limit' | 'market';
  rate: number;
  /** Partial exit amount; the whole position when undefined. */
  amount?: number;
}

/** Places an exit order for (part of) an open trade. Returns false when nothing could be placed. */
export async function executeExit(ctx: EngineContext, given: TradeWithOrders, intent: ExitIntent): Promise<boolean> {
  let tw = given;
  // freqtrade cancels the stop order before any exit where it holds the coins the exit sells
  // (2025.5: stoploss_blocks_assets; spot everywhere, futures stops do not block).
  const blocks = ctx.exchange.stoplossBlocksAssets ?? tw.trade.tradingMode !== 'futures';
  if (blocks && tw.orders.some((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen)) {
    await cancelStopOrders(ctx, tw.trade.id, 'exit');
    const fresh = await getTrade(ctx.db, tw.trade.id);
    if (!fresh?.trade.isOpen || fresh.orders.some((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen)) return false;
    tw = fresh;
  }
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
  await runTradeWrites(ctx.db, [
    pendingOrderQuery(ctx, {
      tradeId: trade.id,
      pair: trade.pair,
      side,
      orderType: intent.orderType,
      amount,
      rate: intent.rate,
      tag: intent.reason,
      clientOrderId: cid,
      leverage: trade.leverage,
      now,
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
    timeInForce: ctx.settings.order_time_in_force.exit,
  });
  const reloaded = await getTrade(ctx.db, trade.id);
  const row = reloaded?.orders.find((o) => o.clientOrderId === cid);
  if (!reloaded || !row) return false;
  if (sent instanceof ExchangeError) {
    if (sent.kind === 'network') {
      ctx.log.warning(`Exit order ${cid} for ${trade.pair}: ${sent.message}. Will reconcile by client order id.`);
      return true;
    }
    ctx.log.warning(
      sent.kind === 'insufficient_funds'
        ? `Unable to place order ${sent.message}.` // freqtrade's words before handle_insufficient_funds
        : `Exit for trade ${trade.id} refused by the exchange (${sent.kind}): ${sent.message}`,
    );
    await runTradeWrites(ctx.db, [
      updateOrderQuery(ctx.db, row, { ftIsOpen: false, status: 'rejected', ftCancelReason: sent.message }),
      updateTradeQuery(ctx.db, trade.id, { exitReason: null, exitOrderStatus: null }),
    ] as any);
    if (sent.kind === 'insufficient_funds') await handleInsufficientFunds(ctx, trade.id);
    return false;
  }
  ctx.log.info(orderCreatedLine(sent.id, trade.pair, sent.status));
  await applyOrderUpdate(ctx, reloaded, row, sent, { placed: true });
  return true;
}
