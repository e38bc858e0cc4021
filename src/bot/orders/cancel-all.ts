// freqtrade's cancel_all_open_orders (cancel_open_orders_on_exit): on shutdown and while the bot is
// stopped, every open entry and exit order of every open trade is cancelled, with
// handle_cancel_enter / handle_cancel_exit's rules; stop orders stay on the exchange.

import { getTrade, openTrades, type TradeWithOrders } from '../../db/repo/trades.ts';
import type { OrderRow } from '../../db/schema.ts';
import { minPairStake } from '../../domain/money/position-adjust.ts';
import { entrySide } from '../../domain/trade-model.ts';
import type { ExchangeOrder } from '../../exchange/port.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { tradeRepr } from '../log-lines.ts';
import { applyOrderUpdate } from './apply-fills.ts';

/** freqtrade's CANCEL_REASON["ALL_CANCELLED"] and ["PARTIALLY_FILLED"]. */
export const ALL_CANCELLED = 'cancelled (all unfilled and partially filled open orders cancelled)';
const PARTIALLY_FILLED = 'partially filled';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function lookUp(ctx: EngineContext, o: OrderRow): Promise<ExchangeOrder | undefined> {
  if (o.orderId) return ctx.exchange.fetchOrder(o.orderId, o.ftPair);
  return ctx.exchange.fetchOrderByClientId(o.clientOrderId, o.ftPair);
}

/** Filled part of an open order whose remainder would be too small to trade (freqtrade keeps such orders). */
function unexitable(ctx: EngineContext, tw: TradeWithOrders, ex: ExchangeOrder, isEntry: boolean): boolean {
  const { trade } = tw;
  if (!(ex.filled > 0)) return false;
  const min = minPairStake(marketOf(ctx, trade.pair), trade.openRate, ctx.settings.stoploss, 1);
  if (!min) return false;
  const stake = isEntry
    ? ex.filled * trade.openRate
    : trade.stakeAmount - (ex.filled * trade.openRate) / trade.leverage;
  return stake < min;
}

/**
 * The reason recorded and sent (freqtrade's ft_cancel_reason): an exit with fills says "partially
 * filled"; an entry gets ", partially filled" when it has fills, ", fully cancelled" when its trade goes.
 */
function cancelReason(tw: TradeWithOrders, row: OrderRow, ex: ExchangeOrder, isEntry: boolean): string {
  if (!isEntry) return ex.filled > 0 ? PARTIALLY_FILLED : ALL_CANCELLED;
  if (ex.filled > 0) return `${ALL_CANCELLED}, ${PARTIALLY_FILLED}`;
  const others = tw.orders.filter((o) => o.id !== row.id);
  const removed =
    !others.some((o) => o.ftIsOpen) && !others.some((o) => o.ftOrderSide === row.ftOrderSide && (o.filled ?? 0) > 0);
  return removed ? `${ALL_CANCELLED}, fully cancelled` : ALL_CANCELLED;
}

async function cancelOne(ctx: EngineContext, tw: TradeWithOrders, row: OrderRow, ex: ExchangeOrder): Promise<void> {
  const isEntry = row.ftOrderSide === entrySide(tw.trade);
  if (ex.status !== 'open') {
    // Ended on the exchange already: freqtrade reuses that answer ("cancelled on exchange", or its fill).
    await applyOrderUpdate(ctx, tw, row, ex, ex.status === 'closed' ? {} : { cancelReason: 'canceled' });
    return;
  }
  if (unexitable(ctx, tw, ex, isEntry)) {
    ctx.log.warning(
      `Order ${ex.id} for ${tw.trade.pair} not cancelled, as the filled amount of ${ex.filled} would result in an unexitable trade.`,
    );
    return;
  }
  const reason = cancelReason(tw, row, ex, isEntry);
  let cancelled: ExchangeOrder;
  try {
    cancelled = await ctx.exchange.cancelOrder(ex.id, row.ftPair);
  } catch (e) {
    // Filled or gone meanwhile: apply what the exchange says now.
    try {
      cancelled = await ctx.exchange.fetchOrder(ex.id, row.ftPair);
    } catch {
      ctx.log.warning(`Could not cancel ${row.ftOrderSide} order ${ex.id}: ${message(e)}`);
      return;
    }
  }
  if (cancelled.status === 'open') {
    ctx.log.warning(`Order ${ex.id} for ${tw.trade.pair} not cancelled.`);
    return;
  }
  const fresh = (await getTrade(ctx.db, tw.trade.id)) ?? tw;
  const current = fresh.orders.find((o) => o.id === row.id) ?? row;
  await applyOrderUpdate(ctx, fresh, current, cancelled, cancelled.status === 'closed' ? {} : { cancelReason: reason });
}

export async function cancelAllOpenOrders(ctx: EngineContext): Promise<void> {
  for (const listed of await openTrades(ctx.db)) {
    for (const order of listed.orders.filter((o) => o.ftIsOpen && o.ftOrderSide !== 'stoploss')) {
      const tw = await getTrade(ctx.db, listed.trade.id);
      const row = tw?.orders.find((o) => o.id === order.id);
      if (!tw?.trade.isOpen || !row?.ftIsOpen) continue;
      let ex: ExchangeOrder | undefined;
      try {
        ex = await lookUp(ctx, row);
      } catch (e) {
        ctx.log.info(`Can't query order for ${tradeRepr(tw.trade)} due to ${message(e)}`);
        continue;
      }
      if (!ex) {
        ctx.log.info(`Can't query order for ${tradeRepr(tw.trade)} due to order ${row.clientOrderId} not found`);
        continue;
      }
      await cancelOne(ctx, tw, row, ex);
    }
  }
}
