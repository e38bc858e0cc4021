// The strategy callbacks the replay calls around orders, each behind freqtrade's
// strategy_safe_wrapper (a callback that throws gives the default and the run goes on):
// order_filled and custom_stoploss after a fill (_try_close_open_order / _call_adjust_stop),
// check_entry_timeout / check_exit_timeout (ft_check_timed_out), bot_loop_start.

import { calcProfitRatio, stoplossAdjust } from '../domain/money/index.ts';
import { type OrderView, type Strategy, tradeView } from '../strategy/types.ts';
import { pricePrecisionRounder } from './trade.ts';
import type { BtOrder, BtTrade } from './types.ts';

/** freqtrade's strategy_safe_wrapper: the callback's answer, or `fallback` when it throws. */
export function safeCall<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function btOrderView(order: BtOrder): OrderView {
  return {
    ftOrderSide: order.side,
    orderType: order.orderType,
    amount: order.amount,
    filled: order.filled,
    price: order.price,
    status: order.isOpen ? 'open' : 'closed',
    tag: order.tag,
  };
}

export function callOrderFilled(strategy: Strategy, trade: BtTrade, order: BtOrder, time: number): void {
  if (!strategy.orderFilled) return;
  const args = { pair: trade.pair, trade: tradeView(trade), order: btOrderView(order), currentTime: time };
  safeCall(() => strategy.orderFilled!(args), undefined);
}

/**
 * freqtrade's ft_check_timed_out: the unfilledtimeout (open longer than the timeout before `time`),
 * then the strategy's check_entry_timeout / check_exit_timeout.
 */
export function orderTimedOut(
  strategy: Strategy,
  trade: BtTrade,
  order: BtOrder,
  time: number,
  timeoutMs: number | null,
): boolean {
  if (timeoutMs !== null && order.isOpen && order.orderDate < time - timeoutMs) return true;
  const check = order.isEntry ? strategy.checkEntryTimeout : strategy.checkExitTimeout;
  if (!check) return false;
  const args = { pair: trade.pair, trade: tradeView(trade), order: btOrderView(order), currentTime: time };
  return safeCall(() => check.call(strategy, args), false) === true;
}

/**
 * freqtrade's _call_adjust_stop: after a fill that leaves the trade open, ft_stoploss_adjust at the
 * fill price with after_fill (the custom stop may loosen). Like the live bot, it runs for
 * strategies with use_custom_stoploss and a custom_stoploss.
 */
export function stopAfterFill(strategy: Strategy, trade: BtTrade, rate: number, time: number): void {
  if (!strategy.use_custom_stoploss || !strategy.customStoploss) return;
  const view = tradeView(trade);
  const custom = (r: number, p: number) =>
    safeCall(
      () =>
        strategy.customStoploss!({
          pair: trade.pair,
          trade: view,
          currentTime: time,
          currentRate: r,
          currentProfit: p,
          afterFill: true,
        }),
      null,
    );
  const next = stoplossAdjust(
    trade,
    strategy,
    { currentRate: rate, currentProfit: calcProfitRatio(rate, trade), customStoploss: custom, afterFill: true },
    { roundPrice: pricePrecisionRounder(trade.pricePrecision) },
  );
  trade.stopLoss = next.stopLoss;
  trade.stopLossPct = next.stopLossPct;
  trade.initialStopLoss = next.initialStopLoss;
  trade.initialStopLossPct = next.initialStopLossPct;
  trade.isStopLossTrailing = next.isStopLossTrailing;
}

/** bot_loop_start, errors suppressed as freqtrade does; a promise when the callback is async. */
export function callBotLoopStart(strategy: Strategy, time: number): Promise<void> | undefined {
  if (!strategy.botLoopStart) return undefined;
  const answer = safeCall(() => strategy.botLoopStart!({ currentTime: time }), undefined);
  return answer instanceof Promise ? answer.catch(() => {}) : undefined;
}
