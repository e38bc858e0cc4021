// The test oracle: tickhub's report code before the reports were kept (issue 19 point 3), reading
// every closed trade on every call. Pieces every report shares.

import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../src/db/client.ts';
import { trades } from '../../../src/db/schema.ts';

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

/** Closed trades' profit columns by close date (the drawdown curve's order), read afresh. */
export async function closedProfitRows(db: Db, direction?: Direction, pair?: string): Promise<ClosedProfitRow[]> {
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

/** NaN and ±Infinity become null (freqtrade's JSON encoder). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Σ close_profit_abs over closed trades. */
export async function closedProfitSum(db: Db): Promise<number> {
  const [row] = await db
    .select({ p: sql<number>`coalesce(sum(${trades.closeProfitAbs}), 0)` })
    .from(trades)
    .where(eq(trades.isOpen, false));
  return Number(row?.p ?? 0);
}
