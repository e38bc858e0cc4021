// One strategy's entry of freqtrade's backtest result (generate_strategy_stats): the trade list
// in freqtrade's BT_DATA_COLUMNS, summaries, drawdown, ratios and the settings used.

import { round8 } from '../domain/money/round.ts';
import {
  minutesString,
  pairMetrics,
  periodicBreakdown,
  pyRound,
  resampleByClose,
  type resultLine,
  type TradeRecord,
  tagMetrics,
} from './result-lines.ts';
import type { BtLock, BtTrade } from './types.ts';

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** freqtrade's DATETIME_PRINT_FORMAT, "%Y-%m-%d %H:%M:%S". */
export function printDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** str(pandas.Timestamp) of a UTC time, as freqtrade's JSON dump writes trade dates. */
export function timestampString(ms: number): string {
  return `${printDate(ms)}+00:00`;
}

export interface BtTradeJson extends TradeRecord {
  [key: string]: unknown;
}

/** A closed trade as a row of freqtrade's trade_list_to_dataframe (BT_DATA_COLUMNS). */
export function tradeRecord(t: BtTrade): BtTradeJson {
  const entrySide = t.isShort ? 'sell' : 'buy';
  const closeDate = t.closeDate ?? t.openDate;
  return {
    pair: t.pair,
    stake_amount: round8(t.stakeAmount),
    max_stake_amount: t.maxStakeAmount ? round8(t.maxStakeAmount) : null,
    amount: round8(t.amount),
    open_date: timestampString(t.openDate),
    close_date: timestampString(closeDate),
    open_rate: t.openRate,
    close_rate: t.closeRate ?? 0,
    fee_open: t.feeOpen,
    fee_close: t.feeClose,
    trade_duration: Math.floor((closeDate - t.openDate) / 60_000),
    profit_ratio: t.closeProfit ?? 0,
    profit_abs: t.closeProfitAbs ?? 0,
    exit_reason: t.exitReason ?? '',
    initial_stop_loss_abs: t.initialStopLoss,
    initial_stop_loss_ratio: t.initialStopLossPct || null,
    stop_loss_abs: t.stopLoss,
    stop_loss_ratio: t.stopLossPct || null,
    min_rate: t.minRate,
    max_rate: t.maxRate,
    is_open: t.isOpen,
    enter_tag: t.enterTag,
    leverage: t.leverage,
    is_short: t.isShort,
    open_timestamp: t.openDate,
    close_timestamp: closeDate,
    orders: t.orders
      .filter((o) => o.filled > 0 || o.isOpen)
      .map((o) => ({
        amount: o.filled || o.amount,
        safe_price: o.price,
        ft_order_side: o.side,
        order_filled_timestamp: o.filledDate,
        ft_is_entry: o.side === entrySide,
        ft_order_tag: o.tag,
      })),
  };
}

