// freqtrade's replace_order / handle_replace_order: on each new candle, an open limit order is
// offered to the strategy's adjust_entry_price / adjust_exit_price. The current price keeps it,
// null cancels it, another price cancels it and places the rest of it again at that price.

import { deleteTradeQueries, getTrade, runTradeWrites, type TradeWithOrders } from '../../db/repo/trades.ts';
import type { OrderRow } from '../../db/schema.ts';
import { entrySide, exitSide, safePrice } from '../../domain/trade-model.ts';
import { type ExchangeOrder, timeframeToMs } from '../../exchange/port.ts';
import { tradeView } from '../../strategy/types.ts';
import type { EngineContext } from '../context.ts';
import { applyOrderUpdate } from '../orders/apply-fills.ts';
import { executeAdditionalEntry, executeExit } from '../orders/place.ts';
import { getRate } from '../pricing.ts';
import type { EngineRuntime } from '../runtime.ts';
import { orderView } from '../strategy-hooks.ts';
import { candleTypeOf } from './analyze.ts';

export const REPLACE_REASON = 'cancelled to be replaced by new limit order';
export const USER_CANCEL_REASON = 'user requested order cancel';

/** freqtrade's safe_placement_price: the order's price, else its stop price, else the requested price. */
function placementPrice(o: OrderRow): number {
  return o.price || o.stopPrice || o.ftPrice;
}

/**
 * The strategy's answer, behind freqtrade's strategy_safe_wrapper (an error keeps the order).
 * Like Python's None, a missing answer (null or undefined) cancels the order.
 */
function askStrategy(ctx: EngineContext, tw: TradeWithOrders, order: OrderRow, isEntry: boolean, proposed: number) {
  const s = ctx.strategy;
  const callback = isEntry ? s.adjustEntryPrice : s.adjustExitPrice;
  const current = placementPrice(order);
  if (!callback) return current;
  try {
    const answer = callback.call(s, {
      pair: tw.trade.pair,
      trade: tradeView(tw.trade),
      order: orderView(order),
      currentTime: ctx.clock.now(),
      proposedRate: proposed,
      currentOrderRate: current,
      entryTag: tw.trade.enterTag,
      side: tw.trade.isShort ? 'short' : 'long',
    });
    return typeof answer === 'number' && Number.isFinite(answer) && answer > 0 ? answer : null;
  } catch (e) {
    ctx.log.error(
      `Strategy callback ${isEntry ? 'adjust_entry_price' : 'adjust_exit_price'} failed: ${e instanceof Error ? e.message : e}`,
    );
    return current;
  }
}

/** Whether a candle closed after the order was placed (freqtrade asks once per new candle, not per tick). */
function newCandleSince(ctx: EngineContext, rt: Pick<EngineRuntime, 'analyzed'>, pair: string, since: number) {
  const tf = timeframeToMs(ctx.settings.timeframe);
  const frame = rt.analyzed.get(pair, ctx.settings.timeframe, candleTypeOf(ctx))?.frame;
  const lastOpen = frame && frame.date.length > 0 ? frame.date[frame.date.length - 1] : undefined;
  // Without an analysed candle freqtrade takes the next candle boundary from now.
  const closeDate = lastOpen === undefined ? Math.floor(ctx.clock.now() / tf) * tf + tf : lastOpen + tf;
  return closeDate > since;
}

/** Returns true when the order was cancelled (and maybe replaced). */
export async function replaceOrder(
  ctx: EngineContext,
  rt: Pick<EngineRuntime, 'analyzed'>,
  tw: TradeWithOrders,
  order: OrderRow,
  ex: ExchangeOrder,
): Promise<boolean> {
  if (order.orderType !== 'limit' || order.ftOrderSide === 'stoploss') return false;
  const isEntry = order.ftOrderSide === entrySide(tw.trade);
  if (!(isEntry ? ctx.strategy.adjustEntryPrice : ctx.strategy.adjustExitPrice)) return false;
  if (!newCandleSince(ctx, rt, tw.trade.pair, order.orderDate)) return false;
  const pricing = isEntry ? ctx.config.entry_pricing : ctx.config.exit_pricing;
  const proposed = await getRate(
    ctx.exchange,
    tw.trade.pair,
    pricing,
    isEntry ? entrySide(tw.trade) : exitSide(tw.trade),
  );
  const price = askStrategy(ctx, tw, order, isEntry, proposed);
  if (price === placementPrice(order)) return false;

  const replacing = price !== null;
  let cancelled: ExchangeOrder;
  try {
    cancelled = await ctx.exchange.cancelOrder(ex.id, order.ftPair);
  } catch (e) {
    ctx.log.warning(`Could not cancel order ${ex.id} for ${tw.trade.pair}, therefore not replacing: ${e}`);
    return false;
  }
  await applyOrderUpdate(ctx, tw, order, cancelled, {
    cancelReason: replacing ? REPLACE_REASON : USER_CANCEL_REASON,
    replacing,
  });
  if (!replacing || cancelled.status === 'closed') return true;
  const fresh = await getTrade(ctx.db, tw.trade.id);
  if (!fresh?.trade.isOpen) return true;
  const remaining = cancelled.remaining;
  let placed: boolean;
  if (isEntry) {
    // freqtrade's execute_entry in "replace" mode: no custom_entry_price, no confirm_trade_entry.
    const stake = (remaining * safePrice({ ...order, average: cancelled.average ?? null })) / fresh.trade.leverage;
    ctx.log.info(
      `Replacing ${order.ftOrderSide} order: about create a new order for ${tw.trade.pair} with stake_amount: ${stake} and price: ${price} ...`,
    );
    placed = await executeAdditionalEntry(ctx, fresh, {
      orderType: 'limit',
      rate: price,
      stake,
      tag: fresh.trade.enterTag,
      replace: true,
    });
  } else {
    placed = await executeExit(ctx, fresh, {
      reason: order.ftOrderTag ?? 'order_replaced',
      orderType: 'limit',
      rate: price,
      amount: remaining,
    });
  }
  if (!placed) {
    ctx.log.warning(`Could not replace order for trade ${tw.trade.id}.`);
    await dropEmptyTrade(ctx, tw.trade.id);
  }
  return true;
}

/**
 * freqtrade's replace_order_failed: a trade whose first entry was cancelled for a replacement
 * that never got placed (refused, or a crash in between) holds nothing: it is removed.
 */
export async function dropEmptyTrade(ctx: EngineContext, tradeId: number): Promise<void> {
  const tw = await getTrade(ctx.db, tradeId);
  if (!tw?.trade.isOpen) return;
  if (tw.orders.some((o) => o.ftIsOpen || (o.filled ?? 0) > 0)) return;
  ctx.log.warning(`Removing trade ${tradeId} (${tw.trade.pair}) from database: no order left and nothing filled.`);
  await runTradeWrites(ctx.db, deleteTradeQueries(ctx.db, tradeId) as any);
}
