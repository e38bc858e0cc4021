import { z } from 'zod';
import { int, msTimestamp } from './common.ts';

// A backtest result as freqtrade 2024.10 writes it (result file, `backtest_result` of GET
// /backtest, /backtest/history/result) and FreqUI's backtest view reads it (FreqUI's
// StrategyBacktestResult in src/types/backtest.ts). Objects are loose: newer releases add keys.
// Where FreqUI's type requires a key that 2024.10 does not write, the schema follows 2024.10 and
// says so.

/** One order of a backtest trade (freqtrade's minified to_json orders; FreqUI's BTOrder). */
export const BacktestOrder = z
  .looseObject({
    amount: z.number(),
    safe_price: z.number(),
    ft_order_side: z.enum(['buy', 'sell']),
    order_filled_timestamp: msTimestamp().nullable().optional(),
    ft_is_entry: z.boolean(),
    ft_order_tag: z.string().nullable().optional(),
  })
  .meta({ id: 'BacktestOrder' });
export type BacktestOrder = z.infer<typeof BacktestOrder>;

/**
 * A backtest trade: freqtrade's BT_DATA_COLUMNS. FreqUI's ClosedTrade adds botId, botName and
 * botTradeId itself when it loads a result.
 */
export const BacktestTrade = z
  .looseObject({
    pair: z.string(),
    stake_amount: z.number(),
    max_stake_amount: z.number().nullable(),
    amount: z.number(),
    open_date: z.string(),
    close_date: z.string(),
    open_rate: z.number(),
    close_rate: z.number(),
    fee_open: z.number(),
    fee_close: z.number(),
    trade_duration: int(),
    profit_ratio: z.number(),
    profit_abs: z.number(),
    exit_reason: z.string(),
    initial_stop_loss_abs: z.number(),
    initial_stop_loss_ratio: z.number(),
    stop_loss_abs: z.number(),
    stop_loss_ratio: z.number(),
    min_rate: z.number(),
    max_rate: z.number(),
    is_open: z.boolean(),
    enter_tag: z.string().nullable(),
    leverage: z.number(),
    is_short: z.boolean(),
    open_timestamp: msTimestamp(),
    close_timestamp: msTimestamp(),
    orders: z.array(BacktestOrder),
  })
  .meta({ id: 'BacktestTrade' });
export type BacktestTrade = z.infer<typeof BacktestTrade>;

/** A summary line (results_per_pair, per enter tag, exit reasons, mixed tags, left open): FreqUI's PairResult. */
export const BacktestResultLine = z
  .looseObject({
    /** A pair, tag or reason; mix_tag_stats use [enter_tag, exit_reason]. */
    key: z.union([z.string(), z.array(z.string().nullable())]),
    trades: int(),
    profit_mean: z.number(),
    profit_mean_pct: z.number(),
    profit_total_abs: z.number(),
    profit_total: z.number(),
    profit_total_pct: z.number(),
    duration_avg: z.string(),
    wins: int(),
    draws: int(),
    losses: int(),
    winrate: z.number().optional(),
  })
  .meta({ id: 'BacktestResultLine' });
export type BacktestResultLine = z.infer<typeof BacktestResultLine>;

/** One period of periodic_breakdown (FreqUI's PeriodicStat; 2024.10 writes `loses`, no profit_factor). */
export const BacktestPeriodicStat = z
  .looseObject({
    date: z.string(),
    date_ts: msTimestamp(),
    profit_abs: z.number(),
    wins: int(),
    draws: int(),
    loses: int().optional(),
    losses: int().optional(),
    profit_factor: z.number().optional(),
  })
  .meta({ id: 'BacktestPeriodicStat' });

/** A pair lock of the run (FreqUI's Lock; a backtest lock has no id). */
export const BacktestLock = z
  .looseObject({
    id: z.union([z.string(), int()]).nullable(),
    pair: z.string(),
    lock_time: z.string(),
    lock_timestamp: msTimestamp(),
    lock_end_time: z.string(),
    lock_end_timestamp: msTimestamp(),
    reason: z.string(),
    side: z.string().optional(),
    active: z.boolean(),
  })
  .meta({ id: 'BacktestLock' });

const periods = z.array(BacktestPeriodicStat);

