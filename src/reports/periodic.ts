// /daily, /weekly, /monthly: closed profit per period, newest first, with the balance at each
// period's start derived by walking back from the current total. Read from the report book's
// period buckets (book.ts, grouped-fold.ts); computePeriods is the same answer by SQL, which the
// tests compare with.

import { and, asc, eq, gte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';
import { dateIsoformat } from '../domain/dates.ts';
import { reportBook } from './book.ts';
import { type PeriodRecord, type PeriodUnit, periodStart } from './time.ts';

export { type PeriodRecord, type PeriodUnit, periodStart };

/**
 * The period i with starts[i + 1] <= t < starts[i] (starts descend; starts[last] <= t < starts[0]):
 * a binary search, so a long timescale costs log(periods) per trade and month lengths stay exact.
 */
function periodIndex(starts: number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t >= starts[mid + 1]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * `currentTotal` is the bot's current total stake (starting balance + closed profit); each
 * period's starting balance is that total minus the profit of it and every later period.
 */
export async function periodicReport(
  db: Db,
  unit: PeriodUnit,
  timescale: number,
  now: number,
  currentTotal: number,
): Promise<PeriodRecord[]> {
  return (await reportBook(db).grouped()).periodRecords(unit, timescale, now, currentTotal);
}

export async function computePeriods(
  db: Db,
  unit: PeriodUnit,
  timescale: number,
  now: number,
  currentTotal: number,
): Promise<PeriodRecord[]> {
  const starts = Array.from({ length: timescale + 1 }, (_, i) => periodStart(now, unit, i - 1));
  // starts[0] is the start of the next period (exclusive end of the newest one).
  const oldest = starts[timescale];
  // A period's profits are added in closing order, as freqtrade's query orders them.
  const rows = await db
    .select({ closeDate: trades.closeDate, profit: trades.closeProfitAbs })
    .from(trades)
    .where(and(eq(trades.isOpen, false), gte(trades.closeDate, oldest)))
    .orderBy(asc(trades.closeDate), asc(trades.id));
  const sums = new Array<number>(timescale).fill(0);
  const counts = new Array<number>(timescale).fill(0);
  for (const r of rows) {
    if (r.closeDate === null || r.closeDate >= starts[0]) continue;
    const i = periodIndex(starts, r.closeDate);
    sums[i] += r.profit ?? 0;
    counts[i]++;
  }
  let balance = currentTotal;
  const out: PeriodRecord[] = [];
  for (let i = 0; i < timescale; i++) {
    balance -= sums[i];
    out.push({
      date: dateIsoformat(starts[i + 1]),
      abs_profit: sums[i],
      rel_profit: balance > 0 ? Math.round((sums[i] / balance) * 1e8) / 1e8 : 0,
      starting_balance: balance,
      fiat_value: 0,
      trade_count: counts[i],
    });
  }
  return out;
}
