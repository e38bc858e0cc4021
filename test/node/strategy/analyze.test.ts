import { describe, expect, it } from 'vitest';
import { AnalyzedStore, analyze, lastSignal } from '../../../src/strategy/analyze.ts';
import { BaseStrategy } from '../../../src/strategy/base.ts';
import { RsiStrategy } from '../../../src/strategy/builtin/index.ts';
import { StrategyError } from '../../../src/strategy/errors.ts';
import { markSignal, setColumn, sliceFrame } from '../../../src/strategy/frame.ts';
import { type Frame, frameFromCandles } from '../../../src/strategy/types.ts';
import { FIVE_MINUTES, START, syntheticCandles } from './synthetic.ts';

const meta = { pair: 'ETH/USDT', timeframe: '5m' };
const candles = syntheticCandles(50);

/** A strategy whose three steps are given by the test. */
class Scripted extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  indicators: (f: Frame) => Frame = (f) => f;
  entry: (f: Frame) => Frame = (f) => f;
  exit: (f: Frame) => Frame = (f) => f;
  populateIndicators(f: Frame) {
    return this.indicators(f);
  }
  populateEntryTrend(f: Frame) {
    return this.entry(f);
  }
  populateExitTrend(f: Frame) {
    return this.exit(f);
  }
}

describe('analyze', () => {
  it('runs the three steps in order and adds missing signal (0) and tag (null) columns', () => {
    const calls: string[] = [];
    const s = new Scripted();
    s.indicators = (f) => {
      calls.push('indicators');
      return setColumn(
        f,
        'double',
        f.close.map((c) => c * 2),
      );
    };
    s.entry = (f) => {
      calls.push('entry');
      expect(f.columns.double).toBeDefined();
      const when = f.date.map((_, i) => i === 10);
      markSignal(f, 'enter_long', when);
      f.columns.enter_long[11] = null;
      return f;
    };
    s.exit = (f) => {
      calls.push('exit');
      return f;
    };
    const frame = analyze(s, candles, meta);
    expect(calls).toEqual(['indicators', 'entry', 'exit']);
    expect(frame.columns.enter_long[10]).toBe(1);
    expect(frame.columns.enter_long[11]).toBe(0);
    for (const name of ['exit_long', 'enter_short', 'exit_short']) {
      expect(frame.columns[name]).toEqual(new Array(50).fill(0));
    }
    expect(frame.tags.enter_tag).toEqual(new Array(50).fill(null));
    expect(frame.tags.exit_tag).toEqual(new Array(50).fill(null));
  });

  it('handles an empty candle list', () => {
    const frame = analyze(new RsiStrategy(), [], meta);
    expect(frame.date).toEqual([]);
    expect(frame.columns.enter_long).toEqual([]);
    expect(lastSignal(frame)).toBeUndefined();
  });

  it('rejects a strategy that drops rows, changes the last candle or leaves a short column', () => {
    const dropping = new Scripted();
    dropping.entry = (f) => sliceFrame(f, 1);
    expect(() => analyze(dropping, candles, meta)).toThrow(StrategyError);
    const changing = new Scripted();
    changing.exit = (f) => {
      f.close[f.close.length - 1] += 1;
      return f;
    };
    expect(() => analyze(changing, candles, meta)).toThrow(/last candle/);
    const short = new Scripted();
    short.indicators = (f) => {
      f.columns.bad = [1, 2, 3];
      return f;
    };
    expect(() => analyze(short, candles, meta)).toThrow(/column bad has 3 rows/);
    const nothing = new Scripted();
    nothing.exit = () => undefined as unknown as Frame;
    expect(() => analyze(nothing, candles, meta)).toThrow(/returned no frame/);
  });
});

describe('lastSignal', () => {
  const frame = frameFromCandles(syntheticCandles(5));
  markSignal(frame, 'enter_long', [false, false, false, true, false], 'dip');
  markSignal(frame, 'exit_short', [false, false, false, false, true], 'top');

  it('reads the last row', () => {
    expect(lastSignal(frame)).toEqual({
      date: START + 4 * FIVE_MINUTES,
      enter_long: 0,
      exit_long: 0,
      enter_short: 0,
      exit_short: 1,
      enter_tag: null,
      exit_tag: 'top',
    });
  });

  it('skips a candle that has not closed yet', () => {
    const now = START + 4 * FIVE_MINUTES + 60_000; // one minute into the last candle
    expect(lastSignal(frame, { now, timeframeMs: FIVE_MINUTES })).toMatchObject({
      date: START + 3 * FIVE_MINUTES,
      enter_long: 1,
      enter_tag: 'dip',
      exit_short: 0,
    });
    expect(lastSignal(frame, { now: START + 5 * FIVE_MINUTES, timeframeMs: FIVE_MINUTES })?.date).toBe(
      START + 4 * FIVE_MINUTES,
    );
    expect(lastSignal(frame, { now: START, timeframeMs: FIVE_MINUTES })).toBeUndefined();
  });
});

describe('AnalyzedStore', () => {
  it('keeps one frame per (pair, timeframe, candle type) with its analysis time', () => {
    const store = new AnalyzedStore();
    const a = frameFromCandles(syntheticCandles(3));
    const b = frameFromCandles(syntheticCandles(4));
    store.set('ETH/USDT', '5m', 'spot', a, 1000);
    store.set('BTC/USDT', '5m', 'spot', a, 1001);
    store.set('BTC/USDT', '1h', 'spot', a, 1002);
    store.set('BTC/USDT:USDT', '5m', 'futures', b, 1003);
    store.set('ETH/USDT', '5m', 'spot', b, 2000);
    expect(store.get('ETH/USDT', '5m', 'spot')).toMatchObject({ frame: b, lastAnalyzed: 2000, candleType: 'spot' });
    expect(store.get('ETH/USDT', '5m', 'futures')).toBeUndefined();
    expect(store.pairs()).toEqual([
      { pair: 'BTC/USDT', timeframe: '1h', candleType: 'spot' },
      { pair: 'BTC/USDT', timeframe: '5m', candleType: 'spot' },
      { pair: 'BTC/USDT:USDT', timeframe: '5m', candleType: 'futures' },
      { pair: 'ETH/USDT', timeframe: '5m', candleType: 'spot' },
    ]);
    expect(store.delete('BTC/USDT', '1h', 'spot')).toBe(true);
    expect(store.pairs()).toHaveLength(3);
    store.clear();
    expect(store.pairs()).toEqual([]);
  });
});
