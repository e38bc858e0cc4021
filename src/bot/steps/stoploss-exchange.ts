// Stoploss on exchange (freqtrade's handle_stoploss_on_exchange and its helpers): once the entry
// has filled, a stop order rests on the exchange; its fill closes the trade ("stoploss_on_exchange"),
// a cancelled one is placed again, and a trailing / custom stop moves it after the interval.
// Every stop order is recorded (with its client order id) before it is sent, like every order.

import {
  getTrade,
  insertOrderQuery,
  runTradeWrites,
  type TradeWithOrders,
  updateOrderQuery,
  updateTradeQuery,
} from '../../db/repo/trades.ts';
import type { OrderRow, TradeRow } from '../../db/schema.ts';
import { priceToPrecision } from '../../domain/precision.ts';
import { StopPriceError, stopNeedsMove, stopOrderPrices, stopRounding } from '../../domain/stop-order.ts';
import { entrySide, exitSide, hasOpenOrders } from '../../domain/trade-model.ts';
import { ExchangeError, type ExchangeOrder } from '../../exchange/port.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { applyOrderUpdate, cancelStopOrders } from '../orders/apply-fills.ts';
import { executeExit } from '../orders/place.ts';
import { handleInsufficientFunds } from '../orders/refind.ts';
import { fetchByClientIdOf, fetchOrderOf } from '../orders/stop-calls.ts';

/** freqtrade's stoploss_or_liquidation: the stop, or the liquidation price when that comes first. */
export function stoplossOrLiquidation(trade: Pick<TradeRow, 'stopLoss' | 'liquidationPrice' | 'isShort'>): number {
  const liq = trade.liquidationPrice;
  if (!liq) return trade.stopLoss;
  return trade.isShort ? Math.min(trade.stopLoss, liq) : Math.max(trade.stopLoss, liq);
}

function clientOrderId(ctx: EngineContext, tradeId: number, seq: number): string {
  return `th${ctx.orderIdPrefix}-${tradeId}-${seq}`;
}

/**
 * freqtrade's create_stoploss_order: a stop for the whole trade amount. A refused stop (it would
 * trigger at once, a bad price) exits the trade with an emergency exit at the stop price.
 */
