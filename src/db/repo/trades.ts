// Trades and their orders: reads for the API and the bot, and batched writes.

import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { selectByIds } from '../bound-parameters.ts';
import type { Db } from '../client.ts';
import { type NewOrderRow, type NewTradeRow, type OrderRow, orders, type TradeRow, trades } from '../schema.ts';

export interface TradeWithOrders {
  trade: TradeRow;
  orders: OrderRow[];
}

/** The rows with their orders (by order id), one query per slice of D1's bound-parameter limit. */
export async function withOrders(db: Db, rows: TradeRow[]): Promise<TradeWithOrders[]> {
  if (rows.length === 0) return [];
  const list = await selectByIds(
    rows.map((r) => r.id),
    0,
    (ids) => db.select().from(orders).where(inArray(orders.ftTradeId, ids)).orderBy(asc(orders.id)),
  );
  const byTrade = new Map<number, OrderRow[]>();
  for (const o of list) {
    const arr = byTrade.get(o.ftTradeId);
    if (arr) arr.push(o);
    else byTrade.set(o.ftTradeId, [o]);
  }
  return rows.map((trade) => ({ trade, orders: byTrade.get(trade.id) ?? [] }));
}

export async function getTrade(db: Db, id: number): Promise<TradeWithOrders | undefined> {
  const rows = await db.select().from(trades).where(eq(trades.id, id)).limit(1);
  return (await withOrders(db, rows))[0];
}

export async function openTrades(db: Db): Promise<TradeWithOrders[]> {
  const rows = await db.select().from(trades).where(eq(trades.isOpen, true)).orderBy(asc(trades.id));
  return withOrders(db, rows);
}

export async function openTradeCount(db: Db): Promise<number> {
  const [r] = await db.select({ n: count() }).from(trades).where(eq(trades.isOpen, true));
  return r?.n ?? 0;
}

export async function closedTradeCount(db: Db): Promise<number> {
  const [r] = await db.select({ n: count() }).from(trades).where(eq(trades.isOpen, false));
  return r?.n ?? 0;
}

/** The id the next inserted trade gets. */
export async function nextTradeId(db: Db): Promise<number> {
  // AUTOINCREMENT's sequence never goes back, so a deleted trade's id (and its client order ids) is never reused.
  const rows = await db.all<{ n: number | null }>(
    sql`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'trades'), 0), coalesce((SELECT max(id) FROM trades), 0)) + 1 AS n`,
  );
  return Number(rows[0]?.n ?? 1);
}

export function insertTradeQuery(db: Db, row: NewTradeRow) {
  return db.insert(trades).values(row).returning({ id: trades.id });
}

export function updateTradeQuery(db: Db, id: number, patch: Partial<NewTradeRow>) {
  return db.update(trades).set(patch).where(eq(trades.id, id));
}

export function insertOrderQuery(db: Db, row: NewOrderRow) {
  return db.insert(orders).values(row);
}

export function updateOrderQuery(db: Db, id: number, patch: Partial<NewOrderRow>) {
  return db.update(orders).set(patch).where(eq(orders.id, id));
}

export function deleteTradeQueries(db: Db, id: number) {
  return [db.delete(orders).where(eq(orders.ftTradeId, id)), db.delete(trades).where(eq(trades.id, id))] as const;
}

/** Closed trades whose close date is at or after `since` (protections look back this way). */
export async function closedTradesSince(db: Db, since: number): Promise<TradeRow[]> {
  return db
    .select()
    .from(trades)
    .where(and(eq(trades.isOpen, false), gte(trades.closeDate, since)))
    .orderBy(asc(trades.closeDate));
}
