// freqtrade's handle_insufficient_funds: the exchange refused an exit or stop order for lack of
// funds, so the database probably lags the exchange (an order filled that the bot still thinks
// open). Every open order of the trade, the stop order included, is asked about again and the
// answer applied, so the trade matches the exchange before the next decision.

import { getTrade } from '../../db/repo/trades.ts';
import type { OrderRow } from '../../db/schema.ts';
import { ExchangeError, type ExchangeOrder } from '../../exchange/port.ts';
import type { EngineContext } from '../context.ts';
import { tradeRepr } from '../log-lines.ts';
import { applyOrderUpdate } from './apply-fills.ts';
import { fetchByClientIdOf, fetchOrderOf } from './stop-calls.ts';

function orderRepr(o: OrderRow): string {
  return `Order(id=${o.id}, trade=${o.ftTradeId}, order_id=${o.orderId ?? o.clientOrderId}, side=${o.ftOrderSide}, status=${o.status})`;
}

async function lookUp(ctx: EngineContext, o: OrderRow): Promise<ExchangeOrder | undefined> {
  // A stop order is read the way the exchange reads stops (freqtrade's fetch_stoploss_order).
  if (o.orderId) return fetchOrderOf(ctx.exchange, o, o.orderId, o.ftPair);
  return fetchByClientIdOf(ctx.exchange, o, o.clientOrderId, o.ftPair);
}

export async function handleInsufficientFunds(ctx: EngineContext, tradeId: number): Promise<void> {
  const tw = await getTrade(ctx.db, tradeId);
  if (!tw) return;
  ctx.log.info(`Trying to refind lost order for ${tradeRepr(tw.trade)}`);
  for (const order of tw.orders) {
    ctx.log.info(`Trying to refind ${orderRepr(order)}`);
    if (!order.ftIsOpen) {
      ctx.log.debug(`Order ${orderRepr(order)} is no longer open.`);
      continue;
    }
    let found: ExchangeOrder | undefined;
    try {
      found = await lookUp(ctx, order);
    } catch (e) {
      if (!(e instanceof ExchangeError)) throw e;
      ctx.log.warning(`Error updating ${order.orderId ?? order.clientOrderId}.`);
      continue;
    }
    if (!found) continue;
    // Earlier updates in this loop may have changed the trade (a fill closes it): apply to the latest rows.
    const current = await getTrade(ctx.db, tradeId);
    const row = current?.orders.find((o) => o.id === order.id);
    if (!current || !row) return;
    ctx.log.info(`Found ${orderRepr(row)} for trade ${tradeRepr(current.trade)}.`);
    await applyOrderUpdate(ctx, current, row, {
      ...found,
      stopPrice: found.stopPrice ?? row.stopPrice ?? undefined,
    });
  }
}