export async function placeStopOrder(ctx: EngineContext, tw: TradeWithOrders, stop: number): Promise<boolean> {
  const { trade } = tw;
  const market = marketOf(ctx, trade.pair);
  const create = ctx.exchange.createStopOrder?.bind(ctx.exchange);
  if (!market || !create) {
    ctx.log.warning(`On exchange stoploss is not supported for ${ctx.exchange.name}.`);
    return false;
  }
  const ot = ctx.settings.order_types;
  const kinds = ctx.exchange.stopOrderTypes ?? ['limit'];
  // freqtrade's _get_stop_order_type: the configured kind when the exchange has it, else its only one.
  const limit = kinds.includes(ot.stoploss as 'limit' | 'market') ? ot.stoploss === 'limit' : kinds[0] === 'limit';
  const side = exitSide(trade);
  let prices: ReturnType<typeof stopOrderPrices>;
  try {
    prices = stopOrderPrices(stop, side, {
      tick: market.precision.price,
      limit,
      ratio: ot.stoploss_on_exchange_limit_ratio as number | undefined,
    });
  } catch (e) {
    if (!(e instanceof StopPriceError)) throw e;
    return stopRefused(ctx, tw, stop, e.message);
  }
  const now = ctx.clock.now();
  const seq = trade.orderSeq + 1;
  const cid = clientOrderId(ctx, trade.id, seq);
  const price = prices.limitPrice ?? prices.stopPrice;
  await runTradeWrites(ctx.db, [
    insertOrderQuery(ctx.db, {
      ftTradeId: trade.id,
      ftOrderSide: 'stoploss',
      ftPair: trade.pair,
      ftIsOpen: true,
      ftAmount: trade.amount,
      ftPrice: prices.stopPrice,
      clientOrderId: cid,
      status: 'pending',
      symbol: trade.pair,
      orderType: limit ? 'stop_loss_limit' : 'stop_loss',
      side,
      price,
      stopPrice: prices.stopPrice,
      amount: trade.amount,
      filled: 0,
      remaining: trade.amount,
      cost: 0,
      orderDate: now,
      leverage: trade.leverage,
    }),
    updateTradeQuery(ctx.db, trade.id, { orderSeq: seq }),
  ] as any);
  let sent: ExchangeOrder;
  try {
    sent = await create({
      symbol: trade.pair,
      side,
      amount: trade.amount,
      stopPrice: prices.stopPrice,
      limitPrice: prices.limitPrice,
      clientOrderId: cid,
      leverage: trade.leverage,
      priceType: ot.stoploss_price_type as 'last' | 'mark' | 'index' | undefined,
    });
  } catch (e) {
    const err = e instanceof ExchangeError ? e : new ExchangeError('other', String(e), { cause: e });
    if (err.kind === 'network') {
      ctx.log.warning(`Stoploss order ${cid} for ${trade.pair}: ${err.message}. Will reconcile by client order id.`);
      return true;
    }
    const row = (await getTrade(ctx.db, trade.id))?.orders.find((o) => o.clientOrderId === cid);
    if (row) {
      await runTradeWrites(ctx.db, [
        updateOrderQuery(ctx.db, row, { ftIsOpen: false, status: 'rejected', ftCancelReason: err.message }),
      ] as any);
    }
    if (err.kind === 'insufficient_funds') {
      ctx.log.warning(`Unable to place stoploss order ${err.message}.`);
      await handleInsufficientFunds(ctx, trade.id);
      return false;
    }
    if (err.kind === 'invalid_order') return stopRefused(ctx, tw, prices.stopPrice, err.message);
    ctx.log.error(`Unable to place a stoploss order on exchange. ${err.message}`);
    return false;
  }
  ctx.log.info(
    `stoploss ${limit ? 'limit' : 'market'} order added for ${trade.pair}. stop price: ${stop}. limit: ${prices.limitPrice ?? null}`,
  );
  const reloaded = await getTrade(ctx.db, trade.id);
  const row = reloaded?.orders.find((o) => o.clientOrderId === cid);
  if (reloaded && row) await applyOrderUpdate(ctx, reloaded, row, { ...sent, stopPrice: prices.stopPrice });
  return true;
}

async function stopRefused(ctx: EngineContext, tw: TradeWithOrders, stop: number, why: string): Promise<false> {
  ctx.log.error(`Unable to place a stoploss order on exchange. ${why}`);
  ctx.log.warning('Exiting the trade forcefully');
  const fresh = await getTrade(ctx.db, tw.trade.id);
  if (fresh?.trade.isOpen && !hasOpenOrders(fresh.orders)) {
    const type = ctx.settings.order_types.emergency_exit === 'limit' ? 'limit' : 'market';
    await executeExit(ctx, fresh, { reason: 'emergency_exit', orderType: type, rate: stop });
  }
  return false;
}

async function lookUpStop(ctx: EngineContext, row: OrderRow): Promise<ExchangeOrder | undefined> {
  try {
    if (row.orderId) return await fetchOrderOf(ctx.exchange, row, row.orderId, row.ftPair);
    return await fetchByClientIdOf(ctx.exchange, row, row.clientOrderId, row.ftPair);
  } catch (e) {
    if (e instanceof ExchangeError && e.kind === 'order_not_found') return undefined;
    ctx.log.warning(`Unable to fetch stoploss order: ${e instanceof Error ? e.message : e}`);
    throw e;
  }
}

/**
 * Asks the exchange about each open stop order of the trade and applies the answer; a stop it
 * never got is settled as never placed. Returns the stops it knows, or undefined when it could not say.
 */
