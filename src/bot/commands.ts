// Trade commands from the API, with freqtrade's semantics and error texts (RpcError → 502).
// The Bot runs each of them on its single-writer queue.

import { deleteTradeQueries, getTrade, openTrades, runTradeWrites, type TradeWithOrders } from '../db/repo/trades.ts';
import { priceToPrecision } from '../domain/precision.ts';
import { exitSide } from '../domain/trade-model.ts';
import { ExchangeError } from '../exchange/port.ts';
import { RpcError } from '../rpc/errors.ts';
import type { ForceEnterRequest, ForceExitRequest } from './api.ts';
import { type EngineContext, marketOf } from './context.ts';
import { applyOrderUpdate } from './orders/apply-fills.ts';
import { executeExit } from './orders/place.ts';
import { cancelOrderOf } from './orders/stop-calls.ts';
import { getRate } from './pricing.ts';
import { minStake } from './stake.ts';
import type { BotState } from './state.ts';
import { enterPosition, maxOpenTrades } from './steps/entries.ts';
import { refreshOrder } from './steps/manage-orders.ts';

function requireRunning(state: BotState, allowPaused = false): void {
  if (state === 'running' || (allowPaused && state === 'paused')) return;
  throw new RpcError('trader is not running');
}

export async function forceEnter(
  ctx: EngineContext,
  state: BotState,
  req: ForceEnterRequest,
): Promise<TradeWithOrders | null> {
  if (!ctx.config.force_entry_enable) throw new RpcError('Force_entry not enabled.');
  requireRunning(state);
  if (req.side === 'short' && ctx.config.trading_mode === 'spot') throw new RpcError("Can't go short on Spot markets.");
  const market = marketOf(ctx, req.pair);
  if (!market?.active) throw new RpcError('Symbol does not exist or market is not active.');
  if (market.quote !== ctx.config.stake_currency)
    throw new RpcError(`Wrong pair selected. Only pairs with stake-currency ${ctx.config.stake_currency} allowed.`);
  const open = await openTrades(ctx.db);
  const existing = open.find((tw) => tw.trade.pair === req.pair);
  if (existing) {
    const openOrders = existing.orders.filter((o) => o.ftIsOpen).map((o) => o.orderId ?? o.clientOrderId);
    if (openOrders.length > 0)
      throw new RpcError(
        `position for ${req.pair} already open - id: ${existing.trade.id} and has open order ${openOrders.join(',')}`,
      );
    throw new RpcError(`position for ${req.pair} already open - id: ${existing.trade.id}`);
  }
  if (open.length >= maxOpenTrades(ctx)) throw new RpcError('Maximum number of trades is reached.');
  try {
    return await enterPosition(
      ctx,
      {
        pair: req.pair,
        side: req.side,
        price: req.price,
        orderType: req.ordertype,
        stake: req.stakeamount,
        enterTag: req.entry_tag ?? 'force_entry',
        leverage: req.leverage,
        force: true,
      },
      open,
    );
  } catch (e) {
    if (e instanceof ExchangeError) throw new RpcError(`Failed to enter position for ${req.pair}.`);
    throw e;
  }
}

/** Cancels the trade's open orders on the exchange and applies the result. Returns how many. */
async function cancelOpenOrders(
  ctx: EngineContext,
  tw: TradeWithOrders,
  reason: string,
  which: (side: string) => boolean = () => true,
): Promise<number> {
  let cancelled = 0;
  for (const order of tw.orders.filter((o) => o.ftIsOpen && which(o.ftOrderSide))) {
    const current = await getTrade(ctx.db, tw.trade.id);
    const row = current?.orders.find((o) => o.id === order.id);
    if (!current || !row?.ftIsOpen) continue;
    if (!row.orderId) {
      // Recorded but maybe unsent: let reconciliation decide what the exchange knows.
      await refreshOrder(ctx, undefined, current, row);
      continue;
    }
    try {
      const ex = await cancelOrderOf(ctx.exchange, row, row.orderId, row.ftPair);
      await applyOrderUpdate(ctx, current, row, ex, { cancelReason: reason });
      cancelled++;
    } catch (e) {
      ctx.log.warning(`Could not cancel order ${row.orderId}: ${e instanceof Error ? e.message : e}`);
    }
  }
  return cancelled;
}

/**
 * freqtrade's __exec_force_exit: open orders are cancelled first. When that removes the trade (an
 * entry that never filled) or leaves an order open, nothing is sold and the answer is false.
 */
