// Worked backtest scenarios: each expected trade computed by hand from freqtrade's backtesting
// rules (signal on a closed candle acts at the next open; stop, ROI and trailing resolved inside
// a candle from open/high/low in freqtrade's order and with its rate formulas; fees both sides).
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/run.ts';
import { bars, btConfig, flat, M5, runScenario, ScriptedStrategy, T0, type Trade } from './scripted.ts';

describe('backtest worked scenarios', () => {
  it('ROI inside a candle: exits at the rate that makes exactly the ROI after fees', async () => {
    const s = new ScriptedStrategy();
    s.minimal_roi = { '0': 0.01 };
    s.script = { enterLong: [0] };
    // c0 signals; c1 opens the trade at 100 (stake 100 → amount 1); c2's high reaches the ROI.
    const candles = bars([[100, 100, 100, 100], [100, 100.5, 99.5, 100], [100.2, 102, 100, 101], ...flat(101, 3)]);
    const r = await runScenario(s, candles);
    expect(r.total_trades).toBe(1);
    const t: Trade = r.trades[0];
    expect(t.open_date).toBe('2024-01-01 00:05:00+00:00');
    expect(t.close_date).toBe('2024-01-01 00:10:00+00:00');
    expect(t.open_rate).toBe(100);
    expect(t.amount).toBe(1);
    // close = (open·roi + open·(1+fee)) / (1−fee) = (1 + 100.1) / 0.999
    expect(t.close_rate).toBeCloseTo(101.1 / 0.999, 10);
    expect(t.exit_reason).toBe('roi');
    // profit = 1·close·0.999 − 1·100·1.001 = 101.1 − 100.1
    expect(t.profit_abs).toBeCloseTo(1, 7);
    expect(t.profit_ratio).toBeCloseTo(1 / 100.1, 7);
    expect(t.trade_duration).toBe(5);
  });

  it('stop before ROI in one candle: the stop wins at the stop price', async () => {
    const s = new ScriptedStrategy();
    s.minimal_roi = { '0': 0.01 };
    s.script = { enterLong: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 103, 89, 100], ...flat(100, 3)]);
    const r = await runScenario(s, candles);
    const t: Trade = r.trades[0];
    expect(t.exit_reason).toBe('stop_loss');
    expect(t.close_rate).toBe(90); // 100 · (1 − 0.10)
    expect(t.profit_abs).toBeCloseTo(90 * 0.999 - 100.1, 7); // −10.19
    expect(t.initial_stop_loss_abs).toBe(90);
  });

  it('a gap through the stop exits at the open', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], [85, 86, 80, 84], ...flat(84, 3)]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    expect(t.exit_reason).toBe('stop_loss');
    expect(t.close_rate).toBe(85);
  });

  it('trailing stop: trails from the candle high, then the low hits it', async () => {
    const s = new ScriptedStrategy();
    s.trailing_stop = true;
    s.trailing_stop_positive = 0.02;
    s.trailing_stop_positive_offset = 0.03;
    s.trailing_only_offset_is_reached = true;
    s.script = { enterLong: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 110, 107, 108], ...flat(108, 3)]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    // profit at the high 110 ≈ 9.8 % > offset 3 % → stop = 110 · (1 − 0.02) = 107.8 ≥ low 107
    expect(t.exit_reason).toBe('trailing_stop_loss');
    expect(t.close_rate).toBeCloseTo(107.8, 10);
    expect(t.stop_loss_abs).toBeCloseTo(107.8, 10);
    expect(t.initial_stop_loss_abs).toBe(90);
    expect(t.max_rate).toBe(110);
  });

  it('limit entry not filled: the order times out and no trade is made', async () => {
    const s = new ScriptedStrategy();
    s.customEntryPrice = () => 95;
    s.script = { enterLong: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 101, 98, 100], ...flat(99, 6)]);
    const r = await runScenario(s, candles);
    expect(r.total_trades).toBe(0);
    expect(r.timedout_entry_orders).toBe(1);
    expect(r.final_balance).toBe(1000);
  });

  it('limit entry fills on the candle that crosses its price', async () => {
    const s = new ScriptedStrategy();
    s.customEntryPrice = () => 95;
    s.script = { enterLong: [0], exitLong: [3] };
    const candles = bars([
      [100, 100, 100, 100],
      [100, 101, 98, 100],
      [97, 97, 94, 96],
      [96, 96, 96, 96],
      [97, 97, 97, 97],
      ...flat(97, 2),
    ]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    expect(t.open_rate).toBe(95);
    expect(t.open_date).toBe('2024-01-01 00:05:00+00:00'); // the order's candle
    expect(t.orders[0].order_filled_timestamp).toBe(T0 + 2 * M5);
    expect(t.amount).toBe(1.05263158); // round(100 / 95, 8), as freqtrade's to_json
    expect(t.exit_reason).toBe('exit_signal');
    expect(t.close_rate).toBe(97); // exit signal on c3 → open of c4
  });

  it('protections: a cooldown after a stop blocks the next entries until the lock ends', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0, 2, 5] };
    // trade 1: opens c1 at 100, stopped on c2 at 90 (close 00:10). Cooldown 2 candles → lock
    // until 00:20, rounded to the next candle: 00:25. Signal c2 (entry c3, 00:15) is blocked;
    // signal c5 enters on c6 (00:30).
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], [95, 96, 85, 90], ...flat(90, 6)]);
    const config = btConfig({ protections: [{ method: 'CooldownPeriod', stop_duration_candles: 2 }] });
    const without = await runScenario(s, candles, config);
    expect(without.trades.map((t: Trade) => t.open_date)).toEqual([
      '2024-01-01 00:05:00+00:00',
      '2024-01-01 00:15:00+00:00',
    ]);
    const withProt = await runScenario(s, candles, config, { enableProtections: true });
    expect(withProt.trades.map((t: Trade) => t.open_date)).toEqual([
      '2024-01-01 00:05:00+00:00',
      '2024-01-01 00:30:00+00:00',
    ]);
    // The second lock follows the second trade's force exit at the end.
    expect(withProt.locks).toHaveLength(2);
    expect(withProt.locks[0]).toMatchObject({ pair: 'ETH/USDT', lock_end_timestamp: T0 + 5 * M5, side: '*' });
    expect(withProt.enable_protections).toBe(true);
  });

  it('DCA: a second entry averages the open rate; ROI then uses the average', async () => {
    const s = new ScriptedStrategy();
    s.minimal_roi = { '0': 0.01 };
    s.position_adjustment_enable = true;
    s.adjustTradePosition = ({ trade, currentProfit }) =>
      trade.nrOfSuccessfulEntries === 1 && currentProfit < -0.02 ? 100 : null;
    s.script = { enterLong: [0] };
    const candles = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [97, 97, 97, 97],
      [99, 100, 99, 99],
      ...flat(99, 2),
    ]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    const amount2 = 100 / 97;
    const amount = 1 + amount2;
    const avg = 200 / amount; // (1·100 + amount2·97) / amount
    expect(t.orders.filter((o: Trade) => o.ft_is_entry)).toHaveLength(2);
    expect(t.amount).toBeCloseTo(amount, 8);
    expect(t.open_rate).toBeCloseTo(avg, 8);
    expect(t.stake_amount).toBeCloseTo(200, 6);
    expect(t.exit_reason).toBe('roi');
    const close = (avg * 0.01 + avg * 1.001) / 0.999;
    expect(t.close_rate).toBeCloseTo(close, 8);
    expect(t.profit_abs).toBeCloseTo(amount * close * 0.999 - amount * avg * 1.001, 6);
  });

  it('futures short with leverage 5 is liquidated before its far stop', async () => {
    const s = new ScriptedStrategy();
    s.can_short = true;
    s.stoploss = -0.9;
    s.leverage = () => 5;
    s.script = { enterShort: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], [110, 117.9, 109, 115], ...flat(115, 3)]);
    const config = btConfig({
      trading_mode: 'futures',
      margin_mode: 'isolated',
      exchange: { pair_whitelist: ['ETH/USDT:USDT'] },
    });
    const r = await runScenario(s, candles, config, { maintenanceMarginRatio: 0.01 });
    const t: Trade = r.trades[0];
    // amount = 100 / 100 · 5 = 5; margin 100. Liquidation (open + margin/amount) / (1 + mm + fee)
    // = 120 / 1.011, moved 5 % of its distance towards the open (liquidation_buffer).
    const raw = 120 / 1.011;
    const liq = raw - (raw - 100) * 0.05;
    expect(t.is_short).toBe(true);
    expect(t.leverage).toBe(5);
    expect(t.amount).toBe(5);
    expect(t.stop_loss_abs).toBeCloseTo(118, 10); // 100 · (1 + 0.9 / 5)
    expect(t.exit_reason).toBe('liquidation');
    expect(t.close_rate).toBeCloseTo(liq, 10);
    // short: open value 5·100·(1 − fee) minus close value 5·liq·(1 + fee)
    expect(t.profit_abs).toBeCloseTo(5 * 100 * 0.999 - 5 * liq * 1.001, 6);
    expect(r.trading_mode).toBe('futures');
  });

  it('exit signal and force exit at the end: signal exits at the next open, open trades at the last open', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0, 4], exitLong: [2] };
    const candles = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [101, 101, 101, 101],
      [102, 102, 102, 102],
      ...flat(103, 2),
      [104, 104, 104, 104],
    ]);
    const r = await runScenario(s, candles);
    expect(r.trades.map((t: Trade) => [t.exit_reason, t.close_rate])).toEqual([
      ['exit_signal', 102],
      ['force_exit', 104],
    ]);
    expect(r.left_open_trades.map((l: Trade) => l.key)).toEqual(['ETH/USDT', 'TOTAL']);
  });

  it('max_open_trades: a second pair’s signal is rejected while the slot is taken', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    const candles = bars([[100, 100, 100, 100], ...flat(100, 4)]);
    const config = btConfig({ exchange: { pair_whitelist: ['ETH/USDT', 'BTC/USDT'] } });
    const r = await runScenario(s, candles, config);
    expect(r.trades.map((t: Trade) => t.pair)).toEqual(['ETH/USDT']);
    expect(r.rejected_signals).toBe(1);
    const two = await runScenario(
      s,
      candles,
      btConfig({ max_open_trades: 2, exchange: { pair_whitelist: ['ETH/USDT', 'BTC/USDT'] } }),
    );
    expect(two.trades).toHaveLength(2);
  });

  it('unlimited stake splits the balance over max_open_trades', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    const candles = bars([[100, 100, 100, 100], ...flat(100, 4)]);
    const r = await runScenario(
      s,
      candles,
      btConfig({ stake_amount: 'unlimited', max_open_trades: 4, tradable_balance_ratio: 1 }),
    );
    expect(r.trades[0].stake_amount).toBe(250);
    const custom = new ScriptedStrategy();
    custom.script = { enterLong: [0] };
    custom.customStakeAmount = ({ proposedStake }) => proposedStake / 2;
    const r2 = await runScenario(custom, candles);
    expect(r2.trades[0].stake_amount).toBe(50);
  });
});