export function lockJson(l: BtLock) {
  return {
    id: null,
    pair: l.pair,
    lock_time: printDate(l.lockTime),
    lock_timestamp: l.lockTime,
    lock_end_time: printDate(l.lockEndTime),
    lock_end_timestamp: l.lockEndTime,
    reason: l.reason,
    side: l.side,
    active: l.active,
  };
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
/** numpy's std (population, ddof 0); NaN for no values. */
function npStd(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

interface DrawdownResult {
  abs: number;
  highDate: number;
  lowDate: number;
  highValue: number;
  lowValue: number;
  relative: number;
}

/** freqtrade's calculate_max_drawdown over profit_abs with a starting balance; null when no drawdown. */
export function maxDrawdown(
  rows: readonly TradeRecord[],
  startingBalance: number,
  relative = false,
): DrawdownResult | null {
  if (rows.length === 0) return null;
  const sorted = [...rows].sort((a, b) => a.close_timestamp - b.close_timestamp);
  const cum: number[] = [];
  const high: number[] = [];
  let c = 0;
  let h = Number.NEGATIVE_INFINITY;
  for (const r of sorted) {
    c += r.profit_abs;
    h = Math.max(h, c);
    cum.push(c);
    high.push(h);
  }
  const rel = cum.map((v, i) => {
    const maxBal = startingBalance + high[i];
    return (maxBal - (startingBalance + v)) / maxBal;
  });
  let idx = 0;
  for (let i = 1; i < cum.length; i++) {
    if (relative ? rel[i] > rel[idx] : cum[i] - high[i] < cum[idx] - high[idx]) idx = i;
  }
  if (idx === 0) return null;
  let highIdx = 0;
  for (let i = 1; i < idx; i++) if (high[i] > high[highIdx]) highIdx = i;
  return {
    abs: Math.abs(cum[idx] - high[idx]),
    highDate: sorted[highIdx].close_timestamp,
    lowDate: sorted[idx].close_timestamp,
    highValue: cum[highIdx],
    lowValue: cum[idx],
    relative: rel[idx],
  };
}

function expectancy(rows: readonly TradeRecord[]): [number, number] {
  if (rows.length === 0) return [0, 100];
  const wins = rows.filter((r) => r.profit_abs > 0);
  const losses = rows.filter((r) => r.profit_abs < 0);
  const avgWin = wins.length ? wins.reduce((a, r) => a + r.profit_abs, 0) / wins.length : 0;
  const avgLoss = losses.length ? Math.abs(losses.reduce((a, r) => a + r.profit_abs, 0)) / losses.length : 0;
  const winrate = wins.length / rows.length;
  const exp = winrate * avgWin - (losses.length / rows.length) * avgLoss;
  return [exp, avgLoss > 0 ? (1 + avgWin / avgLoss) * winrate - 1 : 100];
}

function streaks(rows: readonly TradeRecord[]): [number, number] {
  let wins = 0;
  let losses = 0;
  let run = 0;
  let last: boolean | null = null;
  for (const r of rows) {
    const win = r.profit_ratio > 0;
    run = win === last ? run + 1 : 1;
    last = win;
    if (win) wins = Math.max(wins, run);
    else losses = Math.max(losses, run);
  }
  return [wins, losses];
}

function holding(rows: readonly TradeRecord[]): { text: string; seconds: number } {
  if (rows.length === 0) return { text: '0:00:00', seconds: 0 };
  const minutes = pyRound(mean(rows.map((r) => r.trade_duration)));
  return { text: minutesString(minutes), seconds: minutes * 60 };
}

export interface StrategyStatsInput {
  strategy: string;
  pairlist: string[];
  trades: BtTrade[];
  locks: BtLock[];
  minDate: number;
  maxDate: number;
  marketChange: number;
  finalBalance: number;
  startingBalance: number;
  runStart: number;
  runEnd: number;
  counters: import('./types.ts').BacktestCounters;
  /** Settings echoed into the result (config excerpts). */
  config: Record<string, unknown> & { max_open_trades: number; stake_currency: string };
}

export function strategyStats(input: StrategyStatsInput): Record<string, unknown> {
  const rows = input.trades.map(tradeRecord);
  const sb = input.startingBalance;
  const pairResults = pairMetrics(input.pairlist, sb, rows);
  const nonTotal = pairResults.filter((p) => p.key !== 'TOTAL');
  const pick = (better: (a: number, b: number) => boolean) =>
    pairResults.length > 1 ? nonTotal.reduce((a, b) => (better(b.profit_sum, a.profit_sum) ? b : a)) : null;
  const winning = rows.filter((r) => r.profit_abs > 0).reduce((a, r) => a + r.profit_abs, 0);
  const losing = rows.filter((r) => r.profit_abs < 0).reduce((a, r) => a + r.profit_abs, 0);
  const [exp, expRatio] = expectancy(rows);
  const backtestDays = Math.floor((input.maxDate - input.minDate) / DAY) || 1;
  const daysPeriod = Math.max(1, Math.floor((input.maxDate - input.minDate) / DAY));
  const returns = rows.map((r) => r.profit_abs / sb);
  const returnsMean = returns.reduce((a, b) => a + b, 0) / daysPeriod;
  const noRange = rows.length === 0 || input.minDate === input.maxDate;
  const upStd = npStd(returns);
  const downStd = npStd(rows.filter((r) => r.profit_abs < 0).map((r) => r.profit_abs / sb));
  const dd = maxDrawdown(rows, sb);
  const underwater = maxDrawdown(rows, sb, true);
  const totalAbs = rows.reduce((a, r) => a + r.profit_abs, 0);
  const sumWhere = (f: (r: TradeRecord) => boolean) => rows.filter(f).reduce((a, r) => a + r.profit_abs, 0);
  const daily = resampleByClose(rows, 'day').map((d) => ({
    date: d.label,
    rel: d.rows.reduce((a, r) => a + r.profit_ratio, 0),
    abs: Number(d.rows.reduce((a, r) => a + r.profit_abs, 0).toFixed(10)),
  }));
  const win = rows.filter((r) => r.profit_ratio > 0);
  const lose = rows.filter((r) => r.profit_ratio < 0);
  const [maxWins, maxLosses] = streaks(rows);
  const hAll = holding(rows);
  const hWin = holding(win);
  const hLose = holding(lose);
  const cfg = input.config;
  let csum = 0;
  let csumMin = Number.POSITIVE_INFINITY;
  let csumMax = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    csum += r.profit_abs;
    csumMin = Math.min(csumMin, csum);
    csumMax = Math.max(csumMax, csum);
  }
  return {
    trades: rows,
    locks: input.locks.map(lockJson),
    best_pair: pick((a, b) => a > b),
    worst_pair: pick((a, b) => a < b),
    results_per_pair: pairResults,
    results_per_enter_tag: tagMetrics((r) => [r.enter_tag], sb, rows),
    exit_reason_summary: tagMetrics((r) => [r.exit_reason], sb, rows),
    mix_tag_stats: tagMetrics((r) => [r.enter_tag, r.exit_reason], sb, rows),
    left_open_trades: pairMetrics(
      input.pairlist,
      sb,
      rows.filter((r) => r.exit_reason === 'force_exit'),
      true,
    ),
    total_trades: rows.length,
    trade_count_long: rows.filter((r) => !r.is_short).length,
    trade_count_short: rows.filter((r) => r.is_short).length,
    total_volume: rows.reduce((a, r) => a + r.stake_amount, 0),
    avg_stake_amount: rows.length ? mean(rows.map((r) => r.stake_amount)) : 0,
    profit_mean: rows.length ? mean(rows.map((r) => r.profit_ratio)) : 0,
    profit_median: rows.length ? median(rows.map((r) => r.profit_ratio)) : 0,
    profit_total: totalAbs / sb,
    profit_total_long: sumWhere((r) => !r.is_short) / sb,
    profit_total_short: sumWhere((r) => r.is_short) / sb,
    profit_total_abs: totalAbs,
    profit_total_long_abs: sumWhere((r) => !r.is_short),
    profit_total_short_abs: sumWhere((r) => r.is_short),
    cagr: input.finalBalance < 0 ? 0 : (input.finalBalance / sb) ** (1 / (backtestDays / 365)) - 1,
    expectancy: exp,
    expectancy_ratio: expRatio,
    sortino: noRange ? 0 : downStd !== 0 && !Number.isNaN(downStd) ? (returnsMean / downStd) * Math.sqrt(365) : -100,
    sharpe: noRange ? 0 : upStd !== 0 ? (returnsMean / upStd) * Math.sqrt(365) : -100,
    calmar: noRange
      ? 0
      : dd && dd.relative !== 0
        ? (((totalAbs / sb / daysPeriod) * 100) / dd.relative) * Math.sqrt(365)
        : -100,
    profit_factor: losing ? winning / Math.abs(losing) : 0,
    backtest_start: printDate(input.minDate),
    backtest_start_ts: input.minDate,
    backtest_end: printDate(input.maxDate),
    backtest_end_ts: input.maxDate,
    backtest_days: backtestDays,
    backtest_run_start_ts: input.runStart,
    backtest_run_end_ts: input.runEnd,
    trades_per_day: Math.round((rows.length / backtestDays) * 100) / 100,
    market_change: input.marketChange,
    pairlist: input.pairlist,
    stake_amount: cfg.stake_amount,
    stake_currency: cfg.stake_currency,
    stake_currency_decimals: decimalsPerCoin(cfg.stake_currency),
    starting_balance: sb,
    dry_run_wallet: sb,
    final_balance: input.finalBalance,
    rejected_signals: input.counters.rejectedSignals,
    timedout_entry_orders: input.counters.timedoutEntryOrders,
    timedout_exit_orders: input.counters.timedoutExitOrders,
    canceled_trade_entries: input.counters.canceledTradeEntries,
    canceled_entry_orders: input.counters.canceledEntryOrders,
    replaced_entry_orders: input.counters.replacedEntryOrders,
    max_open_trades:
      cfg.max_open_trades === -1 ? input.pairlist.length : Math.min(cfg.max_open_trades, input.pairlist.length),
    max_open_trades_setting: cfg.max_open_trades,
    timeframe: cfg.timeframe,
    timeframe_detail: cfg.timeframe_detail ?? '',
    timerange: cfg.timerange ?? '',
    enable_protections: cfg.enable_protections ?? false,
    strategy_name: input.strategy,
    stoploss: cfg.stoploss,
    trailing_stop: cfg.trailing_stop ?? false,
    trailing_stop_positive: cfg.trailing_stop_positive ?? null,
    trailing_stop_positive_offset: cfg.trailing_stop_positive_offset ?? 0,
    trailing_only_offset_is_reached: cfg.trailing_only_offset_is_reached ?? false,
    use_custom_stoploss: cfg.use_custom_stoploss ?? false,
    minimal_roi: cfg.minimal_roi,
    use_exit_signal: cfg.use_exit_signal,
    exit_profit_only: cfg.exit_profit_only,
    exit_profit_offset: cfg.exit_profit_offset ?? 0,
    ignore_roi_if_entry_signal: cfg.ignore_roi_if_entry_signal,
    trading_mode: cfg.trading_mode,
    margin_mode: cfg.margin_mode,
    periodic_breakdown: {
      day: periodicBreakdown(rows, 'day'),
      week: periodicBreakdown(rows, 'week'),
      month: periodicBreakdown(rows, 'month'),
    },
    backtest_best_day: daily.length ? Math.max(...daily.map((d) => d.rel)) : 0,
    backtest_worst_day: daily.length ? Math.min(...daily.map((d) => d.rel)) : 0,
    backtest_best_day_abs: daily.length ? Math.max(...daily.map((d) => d.abs)) : 0,
    backtest_worst_day_abs: daily.length ? Math.min(...daily.map((d) => d.abs)) : 0,
    winning_days: daily.filter((d) => d.abs > 0).length,
    draw_days: daily.filter((d) => d.abs === 0).length,
    losing_days: daily.filter((d) => d.abs < 0).length,
    daily_profit: daily.map((d) => [printDate(d.date).slice(0, 10), d.abs]),
    wins: win.length,
    losses: lose.length,
    draws: rows.filter((r) => r.profit_ratio === 0).length,
    winrate: rows.length ? win.length / rows.length : 0,
    holding_avg: hAll.text,
    holding_avg_s: hAll.seconds,
    winner_holding_avg: hWin.text,
    winner_holding_avg_s: hWin.seconds,
    loser_holding_avg: hLose.text,
    loser_holding_avg_s: hLose.seconds,
    max_consecutive_wins: maxWins,
    max_consecutive_losses: maxLosses,
    max_drawdown_account: dd ? dd.relative : 0,
    max_relative_drawdown: underwater ? underwater.relative : 0,
    max_drawdown_abs: dd ? dd.abs : 0,
    drawdown_start: dd ? printDate(dd.highDate) : '1970-01-01 00:00:00+00:00',
    drawdown_start_ts: dd ? dd.highDate : 0,
    drawdown_end: dd ? printDate(dd.lowDate) : '1970-01-01 00:00:00+00:00',
    drawdown_end_ts: dd ? dd.lowDate : 0,
    max_drawdown_low: dd ? dd.lowValue : 0,
    max_drawdown_high: dd ? dd.highValue : 0,
    csum_min: rows.length ? csumMin + sb : 0,
    csum_max: rows.length ? csumMax + sb : 0,
  };
}

export function decimalsPerCoin(coin: string): number {
  return ({ BTC: 8, ETH: 5 } as Record<string, number>)[coin] ?? 3;
}

/** freqtrade's fmt_coin: rounded to the coin's decimals, trailing zeros dropped, optionally with the coin. */
export function fmtCoin(value: number, coin: string, showCoin = true): string {
  let v = value.toFixed(decimalsPerCoin(coin));
  if (v.includes('.')) v = v.replace(/0+$/, '').replace(/\.$/, '');
  return showCoin ? `${v} ${coin}` : v;
}

/** generate_strategy_comparison: each strategy's TOTAL line with its drawdown (the absolute one as text). */
export function strategyComparison(strategies: Record<string, Record<string, unknown>>) {
  return Object.entries(strategies).map(([name, s]) => {
    const total = (s.results_per_pair as ReturnType<typeof resultLine>[]).at(-1)!;
    return {
      ...total,
      key: name,
      max_drawdown_account: s.max_drawdown_account,
      max_drawdown_abs: fmtCoin(s.max_drawdown_abs as number, s.stake_currency as string, false),
    };
  });
}
