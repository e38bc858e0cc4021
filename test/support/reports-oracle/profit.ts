// Test oracle: src/reports/profit.ts as it was before the reports were kept (issue 19 point 3).
// /profit and /profit_all: closed figures from one ordered pass over the closed trades, live
// figures for open trades at the current rate (freqtrade's _rpc_trade_statistics).

import { and, eq, gte, sql } from 'drizzle-orm';
import type { Profit } from '../../../packages/client/src/schemas/stats.ts';
import type { Db } from '../../../src/db/client.ts';
import { openTrades, type TradeWithOrders } from '../../../src/db/repo/trades.ts';
import { orders, trades } from '../../../src/db/schema.ts';
import { datetimePrintFormat } from '../../../src/domain/dates.ts';
import { calculateProfit, pct, round8 } from '../../../src/domain/money/index.ts';
import { entrySide, tradeMath } from '../../../src/domain/trade-model.ts';
import { type Direction, directionFilter, finiteOrNull, readClosedProfitRows } from '../../../src/reports/common.ts';
import { humanizeAgo, timedeltaString } from '../../../src/reports/time.ts';
import { drawdownOf } from './drawdown.ts';
import { riskMetrics } from './metrics.ts';

export interface ProfitInputs {
  db: Db;
  now: number;
  startingBalance: number;
  /** Exit-side rate of an open trade's pair; null when it cannot be priced. */
  rate(t: TradeWithOrders): Promise<number | null>;
  /** First-ever bot start (ms). */
  botStart?: number;
  direction?: Direction;
  /** freqtrade's start_date (Telegram's /profit <n>): closed trades closed since then, volume filled since then. */
  since?: number;
}

/** The report with the two _rpc_trade_statistics figures freqtrade's REST model drops (Telegram prints them). */
export type ProfitReport = Profit & { drawdown_high: number; drawdown_low: number };

const dateOrEmpty = (ms: number | undefined) => (ms === undefined ? '' : datetimePrintFormat(ms));

async function tradingVolume(db: Db, direction: Direction, since: number | undefined): Promise<number> {
  const dir = directionFilter(direction);
  const from = since === undefined ? undefined : gte(orders.orderFilledDate, since);
  const [row] = await db
    .select({ v: sql<number | null>`sum(${orders.cost})` })
    .from(orders)
    .innerJoin(trades, eq(trades.id, orders.ftTradeId))
    .where(and(eq(orders.status, 'closed'), dir, from));
  return row?.v ?? 0;
}