describe('timeframe_detail', () => {
  it('walks the lower timeframe inside the candle: ROI reached on an early 5m candle beats the stop hit later in the hour', async () => {
    const H1 = 3_600_000;
    const s = new ScriptedStrategy();
    s.timeframe = '1h';
    s.minimal_roi = { '0': 0.01 };
    s.script = { enterLong: [0] };
    const hours = bars(
      [
        [100, 100, 100, 100],
        [100, 103, 89, 95],
        [95, 95, 95, 95],
        [95, 95, 95, 95],
      ],
      T0,
      H1,
    );
    const five: [number, number, number, number][] = [
      [100, 100, 100, 100],
      [100, 103, 100, 102],
      [102, 102, 95, 96],
      [96, 96, 89, 90],
      ...flat(95, 8),
    ];
    const detail = bars(five, T0 + H1, M5);
    const load = (tf: string) => (tf === '1h' ? hours : tf === '5m' ? detail : []);
    const plain = await runBacktest(btConfig(), {
      strategies: [s],
      loadCandles: (_p, tf) => load(tf),
      fee: 0.001,
      now: () => T0,
    });
    const plainTrade = (plain.strategy.ScriptedStrategy as Record<string, any>).trades[0];
    expect(plainTrade.exit_reason).toBe('stop_loss');
    const withDetail = await runBacktest(btConfig(), {
      strategies: [s],
      loadCandles: (_p, tf) => load(tf),
      timeframeDetail: '5m',
      fee: 0.001,
      now: () => T0,
    });
    const r = withDetail.strategy.ScriptedStrategy as Record<string, any>;
    const t = r.trades[0];
    expect(t.open_date).toBe('2024-01-01 01:00:00+00:00');
    expect(t.exit_reason).toBe('roi');
    expect(t.close_date).toBe('2024-01-01 01:05:00+00:00');
    expect(t.close_rate).toBeCloseTo(101.1 / 0.999, 10);
    expect(r.timeframe_detail).toBe('5m');
  });
});

