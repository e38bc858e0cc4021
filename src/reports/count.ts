// /count: open trades, the limit and the stake they hold (Σ open_rate × amount).

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';

export async function countReport(db: Db, maxOpenTrades: number) {
  const [row] = await db
    .select({ n: sql<number>`count(*)`, stake: sql<number>`coalesce(sum(${trades.openRate} * ${trades.amount}), 0)` })
    .from(trades)
    .where(eq(trades.isOpen, true));
  return { current: Number(row?.n ?? 0), max: maxOpenTrades, total_stake: Number(row?.stake ?? 0) };
}
