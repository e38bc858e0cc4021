// /stats: wins/losses/draws per exit reason and average durations, read from the report book
// (book.ts, grouped-fold.ts); computeStats is the same answer by one grouped query.

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';
import { reportBook } from './book.ts';
import type { StatsReport } from './grouped-fold.ts';

export type { StatsReport };

export async function statsReport(db: Db): Promise<StatsReport> {
  return (await reportBook(db).grouped()).statsReport();
}

/** /stats computed afresh (the property tests compare the kept answer with it). */
export async function computeStats(db: Db): Promise<StatsReport> {
  const outcome = sql<string>`case when ${trades.closeProfit} > 0 then 'wins' when ${trades.closeProfit} < 0 then 'losses' else 'draws' end`;
  const rows = await db
    .select({
      reason: trades.exitReason,
      outcome,
      n: sql<number>`count(*)`,
      durationSum: sql<
        number | null
      >`sum(case when ${trades.closeDate} is not null then ${trades.closeDate} - ${trades.openDate} end)`,
      durationCount: sql<number>`count(${trades.closeDate})`,
    })
    .from(trades)
    .where(eq(trades.isOpen, false))
    .groupBy(trades.exitReason, outcome)
    .orderBy(trades.exitReason, outcome);

  const exit_reasons: StatsReport['exit_reasons'] = {};
  const dur = { wins: [0, 0], draws: [0, 0], losses: [0, 0] } as Record<string, [number, number]>;
  for (const r of rows) {
    const key = r.reason ?? 'None';
    const entry = exit_reasons[key] ?? { wins: 0, losses: 0, draws: 0 };
    entry[r.outcome as 'wins' | 'losses' | 'draws'] += Number(r.n);
    exit_reasons[key] = entry;
    dur[r.outcome][0] += Number(r.durationSum ?? 0) / 1000;
    dur[r.outcome][1] += Number(r.durationCount);
  }
  const avg = (k: string) => (dur[k][1] > 0 ? dur[k][0] / dur[k][1] : null);
  return { exit_reasons, durations: { wins: avg('wins'), draws: avg('draws'), losses: avg('losses') } };
}