export async function refreshStopOrders(ctx: EngineContext, tradeId: number): Promise<ExchangeOrder[] | undefined> {
  const tw = await getTrade(ctx.db, tradeId);
  const seen: ExchangeOrder[] = [];
  for (const slo of tw?.orders.filter((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen) ?? []) {
    const current = await getTrade(ctx.db, tradeId);
    if (!current) return seen;
    let ex: ExchangeOrder | undefined;
    try {
      ex = await lookUpStop(ctx, slo);
    } catch {
      return undefined; // try again next iteration, place nothing now
    }
    if (!ex) {
      // Recorded but the exchange never got it (a crash or a lost request): settle it as never placed.
      await runTradeWrites(ctx.db, [
        updateOrderQuery(ctx.db, slo, { ftIsOpen: false, status: 'canceled', ftCancelReason: 'not placed' }),
      ] as any);
      continue;
    }
    seen.push(ex);
    const changed = ex.status !== slo.status || ex.filled !== (slo.filled ?? 0) || slo.orderId === null;
    if (changed) {
      await applyOrderUpdate(ctx, current, slo, { ...ex, stopPrice: ex.stopPrice ?? slo.stopPrice ?? undefined });
    }
    if (ex.status === 'closed') {
      ctx.log.info(`Stoploss on exchange of trade ${tradeId} filled.`);
      break;
    }
  }
  return seen;
}

/**
 * One open trade, before its exit checks. Returns true when its stop order has filled (the trade
 * is closed with exit reason "stoploss_on_exchange").
 */
export async function handleStoplossOnExchange(ctx: EngineContext, tradeId: number): Promise<boolean> {
  const seen = await refreshStopOrders(ctx, tradeId);
  if (!seen) return false;
  if (seen.some((o) => o.status === 'closed')) return true;
  const now = await getTrade(ctx.db, tradeId);
  // freqtrade's has_open_position: nothing to protect before an entry has filled.
  const side = entrySide(now?.trade ?? { isShort: false });
  if (!now?.trade.isOpen || !now.orders.some((o) => o.ftOrderSide === side && (o.filled ?? 0) > 0)) return false;
  // A stop that holds the coins waits while another order is open (freqtrade 2025.5's stoploss_blocks_assets).
  if (ctx.exchange.stoplossBlocksAssets !== false && hasOpenOrders(now.orders)) return false;
  const stop = stoplossOrLiquidation(now.trade);
  const active = seen.filter((o) => o.status === 'open');
  if (active.length === 0) {
    await placeStopOrder(ctx, now, stop);
    return false;
  }
  if (ctx.settings.trailing_stop || ctx.settings.use_custom_stoploss)
    await moveStop(ctx, now, active[active.length - 1]);
  return false;
}

/** freqtrade's handle_trailing_stoploss_on_exchange: replaced once it is older than the interval. */
async function moveStop(ctx: EngineContext, tw: TradeWithOrders, order: ExchangeOrder): Promise<void> {
  const market = marketOf(ctx, tw.trade.pair);
  if (!market) return;
  const side = exitSide(tw.trade);
  const norm = priceToPrecision(stoplossOrLiquidation(tw.trade), market.precision.price, stopRounding(side));
  const row = tw.orders.find((o) => o.orderId === order.id);
  if (!stopNeedsMove(norm, order.stopPrice ?? row?.stopPrice, side)) return;
  const interval = Number(ctx.settings.order_types.stoploss_on_exchange_interval ?? 60) * 1000;
  const placedAt = Math.max(
    ...tw.orders.filter((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen).map((o) => o.orderDate),
  );
  if (ctx.clock.now() - placedAt < interval) return;
  ctx.log.info(
    `Cancelling current stoploss on exchange for pair ${tw.trade.pair} (orderid:${order.id}) in order to add another one ...`,
  );
  await cancelStopOrders(ctx, tw.trade.id, 'stoploss moved');
  const after = await getTrade(ctx.db, tw.trade.id);
  if (!after?.trade.isOpen) {
    ctx.log.warning(`Trade ${tw.trade.id} is closed, not creating trailing stoploss order.`);
    return;
  }
  if (after.orders.some((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen)) return; // a cancel failed
  if (!(await placeStopOrder(ctx, after, norm))) {
    ctx.log.warning(`Could not create trailing stoploss order for pair ${tw.trade.pair}.`);
  }
}
