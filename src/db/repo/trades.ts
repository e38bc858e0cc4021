// Trades and their orders: reads for the API and the bot, and batched writes.

import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { selectByIds } from '../bound-parameters.ts';
import type { Db } from '../client.ts';
import { type NewOrderRow, type NewTradeRow, type OrderRow, orders, type TradeRow, trades } from '../schema.ts';
import { NEW_TRADE, REPORT_COLUMNS, tagged, tradeWriteGeneration } from './trade-writes.ts';

export {
  onTradeWrites,
  runTradeWrites,
  tradeWriteGeneration,
} from './trade-writes.ts';

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
  return attachOrders(rows, list);
}

function attachOrders(rows: TradeRow[], list: OrderRow[]): TradeWithOrders[] {
  const byTrade = new Map<number, OrderRow[]>();
  for (const o of list) {
    const arr = byTrade.get(o.ftTradeId);
    if (arr) arr.push(o);
    else byTrade.set(o.ftTradeId, [o]);
  }
  return rows.map((trade) => ({ trade, orders: byTrade.get(trade.id) ?? [] }));
}

/** The trades with these ids and their orders, in no particular order (missing ids are left out). */
export async function tradesByIds(db: Db, ids: readonly number[]): Promise<TradeWithOrders[]> {
  const rows = await selectByIds(ids, 0, (slice) => db.select().from(trades).where(inArray(trades.id, slice)));
  return withOrders(db, rows);
}

export async function getTrade(db: Db, id: number): Promise<TradeWithOrders | undefined> {
  const statements = tradeStatements(db);
  const [trade] = await statements.trade.all({ id });
  if (!trade) return undefined;
  return { trade, orders: await statements.tradeOrders.all({ id }) };
}

export async function openTrades(db: Db): Promise<TradeWithOrders[]> {
  const statements = tradeStatements(db);
  const rows = await statements.openTrades.all();
  if (rows.length === 0) return [];
  const list = await statements.openTradeOrders.all({ ids: JSON.stringify(rows.map((r) => r.id)) });
  return attachOrders(rows, list);
}

/**
 * The bot reads the open trades, and single trades, many times a tick: their statements are built
 * once per Db (Drizzle's prepare). The open trades' ids go in as one JSON array parameter, so one
 * statement fits any number of trades (D1's bound-parameter limit included).
 */
function tradeStatements(db: Db): TradeStatements {
  let statements = prepared.get(db);
  if (!statements) {
    statements = prepare(db);
    prepared.set(db, statements);
  }
  return statements;
}

function prepare(db: Db) {
  return {
    trade: db
      .select()
      .from(trades)
      .where(eq(trades.id, sql.placeholder('id')))
      .limit(1)
      .prepare(),
    tradeOrders: db
      .select()
      .from(orders)
      .where(eq(orders.ftTradeId, sql.placeholder('id')))
      .orderBy(asc(orders.id))
      .prepare(),
    openTrades: db.select().from(trades).where(eq(trades.isOpen, true)).orderBy(asc(trades.id)).prepare(),
    openTradeOrders: db
      .select()
      .from(orders)
      .where(sql`${orders.ftTradeId} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
      .orderBy(asc(orders.id))
      .prepare(),
  };
}

type TradeStatements = ReturnType<typeof prepare>;
const prepared = new WeakMap<Db, TradeStatements>();

const openCache = new WeakMap<Db, { generation: number; trades: TradeWithOrders[] }>();

/** Copies of the rows (flat primitives), so a caller editing them never edits the cache. */
const copyTrades = (list: TradeWithOrders[]): TradeWithOrders[] =>
  list.map((tw) => ({ trade: { ...tw.trade }, orders: tw.orders.map((o) => ({ ...o })) }));

/**
 * openTrades, read again only after a trade or order write ran: the previous read is returned (as
 * copies) while the write generation has not moved (every write goes through runTradeWrites).
 */
export async function openTradesCurrent(db: Db): Promise<TradeWithOrders[]> {
  const generation = tradeWriteGeneration(db);
  const hit = openCache.get(db);
  if (hit && hit.generation === generation) return copyTrades(hit.trades);
  const list = await openTrades(db);
  // A write between the two queries (another request's) makes this read unfit to keep.
  if (tradeWriteGeneration(db) === generation) openCache.set(db, { generation, trades: copyTrades(list) });
  return list;
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
  return tagged(db.insert(trades).values(row).returning({ id: trades.id }), {
    tradeId: row.id ?? NEW_TRADE,
    reorders: true,
    reports: row.isOpen === false,
  });
}

export function updateTradeQuery(db: Db, id: number, patch: Partial<NewTradeRow>) {
  return tagged(db.update(trades).set(patch).where(eq(trades.id, id)), {
    tradeId: id,
    reorders: 'isOpen' in patch || 'closeDate' in patch,
    reports: REPORT_COLUMNS.some((c) => c in patch),
  });
}

export function insertOrderQuery(db: Db, row: NewOrderRow) {
  return tagged(db.insert(orders).values(row), {
    tradeId: row.ftTradeId,
    reorders: false,
    reports: row.status === 'closed',
  });
}

export function updateOrderQuery(db: Db, order: Pick<OrderRow, 'id' | 'ftTradeId'>, patch: Partial<NewOrderRow>) {
  return tagged(db.update(orders).set(patch).where(eq(orders.id, order.id)), {
    tradeId: order.ftTradeId,
    reorders: false,
    reports: 'status' in patch || 'cost' in patch || 'ftTradeId' in patch,
  });
}

export function deleteTradeQueries(db: Db, id: number) {
  const info = { tradeId: id, reorders: true, reports: true };
  return [
    tagged(db.delete(orders).where(eq(orders.ftTradeId, id)), info),
    tagged(db.delete(trades).where(eq(trades.id, id)), info),
  ] as const;
}

/** Closed trades whose close date is at or after `since` (protections look back this way). */
export async function closedTradesSince(db: Db, since: number): Promise<TradeRow[]> {
  return db
    .select()
    .from(trades)
    .where(and(eq(trades.isOpen, false), gte(trades.closeDate, since)))
    .orderBy(asc(trades.closeDate));
}
