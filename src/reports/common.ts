// Pieces every report shares: the starting balance and the closed-trade rows reports read.

import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';

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

export async function readClosedProfitRows(db: Db, direction?: Direction, pair?: string): Promise<ClosedProfitRow[]> {
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

/** Trades per page of the streaming passes over closed trades. */
export const PAGE_ROWS = 8192;

/**
 * Lets timers and I/O run between two pages: on the Node host the libSQL client answers in the
 * same turn, so a pass awaiting only its queries would hold the event loop (no /ping) for its
 * whole length (seconds at 1M trades). setImmediate where there is one: it comes after the I/O
 * and timers of one loop turn, without setTimeout's 1 ms minimum per page.
 */
export const betweenPages = (): Promise<void> =>
  new Promise<void>((resolve) => {
    const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });

/**
 * A REAL column as text that parses back to the same double: 17 significant digits, which SQLite's
 * printf renders exactly with its `!` flag (its JSON renders 15, which loses bits).
 */
export const exactReal = (column: string) => `iif(${column} IS NULL, NULL, printf('%!.17g', ${column}))`;

export function realOf(text: string | null): number | null {
  if (text === null) return null;
  if (text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/**
 * Visits closed trades in the order of `closedProfitRows` (close date, then id; trades without a
 * close date first) a page at a time, so memory does not grow with the number of trades. The
 * pages follow trades_closed_order_idx (keyset, no sort) and each comes back as one JSON text:
 * the libSQL client builds a JS object per row, which made the rows, not the reading, the cost.
 * `columns` are read as they are, `reals` through exactReal; a visited row holds the columns,
 * then the reals, then close_date and id.
 */
async function inCloseOrder(
  db: Db,
  columns: string[],
  reals: string[],
  { direction, since }: ClosedFilter,
  datedOnly: boolean,
  visit: (row: unknown[]) => void,
): Promise<void> {
  const all = [...columns, ...reals, 'close_date', 'id'];
  const outer = [...columns, ...reals.map(exactReal), 'close_date', 'id'].join(', ');
  const side = direction === undefined ? sql`` : sql` AND is_short = ${direction === 'short' ? 1 : 0}`;
  const from = since === undefined ? sql`` : sql` AND close_date >= ${since}`;
  const page = async (where: SQL): Promise<unknown[][]> => {
    await betweenPages();
    const [row] = await db.all<{ page: string }>(
      sql`SELECT json_group_array(json_array(${sql.raw(outer)}) ORDER BY close_date, id) AS page FROM (SELECT ${sql.raw(all.join(', '))} FROM trades WHERE is_open = 0${side} AND ${where} ORDER BY close_date, id LIMIT ${PAGE_ROWS})`,
    );
    return JSON.parse(row.page) as unknown[][];
  };
  const dateAt = all.length - 2;
  const idAt = all.length - 1;
  const visitPage = (rows: unknown[][]) => {
    for (const r of rows) {
      for (let i = columns.length; i < dateAt; i++) r[i] = realOf(r[i] as string | null);
      visit(r);
    }
  };
  // A trade without a close date counts as closed at 0 (the oracle's `closeDate ?? 0`).
  if (!datedOnly && (since === undefined || since <= 0)) {
    let afterId = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = await page(sql`close_date IS NULL AND id > ${afterId}`);
      visitPage(rows);
      if (rows.length < PAGE_ROWS) break;
      afterId = rows[rows.length - 1][idAt] as number;
    }
  }
  let after = sql`close_date IS NOT NULL${from}`;
  for (;;) {
    const rows = await page(after);
    visitPage(rows);
    if (rows.length < PAGE_ROWS) break;
    const last = rows[rows.length - 1];
    after = sql`(close_date, id) > (${last[dateAt]}, ${last[idAt]})${from}`;
  }
}

/** Which closed trades a pass visits: one direction, those closed since a date. */
export interface ClosedFilter {
  direction: Direction;
  since: number | undefined;
}

/** Every closed trade's profit columns, in closing order. */
export function forEachClosedProfitRow(
  db: Db,
  filter: ClosedFilter,
  visit: (row: ClosedProfitRow) => void,
): Promise<void> {
  return inCloseOrder(db, ['pair', 'open_date'], ['close_profit', 'close_profit_abs'], filter, false, (r) =>
    visit({
      pair: r[0] as string,
      openDate: r[1] as number,
      closeProfit: r[2] as number | null,
      closeProfitAbs: r[3] as number | null,
      closeDate: r[4] as number | null,
      id: r[5] as number,
    }),
  );
}

/** close_profit_abs of the closed trades with a close date (the profit curve), in closing order. */
export function forEachCurveProfit(db: Db, filter: ClosedFilter, visit: (profitAbs: number | null) => void) {
  return inCloseOrder(db, [], ['close_profit_abs'], filter, true, (r) => visit(r[0] as number | null));
}

/** NaN and ±Infinity become null (freqtrade's JSON encoder). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Σ close_profit_abs over closed trades by SQL's sum (the reference the tests compare with). */
export async function computeClosedProfitSum(db: Db): Promise<number> {
  const [row] = await db
    .select({ p: sql<number>`coalesce(sum(${trades.closeProfitAbs}), 0)` })
    .from(trades)
    .where(eq(trades.isOpen, false));
  return Number(row?.p ?? 0);
}
