// /daily, /weekly, /monthly: closed profit per period, newest first, with the balance at each
// period's start derived by walking back from the current total; kept until a closed trade
// changes or a new period begins (cached.ts).

import { and, eq, gte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { trades } from '../db/schema.ts';
import { dateIsoformat } from '../domain/dates.ts';
import { cachedReport } from './cached.ts';

export type PeriodUnit = 'days' | 'weeks' | 'months';

export interface PeriodRecord {
  date: string;
  abs_profit: number;
  rel_profit: number;
  starting_balance: number;
  fiat_value: number;
  trade_count: number;
}

const DAY = 86_400_000;

/** Start (ms, UTC) of the period `back` periods before the one containing `now`. */
export function periodStart(now: number, unit: PeriodUnit, back: number): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const today = Date.UTC(y, m, d.getUTCDate());
  if (unit === 'days') return today - back * DAY;
  if (unit === 'weeks') {
    const monday = today - ((d.getUTCDay() + 6) % 7) * DAY;
    return monday - back * 7 * DAY;
  }
  return Date.UTC(y, m - back, 1);
}

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
export function periodicReport(
  db: Db,
  unit: PeriodUnit,
  timescale: number,
  now: number,
  currentTotal: number,
): Promise<PeriodRecord[]> {
  // The answer depends on `now` only through the period it falls in.
  const key = `periodic|${unit}|${timescale}|${periodStart(now, unit, -1)}|${currentTotal}`;
  return cachedReport(db, key, 'trades', () => computePeriods(db, unit, timescale, now, currentTotal));
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
  const rows = await db
    .select({ closeDate: trades.closeDate, profit: trades.closeProfitAbs })
    .from(trades)
    .where(and(eq(trades.isOpen, false), gte(trades.closeDate, oldest)));
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
