// The closed-trade half of /profit: every figure freqtrade derives from the closed trades, gathered
// in two streaming passes in closing order (the second only for the deviations the risk ratios
// take from the mean) and kept until a closed trade changes. Fixed size: sums, counts, extremes,
// the drawdown tracker's state and the per-pair sums (one entry per pair, not per trade).

import type { Db } from '../db/client.ts';
import { cachedReport } from './cached.ts';
import { type ClosedFilter, type Direction, forEachClosedProfitRow, forEachCurveProfit } from './common.ts';
import { type Drawdown, DrawdownTracker } from './drawdown.ts';
import { ReturnMoments } from './metrics.ts';

export interface ClosedProfitSummary {
  count: number;
  coin: number;
  ratioSum: number;
  winning: number;
  losing: number;
  winProfit: number;
  lossProfit: number;
  durationSum: number;
  durationCount: number;
  /** Lowest and highest trade id among the closed trades, with their open dates. */
  firstId: number;
  firstDate: number | undefined;
  lastId: number;
  lastDate: number | undefined;
  best: { pair: string; ratio: number; abs: number } | undefined;
  expWins: number;
  expWinSum: number;
  expLosses: number;
  expLossSum: number;
  /** Closed trades with a close date (the curve the drawdown and the ratios run over). */
  curveCount: number;
  drawdown: Drawdown;
  moments: ReturnMoments;
}

type Sums = Omit<ClosedProfitSummary, 'best' | 'drawdown'>;

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
  const s: Sums = {
    count: 0,
    coin: 0,
    ratioSum: 0,
    winning: 0,
    losing: 0,
    winProfit: 0,
    lossProfit: 0,
    durationSum: 0,
    durationCount: 0,
    firstId: Number.POSITIVE_INFINITY,
    firstDate: undefined,
    lastId: Number.NEGATIVE_INFINITY,
    lastDate: undefined,
    expWins: 0,
    expWinSum: 0,
    expLosses: 0,
    expLossSum: 0,
    curveCount: 0,
    moments: new ReturnMoments(),
  };
  const tracker = new DrawdownTracker();
  const byPair = new Map<string, { ratio: number; abs: number }>();
  await forEachClosedProfitRow(db, filter, (t) => {
    if (t.id < s.firstId) {
      s.firstId = t.id;
      s.firstDate = t.openDate;
    }
    if (t.id > s.lastId) {
      s.lastId = t.id;
      s.lastDate = t.openDate;
    }
    const ratio = t.closeProfit ?? 0;
    const abs = t.closeProfitAbs ?? 0;
    if (t.closeDate !== null) {
      s.durationSum += (t.closeDate - t.openDate) / 1000;
      s.durationCount++;
      s.curveCount++;
      tracker.add(t.closeDate, abs);
      if (startingBalance) s.moments.addReturn(abs / startingBalance);
      if (abs > 0) {
        s.expWins++;
        s.expWinSum += abs;
      } else if (abs < 0) {
        s.expLosses++;
        s.expLossSum += -abs;
      }
    }
    s.coin += abs;
    s.ratioSum += ratio;
    if (ratio >= 0) {
      s.winning++;
      s.winProfit += abs;
    } else {
      s.losing++;
      s.lossProfit += abs;
    }
    s.count++;
    const p = byPair.get(t.pair) ?? { ratio: 0, abs: 0 };
    p.ratio += ratio;
    p.abs += abs;
    byPair.set(t.pair, p);
  });
  if (startingBalance && s.moments.n > 0) {
    let visited = 0;
    await forEachCurveProfit(db, filter, (abs) => {
      visited++;
      s.moments.addDeviation((abs ?? 0) / startingBalance);
    });
    if (visited !== s.moments.n && !acceptMismatch) return undefined;
  }
  let best: ClosedProfitSummary['best'];
  for (const [pair, p] of byPair) if (!best || p.ratio > best.ratio) best = { pair, ...p };
  return { ...s, best, drawdown: tracker.result(startingBalance) };
}

/**
 * The summary for the current closed trades (those closed since `since`, when given: Telegram's
 * /profit <n>); recomputed only after a closed trade changed.
 */
export function closedProfitSummary(
  db: Db,
  direction: Direction,
  since: number | undefined,
  startingBalance: number,
): Promise<ClosedProfitSummary> {
  return cachedReport(db, `profit|${direction ?? '*'}|${since ?? '*'}|${startingBalance}`, 'trades', () =>
    computeSummary(db, direction, since, startingBalance),
  );
}

/**
 * Starts computing /profit's summary (all trades, the configured starting balance) so the first
 * request finds it ready or in progress; a failure is left for that request to meet.
 */
export function warmProfitSummary(db: Db, startingBalance: number): void {
  closedProfitSummary(db, undefined, undefined, startingBalance).catch(() => undefined);
}
