// Worked backtest scenarios for the strategy callbacks around orders, each expected value computed
// by hand from freqtrade 2024.10's backtesting.py: custom_exit_price (capped by the candle, filled
// on cross), confirm_trade_exit, check_entry_timeout / check_exit_timeout (per candle),
// adjust_entry_price (order replacement per candle), order_filled, bot_loop_start and
// custom_stoploss after a fill. Rows are 5 minutes apart; a signal on row k acts on row k+1.
import { describe, expect, it } from 'vitest';
import type { CustomExitPriceArgs, OrderView } from '../../../src/strategy/types.ts';
import { bars, btConfig, flat, M5, runScenario, ScriptedStrategy, T0, type Trade } from './scripted.ts';

const at = (row: number) => T0 + row * M5;

// Entry signal on row 0 → trade opened at row 1's open, 100 (stake 100 → amount 1).
const opening: [number, number, number, number][] = [
  [100, 100, 100, 100],
  [100, 100, 100, 100],
  [100, 100, 100, 100],
];

describe('backtest callbacks: custom_exit_price and confirm_trade_exit', () => {
  it('custom_exit_price above the candle rests, then fills on the candle that crosses it', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    const calls: CustomExitPriceArgs[] = [];
    s.customExitPrice = (args) => {
      calls.push(args);
      return 104;
    };
    // Row 3: proposed 101 (its open); 104 > high 103 → the order rests. Row 4 (low 102, high 105) fills it.
    const candles = bars([...opening, [101, 103, 100, 102], [103, 105, 102, 104], ...flat(104, 2)]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    expect(calls).toHaveLength(1);
    expect(calls[0].proposedRate).toBe(101);
    expect(calls[0].currentTime).toBe(at(3));
    expect(calls[0].exitTag).toBe('exit_signal');
    // profit ratio at 101 = (101·0.999 − 100·1.001) / (100·1.001) = (100.899 − 100.1) / 100.1
    // = 0.0079820179…, which calc_profit_ratio rounds to 8 decimals
    expect(calls[0].currentProfit).toBe(0.00798202);
    expect(t.exit_reason).toBe('exit_signal');
    expect(t.close_rate).toBe(104);
    expect(t.close_date).toBe('2024-01-01 00:20:00+00:00');
    expect(t.orders[1].order_filled_timestamp).toBe(at(4));
    // 104·0.999 − 100·1.001 = 103.896 − 100.1
    expect(t.profit_abs).toBeCloseTo(3.796, 8);
  });

  it('custom_exit_price below the candle is raised to its low and fills at once', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    s.customExitPrice = () => 90;
    const candles = bars([...opening, [101, 103, 100, 102], ...flat(102, 3)]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    expect(t.close_rate).toBe(100); // max(90, low 100)
    expect(t.close_date).toBe('2024-01-01 00:15:00+00:00');
  });

  it('custom_exit_price is not asked for stop or ROI exits', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    let asked = 0;
    s.customExitPrice = () => {
      asked++;
      return 200;
    };
    const candles = bars([...opening, [100, 100, 85, 95], ...flat(95, 2)]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    expect(t.exit_reason).toBe('stop_loss');
    expect(t.close_rate).toBe(90);
    expect(asked).toBe(0);
  });

  it('confirm_trade_exit refusing an exit keeps the trade until a later candle is confirmed', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2, 3] };
    const asked: [number, string, number, number][] = [];
    s.confirmTradeExit = (a) => {
      asked.push([a.currentTime, a.exitReason, a.rate, a.amount]);
      return a.currentTime >= at(4);
    };
    const candles = bars([...opening, [101, 101, 101, 101], [102, 102, 102, 102], ...flat(103, 2)]);
    const r = await runScenario(s, candles);
    const t: Trade = r.trades[0];
    expect(asked).toEqual([
      [at(3), 'exit_signal', 101, 1],
      [at(4), 'exit_signal', 102, 1],
    ]);
    expect(t.close_rate).toBe(102);
    expect(t.close_date).toBe('2024-01-01 00:20:00+00:00');
  });

  it('confirm_trade_exit refusing the stop: the trade rides through it and is force-exited at the end', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    const reasons: string[] = [];
    s.confirmTradeExit = (a) => {
      reasons.push(a.exitReason);
      return false;
    };
    const candles = bars([...opening, [100, 100, 85, 95], [95, 95, 95, 95], [96, 96, 96, 96]]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    // Row 3 (low 85 ≤ stop 90) asks; row 4 (low 95) has no stop to ask about; row 5, the last, force-exits unasked.
    expect(reasons).toEqual(['stop_loss']);
    expect(t.exit_reason).toBe('force_exit');
    expect(t.close_rate).toBe(96);
  });
});

