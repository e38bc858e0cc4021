// Trades and their orders: reads for the API and the bot, and batched writes.

import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { selectByIds } from '../bound-parameters.ts';
import type { Db } from '../client.ts';
import { type NewOrderRow, type NewTradeRow, type OrderRow, orders, type TradeRow, trades } from '../schema.ts';
import { writeCount } from '../write-count.ts';

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

const openCache = new WeakMap<Db, { writes: number; trades: TradeWithOrders[] }>();

/** Copies of the rows (flat primitives), so a caller editing them never edits the cache. */
const copyTrades = (list: TradeWithOrders[]): TradeWithOrders[] =>
  list.map((tw) => ({ trade: { ...tw.trade }, orders: tw.orders.map((o) => ({ ...o })) }));

/**
 * openTrades, read again only after the database may have been written: on a Db whose writes are
 * counted (the Node host's), the previous read is returned (as copies) while no statement but a
 * SELECT has run since. Other Dbs read every time.
 */
export async function openTradesCurrent(db: Db): Promise<TradeWithOrders[]> {
  const writes = writeCount(db);
  if (writes === undefined) return openTrades(db);
  const hit = openCache.get(db);
  if (hit && hit.writes === writes) return copyTrades(hit.trades);
  const list = await openTrades(db);
  // A write between the two queries (another request's) makes this read unfit to keep.
  if (writeCount(db) === writes) openCache.set(db, { writes, trades: copyTrades(list) });
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

/**
 * Heard on every write to a trade or its orders: the trade id (NEW_TRADE for an insert without
 * one) and whether the write can change which trades are closed or their close order (insert,
 * delete, is_open or close_date set).
 */
export type TradeWriteListener = (tradeId: number, reorders: boolean) => void;
export const NEW_TRADE = -1;
const writeListeners = new WeakMap<Db, Set<TradeWriteListener>>();

/**
 * Calls `listener` whenever a write query for a trade or its orders is built on `db` (answers
 * built once from trades are dropped then). Every write to these tables is built by the functions
 * below, right before the batch that runs it. Returns the unsubscribe function.
 */
export function onTradeWrite(db: Db, listener: TradeWriteListener): () => void {
  const set = writeListeners.get(db) ?? new Set<TradeWriteListener>();
  writeListeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Writes announced since the last runTradeWrites, told again once it has run (bounded). */
const announced = new WeakMap<Db, [number, boolean][]>();
const ANNOUNCED_MAX = 1024;

function written(db: Db, tradeId: number, reorders: boolean): void {
  for (const listener of writeListeners.get(db) ?? []) listener(tradeId, reorders);
  const list = announced.get(db) ?? [];
  announced.set(db, list);
  if (list.length >= ANNOUNCED_MAX) list.shift();
  list.push([tradeId, reorders]);
}

/**
 * Runs write queries built by the functions below in one batch, then tells the listeners again:
 * on a database where the batch is not synchronous (D1, libSQL over HTTP) a read made between the
 * build and the commit saw the old rows, and must not be kept either.
 */
export async function runTradeWrites(db: Db, queries: readonly unknown[]): Promise<void> {
  try {
    await db.batch(queries as Parameters<Db['batch']>[0]);
  } finally {
    const list = announced.get(db) ?? [];
    announced.delete(db);
    for (const [tradeId, reorders] of list) {
      for (const listener of writeListeners.get(db) ?? []) listener(tradeId, reorders);
    }
  }
}

export function insertTradeQuery(db: Db, row: NewTradeRow) {
  written(db, row.id ?? NEW_TRADE, true);
  return db.insert(trades).values(row).returning({ id: trades.id });
}

export function updateTradeQuery(db: Db, id: number, patch: Partial<NewTradeRow>) {
  written(db, id, 'isOpen' in patch || 'closeDate' in patch);
  return db.update(trades).set(patch).where(eq(trades.id, id));
}

export function insertOrderQuery(db: Db, row: NewOrderRow) {
  written(db, row.ftTradeId, false);
  return db.insert(orders).values(row);
}

export function updateOrderQuery(db: Db, order: Pick<OrderRow, 'id' | 'ftTradeId'>, patch: Partial<NewOrderRow>) {
  written(db, order.ftTradeId, false);
  return db.update(orders).set(patch).where(eq(orders.id, order.id));
}

export function deleteTradeQueries(db: Db, id: number) {
  written(db, id, true);
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
