// /profit and /profit_all: closed figures from the report book (profit-closed.ts, book.ts),
// live figures for open trades at the current rate (freqtrade's _rpc_trade_statistics).

import { and, eq, gte, sql } from 'drizzle-orm';
import type { Profit } from '../../packages/client/src/schemas/stats.ts';
import type { Db } from '../db/client.ts';
import { orders, trades } from '../db/schema.ts';
import { datetimePrintFormat } from '../domain/dates.ts';
import { calculateProfit, pct, round8 } from '../domain/money/index.ts';
import { tradeMath } from '../domain/trade-model.ts';
import { reportBook } from './book.ts';
import { type Direction, directionFilter, exactReal, finiteOrNull, realOf } from './common.ts';
import { riskMetricsOf } from './metrics.ts';
import { closedProfitSummary } from './profit-closed.ts';
import { humanizeAgo, timedeltaString } from './time.ts';

export interface ProfitInputs {
  db: Db;
  now: number;
  startingBalance: number;
  /** Exit-side rate of an open trade's pair; null when it cannot be priced. */
  rate(pair: string, isShort: boolean): Promise<number | null>;
  /** First-ever bot start (ms). */
  botStart?: number;
  direction?: Direction;
  /** freqtrade's start_date (Telegram's /profit <n>): closed trades closed since then, volume filled since then. */
  since?: number;
  /** The stake currency's price in fiat_display_currency; absent without a fiat converter (fiat figures 0). */
  fiatRate?: number;
}

/** The report with the two _rpc_trade_statistics figures freqtrade's REST model drops (Telegram prints them). */
export type ProfitReport = Profit & { drawdown_high: number; drawdown_low: number };

const dateOrEmpty = (ms: number | undefined) => (ms === undefined ? '' : datetimePrintFormat(ms));

const OPEN_TEXT = ['pair', 'trading_mode', 'exchange'] as const;
const OPEN_INTS = ['id', 'is_short', 'open_date', 'close_date', 'entry_filled'] as const;
const OPEN_REALS = [
  'close_rate',
  'leverage',
  'fee_open',
  'fee_close',
  'open_rate',
  'amount',
  'open_trade_value',
  'stake_amount',
  'max_stake_amount',
  'realized_profit',
  'funding_fees',
  'interest_rate',
  'close_profit',
  'close_profit_abs',
  'fee_open_cost',
] as const;

/**
 * The open trades with the columns the live figures read, and whether an entry order has filled
 * (freqtrade leaves trades without one out of the sums): one query, no order rows, the rows as
 * one JSON text (see forEachClosedProfitRow: the client's per-row objects were the cost).
 */
async function openTradesForProfit(db: Db) {
  const inner = [...OPEN_TEXT, ...OPEN_INTS.filter((c) => c !== 'entry_filled'), ...OPEN_REALS].join(', ');
  const outer = [...OPEN_TEXT, ...OPEN_INTS, ...OPEN_REALS.map(exactReal)].join(', ');
  const [row] = await db.all<{ rows: string }>(
    sql.raw(
      `SELECT json_group_array(json_array(${outer}) ORDER BY id) AS rows FROM (SELECT ${inner}, exists (SELECT 1 FROM orders o WHERE o.ft_trade_id = trades.id AND o.ft_order_side = (CASE WHEN trades.is_short THEN 'sell' ELSE 'buy' END) AND o.filled > 0) AS entry_filled FROM trades WHERE is_open = 1)`,
    ),
  );
  return (JSON.parse(row.rows) as unknown[][]).map((r) => {
    const real = (i: number) => realOf(r[8 + i] as string | null);
    return {
      pair: r[0] as string,
      tradingMode: r[1] as string,
      exchange: r[2] as string,
      id: r[3] as number,
      isShort: r[4] === 1,
      openDate: r[5] as number,
      closeDate: r[6] as number | null,
      entryFilled: r[7] === 1,
      closeRate: real(0),
      leverage: real(1) as number,
      feeOpen: real(2) as number,
      feeClose: real(3) as number,
      openRate: real(4) as number,
      amount: real(5) as number,
      openTradeValue: real(6) as number,
      stakeAmount: real(7) as number,
      maxStakeAmount: real(8),
      realizedProfit: real(9) as number,
      fundingFees: real(10) as number,
      interestRate: real(11) as number,
      closeProfit: real(12),
      closeProfitAbs: real(13),
      feeOpenCost: real(14),
    };
  });
}