describe('backtest callbacks: custom_roi (use_custom_roi)', () => {
  const script = (s: ScriptedStrategy) => {
    s.script = { enterLong: [0] };
    s.use_custom_roi = true;
    s.customRoi = (a) => (a.tradeDuration >= 10 ? 0.01 : null);
  };

  it('exits at the rate that makes the custom ROI once it is offered; the table (10) alone never exits', async () => {
    const s = new ScriptedStrategy();
    script(s);
    // Row 2 (5 min): no custom ROI, table 1000 % → stays. Row 3 (10 min): ROI 1 % → close = (1 + 100.1) / 0.999.
    const candles = bars([...opening, [100, 102, 100, 101], [100.5, 102, 100, 101], ...flat(101, 2)]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    expect(t.exit_reason).toBe('roi');
    expect(t.close_rate).toBeCloseTo(101.1 / 0.999, 10);
    expect(t.close_date).toBe('2024-01-01 00:15:00+00:00');
  });

  it('a candle opening above the custom ROI rate exits at its open (the ROI step keyed at the trade age)', async () => {
    const s = new ScriptedStrategy();
    script(s);
    const candles = bars([...opening, [100, 100.5, 100, 100], [102, 103, 101.5, 102], ...flat(102, 2)]);
    const t: Trade = (await runScenario(s, candles)).trades[0];
    expect(t.exit_reason).toBe('roi');
    expect(t.close_rate).toBe(102);
  });
});

describe('backtest callbacks: timeouts and order replacement', () => {
  it('check_entry_timeout cancels an unfilled entry on the next candle', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    s.customEntryPrice = () => 95;
    const seen: [number, number, string | null][] = [];
    s.checkEntryTimeout = (a) => {
      seen.push([a.currentTime, a.order.price, a.order.status]);
      return true;
    };
    const config = btConfig({ unfilledtimeout: { entry: 60, exit: 60 } });
    const r = await runScenario(s, bars([[100, 100, 100, 100], [100, 101, 98, 100], ...flat(99, 4)]), config);
    expect(seen).toEqual([[at(2), 95, 'open']]);
    expect(r.total_trades).toBe(0);
    expect(r.timedout_entry_orders).toBe(1);
    expect(r.final_balance).toBe(1000);
  });

  it('check_exit_timeout drops a resting exit; the exit is placed again and fills in the same candle', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2, 3] };
    let priced = 0;
    s.customExitPrice = () => {
      priced++;
      return 104;
    };
    s.checkExitTimeout = (a) => a.currentTime === at(4);
    const config = btConfig({ unfilledtimeout: { entry: 60, exit: 60 } });
    const r = await runScenario(
      s,
      bars([...opening, [101, 103, 100, 102], [103, 105, 102, 104], ...flat(104, 2)]),
      config,
    );
    const t: Trade = r.trades[0];
    expect(r.timedout_exit_orders).toBe(1);
    expect(priced).toBe(2);
    expect(t.close_rate).toBe(104);
    expect(t.orders).toHaveLength(2); // the dropped order is removed, as freqtrade deletes it
    expect(t.orders[1].order_filled_timestamp).toBe(at(4));
  });

  it('adjust_entry_price moves an unfilled entry to the new open, where it fills', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    s.customEntryPrice = () => 95;
    const asked: [number, number, number][] = [];
    s.adjustEntryPrice = (a) => {
      asked.push([a.currentTime, a.proposedRate, a.currentOrderRate]);
      return a.proposedRate;
    };
    // Row 1: limit 95 rests (low 98). Row 2: replaced at its open 99, low 98.5 ≤ 99 → filled.
    const candles = bars([[100, 100, 100, 100], [100, 101, 98, 100], [99, 100, 98.5, 99.5], ...flat(99.5, 3)]);
    const r = await runScenario(s, candles);
    const t: Trade = r.trades[0];
    expect(asked).toEqual([[at(2), 99, 95]]);
    expect(r.canceled_entry_orders).toBe(1);
    expect(r.replaced_entry_orders).toBe(1);
    expect(r.canceled_trade_entries).toBe(0);
    expect(t.open_rate).toBe(99);
    expect(t.open_date).toBe('2024-01-01 00:05:00+00:00');
    // The new order keeps the stake of the old one: (100/95)·95 = 100 → amount 100/99.
    expect(t.amount).toBeCloseTo(100 / 99, 8);
    expect(t.stake_amount).toBeCloseTo(100, 8);
    expect(t.orders).toHaveLength(2); // replacement entry + force exit
    expect(t.orders[0].order_filled_timestamp).toBe(at(2));
  });

  it('adjust_exit_price moves a resting exit to a price the next candle crosses', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    s.customExitPrice = () => 104;
    const asked: [number, number, number][] = [];
    s.adjustExitPrice = (a) => {
      asked.push([a.currentTime, a.proposedRate, a.currentOrderRate]);
      return 102.5;
    };
    // Row 3: exit limit 104 rests (high 103). Row 4: moved to 102.5, inside 100.5..103 → filled there.
    const candles = bars([...opening, [101, 103, 100, 102], [101, 103, 100.5, 102], ...flat(102, 2)]);
    const t: Trade = (await runScenario(s, candles, btConfig({ unfilledtimeout: { entry: 60, exit: 60 } }))).trades[0];
    expect(asked).toEqual([[at(4), 101, 104]]);
    expect(t.exit_reason).toBe('exit_signal');
    expect(t.close_rate).toBe(102.5);
    expect(t.orders[1].order_filled_timestamp).toBe(at(4));
    expect(t.orders[1].ft_order_tag).toBe('exit_signal');
  });

  it('adjust_exit_price returning null drops the exit; without another exit the trade runs to the end', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    s.customExitPrice = () => 104;
    s.adjustExitPrice = () => null;
    const candles = bars([...opening, [101, 103, 100, 102], [101, 103, 100.5, 102], [102, 102, 102, 102]]);
    const t: Trade = (await runScenario(s, candles, btConfig({ unfilledtimeout: { entry: 60, exit: 60 } }))).trades[0];
    expect(t.exit_reason).toBe('force_exit');
    expect(t.close_rate).toBe(102);
    expect(t.orders).toHaveLength(2); // entry + force exit: the dropped exit is gone
  });

  it('adjust_entry_price returning null cancels the entry and the trade', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0] };
    s.customEntryPrice = () => 95;
    s.adjustEntryPrice = () => null;
    const r = await runScenario(s, bars([[100, 100, 100, 100], [100, 101, 98, 100], ...flat(99, 4)]));
    expect(r.total_trades).toBe(0);
    expect(r.canceled_entry_orders).toBe(1);
    expect(r.canceled_trade_entries).toBe(1);
    expect(r.replaced_entry_orders).toBe(0);
  });
});

