// Pieces every report shares: the starting balance and the closed-trade rows reports read.

import { and, asc, eq, gt, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';
import { cachedReport } from './cached.ts';

/**
 * freqtrade's starting balance: available_capital when set, else the dry-run wallet's
 * stake-currency amount. (Live bots without available_capital have no stored starting
 * balance in tickhub yet; 0 makes the relative figures 0, as freqtrade does for a 0 balance.)
 */
export function startingBalance(config: Config): number {
  if (config.available_capital !== undefined) return config.available_capital;
  if (!config.dry_run) return 0;
  const wallet = config.dry_run_wallet;
  return typeof wallet === 'number' ? wallet : (wallet[config.stake_currency] ?? 0);
}

export type Direction = 'long' | 'short' | undefined;

export function directionFilter(direction: Direction): SQL | undefined {
  if (direction === undefined) return undefined;
  return eq(trades.isShort, direction === 'short');
}

export interface ClosedProfitRow {
  id: number;
  pair: string;
  openDate: number;
  closeDate: number | null;
  closeProfit: number | null;
  closeProfitAbs: number | null;
}

// Closed trades only change when a trade closes or is deleted, so the rows reports walk are kept
// per database and query, and re-read only when this fingerprint (an index-only scan) changes.
const rowCache = new WeakMap<Db, Map<string, { fingerprint: string; rows: ClosedProfitRow[] }>>();
const CACHE_MAX_ROWS = 250_000;

async function closedFingerprint(db: Db): Promise<string> {
  const [row] = await db
    .select({
      n: sql<number>`count(*)`,
      maxId: sql<number | null>`max(${trades.id})`,
      maxClose: sql<number | null>`max(${trades.closeDate})`,
      sum: sql<number>`total(${trades.closeProfitAbs})`,
    })
    .from(trades)
    .where(eq(trades.isOpen, false));
  return `${row?.n}|${row?.maxId}|${row?.maxClose}|${row?.sum}`;
}

/** Closed trades' profit columns by close date (the drawdown curve's order). */
export async function closedProfitRows(db: Db, direction?: Direction, pair?: string): Promise<ClosedProfitRow[]> {
  const key = `${direction ?? '*'}|${pair ?? '*'}`;
  const fingerprint = await closedFingerprint(db);
  let perDb = rowCache.get(db);
  const hit = perDb?.get(key);
  if (hit && hit.fingerprint === fingerprint) return hit.rows;
  const rows = await readClosedProfitRows(db, direction, pair);
  if (rows.length <= CACHE_MAX_ROWS) {
    if (!perDb) {
      perDb = new Map();
      rowCache.set(db, perDb);
    }
    if (perDb.size > 64) perDb.clear();
    perDb.set(key, { fingerprint, rows });
  }
  return rows;
}

async function readClosedProfitRows(db: Db, direction?: Direction, pair?: string): Promise<ClosedProfitRow[]> {
  const conds = [eq(trades.isOpen, false), directionFilter(direction), pair ? eq(trades.pair, pair) : undefined];
  return db
    .select({
      id: trades.id,
      pair: trades.pair,
      openDate: trades.openDate,
      closeDate: trades.closeDate,
      closeProfit: trades.closeProfit,
      closeProfitAbs: trades.closeProfitAbs,
    })
    .from(trades)
    .where(and(...conds.filter((c): c is SQL => c !== undefined)))
    .orderBy(asc(trades.closeDate), asc(trades.id));
}

const PAGE_ROWS = 4096;

const profitColumns = {
  id: trades.id,
  pair: trades.pair,
  openDate: trades.openDate,
  closeDate: trades.closeDate,
  closeProfit: trades.closeProfit,
  closeProfitAbs: trades.closeProfitAbs,
};

/**
 * Visits the closed trades' profit columns in the order of `closedProfitRows` (close date, then
 * id; trades without a close date first), a page at a time, so memory does not grow with the
 * number of trades. `datedOnly` skips the trades without a close date.
 */
export async function forEachClosedProfitRow(
  db: Db,
  direction: Direction,
  datedOnly: boolean,
  visit: (row: ClosedProfitRow) => void,
): Promise<void> {
  const closed = and(eq(trades.isOpen, false), directionFilter(direction));
  if (!datedOnly) {
    let afterId = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = await db
        .select(profitColumns)
        .from(trades)
        .where(and(closed, isNull(trades.closeDate), gt(trades.id, afterId)))
        .orderBy(asc(trades.id))
        .limit(PAGE_ROWS);
      for (const row of page) visit(row);
      if (page.length < PAGE_ROWS) break;
      afterId = page[page.length - 1].id;
    }
  }
  let after: { date: number; id: number } | undefined;
  for (;;) {
    const page = await db
      .select(profitColumns)
      .from(trades)
      .where(
        and(
          closed,
          after ? sql`(${trades.closeDate}, ${trades.id}) > (${after.date}, ${after.id})` : isNotNull(trades.closeDate),
        ),
      )
      .orderBy(asc(trades.closeDate), asc(trades.id))
      .limit(PAGE_ROWS);
    for (const row of page) visit(row);
    if (page.length < PAGE_ROWS) break;
    const last = page[page.length - 1];
    after = { date: last.closeDate as number, id: last.id };
  }
}

/** NaN and ±Infinity become null (freqtrade's JSON encoder). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Σ close_profit_abs over closed trades. */
export function closedProfitSum(db: Db): Promise<number> {
  return cachedReport(db, 'closed-profit-sum', 'trades', async () => {
    const [row] = await db
      .select({ p: sql<number>`coalesce(sum(${trades.closeProfitAbs}), 0)` })
      .from(trades)
      .where(eq(trades.isOpen, false));
    return Number(row?.p ?? 0);
  });
}