describe('futures funding fees', () => {
  it('a long pays rate · mark open · amount at each 8h funding time while open', async () => {
    const H1 = 3_600_000;
    const s = new ScriptedStrategy();
    s.timeframe = '1h';
    s.script = { enterLong: [0], exitLong: [16] };
    const hours = bars(flat(100, 20), T0, H1);
    // Funding candles every 8 h (rate in the open), mark candles at 100.
    const funding = bars(flat(0.0001, 3), T0, 8 * H1);
    const marks = bars(flat(100, 3), T0, 8 * H1);
    const config = btConfig({
      trading_mode: 'futures',
      margin_mode: 'isolated',
      exchange: { pair_whitelist: ['ETH/USDT:USDT'] },
    });
    const r = await runBacktest(config, {
      strategies: [s],
      loadCandles: (_p, tf, type) =>
        type === 'funding_rate' ? funding : type === 'mark' ? marks : tf === '1h' ? hours : [],
      fee: 0.001,
      now: () => T0,
    });
    const t = (r.strategy.ScriptedStrategy as Record<string, any>).trades[0];
    expect(t.open_date).toBe('2024-01-01 01:00:00+00:00');
    expect(t.close_date).toBe('2024-01-01 17:00:00+00:00');
    // Open 01:00 → 17:00: the 08:00 and 16:00 fundings, 0.0001 · 100 · 1 each, paid by the long.
    expect(t.profit_abs).toBeCloseTo(100 * 0.999 - 0.02 - 100 * 1.001, 8);
  });
});

