// The result object carries every key FreqUI's StrategyBacktestResult declares as required (its
// src/types/backtest.ts), with the types FreqUI expects, and freqtrade's trade columns.
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/run.ts';
import { bars, btConfig, ScriptedStrategy, T0 } from './scripted.ts';

// Required keys of FreqUI's StrategyBacktestResult, except `max_drawdown`, which freqtrade
// 2024.10 no longer writes (FreqUI falls back to max_drawdown_account).
const FREQUI_REQUIRED = `trades locks best_pair worst_pair results_per_pair results_per_enter_tag left_open_trades
total_trades total_volume avg_stake_amount profit_mean profit_total profit_total_abs backtest_end backtest_end_ts
backtest_start backtest_start_ts backtest_days backtest_best_day backtest_worst_day backtest_best_day_abs
backtest_worst_day_abs trades_per_day market_change pairlist stake_amount stake_currency stake_currency_decimals
starting_balance final_balance max_open_trades timeframe timerange strategy_name enable_protections stoploss
trailing_stop trailing_only_offset_is_reached use_custom_stoploss minimal_roi rejected_signals timedout_entry_orders
timedout_exit_orders draw_days drawdown_end drawdown_end_ts drawdown_start drawdown_start_ts loser_holding_avg
loser_holding_avg_s losing_days max_drawdown_account max_drawdown_abs max_drawdown_low max_drawdown_high csum_min
csum_max winner_holding_avg winner_holding_avg_s winning_days backtest_run_start_ts backtest_run_end_ts`.split(/\s+/);

// freqtrade's BT_DATA_COLUMNS: the columns of each trade in the result file.
const BT_DATA_COLUMNS = `pair stake_amount max_stake_amount amount open_date close_date open_rate close_rate fee_open
fee_close trade_duration profit_ratio profit_abs exit_reason initial_stop_loss_abs initial_stop_loss_ratio
stop_loss_abs stop_loss_ratio min_rate max_rate is_open enter_tag leverage is_short open_timestamp close_timestamp
orders`.split(/\s+/);

describe('backtest result shape', () => {
  it('has FreqUI’s required keys and freqtrade’s trade columns, JSON-safe', async () => {
    const s = new ScriptedStrategy();
    s.minimal_roi = { '0': 0.01 };
    s.script = { enterLong: [0, 3, 6], exitLong: [4] };
    const rows: [number, number, number, number][] = [];
    for (let i = 0; i < 12; i++) rows.push([100 + i, 101 + i, 95 + i, 100 + i]);
    const result = await runBacktest(btConfig(), {
      strategies: [s],
      loadCandles: () => bars(rows),
      now: () => T0,
    });
    const r = JSON.parse(JSON.stringify(result));
    expect(Object.keys(r)).toEqual(['metadata', 'strategy', 'strategy_comparison']);
    const st = r.strategy.ScriptedStrategy;
    for (const key of FREQUI_REQUIRED) expect(st, key).toHaveProperty(key);
    expect(st.trades.length).toBeGreaterThan(0);
    for (const t of st.trades) expect(Object.keys(t)).toEqual(BT_DATA_COLUMNS);
    expect(Object.keys(st.trades[0].orders[0])).toEqual([
      'amount',
      'safe_price',
      'ft_order_side',
      'order_filled_timestamp',
      'ft_is_entry',
      'ft_order_tag',
    ]);
    expect(typeof st.backtest_start_ts).toBe('number');
    expect(typeof st.winner_holding_avg).toBe('string');
    expect(Object.keys(st.periodic_breakdown)).toEqual(['day', 'week', 'month']);
    expect(Object.keys(st.periodic_breakdown.day[0])).toEqual([
      'date',
      'date_ts',
      'profit_abs',
      'wins',
      'draws',
      'loses',
      'winrate',
    ]);
    expect(st.results_per_pair.at(-1).key).toBe('TOTAL');
    expect(r.strategy_comparison[0].key).toBe('ScriptedStrategy');
    expect(typeof r.strategy_comparison[0].max_drawdown_abs).toBe('string');
    expect(Object.keys(r.metadata.ScriptedStrategy)).toEqual([
      'run_id',
      'backtest_start_time',
      'timeframe',
      'timeframe_detail',
      'backtest_start_ts',
      'backtest_end_ts',
    ]);
  });
});
