// Streaming analysis (src/strategy/streaming.ts): the frame kept and extended between ticks must equal
// the full analysis (the three populate methods) of the same candles, at every step: new candles,
// the forming candle replaced, the window sliding, a gap, a corrected older candle.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/exchange/port.ts';
import { analyze } from '../../../src/strategy/analyze.ts';
import { MaCrossStrategy } from '../../../src/strategy/builtin/MaCrossStrategy.ts';
import { columnNames, frameLength, getColumn, tail } from '../../../src/strategy/frame.ts';
import { EmaStream, ema } from '../../../src/strategy/indicators/index.ts';
import { KeptFrames, planStep, streamingOf } from '../../../src/strategy/streaming.ts';
import type { Frame, Strategy } from '../../../src/strategy/types.ts';

const TF = 300_000;
const T0 = 1_700_000_100_000 - (1_700_000_100_000 % TF);

type Op =
  | { kind: 'append'; moves: number[] }
  | { kind: 'replace'; move: number; volume: number }
  | { kind: 'replaceAndAppend'; move: number; moves: number[] }
  | { kind: 'gap'; missing: number; moves: number[] }
  | { kind: 'correct'; back: number; move: number }
  | { kind: 'none' };

const move = fc.integer({ min: -3, max: 3 });
const moves = fc.array(move, { minLength: 1, maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: moves.map((m) => ({ kind: 'append' as const, moves: m })) },
  {
    weight: 3,
    arbitrary: fc.record({ move, volume: fc.constantFrom(0, 5) }).map((r) => ({ kind: 'replace' as const, ...r })),
  },
  { weight: 2, arbitrary: fc.record({ move, moves }).map((r) => ({ kind: 'replaceAndAppend' as const, ...r })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ missing: fc.integer({ min: 1, max: 4 }), moves })
      .map((r) => ({ kind: 'gap' as const, ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ back: fc.integer({ min: 1, max: 8 }), move })
      .map((r) => ({ kind: 'correct' as const, ...r })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
);

function candle(date: number, close: number, volume = 5): Candle {
  return [date, close - 0.5, close + 1, close - 1, close, volume];
}

/** Next close: a small integer walk, so the fast and slow EMAs cross often. */
function nextClose(history: Candle[], m: number): number {
  return Math.max(1, (history.at(-1)?.[4] ?? 100) + m);
}

function appendCandles(history: Candle[], ms: number[], firstDate: number): void {
  for (const [k, m] of ms.entries())
    history.push(candle(firstDate + k * TF, nextClose(history, m), k % 3 === 2 ? 0 : 5));
}

/** Every column (OHLCV, indicators, signals, tags) and their order. */
function expectSameFrame(actual: Frame, expected: Frame): void {
  expect(columnNames(actual)).toEqual(columnNames(expected));
  for (const name of columnNames(expected))
    expect([name, getColumn(actual, name)]).toEqual([name, getColumn(expected, name)]);
}

function strategyWith(canShort: boolean, fast: number, slow: number): MaCrossStrategy {
  const s = new MaCrossStrategy();
  s.can_short = canShort;
  s.fastPeriod = fast;
  s.slowPeriod = slow;
  return s;
}

describe('streaming analysis: kept frame = full analysis at every step', () => {
  it('MaCrossStrategy over random candle streams (appends, forming-candle replaces, gaps, corrections, a sliding window)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 3, max: 40 }),
        fc.array(move, { minLength: 1, maxLength: 30 }),
        fc.array(op, { minLength: 1, maxLength: 40 }),
        (canShort, fast, slowExtra, window, start, ops) => {
          const strategy = strategyWith(canShort, fast, fast + slowExtra);
          const analysis = streamingOf(strategy);
          if (!analysis) throw new Error('MaCrossStrategy opts in');
          const kept = new KeptFrames();
          const meta = { pair: 'BTC/USDT', timeframe: '5m' };
          const history: Candle[] = [];
          appendCandles(history, start, T0);
          // The candles since the last full recompute: what the kept state has seen.
          let anchored = history.slice(-window);
          let expectedRows = anchored.length;
          const check = () => {
            const candles = history.slice(-window);
            const frame = kept.analyse(strategy, analysis, candles, meta, TF);
            expect(kept.lastRowsComputed).toBe(expectedRows);
            expect(frameLength(frame)).toBe(candles.length);
            expectSameFrame(frame, tail(analyze(strategy, anchored, meta), candles.length));
          };
          check();
          for (const o of ops) {
            const lastDate = history[history.length - 1][0];
            const before = history[history.length - 1];
            let added = 0;
            if (o.kind === 'append' || o.kind === 'gap') {
              const first = lastDate + TF * (o.kind === 'gap' ? o.missing + 1 : 1);
              appendCandles(history, o.moves, first);
              added = o.moves.length;
            } else if (o.kind === 'replace' || o.kind === 'replaceAndAppend') {
              history.pop();
              history.push(candle(lastDate, nextClose(history, o.move), o.kind === 'replace' ? o.volume : 5));
              if (o.kind === 'replaceAndAppend') appendCandles(history, o.moves, lastDate + TF);
              added = o.kind === 'replaceAndAppend' ? o.moves.length : 0;
            } else if (o.kind === 'correct') {
              const i = Math.max(0, history.length - 1 - o.back);
              const [date, , , , close] = history[i];
              history[i] = candle(date, close + (o.move === 0 ? 0.25 : o.move));
            }
            const candles = history.slice(-window);
            const replacedIndex = history.length - 1 - added;
            // The engine sees a replaced candle only when it changed and is still in the window.
            const replaced =
              (o.kind === 'replace' || o.kind === 'replaceAndAppend') &&
              added < window &&
              history[replacedIndex].some((v, k) => v !== before[k]);
            const correctedInWindow =
              o.kind === 'correct' && Math.max(0, replacedIndex - o.back) >= history.length - window;
            if (o.kind === 'gap' || correctedInWindow) {
              anchored = candles.slice();
              expectedRows = candles.length;
            } else {
              if (replaced) anchored = [...anchored.slice(0, -1), history[replacedIndex]];
              anchored = anchored.concat(history.slice(history.length - added));
              expectedRows = added + (replaced ? 1 : 0);
            }
            check();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a gap or correction recomputes from the window, so the frame then equals the plain full analysis', () => {
    const strategy = strategyWith(true, 3, 7);
    const analysis = streamingOf(strategy);
    if (!analysis) throw new Error('opts in');
    const meta = { pair: 'ETH/USDT', timeframe: '5m' };
    const kept = new KeptFrames();
    const history: Candle[] = [];
    appendCandles(history, [1, 2, -3, 1, 1, -2, -2, 3, 3, -1, 0, 2, -3, -3, 2, 1], T0);
    kept.analyse(strategy, analysis, history, meta, TF);
    appendCandles(history, [2, -1], (history.at(-1)?.[0] ?? 0) + 3 * TF);
    const frame = kept.analyse(strategy, analysis, history.slice(-10), meta, TF);
    expect(kept.lastRowsComputed).toBe(10);
    expectSameFrame(frame, analyze(strategy, history.slice(-10), meta));
    history[history.length - 3] = candle(history[history.length - 3][0], 42);
    const corrected = kept.analyse(strategy, analysis, history.slice(-10), meta, TF);
    expect(kept.lastRowsComputed).toBe(10);
    expectSameFrame(corrected, analyze(strategy, history.slice(-10), meta));
  });

  it('a replaced candle whose close is not finite (or was not) falls back to a full recompute', () => {
    const strategy = strategyWith(false, 2, 4);
    const analysis = streamingOf(strategy);
    if (!analysis) throw new Error('opts in');
    const meta = { pair: 'ETH/USDT', timeframe: '5m' };
    const kept = new KeptFrames();
    const history: Candle[] = [];
    appendCandles(history, [1, 2, -3, 1, 1, -2, -2, 3], T0);
    kept.analyse(strategy, analysis, history, meta, TF);
    history[history.length - 1] = [history[history.length - 1][0], 1, 1, 1, Number.POSITIVE_INFINITY, 1];
    expectSameFrame(kept.analyse(strategy, analysis, history, meta, TF), analyze(strategy, history, meta));
    expect(kept.lastRowsComputed).toBe(history.length);
    history[history.length - 1] = candle(history[history.length - 1][0], 7);
    expectSameFrame(kept.analyse(strategy, analysis, history, meta, TF), analyze(strategy, history, meta));
    expect(kept.lastRowsComputed).toBe(history.length);
  });

  it('another strategy object, another timeframe or a pair that left the whitelist starts afresh', () => {
    const meta = { pair: 'BTC/USDT', timeframe: '5m' };
    const history: Candle[] = [];
    appendCandles(history, [1, -1, 2, 2, -3, 1, 0, 1], T0);
    const a = strategyWith(false, 2, 3);
    const kept = new KeptFrames();
    const analysis = a.streaming;
    kept.analyse(a, analysis, history, meta, TF);
    kept.analyse(a, analysis, history, meta, TF);
    expect(kept.lastRowsComputed).toBe(0);
    const b = strategyWith(false, 2, 3);
    kept.analyse(b, b.streaming, history, meta, TF);
    expect(kept.lastRowsComputed).toBe(history.length);
    kept.analyse(b, b.streaming, history, { ...meta, timeframe: '1h' }, TF);
    expect(kept.lastRowsComputed).toBe(history.length);
    kept.retain(['ETH/USDT']);
    kept.analyse(b, b.streaming, history, { ...meta, timeframe: '1h' }, TF);
    expect(kept.lastRowsComputed).toBe(history.length);
  });

  it('streams only while the populate methods are the ones the analysis mirrors', () => {
    const plain = new MaCrossStrategy();
    expect(streamingOf(plain)).toBe(plain.streaming);
    class Tweaked extends MaCrossStrategy {
      override populateEntryTrend(frame: Frame): Frame {
        return frame;
      }
    }
    const sub = new Tweaked();
    expect(sub.streaming).toBeDefined();
    expect(streamingOf(sub)).toBeUndefined();
    const patched = new MaCrossStrategy();
    patched.populateExitTrend = (frame: Frame) => frame;
    expect(streamingOf(patched)).toBeUndefined();
    const informative: Strategy = new MaCrossStrategy();
    informative.informative = [{ timeframe: '1h', populate: (frame: Frame) => frame }] as never;
    expect(streamingOf(informative)).toBeUndefined();
  });

  it('planStep: slid window, appended rows, candles older than the kept head', () => {
    const history: Candle[] = [];
    appendCandles(history, [1, 2, 3, 4, 5, 6], T0);
    const frame = analyze(strategyWith(false, 2, 3), history.slice(0, 4), { pair: 'X/Y', timeframe: '5m' });
    expect(planStep(frame, history.slice(2), TF)).toEqual({ drop: 2, replaceLast: false, firstNew: 2 });
    expect(planStep(frame, history.slice(0, 4), TF)).toEqual({ drop: 0, replaceLast: false, firstNew: 4 });
    const older = [candle(T0 - TF, 90), ...history.slice(0, 4)];
    expect(planStep(frame, older, TF)).toBeUndefined();
    expect(planStep(frame, history.slice(4), TF)).toEqual({ drop: 4, replaceLast: false, firstNew: 0 }); // right after
    expect(planStep(frame, history.slice(5), TF)).toBeUndefined(); // a candle missing in between
  });

  it('EmaStream gives ema() row by row, replace included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 1, max: 1e4, noNaN: true }), fc.constant(Number.NaN)), { maxLength: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        (xs, period, replacement) => {
          const stream = new EmaStream(period);
          expect(xs.map((x) => stream.add(x))).toEqual(ema(xs, period));
          if (xs.length > 0 && Number.isFinite(xs[xs.length - 1])) {
            const replaced = [...xs.slice(0, -1), replacement];
            expect(stream.replace(replacement)).toEqual(ema(replaced, period).at(-1));
            expect(stream.replace(replacement)).toEqual(ema(replaced, period).at(-1)); // twice: still the same
          }
        },
      ),
    );
  });
});
