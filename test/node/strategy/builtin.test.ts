import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/strategy/analyze.ts';
import { BaseStrategy, defaultSettings } from '../../../src/strategy/base.ts';
import {
  BUILTIN_STRATEGIES,
  MaCrossStrategy,
  RsiStrategy,
  SampleStrategy,
} from '../../../src/strategy/builtin/index.ts';
import { signalCounts } from '../../../src/strategy/frame.ts';
import type { Frame, Strategy } from '../../../src/strategy/types.ts';
import { syntheticCandles } from './synthetic.ts';

const meta = { pair: 'BTC/USDT', timeframe: '5m' };
const candles = syntheticCandles(600);

function tagsWhere(frame: Frame, signal: string, tagColumn: string): Set<string | null> {
  const tags = new Set<string | null>();
  frame.columns[signal].forEach((v, i) => {
    if (v === 1) tags.add(frame.tags[tagColumn][i]);
  });
  return tags;
}

function withShorts<T extends Strategy>(strategy: T): T {
  strategy.can_short = true;
  return strategy;
}

describe('BaseStrategy', () => {
  it("fills freqtrade's defaults for everything but timeframe and stoploss", () => {
    class Minimal extends BaseStrategy {
      timeframe = '1h';
      stoploss = -0.1;
      populateIndicators(f: Frame) {
        return f;
      }
      populateEntryTrend(f: Frame) {
        return f;
      }
      populateExitTrend(f: Frame) {
        return f;
      }
    }
    const s = new Minimal();
    const { timeframe, stoploss, ...rest } = s;
    expect({ timeframe, stoploss }).toEqual({ timeframe: '1h', stoploss: -0.1 });
    // freqtrade's IStrategy.market_direction defaults to MarketDirection.NONE.
    expect(rest).toEqual({ ...defaultSettings(), plot_config: undefined, market_direction: 'none' });
    expect(s.minimal_roi).toEqual({ '0': 10 });
    expect(s.order_types).toEqual({
      entry: 'limit',
      exit: 'limit',
      stoploss: 'limit',
      stoploss_on_exchange: false,
      stoploss_on_exchange_interval: 60,
    });
    expect(s.name).toBe('Minimal');
    expect(s.version()).toBeNull();
  });
});