describe('partial exit', () => {
  it('a negative adjust_trade_position sells part of the position at the open; profits add up at the close', async () => {
    const s = new ScriptedStrategy();
    s.position_adjustment_enable = true;
    s.adjustTradePosition = ({ trade, currentProfit }) =>
      trade.amount > 0.6 && currentProfit > 0.01 ? [-50, 'take_half'] : null;
    s.script = { enterLong: [0] };
    const candles = bars([[100, 100, 100, 100], [100, 100, 100, 100], ...flat(102, 4)]);
    const r = (
      await runBacktest(btConfig(), { strategies: [s], loadCandles: () => candles, fee: 0.001, now: () => T0 })
    ).strategy.ScriptedStrategy as Record<string, any>;
    const t = r.trades[0];
    // stake 100 at 100 → amount 1; at c2 (open 102) −50 stake sells 0.5, the rest leaves at the end (force_exit at 102).
    expect(t.orders.map((o: Trade) => [o.ft_order_side, o.amount, o.safe_price, o.ft_order_tag])).toEqual([
      ['buy', 1, 100, 'scripted'],
      ['sell', 0.5, 102, 'take_half'],
      ['sell', 0.5, 102, 'force_exit'],
    ]);
    const half = 0.5 * 102 * 0.999 - 0.5 * 100 * 1.001; // 0.899 per half
    expect(t.profit_abs).toBeCloseTo(2 * half, 8);
    expect(t.profit_ratio).toBeCloseTo((2 * half) / 100.1, 8);
    expect(t.exit_reason).toBe('force_exit');
  });
});
