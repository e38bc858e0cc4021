// The strategy's lifecycle callbacks (freqtrade's bot_start, bot_loop_start, order_filled), each
// behind freqtrade's strategy_safe_wrapper: a callback that throws is logged and the bot goes on.

import type { OrderRow, TradeRow } from '../db/schema.ts';
import { safePrice } from '../domain/trade-model.ts';
import { type OrderView, tradeView } from '../strategy/types.ts';
import type { EngineContext } from './context.ts';
import { safeCallback } from './pricing.ts';
import { attachStrategyMessages } from './strategy-messages.ts';

/** Once, after the markets and the whitelist are loaded and before the first iteration. */
export function strategyBotStart(ctx: EngineContext): void {
  attachStrategyMessages(ctx);
  const strategy = ctx.strategy;
  if (strategy.botStart) safeCallback(ctx.log, 'bot_start', () => strategy.botStart!(), undefined);
}

/** At the start of each iteration, before candles are refreshed and analysed. */
export function strategyBotLoopStart(ctx: EngineContext): void {
  const strategy = ctx.strategy;
  if (!strategy.botLoopStart) return;
  const currentTime = ctx.clock.now();
  safeCallback(ctx.log, 'bot_loop_start', () => strategy.botLoopStart!({ currentTime }), undefined);
}

function orderView(order: OrderRow): OrderView {
  return {
    ftOrderSide: order.ftOrderSide,
    orderType: order.orderType,
    amount: order.amount ?? order.ftAmount,
    filled: order.filled ?? 0,
    price: safePrice(order),
    status: order.status,
    tag: order.ftOrderTag,
  };
}

/** Once per order of a trade that ended with a fill (entry, exit or stop). */
export function strategyOrderFilled(ctx: EngineContext, trade: TradeRow, order: OrderRow, now: number): void {
  const strategy = ctx.strategy;
  if (!strategy.orderFilled) return;
  const args = { pair: trade.pair, trade: tradeView(trade), order: orderView(order), currentTime: now };
  safeCallback(ctx.log, 'order_filled', () => strategy.orderFilled!(args), undefined);
}

/**
 * freqtrade's ft_check_timed_out after the unfilledtimeout check: the strategy's check_entry_timeout
 * (entries) or check_exit_timeout (exits) may cancel an open order earlier.
 */
export function strategyTimedOut(
  ctx: EngineContext,
  trade: TradeRow,
  order: OrderRow,
  isEntry: boolean,
  now: number,
): boolean {
  const strategy = ctx.strategy;
  const check = isEntry ? strategy.checkEntryTimeout : strategy.checkExitTimeout;
  if (!check) return false;
  const args = { pair: trade.pair, trade: tradeView(trade), order: orderView(order), currentTime: now };
  const name = isEntry ? 'check_entry_timeout' : 'check_exit_timeout';
  return safeCallback(ctx.log, name, () => check.call(strategy, args), false) === true;
}
