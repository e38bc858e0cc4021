// /performance, /entries, /exits, /mix_tags: grouped sums over closed trades, read from the report
// book (book.ts, grouped-fold.ts). The compute* functions give the same answers by SQL (freqtrade's
// grouped queries, ties broken by key), which the tests compare with.

import { and, desc, eq, gte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';
import { pct } from '../domain/money/index.ts';
import { reportBook } from './book.ts';

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

export async function performanceReport(db: Db) {
  return (await reportBook(db).grouped()).performance();
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

export async function entriesReport(db: Db, pair?: string) {
  return (await reportBook(db).grouped()).entryTags(pair);
}

export async function computeEntries(db: Db, pair?: string) {
  const tag = sql<string>`coalesce(${trades.enterTag}, 'Other')`;
  const rows = await db
    .select({ tag, ...sums })
    .from(trades)
    .where(closedWhere(pair))
    .groupBy(tag)
    .orderBy(desc(sums.abs), tag);
  return rows.map((r) => ({ enter_tag: r.tag, ...stats(r) }));
}

export async function exitsReport(db: Db, pair?: string) {
  return (await reportBook(db).grouped()).exitReasons(pair);
}

export async function computeExits(db: Db, pair?: string) {
  const reason = sql<string>`coalesce(${trades.exitReason}, 'Other')`;
  const rows = await db
    .select({ reason, ...sums })
    .from(trades)
    .where(closedWhere(pair))
    .groupBy(reason)
    .orderBy(desc(sums.abs), reason);
  return rows.map((r) => ({ exit_reason: r.reason, ...stats(r) }));
}

/**
 * "<enter_tag> <exit_reason>" combinations, in the order freqtrade first meets them when it walks
 * the trades by profit descending (= by each group's best trade). freqtrade's merged profit_pct
 * has an operator-precedence slip; tickhub reports round(ratio sum × 100, 2) instead.
 */
export async function mixTagsReport(db: Db, pair?: string) {
  return (await reportBook(db).grouped()).mixTags(pair);
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
    .orderBy(desc(best), tag, reason);
  return rows.map((r) => ({ mix_tag: `${r.tag} ${r.reason}`, ...stats(r) }));
}