/** One strategy's result: FreqUI's StrategyBacktestResult. */
export const StrategyBacktestResult = z
  .looseObject({
    trades: z.array(BacktestTrade),
    locks: z.array(BacktestLock),
    best_pair: BacktestResultLine,
    worst_pair: BacktestResultLine,
    results_per_pair: z.array(BacktestResultLine),
    exit_reason_summary: z.array(BacktestResultLine).optional(),
    mix_tag_stats: z.array(BacktestResultLine).optional(),
    results_per_enter_tag: z.array(BacktestResultLine),
    periodic_breakdown: z
      .looseObject({
        day: periods,
        week: periods,
        month: periods,
        year: periods.optional(),
        weekday: periods.optional(),
      })
      .optional(),
    left_open_trades: z.array(BacktestResultLine),
    total_trades: int(),
    total_volume: z.number(),
    avg_stake_amount: z.number(),
    profit_mean: z.number(),
    profit_total: z.number(),
    profit_total_abs: z.number(),
    cagr: z.number().optional(),
    profit_factor: z.number().optional(),
    backtest_start: z.string(),
    backtest_start_ts: msTimestamp(),
    backtest_end: z.string(),
    backtest_end_ts: msTimestamp(),
    backtest_days: int(),
    backtest_best_day: z.number(),
    backtest_worst_day: z.number(),
    backtest_best_day_abs: z.number(),
    backtest_worst_day_abs: z.number(),
    trades_per_day: z.number(),
    market_change: z.number(),
    pairlist: z.array(z.string()),
    stake_amount: z.union([z.number(), z.literal('unlimited')]),
    stake_currency: z.string(),
    stake_currency_decimals: int(),
    starting_balance: z.number(),
    final_balance: z.number(),
    max_open_trades: z.number(),
    timeframe: z.string(),
    timeframe_detail: z.string().nullable().optional(),
    timerange: z.string(),
    strategy_name: z.string(),
    freqaimodel: z.string().optional(),
    freqai_identifier: z.string().optional(),
    enable_protections: z.boolean(),
    stoploss: z.number(),
    trailing_stop: z.boolean(),
    trailing_stop_positive: z.number().nullable().optional(),
    trailing_stop_positive_offset: z.number().optional(),
    trailing_only_offset_is_reached: z.boolean(),
    use_custom_stoploss: z.boolean(),
    minimal_roi: z.record(z.string(), z.number()),
    margin_mode: z.enum(['', 'isolated', 'cross']).optional(),
    trading_mode: z.enum(['spot', 'margin', 'futures']).optional(),
    use_exit_signal: z.boolean().optional(),
    exit_profit_only: z.boolean().optional(),
    exit_profit_offset: z.number().optional(),
    rejected_signals: int(),
    timedout_entry_orders: int(),
    timedout_exit_orders: int(),
    canceled_trade_entries: int().optional(),
    canceled_entry_orders: int().optional(),
    replaced_entry_orders: int().optional(),
    draw_days: int(),
    drawdown_start: z.string(),
    drawdown_start_ts: z.number(),
    drawdown_end: z.string(),
    drawdown_end_ts: z.number(),
    loser_holding_avg: z.string(),
    loser_holding_avg_s: z.number(),
    max_consecutive_wins: int().optional(),
    max_consecutive_losses: int().optional(),
    losing_days: int(),
    /** FreqUI's type requires it; freqtrade 2024.10 no longer writes it (FreqUI's backtest view does not read it). */
    max_drawdown: z.number().optional(),
    max_drawdown_account: z.number(),
    max_drawdown_abs: z.number(),
    max_drawdown_low: z.number(),
    max_drawdown_high: z.number(),
    csum_min: z.number(),
    csum_max: z.number(),
    sortino: z.number().optional(),
    sharpe: z.number().optional(),
    calmar: z.number().optional(),
    expectancy: z.number().optional(),
    expectancy_ratio: z.number().optional(),
    winner_holding_avg: z.string(),
    winner_holding_avg_s: z.number(),
    winning_days: int(),
    trade_count_long: int().optional(),
    trade_count_short: int().optional(),
    profit_total_long: z.number().optional(),
    profit_total_short: z.number().optional(),
    profit_total_long_abs: z.number().optional(),
    profit_total_short_abs: z.number().optional(),
    /** Wall-clock start and end of the run, epoch seconds. */
    backtest_run_start_ts: int(),
    backtest_run_end_ts: int(),
  })
  .meta({ id: 'StrategyBacktestResult' });
export type StrategyBacktestResult = z.infer<typeof StrategyBacktestResult>;

/** Per-strategy metadata (the .meta.json file; FreqUI's BacktestMetadata). */
export const BacktestResultMetadata = z
  .looseObject({
    run_id: z.string(),
    backtest_start_time: int(),
    timeframe: z.string().optional(),
    timeframe_detail: z.string().nullable().optional(),
    backtest_start_ts: int().nullable().optional(),
    backtest_end_ts: int().nullable().optional(),
    filename: z.string().optional(),
    notes: z.string().optional(),
  })
  .meta({ id: 'BacktestResultMetadata' });

/** A whole result: { metadata, strategy, strategy_comparison } (FreqUI's BacktestResult). */
export const BacktestResult = z
  .object({
    metadata: z.record(z.string(), BacktestResultMetadata),
    strategy: z.record(z.string(), StrategyBacktestResult),
    strategy_comparison: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
  })
  .meta({ id: 'BacktestResult' });
export type BacktestResult = z.infer<typeof BacktestResult>;
