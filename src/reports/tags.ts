// /performance, /entries, /exits, /mix_tags: grouped sums over closed trades, kept until a closed
// trade changes (cached.ts).

import { and, desc, eq, gte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';
import { pct } from '../domain/money/index.ts';
import { cachedReport } from './cached.ts';

export interface TagStats {
  profit_ratio: number;
  profit_pct: number;
  profit_abs: number;
  count: number;
}

const sums = {
  ratio: sql<number>`coalesce(sum(${trades.closeProfit}), 0)`,
  abs: sql<number>`coalesce(sum(${trades.closeProfitAbs}), 0)`,
  n: sql<number>`count(*)`,
};

function closedWhere(pair?: string): SQL | undefined {
  return pair ? and(eq(trades.isOpen, false), eq(trades.pair, pair)) : eq(trades.isOpen, false);
}

const stats = (r: { ratio: number; abs: number; n: number }): TagStats => ({
  profit_ratio: r.ratio,
  profit_pct: pct(r.ratio),
  profit_abs: r.abs,
  count: Number(r.n),
});

export function performanceReport(db: Db) {
  return cachedReport(db, 'performance', 'trades', () => computePerformance(db));
}

export async function computePerformance(db: Db) {
  const rows = await db
    .select({ pair: trades.pair, ...sums })
    .from(trades)
    .where(closedWhere())
    .groupBy(trades.pair)
    .orderBy(desc(sums.abs), trades.pair);
  return rows.map((r) => {
    const s = stats(r);
    return { pair: r.pair, profit: s.profit_pct, ...s };
  });
}

/** freqtrade's get_overall_performance: per pair, the summed close_profit and count of trades closed since `sinceMs`. */
export async function pairPerformance(db: Db, sinceMs?: number) {
  const where = sinceMs === undefined ? closedWhere() : and(closedWhere(), gte(trades.closeDate, sinceMs));
  const rows = await db
    .select({ pair: trades.pair, ...sums })
    .from(trades)
    .where(where)
    .groupBy(trades.pair)
    .orderBy(desc(sums.abs), trades.pair);
  return rows.map((r) => ({ pair: r.pair, profit_ratio: r.ratio, count: Number(r.n) }));
}

export function entriesReport(db: Db, pair?: string) {
  return cachedReport(db, `entries|${JSON.stringify(pair ?? null)}`, 'trades', () => computeEntries(db, pair));
}

export async function computeEntries(db: Db, pair?: string) {
  const tag = sql<string>`coalesce(${trades.enterTag}, 'Other')`;
  const rows = await db
    .select({ tag, ...sums })
    .from(trades)
    .where(closedWhere(pair))
    .groupBy(tag)
    .orderBy(desc(sums.abs));
  return rows.map((r) => ({ enter_tag: r.tag, ...stats(r) }));
}

export function exitsReport(db: Db, pair?: string) {
  return cachedReport(db, `exits|${JSON.stringify(pair ?? null)}`, 'trades', () => computeExits(db, pair));
}

export async function computeExits(db: Db, pair?: string) {
  const reason = sql<string>`coalesce(${trades.exitReason}, 'Other')`;
  const rows = await db
    .select({ reason, ...sums })
    .from(trades)
    .where(closedWhere(pair))
    .groupBy(reason)
    .orderBy(desc(sums.abs));
  return rows.map((r) => ({ exit_reason: r.reason, ...stats(r) }));
}

/**
 * "<enter_tag> <exit_reason>" combinations, in the order freqtrade first meets them when it walks
 * the trades by profit descending (= by each group's best trade). freqtrade's merged profit_pct
 * has an operator-precedence slip; tickhub reports round(ratio sum × 100, 2) instead.
 */
export function mixTagsReport(db: Db, pair?: string) {
  return cachedReport(db, `mixTags|${JSON.stringify(pair ?? null)}`, 'trades', () => computeMixTags(db, pair));
}

export async function computeMixTags(db: Db, pair?: string) {
  const tag = sql<string>`coalesce(${trades.enterTag}, 'Other')`;
  const reason = sql<string>`coalesce(${trades.exitReason}, 'Other')`;
  const best = sql<number>`max(coalesce(${trades.closeProfitAbs}, 0))`;
  const rows = await db
    .select({ tag, reason, ...sums })
    .from(trades)
    .where(closedWhere(pair))
    .groupBy(tag, reason)
    .orderBy(desc(best));
  return rows.map((r) => ({ mix_tag: `${r.tag} ${r.reason}`, ...stats(r) }));
}
