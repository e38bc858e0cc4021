// Which RPC messages an order event publishes (freqtrade's entry/exit, *_fill and *_cancel).

import type { OrderRow, TradeRow } from '../../db/schema.ts';
import type { EngineContext } from '../context.ts';
import { cancelLine, fillLines, removedLine } from '../log-lines.ts';
import { entryMessage, exitMessage } from '../notify.ts';

/** What happened to one order in one update. */
export interface OrderEvent {
  trade: TradeRow;
  order: OrderRow;
  isEntry: boolean;
  /** The order was sent in this update. */
  placed: boolean;
  /** The order is no longer open on the exchange. */
  ended: boolean;
  /** The update added fills to an order that has now ended. */
  filledNow: boolean;
  /** The exchange's order status. */
  status: string;
  /** The trade closed with this update. */
  closed: boolean;
  /** Amount filled over all entry orders of the trade. */
  entryFilled: number;
  /** The trade had more than one order before this update. */
  hadOrders: boolean;
  cancelReason?: string;
  now: number;
}

/** freqtrade's `fiat_currency` of trade messages: config.get("fiat_display_currency"), None when unset. */
const fiatCurrencyOf = (ctx: EngineContext) => ctx.config.fiat_display_currency || null;

/** An entry that ended without any fill, on a trade with no other fills: the trade never existed. */
export function notifyEntryVoid(
  ctx: EngineContext,
  trade: TradeRow,
  order: OrderRow,
  e: { placed: boolean; status: string; cancelReason?: string },
): void {
  if (e.placed && e.status === 'closed') return;
  if (e.cancelReason) ctx.log.info(cancelLine(trade, order, e.cancelReason));
  ctx.log.info(removedLine(trade, order));
  ctx.hub.publish(
    entryMessage('entry_cancel', trade, order, {
      exchangeName: ctx.exchange.id,
      currentRate: null,
      subTrade: false,
      fiatCurrency: fiatCurrencyOf(ctx),
      reason: e.cancelReason ?? `order ${e.status}`,
    }),
  );
}

export function notifyOrderEvent(ctx: EngineContext, e: OrderEvent): void {
  const { trade, order, isEntry, ended } = e;
  const common = { exchangeName: ctx.exchange.id, currentRate: null, now: e.now, fiatCurrency: fiatCurrencyOf(ctx) };
  if (e.placed) {
    ctx.hub.publish(
      isEntry
        ? entryMessage('entry', trade, order, { ...common, subTrade: e.hadOrders })
        : exitMessage('exit', trade, order, { ...common, isFinal: e.closed || !trade.isOpen }),
    );
  }
  if (ended && e.filledNow) {
    for (const line of fillLines(trade, order, isEntry, e.closed)) ctx.log.info(line);
    ctx.hub.publish(
      isEntry
        ? entryMessage('entry_fill', trade, order, { ...common, subTrade: e.entryFilled > (order.filled ?? 0) })
        : exitMessage('exit_fill', trade, order, { ...common, isFinal: e.closed }),
    );
  } else if (ended && e.status !== 'closed') {
    const reason = e.cancelReason ?? e.status;
    ctx.log.info(cancelLine(trade, order, reason));
    ctx.hub.publish(
      isEntry
        ? entryMessage('entry_cancel', trade, order, { ...common, subTrade: false, reason })
        : exitMessage('exit_cancel', trade, order, { ...common, isFinal: false, reason }),
    );
  }
}
