// The strategy's lifecycle callbacks (freqtrade's bot_start, bot_loop_start, order_filled), each
// behind freqtrade's strategy_safe_wrapper: a callback that throws is logged and the bot goes on.

import type { OrderRow, TradeRow } from '../db/schema.ts';
import { calcProfitRatio, stoplossAdjust } from '../domain/money/index.ts';
import { exitSide, safePrice, stopPatch, stopState, tradeMath, tradePriceRounder } from '../domain/trade-model.ts';
import { type OrderView, tradeView } from '../strategy/types.ts';
import type { EngineContext } from './context.ts';
import { getRate, safeCallback } from './pricing.ts';
import { attachStrategyMessages } from './strategy-messages.ts';

/** Once, after the markets and the whitelist are loaded and before the first iteration. */
export async function strategyBotStart(ctx: EngineContext): Promise<void> {
  attachStrategyMessages(ctx);
  const strategy = ctx.strategy;
  if (strategy.botStart) await safeAsyncCallback(ctx, 'bot_start', () => strategy.botStart!());
}

/** At the start of each iteration, before candles are refreshed and analysed. */
export async function strategyBotLoopStart(ctx: EngineContext): Promise<void> {
  const strategy = ctx.strategy;
  if (!strategy.botLoopStart) return;
  const currentTime = ctx.clock.now();
  await safeAsyncCallback(ctx, 'bot_loop_start', () => strategy.botLoopStart!({ currentTime }));
}

/** strategy_safe_wrapper for the lifecycle callbacks that may be async (they can await dp.ticker / orderbook). */
async function safeAsyncCallback(ctx: EngineContext, name: string, fn: () => void | Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    ctx.log.error(`Strategy callback ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function orderView(order: OrderRow): OrderView {
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

/**
 * freqtrade's _update_trade_after_fill: after an entry fill, or any fill that leaves the trade
 * open, custom_stoploss runs once with afterFill = true at the current exit rate; its stop may then
 * move either way (allow_refresh). Returns the stop fields that changed (empty when none).
 */
export async function stoplossAfterFill(ctx: EngineContext, trade: TradeRow, now: number): Promise<Partial<TradeRow>> {
  const strategy = ctx.strategy;
  if (!ctx.settings.use_custom_stoploss || !strategy.customStoploss) return {};
  if (!trade.isOpen || !(trade.amount > 0)) return {};
  const rate = await getRate(ctx.exchange, trade.pair, ctx.config.exit_pricing, exitSide(trade));
  const profit = calcProfitRatio(rate, tradeMath(trade), undefined, undefined, { now });
  const view = tradeView(trade);
  const custom = (r: number, p: number) =>
    safeCallback(
      ctx.log,
      'custom_stoploss',
      () =>
        strategy.customStoploss!({
          pair: trade.pair,
          trade: view,
          currentTime: now,
          currentRate: r,
          currentProfit: p,
          afterFill: true,
        }),
      null,
    );
  const next = stoplossAdjust(
    stopState(trade),
    ctx.settings,
    { currentRate: rate, currentProfit: profit, customStoploss: custom, afterFill: true },
    { now, roundPrice: tradePriceRounder(trade) },
  );
  const patch = stopPatch(next);
  const record = trade as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(patch).filter(([k, v]) => record[k] !== v)) as Partial<TradeRow>;
}
