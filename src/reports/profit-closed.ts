// The closed-trade half of /profit: read from the report book (book.ts) for all closed trades;
// for those closed since a date (Telegram's /profit <n>) gathered in two streaming passes in
// closing order (the second only for the deviations the risk ratios take from the mean), kept
// until the next change. The passes are also the independent computation the tests compare with.

import type { Db } from '../db/client.ts';
import { reportBook } from './book.ts';
import { type ClosedFilter, type Direction, forEachClosedProfitRow, forEachCurveProfit } from './common.ts';
import { ReturnMoments } from './metrics.ts';
import { type ClosedProfitSummary, ProfitFold } from './profit-fold.ts';

export type { ClosedProfitSummary };

async function computeSummary(
  db: Db,
  direction: Direction,
  since: number | undefined,
  startingBalance: number,
): Promise<ClosedProfitSummary> {
  // Without a transaction (D1 has none) a trade can close between the two passes; the passes are
  // then redone, as their counts disagree.
  for (let attempt = 1; ; attempt++) {
    const summary = await twoPasses(db, { direction, since }, startingBalance, attempt === 3);
    if (summary) return summary;
  }
}

async function twoPasses(
  db: Db,
  filter: ClosedFilter,
  startingBalance: number,
  acceptMismatch: boolean,
): Promise<ClosedProfitSummary | undefined> {
  const fold = new ProfitFold();
  const moments = new ReturnMoments();
  await forEachClosedProfitRow(db, filter, (t) => {
    fold.add(t);
    if (t.closeDate !== null && startingBalance) moments.addReturn((t.closeProfitAbs ?? 0) / startingBalance);
  });
  if (startingBalance && moments.n > 0) {
    let visited = 0;
    await forEachCurveProfit(db, filter, (abs) => {
      visited++;
      moments.addDeviation((abs ?? 0) / startingBalance);
    });
    if (visited !== moments.n && !acceptMismatch) return undefined;
  }
  return fold.summary(startingBalance, moments);
}

/**
 * The summary for the current closed trades: from the report book; those closed since `since`
 * (Telegram's /profit <n>) by a scan of their own, kept until the next change.
 */
export function closedProfitSummary(
  db: Db,
  direction: Direction,
  since: number | undefined,
  startingBalance: number,
): Promise<ClosedProfitSummary> {
  const book = reportBook(db);
  if (since === undefined) return book.closedSummary(direction, startingBalance);
  const name = `profit|${direction ?? '*'}|${since}|${startingBalance}`;
  return book.variants.get(name, { version: book.version }, () =>
    computeSummary(db, direction, since, startingBalance),
  ) as Promise<ClosedProfitSummary>;
}

/** The closed-trade summary computed afresh by its own two passes over the database (tests compare). */
export function computeClosedSummary(db: Db, direction: Direction, since: number | undefined, startingBalance: number) {
  return computeSummary(db, direction, since, startingBalance);
}

/**
 * Builds the report book at start so the first request finds it ready or in progress; a failure
 * is left for that request to meet.
 */
export function warmReports(db: Db): void {
  reportBook(db)
    .current()
    .catch(() => undefined);
}