export async function profitReport(input: ProfitInputs): Promise<ProfitReport> {
  const { db, now, startingBalance, direction, since } = input;
  const [allClosed, open, volume] = await Promise.all([
    readClosedProfitRows(db, direction),
    openTrades(db),
    tradingVolume(db, direction, since),
  ]);
  const closed = since === undefined ? allClosed : allClosed.filter((t) => (t.closeDate ?? 0) >= since);
  const openRows = direction ? open.filter((t) => t.trade.isShort === (direction === 'short')) : open;

  let closedCoin = 0;
  let closedRatioSum = 0;
  let winning = 0;
  let losing = 0;
  let winProfit = 0;
  let lossProfit = 0;
  let durationSum = 0;
  let durationCount = 0;
  let allCoin = 0;
  let allRatioSum = 0;
  let allCount = 0;
  let firstId = Number.POSITIVE_INFINITY;
  let lastId = Number.NEGATIVE_INFINITY;
  let firstDate: number | undefined;
  let lastDate: number | undefined;
  const seeTrade = (id: number, openDate: number) => {
    if (id < firstId) {
      firstId = id;
      firstDate = openDate;
    }
    if (id > lastId) {
      lastId = id;
      lastDate = openDate;
    }
  };
  const byPair = new Map<string, { ratio: number; abs: number }>();
  const curve: { date: number; profitAbs: number; openDate: number; closeDate: number }[] = [];
  let expWins = 0;
  let expWinSum = 0;
  let expLosses = 0;
  let expLossSum = 0;

  for (const t of closed) {
    seeTrade(t.id, t.openDate);
    const ratio = t.closeProfit ?? 0;
    const abs = t.closeProfitAbs ?? 0;
    if (t.closeDate !== null) {
      durationSum += (t.closeDate - t.openDate) / 1000;
      durationCount++;
      curve.push({ date: t.closeDate, profitAbs: abs, openDate: t.openDate, closeDate: t.closeDate });
      if (abs > 0) {
        expWins++;
        expWinSum += abs;
      } else if (abs < 0) {
        expLosses++;
        expLossSum += -abs;
      }
    }
    closedCoin += abs;
    closedRatioSum += ratio;
    if (ratio >= 0) {
      winning++;
      winProfit += abs;
    } else {
      losing++;
      lossProfit += abs;
    }
    allCoin += abs;
    allRatioSum += ratio;
    allCount++;
    const p = byPair.get(t.pair) ?? { ratio: 0, abs: 0 };
    p.ratio += ratio;
    p.abs += abs;
    byPair.set(t.pair, p);
  }

  const rates = await Promise.all(
    openRows.map(async (t) => {
      const side = entrySide(t.trade);
      const filled = t.orders.some((o) => o.ftOrderSide === side && (o.filled ?? 0) > 0);
      return filled ? input.rate(t).catch(() => null) : undefined;
    }),
  );
  openRows.forEach((t, i) => {
    seeTrade(t.trade.id, t.trade.openDate);
    const rate = rates[i];
    if (rate === undefined) return; // no entry fill yet: freqtrade leaves it out of the sums
    const profit =
      rate === null
        ? { profitRatio: Number.NaN, totalProfitAbs: Number.NaN }
        : calculateProfit(t.trade.closeRate ?? rate, tradeMath(t.trade), undefined, undefined, { now });
    allCoin += profit.totalProfitAbs;
    allRatioSum += profit.profitRatio;
    allCount++;
  });

  const closedCount = closed.length;
  const closedCoinSum = round8(closedCoin);
  const closedRatioMean = closedCount ? closedRatioSum / closedCount : 0;
  const allCoinSum = round8(allCoin);
  const allRatioMean = allCount ? allRatioSum / allCount : 0;
  const closedFromStart = startingBalance ? closedCoinSum / startingBalance : 0;
  const allFromStart = startingBalance ? allCoinSum / startingBalance : 0;

  let best: { pair: string; ratio: number; abs: number } | undefined;
  for (const [pair, p] of byPair) if (!best || p.ratio > best.ratio) best = { pair, ...p };

  const expCount = curve.length;
  const avgWin = expWins ? expWinSum / expWins : 0;
  const avgLoss = expLosses ? expLossSum / expLosses : 0;
  const expectancy = expCount ? (expWins / expCount) * avgWin - (expLosses / expCount) * avgLoss : 0;
  const expectancyRatio = expCount === 0 ? 0 : avgLoss > 0 ? (1 + avgWin / avgLoss) * (expWins / expCount) - 1 : 100;

  const dd = drawdownOf(curve, startingBalance);
  const metrics = riskMetrics({
    profits: curve.map((c) => c.profitAbs),
    startingBalance,
    firstDate,
    lastDate,
    maxDrawdownRelative: dd.relative,
  });
  const tradeCount = closedCount + openRows.length;
  const f = finiteOrNull;

  return {
    profit_closed_coin: closedCoinSum,
    profit_closed_percent_mean: pct(closedRatioMean),
    profit_closed_ratio_mean: closedRatioMean,
    profit_closed_percent_sum: pct(closedRatioSum),
    profit_closed_ratio_sum: closedRatioSum,
    profit_closed_ratio: closedFromStart,
    profit_closed_percent: pct(closedFromStart),
    profit_closed_fiat: 0,
    // Floats in freqtrade's model: NaN (an open trade without a rate) goes out as null, as
    // freqtrade's encoder writes it; JSON.stringify does the same.
    profit_all_coin: allCoinSum,
    profit_all_percent_mean: pct(allRatioMean),
    profit_all_ratio_mean: allRatioMean,
    profit_all_percent_sum: pct(allRatioSum),
    profit_all_ratio_sum: allRatioSum,
    profit_all_ratio: allFromStart,
    profit_all_percent: pct(allFromStart),
    profit_all_fiat: 0,
    trade_count: tradeCount,
    closed_trade_count: closedCount,
    first_trade_date: dateOrEmpty(firstDate),
    first_trade_humanized: firstDate === undefined ? '' : humanizeAgo(firstDate, now),
    first_trade_timestamp: firstDate ?? 0,
    latest_trade_date: dateOrEmpty(lastDate),
    latest_trade_humanized: lastDate === undefined ? '' : humanizeAgo(lastDate, now),
    latest_trade_timestamp: lastDate ?? 0,
    avg_duration: timedeltaString(durationSum / (durationCount || 1)),
    best_pair: best?.pair ?? '',
    best_rate: best ? pct(best.ratio) : 0,
    best_pair_profit_ratio: best?.ratio ?? 0,
    best_pair_profit_abs: best?.abs ?? 0,
    winning_trades: winning,
    losing_trades: losing,
    profit_factor: lossProfit ? winProfit / Math.abs(lossProfit) : null,
    winrate: closedCount ? winning / closedCount : 0,
    expectancy,
    expectancy_ratio: expectancyRatio,
    max_drawdown: dd.relative,
    max_drawdown_abs: dd.abs,
    max_drawdown_start: dateOrEmpty(dd.highDate),
    max_drawdown_start_timestamp: dd.highDate ?? 0,
    max_drawdown_end: dateOrEmpty(dd.lowDate),
    max_drawdown_end_timestamp: dd.lowDate ?? 0,
    trading_volume: volume,
    bot_start_timestamp: input.botStart ?? 0,
    bot_start_date: dateOrEmpty(input.botStart),
    sharpe: f(metrics.sharpe),
    sortino: f(metrics.sortino),
    sqn: f(metrics.sqn),
    calmar: f(metrics.calmar),
    cagr: f(metrics.cagr),
    current_drawdown: dd.current.relative,
    current_drawdown_abs: dd.current.abs,
    current_drawdown_high: dd.current.high,
    current_drawdown_start: dateOrEmpty(dd.current.startDate),
    current_drawdown_start_timestamp: dd.current.startDate ?? 0,
    drawdown_high: dd.highValue,
    drawdown_low: dd.lowValue,
  };
}
