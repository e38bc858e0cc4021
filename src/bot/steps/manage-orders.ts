// Tick step (and start-up reconciliation): ask the exchange about every open order, apply fills,
// cancel orders past unfilledtimeout, and settle orders a crash left unsent or unrecorded.

import { getTrade, openTrades, openTradesCurrent, type TradeWithOrders } from '../../db/repo/trades.ts';
import type { OrderRow } from '../../db/schema.ts';
import { entrySide, exitSide } from '../../domain/trade-model.ts';
import { ExchangeError, type ExchangeOrder } from '../../exchange/port.ts';
import type { EngineContext } from '../context.ts';
import { applyOrderUpdate } from '../orders/apply-fills.ts';
import { executeExit } from '../orders/place.ts';
import type { EngineRuntime } from '../runtime.ts';
import { strategyBotStart, strategyTimedOut } from '../strategy-hooks.ts';
import { dropEmptyTrade, replaceOrder } from './replace-orders.ts';
import { refreshStopOrders } from './stoploss-exchange.ts';

function neverPlaced(order: OrderRow, now: number): ExchangeOrder {
  return {
    id: order.orderId ?? '',
    clientOrderId: order.clientOrderId,
    symbol: order.ftPair,
    side: order.ftOrderSide === 'sell' ? 'sell' : 'buy',
    type: order.orderType === 'market' ? 'market' : 'limit',
    status: 'canceled',
    timestamp: now,
    price: order.price ?? undefined,
    amount: order.ftAmount,
    filled: 0,
    remaining: order.ftAmount,
    cost: 0,
  };
}

async function lookUp(ctx: EngineContext, order: OrderRow): Promise<ExchangeOrder | undefined | 'error'> {
  try {
    if (order.orderId) return await ctx.exchange.fetchOrder(order.orderId, order.ftPair);
    return await ctx.exchange.fetchOrderByClientId(order.clientOrderId, order.ftPair);
  } catch (e) {
    if (e instanceof ExchangeError && e.kind === 'order_not_found') return undefined;
    ctx.log.warning(
      `Could not fetch order ${order.clientOrderId} (${order.ftPair}): ${e instanceof Error ? e.message : e}`,
    );
    return 'error';
  }
}

function timeoutMs(ctx: EngineContext, isEntry: boolean): number {
  const u = ctx.config.unfilledtimeout;
  const n = isEntry ? u.entry : u.exit;
  return n * (u.unit === 'seconds' ? 1000 : 60_000);
}

/** freqtrade's canceled_exit_order_count: exit orders of the trade that ended cancelled or expired. */
export function cancelledExitCount(tw: TradeWithOrders): number {
  const side = exitSide(tw.trade);
  return tw.orders.filter((o) => o.ftOrderSide === side && (o.status === 'canceled' || o.status === 'expired')).length;
}

/**
 * Brings one open order row in line with the exchange. Returns true when something changed.
 * With the runtime (the tick, not a command), an open limit order that did not time out is
 * offered to adjust_entry_price / adjust_exit_price (freqtrade's replace_order).
 */