/** Σ cost of the closed orders (those filled since `since`, when given), from the report book. */
function tradingVolume(db: Db, direction: Direction, since: number | undefined): Promise<number> {
  const book = reportBook(db);
  if (since === undefined) return book.tradingVolume(direction);
  const name = `volume|${direction ?? '*'}|${since}`;
  return book.variants.get(name, { version: book.version }, () =>
    computeTradingVolume(db, direction, since),
  ) as Promise<number>;
}

/** The trading volume by SQL's sum (the since variant, and the reference the tests compare with). */
export async function computeTradingVolume(db: Db, direction: Direction, since: number | undefined): Promise<number> {
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
  const [closed, open, volume] = await Promise.all([
    closedProfitSummary(db, direction, since, startingBalance),
    openTradesForProfit(db),
    tradingVolume(db, direction, since),
  ]);
  const openRows = direction ? open.filter((t) => t.isShort === (direction === 'short')) : open;

  // The closed trades come first in every sum, as freqtrade walks them.
  let allCoin = closed.coin;
  let allRatioSum = closed.ratioSum;
  let allCount = closed.count;
  let { firstId, firstDate, lastId, lastDate } = closed;
  const rates = await Promise.all(
    openRows.map((t) => (t.entryFilled ? input.rate(t.pair, t.isShort).catch(() => null) : undefined)),
  );
  openRows.forEach((t, i) => {
    if (t.id < firstId) {
      firstId = t.id;
      firstDate = t.openDate;
    }
    if (t.id > lastId) {
      lastId = t.id;
      lastDate = t.openDate;
    }
    const rate = rates[i];
    if (rate === undefined) return; // no entry fill yet: freqtrade leaves it out of the sums
    const profit =
      rate === null
        ? { profitRatio: Number.NaN, totalProfitAbs: Number.NaN }
        : calculateProfit(t.closeRate ?? rate, tradeMath(t), undefined, undefined, { now });
    allCoin += profit.totalProfitAbs;
    allRatioSum += profit.profitRatio;
    allCount++;
  });

  const closedCount = closed.count;
  const closedRatioSum = closed.ratioSum;
  const closedCoinSum = round8(closed.coin);
  const closedRatioMean = closedCount ? closedRatioSum / closedCount : 0;
  const allCoinSum = round8(allCoin);
  const allRatioMean = allCount ? allRatioSum / allCount : 0;
  const closedFromStart = startingBalance ? closedCoinSum / startingBalance : 0;
  const allFromStart = startingBalance ? allCoinSum / startingBalance : 0;
  const { best, winning, losing, winProfit, lossProfit, durationSum, durationCount } = closed;

  const expCount = closed.curveCount;
  const { expWins, expLosses } = closed;
  const avgWin = expWins ? closed.expWinSum / expWins : 0;
  const avgLoss = expLosses ? closed.expLossSum / expLosses : 0;
  const expectancy = expCount ? (expWins / expCount) * avgWin - (expLosses / expCount) * avgLoss : 0;
  const expectancyRatio = expCount === 0 ? 0 : avgLoss > 0 ? (1 + avgWin / avgLoss) * (expWins / expCount) - 1 : 100;

  const dd = closed.drawdown;
  const metrics = riskMetricsOf(closed.moments, {
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
    profit_closed_fiat: input.fiatRate === undefined ? 0 : closedCoinSum * input.fiatRate,
    // Floats in freqtrade's model: NaN (an open trade without a rate) goes out as null, as
    // freqtrade's encoder writes it; JSON.stringify does the same.
    profit_all_coin: allCoinSum,
    profit_all_percent_mean: pct(allRatioMean),
    profit_all_ratio_mean: allRatioMean,
    profit_all_percent_sum: pct(allRatioSum),
    profit_all_ratio_sum: allRatioSum,
    profit_all_ratio: allFromStart,
    profit_all_percent: pct(allFromStart),
    profit_all_fiat: input.fiatRate === undefined ? 0 : allCoinSum * input.fiatRate,
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