describe('backtest callbacks: order_filled, bot_loop_start, custom_stoploss after fill', () => {
  it('order_filled is called for the entry and the exit fill, at the candle they fill on', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    const fills: [number, OrderView][] = [];
    s.orderFilled = (a) => fills.push([a.currentTime, a.order]);
    await runScenario(s, bars([...opening, [101, 101, 101, 101], ...flat(101, 2)]));
    expect(fills.map(([time, o]) => [time, o.ftOrderSide, o.price, o.filled, o.status, o.tag])).toEqual([
      [at(1), 'buy', 100, 1, 'closed', 'scripted'],
      [at(3), 'sell', 101, 1, 'closed', 'exit_signal'],
    ]);
  });

  it('bot_start once, then bot_loop_start once per candle step, with the step time', async () => {
    const s = new ScriptedStrategy();
    const times: number[] = [];
    let started = 0;
    s.botStart = () => {
      started++;
    };
    // May be async (awaited before the step's pairs are processed).
    s.botLoopStart = async ({ currentTime }) => {
      await Promise.resolve();
      times.push(currentTime);
    };
    await runScenario(s, bars(flat(100, 6)), btConfig({ exchange: { pair_whitelist: ['ETH/USDT', 'BTC/USDT'] } }));
    // Rows 1..5 (row 0 only carries the first shifted signal); once per step, not per pair.
    expect(times).toEqual([at(1), at(2), at(3), at(4), at(5)]);
    expect(started).toBe(1); // ft_bot_start, once per strategy
  });

  it('custom_stoploss after the entry fill may loosen the stop (after_fill), so the low of 85 misses it', async () => {
    const candles = bars([...opening, [100, 100, 85, 95], ...flat(95, 2)]);
    const loosened = new ScriptedStrategy();
    loosened.use_custom_stoploss = true;
    loosened.script = { enterLong: [0] };
    const afterFill: boolean[] = [];
    loosened.customStoploss = (a) => {
      afterFill.push(a.afterFill);
      return -0.2;
    };
    const t: Trade = (await runScenario(loosened, candles)).trades[0];
    expect(afterFill[0]).toBe(true);
    expect(t.exit_reason).toBe('force_exit');
    expect(t.stop_loss_abs).toBe(80); // 100 · (1 − 0.2), below the initial 90
    expect(t.initial_stop_loss_abs).toBe(90);

    const notAfterFill = new ScriptedStrategy();
    notAfterFill.use_custom_stoploss = true;
    notAfterFill.script = { enterLong: [0] };
    notAfterFill.customStoploss = (a) => (a.afterFill ? null : -0.2);
    const u: Trade = (await runScenario(notAfterFill, candles)).trades[0];
    // Without the after-fill answer the stop cannot move down from 90: the low of 85 hits it.
    expect(u.exit_reason).toBe('stop_loss');
    expect(u.close_rate).toBe(90);
  });

  it('a callback that throws falls back to freqtrade defaults (strategy_safe_wrapper)', async () => {
    const s = new ScriptedStrategy();
    s.script = { enterLong: [0], exitLong: [2] };
    s.customExitPrice = () => {
      throw new Error('boom');
    };
    s.confirmTradeExit = () => {
      throw new Error('boom');
    };
    s.orderFilled = () => {
      throw new Error('boom');
    };
    const t: Trade = (await runScenario(s, bars([...opening, [101, 101, 101, 101], ...flat(101, 2)]))).trades[0];
    expect(t.exit_reason).toBe('exit_signal');
    expect(t.close_rate).toBe(101);
  });
});
