// Open orders at the start of each candle (freqtrade's manage_open_orders): cancelled when timed
// out (check_order_cancel), else an open entry order may be moved by adjust_entry_price
// (check_order_replace). True means the trade goes: its only entry never filled.

import { type AdjustEntryPriceArgs, tradeView } from '../strategy/types.ts';
import { btOrderView, orderTimedOut, safeCall } from './callbacks.ts';
import type { EngineState } from './engine.ts';
import { enterTrade } from './entry.ts';
import { exitTrade } from './exit-orders.ts';
import type { Bar } from './exits.ts';
import { hasOpenOrders, nrOfSuccessfulEntries } from './trade.ts';
import type { BtOrder, BtTrade } from './types.ts';

/** freqtrade's check_order_cancel: true = delete the trade, false = order cancelled, null = still active. */
function checkOrderCancel(st: EngineState, trade: BtTrade, order: BtOrder, time: number): boolean | null {
  const timeout = order.isEntry ? st.s.entryTimeoutMs : st.s.exitTimeoutMs;
  if (!orderTimedOut(st.strategy, trade, order, time, timeout)) return null;
  if (order.isEntry) {
    st.counters.timedoutEntryOrders++;
    if (nrOfSuccessfulEntries(trade) === 0) return true;
  } else st.counters.timedoutExitOrders++;
  trade.orders.splice(trade.orders.indexOf(order), 1);
  return false;
}

/** An open order's price as adjust_entry_price or adjust_exit_price asks it; the order's own price when the callback throws. */
function askOrderPrice(
  st: EngineState,
  adjust: (args: AdjustEntryPriceArgs) => number | null,
  trade: BtTrade,
  order: BtOrder,
  time: number,
  bar: Bar,
): number | null {
  return safeCall(
    () =>
      adjust.call(st.strategy, {
        trade: tradeView(trade),
        order: btOrderView(order),
        pair: trade.pair,
        currentTime: time,
        proposedRate: bar.open,
        currentOrderRate: order.price,
        entryTag: trade.enterTag,
        side: trade.isShort ? 'short' : 'long',
      }),
    order.price,
  );
}

/**
 * adjust_exit_price (the live bot's replace_order for exits; freqtrade's backtesting has it from
 * 2025): the same price keeps the order, null drops it, another price places the rest again.
 */
function replaceExitOrder(st: EngineState, trade: BtTrade, order: BtOrder, time: number, bar: Bar): void {
  const adjust = st.strategy.adjustExitPrice;
  if (!adjust || order.orderType !== 'limit' || !(time > order.orderDate)) return;
  const answer = askOrderPrice(st, adjust, trade, order, time, bar);
  const requested = typeof answer === 'number' && Number.isFinite(answer) && answer > 0 ? answer : null;
  if (requested === order.price) return;
  trade.orders.splice(trade.orders.indexOf(order), 1);
  if (requested !== null)
    exitTrade(st, trade, bar, requested, order.amount - order.filled, order.tag ?? 'order_replaced');
}

/** freqtrade's check_order_replace: adjust_entry_price on each new candle for an open entry order. */
function checkOrderReplace(st: EngineState, trade: BtTrade, order: BtOrder, time: number, bar: Bar): boolean {
  if (!order.isEntry) {
    replaceExitOrder(st, trade, order, time, bar);
    return false;
  }
  const adjust = st.strategy.adjustEntryPrice;
  if (!(time > order.orderDate) || !adjust) return false;
  const side = trade.isShort ? 'short' : 'long';
  const requested = askOrderPrice(st, adjust, trade, order, time, bar);
  if (requested === order.price) return false;
  trade.orders.splice(trade.orders.indexOf(order), 1);
  st.counters.canceledEntryOrders++;
  if (!requested) return nrOfSuccessfulEntries(trade) === 0;
  enterTrade(st, trade.pair, bar, side, {
    trade,
    requestedRate: requested,
    requestedStake: ((order.amount - order.filled) * order.price) / trade.leverage,
  });
  if (!hasOpenOrders(trade) && nrOfSuccessfulEntries(trade) === 0) return true;
  st.counters.replacedEntryOrders++;
  return false;
}

export function manageOpenOrders(st: EngineState, trade: BtTrade, time: number, bar: Bar): boolean {
  for (const order of trade.orders.filter((o) => o.isOpen)) {
    const cancel = checkOrderCancel(st, trade, order, time);
    if (cancel) return true;
    if (cancel === null && checkOrderReplace(st, trade, order, time, bar)) {
      st.counters.canceledTradeEntries++;
      return true;
    }
  }
  return false;
}