describe('built-in strategies', () => {
  it('are registered by class name with freqtrade-like settings', () => {
    expect(Object.keys(BUILTIN_STRATEGIES).sort()).toEqual([
      'CombinedBinHAndCluc',
      'FixedRiskRewardLoss',
      'InformativeSample',
      'MaCrossStrategy',
      'RsiStrategy',
      'SampleStrategy',
    ]);
    for (const [name, Cls] of Object.entries(BUILTIN_STRATEGIES)) expect(new Cls().name).toBe(name);
    // tickhub's own three share these settings; the ports keep their published ones (their own tests).
    const ports = ['CombinedBinHAndCluc', 'FixedRiskRewardLoss', 'InformativeSample'];
    for (const [, Cls] of Object.entries(BUILTIN_STRATEGIES).filter(([n]) => !ports.includes(n))) {
      const s = new Cls();
      expect(s.timeframe).toBe('5m');
      expect(s.stoploss).toBeLessThan(0);
      expect(s.minimal_roi).toEqual({ '0': 0.04, '30': 0.02, '60': 0.01, '120': 0 });
      expect(s.startup_candle_count).toBeGreaterThan(0);
      expect(s.version?.()).toBe('1.0');
      expect(s.can_short).toBe(false);
    }
    const ma = new MaCrossStrategy();
    expect([ma.trailing_stop, ma.trailing_stop_positive]).toEqual([false, null]);
    expect(Object.keys(ma.plot_config?.main_plot ?? {})).toEqual(['ema_fast', 'ema_slow']);
    const r = new RsiStrategy();
    expect([
      r.trailing_stop,
      r.trailing_stop_positive,
      r.trailing_stop_positive_offset,
      r.trailing_only_offset_is_reached,
    ]).toEqual([true, 0.01, 0.02, true]);
    expect(Object.keys(r.plot_config?.subplots?.RSI ?? {})).toEqual(['rsi']);
    expect([ma.stoploss, r.stoploss]).toEqual([-0.05, -0.05]);
  });

  it('plot_config only names columns the strategy computes', () => {
    for (const Cls of Object.values(BUILTIN_STRATEGIES)) {
      const s = new Cls();
      const frame = analyze(s, candles, meta);
      const plotted = [
        ...Object.keys(s.plot_config?.main_plot ?? {}),
        ...Object.values(s.plot_config?.subplots ?? {}).flatMap((sub) => Object.keys(sub)),
      ];
      expect(plotted.length).toBeGreaterThan(0);
      for (const column of plotted) expect(frame.columns[column], `${s.name}: ${column}`).toBeDefined();
    }
  });

  it('SampleStrategy enters on an RSI turn up below the middle band and exits on a turn down', () => {
    const frame = analyze(new SampleStrategy(), candles, meta);
    const counts = signalCounts(frame);
    expect(counts.enter_long).toBeGreaterThan(0);
    expect(counts.exit_long).toBeGreaterThan(0);
    const { rsi, bb_middleband, enter_long } = frame.columns;
    enter_long.forEach((v, i) => {
      if (v !== 1) return;
      expect(rsi[i] as number).toBeGreaterThan(30);
      expect(rsi[i - 1] as number).toBeLessThanOrEqual(30);
      expect(frame.close[i]).toBeLessThan(bb_middleband[i] as number);
    });
    expect(tagsWhere(frame, 'enter_long', 'enter_tag')).toEqual(new Set(['rsi_turn_up']));
    const shorts = signalCounts(analyze(withShorts(new SampleStrategy()), candles, meta));
    expect(shorts.enter_short).toBeGreaterThan(0);
    expect(shorts.exit_short).toBeGreaterThan(0);
  });

  it('MaCrossStrategy enters long on a cross up and exits on a cross down, with tags', () => {
    const frame = analyze(new MaCrossStrategy(), candles, meta);
    const counts = signalCounts(frame);
    expect(counts.enter_long).toBeGreaterThan(0);
    expect(counts.exit_long).toBeGreaterThan(0);
    expect(counts.enter_short + counts.exit_short).toBe(0);
    expect(tagsWhere(frame, 'enter_long', 'enter_tag')).toEqual(new Set(['ema_cross_up']));
    expect(tagsWhere(frame, 'exit_long', 'exit_tag')).toEqual(new Set(['ema_cross_down']));
    const { ema_fast, ema_slow, enter_long } = frame.columns;
    enter_long.forEach((v, i) => {
      if (v !== 1) return;
      expect(ema_fast[i] as number).toBeGreaterThan(ema_slow[i] as number);
      expect(ema_fast[i - 1] as number).toBeLessThanOrEqual(ema_slow[i - 1] as number);
    });
  });

  it('MaCrossStrategy mirrors shorts when can_short', () => {
    const frame = analyze(withShorts(new MaCrossStrategy()), candles, meta);
    const counts = signalCounts(frame);
    expect(counts.enter_short).toBe(counts.exit_long);
    expect(counts.exit_short).toBe(counts.enter_long);
    expect(tagsWhere(frame, 'enter_short', 'enter_tag')).toEqual(new Set(['ema_cross_down']));
    expect(tagsWhere(frame, 'exit_short', 'exit_tag')).toEqual(new Set(['ema_cross_up']));
  });

  it('RsiStrategy enters long below 30 and exits above 70, with tags', () => {
    const frame = analyze(new RsiStrategy(), candles, meta);
    const counts = signalCounts(frame);
    expect(counts.enter_long).toBeGreaterThan(0);
    expect(counts.exit_long).toBeGreaterThan(0);
    expect(counts.enter_short + counts.exit_short).toBe(0);
    const { rsi, enter_long, exit_long } = frame.columns;
    rsi.forEach((v, i) => {
      expect(enter_long[i]).toBe(v !== null && v < 30 ? 1 : 0);
      expect(exit_long[i]).toBe(v !== null && v > 70 ? 1 : 0);
    });
    expect(tagsWhere(frame, 'enter_long', 'enter_tag')).toEqual(new Set(['rsi_oversold']));
    expect(tagsWhere(frame, 'exit_long', 'exit_tag')).toEqual(new Set(['rsi_overbought']));
  });

  it('RsiStrategy mirrors shorts when can_short', () => {
    const frame = analyze(withShorts(new RsiStrategy()), candles, meta);
    const counts = signalCounts(frame);
    expect(counts.enter_short).toBe(counts.exit_long);
    expect(counts.exit_short).toBe(counts.enter_long);
    expect(tagsWhere(frame, 'enter_short', 'enter_tag')).toEqual(new Set(['rsi_overbought']));
  });
});
