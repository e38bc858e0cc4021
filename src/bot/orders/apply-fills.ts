// Applying what the exchange says about an order: the order row, the trade's position rebuilt from
// its fills, both written in one batch; then the matching RPC messages.

import {
  deleteTradeQueries,
  getTrade,
  runTradeWrites,
  type TradeWithOrders,
  updateOrderQuery,
  updateTradeQuery,
} from '../../db/repo/trades.ts';
import type { NewOrderRow, OrderRow, TradeRow } from '../../db/schema.ts';
import { entrySide } from '../../domain/trade-model.ts';
import { ExchangeError, type ExchangeOrder, type Market } from '../../exchange/port.ts';
import { onTradeClosed } from '../after-close.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { fundingFeeForFill } from '../funding.ts';
import { refreshLiquidationPrices } from '../liquidation.ts';
import { stoplossAfterFill, strategyOrderFilled } from '../strategy-hooks.ts';
import { notifyEntryVoid, notifyOrderEvent } from './notify.ts';
import { feeAfterFill } from './order-fee.ts';
import { recalcTrade } from './reconcile.ts';
import { cancelOrderOf, fetchByClientIdOf, fetchOrderOf } from './stop-calls.ts';

/** custom_stoploss after a fill; a failing rate lookup leaves the stop as it is (next tick adjusts it). */
async function stopAfterFill(ctx: EngineContext, trade: TradeRow, now: number): Promise<TradeRow> {
  try {
    const stop = await stoplossAfterFill(ctx, trade, now);
    if (Object.keys(stop).length === 0) return trade;
    await runTradeWrites(ctx.db, [updateTradeQuery(ctx.db, trade.id, stop)]);
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

function successfulEntries(orders: OrderRow[], trade: TradeRow): number {
  const side = entrySide(trade);
  return orders.filter((o) => o.ftOrderSide === side && !o.ftIsOpen && (o.filled ?? 0) > 0).length;
}

function sumFilled(orders: OrderRow[], side: string): number {
  return orders.filter((o) => o.ftOrderSide === side).reduce((s, o) => s + (o.filled ?? 0), 0);
}

interface UpdateOptions {
  placed?: boolean;
  cancelReason?: string;
  /** An entry cancelled to be replaced: the trade stays even without a fill (freqtrade's replacing=True). */
  replacing?: boolean;
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
  // A fill takes over the funding fee accrued since the last one (freqtrade's update_trade).
  if (order.ftIsOpen && oPatch.ftIsOpen === false && (oPatch.filled ?? 0) > 0) {
    const fee = fundingFeeForFill(tw.trade, tw.orders, order);
    if (fee !== undefined) oPatch.fundingFee = fee;
  }
  // freqtrade's handle_order_fee, before the trade is updated from the fill.
  const fee =
    oPatch.ftIsOpen === false && (oPatch.filled ?? 0) > 0 ? await feeAfterFill(ctx, tw.trade, order, ex) : undefined;
  if (fee?.feeBase && !oPatch.ftFeeBase) oPatch.ftFeeBase = fee.feeBase;
  const updated: OrderRow = { ...order, ...oPatch } as OrderRow;
  const orders = tw.orders.map((o) => (o.id === order.id ? updated : o));
  const isEntry = order.ftOrderSide === entrySide(tw.trade);
  const ended = !updated.ftIsOpen;
  const filledNow =
    (updated.filled ?? 0) > (order.filled ?? 0) || (ended && (updated.filled ?? 0) > 0 && order.ftIsOpen);
  const entryFilled = sumFilled(orders, entrySide(tw.trade));

  // An entry that ended without any fill, on a trade with no other fills: the trade never existed.
  if (isEntry && ended && entryFilled === 0 && !opts.replacing) {
    await runTradeWrites(ctx.db, deleteTradeQueries(ctx.db, tw.trade.id) as any);
    notifyEntryVoid(ctx, tw.trade, updated, {
      placed: opts.placed ?? false,
      status: ex.status,
      cancelReason: opts.cancelReason,
    });
    return;
  }

  const isStop = order.ftOrderSide === 'stoploss';
  // A stop order that ended unfilled changes nothing: freqtrade never runs update_trade for it (a
  // recalculation would also drop the funding fees accrued since the last fill).
  const recalc = ended && !(isStop && (updated.filled ?? 0) === 0);
  const feePatch = fee?.trade ?? {};
  const rebuilt = recalc ? recalcTrade(ctx, { ...tw.trade, ...feePatch }, orders, now) : { patch: {}, closed: false };
  const { closed } = rebuilt;
  const patch: Partial<TradeRow> = { ...feePatch, ...rebuilt.patch };
  if (isEntry && recalc && order.ftIsOpen && successfulEntries(orders, tw.trade) > 1) {
    // An additional entry's fill lets the next entry's fee be read again (freqtrade since 2025.6,
    // commit 432447205; 2024.10 cleared it when placing the additional entry).
    patch.feeOpenCurrency = null;
  }
  if (isStop && ended && (updated.filled ?? 0) > 0) patch.exitReason = 'stoploss_on_exchange';
  if (!isEntry && !isStop && ended && (updated.filled ?? 0) === 0 && !closed) {
    Object.assign(patch, { exitReason: null, exitOrderStatus: ex.status, closeRateRequested: null });
  }
  await runTradeWrites(ctx.db, [
    updateOrderQuery(ctx.db, order, oPatch),
    ...(Object.keys(patch).length > 0 ? [updateTradeQuery(ctx.db, tw.trade.id, patch)] : []),
  ] as any);
  let trade: TradeRow = { ...tw.trade, ...patch };
  if (ended && order.ftIsOpen && (updated.filled ?? 0) > 0) {
    // freqtrade's update_trade_state: the liquidation price after a fill (every position in cross margin).
    const refresh = (trade.isOpen && trade.amount > 0) || ctx.exchange.marginMode === 'cross';
    if (refresh && (await refreshLiquidationPrices(ctx, trade))) {
      trade = (await getTrade(ctx.db, trade.id))?.trade ?? trade;
    }
    strategyOrderFilled(ctx, trade, updated, now);
    trade = await stopAfterFill(ctx, trade, now);
  }

  // freqtrade announces a stop order only when it fills (as an exit fill).
  if (!isStop || (ended && filledNow))
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
  // freqtrade's _update_trade_after_fill: an entry fill (DCA) drops the stop order, so the next
  // iteration places one for the new amount; a closed trade keeps no stop order.
  const entryFill = isEntry && ended && order.ftIsOpen && (updated.filled ?? 0) > 0;
  if ((entryFill && tw.orders.some((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen)) || closed) {
    await cancelStopOrders(ctx, tw.trade.id, closed ? 'trade closed' : 'position changed');
  }
}

/**
 * freqtrade's cancel_stoploss_on_exchange: every open stop order of the trade cancelled and its
 * final state applied (a stop that filled meanwhile closes the trade as usual). A stop recorded
 * but never acknowledged is looked up by client order id first.
 */
export async function cancelStopOrders(ctx: EngineContext, tradeId: number, reason: string): Promise<void> {
  const initial = await getTrade(ctx.db, tradeId);
  for (const stop of initial?.orders.filter((o) => o.ftOrderSide === 'stoploss' && o.ftIsOpen) ?? []) {
    const tw = await getTrade(ctx.db, tradeId);
    const row = tw?.orders.find((o) => o.id === stop.id);
    if (!tw || !row?.ftIsOpen) continue;
    const markGone = () =>
      runTradeWrites(ctx.db, [
        updateOrderQuery(ctx.db, row, { ftIsOpen: false, status: 'canceled', ftCancelReason: 'not placed' }),
      ] as any);
    let id = row.orderId;
    try {
      id ??= (await fetchByClientIdOf(ctx.exchange, row, row.clientOrderId, row.ftPair))?.id ?? null;
    } catch (e) {
      ctx.log.warning(`Could not look up stoploss order ${row.clientOrderId}: ${e instanceof Error ? e.message : e}`);
      continue;
    }
    if (!id) {
      await markGone();
      continue;
    }
    ctx.log.info(`Cancelling stoploss on exchange for trade ${tradeId} order: ${id}`);
    let ex: ExchangeOrder;
    try {
      ex = await cancelOrderOf(ctx.exchange, row, id, row.ftPair);
    } catch (e) {
      // Binance refuses to cancel a stop that already filled: ask what became of it (freqtrade's
      // cancel_stoploss_order_with_result).
      try {
        ex = await fetchOrderOf(ctx.exchange, row, id, row.ftPair);
      } catch (e2) {
        ctx.log.warning(
          `Could not cancel stoploss order ${id} of trade ${tradeId}: ${e instanceof Error ? e.message : e}`,
        );
        if (e2 instanceof ExchangeError && e2.kind === 'order_not_found') await markGone();
        continue;
      }
    }
    await applyOrderUpdate(ctx, tw, row, ex, { cancelReason: reason });
  }
}
