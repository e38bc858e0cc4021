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

/** The same page as closedTradesPage, ids only (the API keeps the trades' JSON). */
export async function closedTradeIdsPage(
  db: Db,
  limit: number,
  offset: number,
  orderById: boolean,
): Promise<{ ids: number[]; total: number }> {
  const base = db.select({ id: trades.id }).from(trades).where(eq(trades.isOpen, false));
  const [rows, total] = await Promise.all([
    limit > 0
      ? base
          .orderBy(...(orderById ? [asc(trades.id)] : byClose))
          .limit(limit)
          .offset(offset)
      : base.orderBy(...byClose),
    closedTradeCount(db),
  ]);
  return { ids: rows.map((r) => r.id), total };
}
