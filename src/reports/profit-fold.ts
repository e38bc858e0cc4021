// The closed-trade half of /profit as a fold over the closed trades in closing order (close date,
// then id; trades without a close date first): every figure freqtrade derives from them, in fixed
// size: sums and counts (plain float additions in that order, as the reference computation makes
// them), extremes, the drawdown tracker and the per-pair sums (one entry per pair). The risk
// ratios' moments are not part of it: they take deviations from the final mean (ReturnMoments).

import type { TradeReportRow } from '../db/repo/trade-writes.ts';
import { type Drawdown, DrawdownTracker } from './drawdown.ts';
import type { ReturnMoments } from './metrics.ts';

/** The columns of a closed trade the reports read. */
export type ClosedTrade = Omit<TradeReportRow, 'isOpen'>;

/** What /profit's closed half reads of a closed trade. */
export type ProfitRow = Pick<ClosedTrade, 'id' | 'pair' | 'openDate' | 'closeDate' | 'closeProfit' | 'closeProfitAbs'>;

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

export class ProfitFold {
  count = 0;
  coin = 0;
  ratioSum = 0;
  winning = 0;
  losing = 0;
  winProfit = 0;
  lossProfit = 0;
  durationSum = 0;
  durationCount = 0;
  firstId = Number.POSITIVE_INFINITY;
  firstDate: number | undefined;
  lastId = Number.NEGATIVE_INFINITY;
  lastDate: number | undefined;
  expWins = 0;
  expWinSum = 0;
  expLosses = 0;
  expLossSum = 0;
  curveCount = 0;
  private readonly tracker = new DrawdownTracker();
  private readonly byPair = new Map<string, { ratio: number; abs: number }>();

  /** Folds in the next closed trade in closing order. */
  add(t: ProfitRow): void {
    if (t.id < this.firstId) {
      this.firstId = t.id;
      this.firstDate = t.openDate;
    }
    if (t.id > this.lastId) {
      this.lastId = t.id;
      this.lastDate = t.openDate;
    }
    const ratio = t.closeProfit ?? 0;
    const abs = t.closeProfitAbs ?? 0;
    if (t.closeDate !== null) {
      this.durationSum += (t.closeDate - t.openDate) / 1000;
      this.durationCount++;
      this.curveCount++;
      this.tracker.add(t.closeDate, abs);
      if (abs > 0) {
        this.expWins++;
        this.expWinSum += abs;
      } else if (abs < 0) {
        this.expLosses++;
        this.expLossSum += -abs;
      }
    }
    this.coin += abs;
    this.ratioSum += ratio;
    if (ratio >= 0) {
      this.winning++;
      this.winProfit += abs;
    } else {
      this.losing++;
      this.lossProfit += abs;
    }
    this.count++;
    const p = this.byPair.get(t.pair);
    if (p) {
      p.ratio += ratio;
      p.abs += abs;
    } else this.byPair.set(t.pair, { ratio: 0 + ratio, abs: 0 + abs });
  }

  /** The summary at a starting balance, with the returns' moments gathered for it. */
  summary(startingBalance: number, moments: ReturnMoments): ClosedProfitSummary {
    let best: ClosedProfitSummary['best'];
    for (const [pair, p] of this.byPair) if (!best || p.ratio > best.ratio) best = { pair, ...p };
    return {
      count: this.count,
      coin: this.coin,
      ratioSum: this.ratioSum,
      winning: this.winning,
      losing: this.losing,
      winProfit: this.winProfit,
      lossProfit: this.lossProfit,
      durationSum: this.durationSum,
      durationCount: this.durationCount,
      firstId: this.firstId,
      firstDate: this.firstDate,
      lastId: this.lastId,
      lastDate: this.lastDate,
      best,
      expWins: this.expWins,
      expWinSum: this.expWinSum,
      expLosses: this.expLosses,
      expLossSum: this.expLossSum,
      curveCount: this.curveCount,
      drawdown: this.tracker.result(startingBalance),
      moments,
    };
  }
}

/** Whether `t` comes after the trade at (date, id) in closing order (undated trades first). */
export function closesAfter(t: Pick<ClosedTrade, 'closeDate' | 'id'>, date: number | null, id: number): boolean {
  if (t.closeDate === date) return t.id > id;
  if (t.closeDate === null) return false;
  return date === null || t.closeDate > date;
}