export async function refreshOrder(
  ctx: EngineContext,
  rt: Pick<EngineRuntime, 'analyzed'> | undefined,
  tw: TradeWithOrders,
  order: OrderRow,
): Promise<boolean> {
  const now = ctx.clock.now();
  const ex = await lookUp(ctx, order);
  if (ex === 'error') return false;
  if (ex === undefined) {
    ctx.log.warning(`Order ${order.clientOrderId} of trade ${tw.trade.id} is unknown to the exchange: never placed.`);
    await applyOrderUpdate(ctx, tw, order, neverPlaced(order, now), { cancelReason: 'not placed' });
    return true;
  }
  const changed = ex.status !== order.status || ex.filled !== (order.filled ?? 0) || order.orderId === null;
  if (changed) {
    await applyOrderUpdate(ctx, tw, order, ex);
    if (ex.status !== 'open') return true;
  }
  if (ex.status !== 'open') return changed;
  const isEntry = order.ftOrderSide === entrySide(tw.trade);
  const pastTimeout = now - order.orderDate >= timeoutMs(ctx, isEntry);
  if (!pastTimeout && !strategyTimedOut(ctx, tw.trade, order, isEntry, now)) {
    if (!rt) return changed;
    const fresh = (await getTrade(ctx.db, tw.trade.id)) ?? tw;
    const row = fresh.orders.find((o) => o.id === order.id) ?? order;
    return (await replaceOrder(ctx, rt, fresh, row, ex)) || changed;
  }

  // Past unfilledtimeout: cancel (the exchange may have filled it meanwhile: apply what it says).
  let cancelled: ExchangeOrder;
  try {
    cancelled = await ctx.exchange.cancelOrder(ex.id, order.ftPair);
  } catch (e) {
    ctx.log.warning(`Could not cancel timed-out order ${ex.id}: ${e instanceof Error ? e.message : e}`);
    return changed;
  }
  const fresh = (await getTrade(ctx.db, tw.trade.id)) ?? tw;
  const row = fresh.orders.find((o) => o.id === order.id) ?? order;
  await applyOrderUpdate(ctx, fresh, row, cancelled, { cancelReason: 'timeout' });
  // freqtrade's handle_cancel_order: after exit_timeout_count cancelled exits (replacements count
  // too), an emergency exit of what the cancelled order left, at its price.
  const limit = ctx.config.unfilledtimeout.exit_timeout_count;
  const after = await getTrade(ctx.db, tw.trade.id);
  if (!isEntry && after?.trade.isOpen && limit > 0 && cancelledExitCount(after) >= limit) {
    ctx.log.warning(
      `Emergency exiting trade ${tw.trade.id}, as the exit order timed out ${limit} times. force selling ${cancelled.remaining}.`,
    );
    const orderType = ctx.settings.order_types.emergency_exit === 'limit' ? 'limit' : 'market';
    const rate = cancelled.price ?? order.price ?? order.ftPrice;
    await executeExit(ctx, after, { reason: 'emergency_exit', orderType, rate, amount: cancelled.remaining });
  }
  return true;
}

/**
 * Start-up: every order a previous process left open, asked about and settled (freqtrade's
 * startup_update_open_orders), with a line before and a summary after.
 */
/** Start-up: the strategy's bot_start (freqtrade calls it before the first loop), then open orders. */
export async function reconcileAtStart(ctx: EngineContext, rt: EngineRuntime): Promise<void> {
  await strategyBotStart(ctx);
  const openOrders = async () =>
    (await openTrades(ctx.db)).flatMap((tw) => tw.orders.filter((o) => o.ftIsOpen && o.ftOrderSide !== 'stoploss'))
      .length;
  // Stop orders first: one that filled while the bot was down closes its trade.
  for (const tw of await openTrades(ctx.db)) {
    if (tw.orders.some((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen)) await refreshStopOrders(ctx, tw.trade.id);
  }
  const before = await openOrders();
  if (before === 0) return;
  ctx.log.info(`Updating ${before} open orders.`);
  await manageOpenOrders(ctx, rt);
  const after = await openOrders();
  ctx.log.info(`Reconciled ${before} open orders with the exchange: ${before - after} settled, ${after} still open.`);
}

export async function manageOpenOrders(ctx: EngineContext, rt: EngineRuntime): Promise<void> {
  for (const tw of await openTradesCurrent(ctx.db)) {
    // Stop orders are the stoploss-on-exchange step's (steps/stoploss-exchange.ts).
    for (const order of tw.orders.filter((o) => o.ftIsOpen && o.ftOrderSide !== 'stoploss')) {
      const current = (await getTrade(ctx.db, tw.trade.id)) ?? undefined;
      if (!current) break; // the trade was removed (entry never filled)
      const row = current.orders.find((o) => o.id === order.id);
      if (!row?.ftIsOpen) continue;
      await refreshOrder(ctx, rt, current, row);
    }
    // A trade that had a filled order when read can never be left empty (fills only grow): no re-read.
    if (!tw.orders.some((o) => (o.filled ?? 0) > 0)) await dropEmptyTrade(ctx, tw.trade.id);
  }
}