async function exitOne(ctx: EngineContext, tradeId: number, req: ForceExitRequest): Promise<boolean> {
  let tw = await getTrade(ctx.db, tradeId);
  if (!tw?.trade.isOpen) throw new RpcError('invalid argument');
  await cancelOpenOrders(ctx, tw, 'force_exit');
  tw = await getTrade(ctx.db, tradeId);
  if (!tw) return false; // the entry was cancelled without a fill: the trade is gone
  if (!tw.trade.isOpen) return true;
  if (tw.orders.some((o) => o.ftIsOpen && o.ftOrderSide !== 'stoploss')) return false; // a cancel failed
  const market = marketOf(ctx, tw.trade.pair);
  // API 2.45: an explicit price is a limit exit at that price (rounded to the market's tick, as
  // the exchange layer rounds every order price); without one, the exit-pricing rate.
  const limitPrice = req.price != null && market ? priceToPrecision(req.price, market.precision.price) : req.price;
  const rate = limitPrice ?? (await getRate(ctx.exchange, tw.trade.pair, ctx.config.exit_pricing, exitSide(tw.trade)));
  let amount: number | undefined;
  if (req.amount !== null && req.amount !== undefined && req.amount < tw.trade.amount) {
    amount = req.amount;
    const remaining = tw.trade.amount - amount;
    if (market && remaining * rate < minStake(market, rate, 1) * tw.trade.leverage)
      throw new RpcError(`Remaining amount of ${remaining} would be too small.`);
  }
  const orderType =
    limitPrice != null
      ? 'limit'
      : (req.ordertype ??
        ((ctx.settings.order_types.force_exit ?? ctx.settings.order_types.exit) === 'market' ? 'market' : 'limit'));
  return executeExit(ctx, tw, { reason: 'force_exit', orderType, rate, amount });
}

export async function forceExit(ctx: EngineContext, state: BotState, req: ForceExitRequest): Promise<string> {
  requireRunning(state, true);
  if (req.price != null && !(req.price > 0)) throw new RpcError(`Invalid price ${req.price}.`);
  if (req.tradeid === 'all') {
    for (const tw of await openTrades(ctx.db)) await exitOne(ctx, tw.trade.id, { ...req, amount: null });
    return 'Created exit orders for all open trades.';
  }
  const id = typeof req.tradeid === 'number' ? req.tradeid : Number(req.tradeid);
  if (!Number.isInteger(id)) throw new RpcError('invalid argument');
  if (!(await exitOne(ctx, id, req))) throw new RpcError('Failed to exit trade.');
  return `Created exit order for trade ${id}.`;
}

export async function deleteTrade(
  ctx: EngineContext,
  tradeId: number,
): Promise<{ result_msg: string; cancel_order_count: number }> {
  const tw = await getTrade(ctx.db, tradeId);
  if (!tw) throw new RpcError('invalid argument');
  let count = 0;
  for (const o of tw.orders.filter((x) => x.ftIsOpen && x.orderId)) {
    try {
      await cancelOrderOf(ctx.exchange, o, o.orderId as string, o.ftPair);
      count++;
    } catch (e) {
      ctx.log.warning(
        `Could not cancel order ${o.orderId} of deleted trade ${tradeId}: ${e instanceof Error ? e.message : e}`,
      );
    }
  }
  await runTradeWrites(ctx.db, deleteTradeQueries(ctx.db, tradeId) as any);
  ctx.log.info(`Deleted trade ${tradeId} (${count} open orders cancelled).`);
  return { result_msg: `Deleted trade ${tradeId}. Closed ${count} open orders.`, cancel_order_count: count };
}

export async function cancelOpenOrder(ctx: EngineContext, state: BotState, tradeId: number): Promise<TradeWithOrders> {
  requireRunning(state, true);
  const tw = await getTrade(ctx.db, tradeId);
  if (!tw?.trade.isOpen) throw new RpcError('Invalid trade_id.');
  if (!tw.orders.some((o) => o.ftIsOpen && o.ftOrderSide !== 'stoploss'))
    throw new RpcError('No open order for trade_id.');
  await cancelOpenOrders(ctx, tw, 'cancelled_by_user', (side) => side !== 'stoploss');
  const after = await getTrade(ctx.db, tradeId);
  if (after) return after;
  // An entry cancelled before any fill removes the trade (freqtrade); answer with its last state.
  return {
    trade: tw.trade,
    orders: tw.orders.map((o) => (o.ftIsOpen ? { ...o, ftIsOpen: false, status: 'canceled' } : o)),
  };
}

/** Re-reads every order of the trade from the exchange (e.g. after manual action there). */
export async function reloadTrade(ctx: EngineContext, tradeId: number): Promise<TradeWithOrders> {
  const tw = await getTrade(ctx.db, tradeId);
  if (!tw) throw new RpcError(`Could not find trade with id ${tradeId}.`);
  for (const order of tw.orders.filter((o) => o.ftIsOpen)) {
    const current = await getTrade(ctx.db, tradeId);
    const row = current?.orders.find((o) => o.id === order.id);
    if (current && row) await refreshOrder(ctx, undefined, current, row);
  }
  const after = await getTrade(ctx.db, tradeId);
  if (!after) throw new RpcError(`Could not find trade with id ${tradeId}.`);
  return after;
}
