// Applying what the exchange says about an order: the order row, the trade's position rebuilt from
// its fills, both written in one batch; then the matching RPC messages.

import { deleteTradeQueries, type TradeWithOrders, updateOrderQuery, updateTradeQuery } from '../../db/repo/trades.ts';
import type { NewOrderRow, OrderRow, TradeRow } from '../../db/schema.ts';
import { entrySide } from '../../domain/trade-model.ts';
import type { ExchangeOrder, Market } from '../../exchange/port.ts';
import { onTradeClosed } from '../after-close.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { stoplossAfterFill, strategyOrderFilled } from '../strategy-hooks.ts';
import { notifyEntryVoid, notifyOrderEvent } from './notify.ts';
import { recalcTrade } from './reconcile.ts';

/** custom_stoploss after a fill; a failing rate lookup leaves the stop as it is (next tick adjusts it). */
async function stopAfterFill(ctx: EngineContext, trade: TradeRow, now: number): Promise<TradeRow> {
  try {
    const stop = await stoplossAfterFill(ctx, trade, now);
    if (Object.keys(stop).length === 0) return trade;
    await updateTradeQuery(ctx.db, trade.id, stop);
    return { ...trade, ...stop };
  } catch (e) {
    ctx.log.warning(`No stoploss update after the fill of ${trade.pair}: ${e instanceof Error ? e.message : e}`);
    return trade;
  }
}

/** The order-row fields an exchange snapshot determines. */
function orderPatch(ex: ExchangeOrder, market: Market | undefined, now: number): Partial<NewOrderRow> {
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

function sumFilled(orders: OrderRow[], side: string): number {
  return orders.filter((o) => o.ftOrderSide === side).reduce((s, o) => s + (o.filled ?? 0), 0);
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
    notifyEntryVoid(ctx, tw.trade, updated, {
      placed: opts.placed ?? false,
      status: ex.status,
      cancelReason: opts.cancelReason,
    });
    return;
  }

  const { patch, closed } = ended ? recalcTrade(ctx, tw.trade, orders, now) : { patch: {}, closed: false };
  if (!isEntry && ended && (updated.filled ?? 0) === 0 && !closed) {
    Object.assign(patch, { exitReason: null, exitOrderStatus: ex.status, closeRateRequested: null });
  }
  await ctx.db.batch([
    updateOrderQuery(ctx.db, order, oPatch),
    ...(Object.keys(patch).length > 0 ? [updateTradeQuery(ctx.db, tw.trade.id, patch)] : []),
  ] as any);
  let trade: TradeRow = { ...tw.trade, ...patch };
  if (ended && order.ftIsOpen && (updated.filled ?? 0) > 0) {
    strategyOrderFilled(ctx, trade, updated, now);
    trade = await stopAfterFill(ctx, trade, now);
  }

  notifyOrderEvent(ctx, {
    trade,
    order: updated,
    isEntry,
    placed: opts.placed ?? false,
    ended,
    filledNow,
    status: ex.status,
    closed,
    entryFilled,
    hadOrders: tw.orders.length > 1,
    cancelReason: opts.cancelReason,
    now,
  });
  if (closed) {
    await onTradeClosed(ctx, trade);
  }
}
