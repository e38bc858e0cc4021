// /trades paging (freqtrade): limit > 0 → closed trades by id ascending (or, with
// order_by_id=false, latest close first) with offset; limit = 0 → every closed trade,
// latest close first, offset ignored. Orders come from the trades repository's loader.

import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { closedTradeCount, type TradeWithOrders, withOrders } from '../db/repo/trades.ts';
import { trades } from '../db/schema.ts';

export interface TradesPage {
  rows: TradeWithOrders[];
  total: number;
}

const byClose = [desc(trades.closeDate), desc(trades.id)];

export async function closedTradesPage(db: Db, limit: number, offset: number, orderById: boolean): Promise<TradesPage> {
  const base = db.select().from(trades).where(eq(trades.isOpen, false));
  const [rows, total] = await Promise.all([
    limit > 0
      ? base
          .orderBy(...(orderById ? [asc(trades.id)] : byClose))
          .limit(limit)
          .offset(offset)
      : base.orderBy(...byClose),
    closedTradeCount(db),
  ]);
  return { rows: await withOrders(db, rows), total };
}

/** Every closed trade's id in a /trades order: by id, or latest close first (the API pages these). */
export async function closedTradeIds(db: Db, order: 'id' | 'close'): Promise<number[]> {
  const rows = await db
    .select({ id: trades.id })
    .from(trades)
    .where(eq(trades.isOpen, false))
    .orderBy(...(order === 'id' ? [asc(trades.id)] : byClose));
  return rows.map((r) => r.id);
}
