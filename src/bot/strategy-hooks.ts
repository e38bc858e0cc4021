// The strategy's lifecycle callbacks (freqtrade's bot_start, bot_loop_start, order_filled), each
// behind freqtrade's strategy_safe_wrapper: a callback that throws is logged and the bot goes on.

import type { OrderRow, TradeRow } from '../db/schema.ts';
import { safePrice } from '../domain/trade-model.ts';
import type { EngineContext } from './context.ts';
import { safeCallback } from './pricing.ts';

/** Once, after the markets and the whitelist are loaded and before the first iteration. */
export function strategyBotStart(ctx: EngineContext): void {
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

/** Once per order of a trade that ended with a fill (entry, exit or stop). */
export function strategyOrderFilled(ctx: EngineContext, trade: TradeRow, order: OrderRow, now: number): void {
  const strategy = ctx.strategy;
  if (!strategy.orderFilled) return;
  const args = {
    pair: trade.pair,
    trade: {
      id: trade.id,
      pair: trade.pair,
      isShort: trade.isShort,
      openRate: trade.openRate,
      openDate: trade.openDate,
      amount: trade.amount,
      stakeAmount: trade.stakeAmount,
      leverage: trade.leverage,
      enterTag: trade.enterTag,
    },
    order: {
      ftOrderSide: order.ftOrderSide,
      orderType: order.orderType,
      amount: order.amount ?? order.ftAmount,
      filled: order.filled ?? 0,
      price: safePrice(order),
      status: order.status,
      tag: order.ftOrderTag,
    },
    currentTime: now,
  };
  safeCallback(ctx.log, 'order_filled', () => strategy.orderFilled!(args), undefined);
}
