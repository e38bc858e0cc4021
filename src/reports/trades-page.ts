// /trades paging (freqtrade): limit > 0 → closed trades by id ascending (or, with
// order_by_id=false, latest close first) with offset; limit = 0 → every closed trade,
// latest close first, offset ignored.

import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { closedTradeCount, type TradeWithOrders } from '../db/repo/trades.ts';
import { type OrderRow, orders, trades } from '../db/schema.ts';

export interface TradesPage {
  rows: TradeWithOrders[];
  total: number;
}

export async function closedTradesPage(db: Db, limit: number, offset: number, orderById: boolean): Promise<TradesPage> {
  const base = db.select().from(trades).where(eq(trades.isOpen, false));
  const byClose = [desc(trades.closeDate), desc(trades.id)];
  const [rows, total] = await Promise.all([
    limit > 0
      ? base
          .orderBy(...(orderById ? [asc(trades.id)] : byClose))
          .limit(limit)
          .offset(offset)
      : base.orderBy(...byClose),
    closedTradeCount(db),
  ]);
  const byTrade = new Map<number, OrderRow[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const o of await db.select().from(orders).where(inArray(orders.ftTradeId, chunk)).orderBy(asc(orders.id))) {
      const list = byTrade.get(o.ftTradeId);
      if (list) list.push(o);
      else byTrade.set(o.ftTradeId, [o]);
    }
  }
  return { rows: rows.map((trade) => ({ trade, orders: byTrade.get(trade.id) ?? [] })), total };
}
