// The built-in port of freqtrade-strategies' CombinedBinHAndCluc (issue 15 point 5): its indicators
// against values computed independently (big.js, straight from the definitions: pandas rolling
// mean / sample std, qtpylib's min_periods=1 bands, TA-Lib's SMA-seeded EMA), worked examples by
// hand, and its signals on a fixed candle series whose entries and exits are reasoned out below.

import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/exchange/port.ts';
import { analyze } from '../../../src/strategy/analyze.ts';
import { binhBands, CombinedBinHAndCluc, qtpylibBands } from '../../../src/strategy/builtin/CombinedBinHAndCluc.ts';
import { rollingMean, rollingStd, talibEma, typicalPrice } from '../../../src/strategy/indicators/index.ts';

const T0 = Date.UTC(2024, 0, 1);
const M5 = 300_000;
const meta = { pair: 'ETH/USDT', timeframe: '5m' };

function candle(i: number, open: number, high: number, low: number, close: number, volume: number): Candle {
  return [T0 + i * M5, open, high, low, close, volume];
}

// --- independent references (exact decimal arithmetic, one window at a time) ---
const big = (x: number) => new Big(x);
function refMean(xs: number[]): Big {
  return xs.reduce((s, x) => s.plus(big(x)), big(0)).div(xs.length);
}
function refSampleStd(xs: number[]): Big {
  const m = refMean(xs);
  return xs
    .reduce((s, x) => s.plus(big(x).minus(m).pow(2)), big(0))
    .div(xs.length - 1)
    .sqrt();
}
function refRolling(xs: number[], window: number, minPeriods: number, fn: (w: number[]) => Big | null) {
  return xs.map((_, i) => {
    const w = xs.slice(Math.max(0, i - window + 1), i + 1);
    return w.length >= minPeriods ? fn(w) : null;
  });
}
function refEma(xs: number[], period: number): (Big | null)[] {
  const out: (Big | null)[] = xs.map(() => null);
  const k = big(2).div(period + 1);
  let prev = refMean(xs.slice(0, period));
  out[period - 1] = prev;
  for (let i = period; i < xs.length; i++) {
    prev = big(xs[i])
      .times(k)
      .plus(prev.times(big(1).minus(k)));
    out[i] = prev;
  }
  return out;
}
function expectClose(actual: (number | null)[], expected: (Big | null)[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    if (e === null) {
      expect(a, `row ${i}`).toBeNull();
      return;
    }
    expect(a, `row ${i}`).not.toBeNull();
    const rel = Math.abs((a as number) - e.toNumber()) / Math.max(1, Math.abs(e.toNumber()));
    expect(rel, `row ${i}: ${a} vs ${e.toString()}`).toBeLessThan(1e-9);
  });
}

/** 160 known candles: a deterministic wave with noise (an LCG), volumes varying. */
function knownCandles(): Candle[] {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const out: Candle[] = [];
  let close = 1800;
  for (let i = 0; i < 160; i++) {
    const open = close;
    close = Math.round(open * (1 + Math.sin(i / 9) * 0.004 + (rand() - 0.5) * 0.012) * 100) / 100;
    const high = Math.round(Math.max(open, close) * (1 + rand() * 0.003) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - rand() * 0.003) * 100) / 100;
    out.push(candle(i, open, high, low, close, Math.round(500 + rand() * 1500)));
  }
  return out;
}

describe('CombinedBinHAndCluc indicators', () => {
  it('worked examples by hand', () => {
    // pandas rolling(3): mean of 1,2,3 = 2, sample std = sqrt(((1-2)²+0+(3-2)²)/2) = 1
    expect(rollingMean([1, 2, 3, 4], 3)).toEqual([null, null, 2, 3]);
    expect(rollingStd([1, 2, 3, 4], 3)).toEqual([null, null, 1, 1]);
    // qtpylib bands, window 3, min_periods 1: mid expands 1, 1.5, 2, 3; std needs two values (ddof 1):
    // row 1: sqrt(((1-1.5)² + (2-1.5)²)/1) = sqrt(0.5); lower = 1.5 - 2·sqrt(0.5)
    const q = qtpylibBands([1, 2, 3, 4], 3, 2);
    expect(q.mid).toEqual([1, 1.5, 2, 3]);
    expect(q.lower[0]).toBeNull();
    expect(q.lower[1]).toBeCloseTo(1.5 - 2 * Math.sqrt(0.5), 12);
    expect(q.lower.slice(2)).toEqual([0, 1]);
    // The strategy's own bands: NaN warm-up becomes 0 (np.nan_to_num), so `lower.shift() > 0` guards it.
    expect(binhBands([1, 2, 3, 4], 3, 2)).toEqual({ mid: [0, 0, 2, 3], lower: [0, 0, 0, 1] });
    // TA-Lib EMA(3): seed at row 2 = (1+2+3)/3 = 2; k = 0.5: row 3 = 2 + (4-2)/2 = 3, row 4 = 3 + (5-3)/2 = 4
    expect(talibEma([1, 2, 3, 4, 5], 3)).toEqual([null, null, 2, 3, 4]);
    expect(typicalPrice([3], [1], [2])).toEqual([2]);
  });

  it('every indicator column equals the independent computation on 160 known candles', () => {
    const candles = knownCandles();
    const frame = analyze(new CombinedBinHAndCluc(), candles, meta);
    const close = candles.map((c) => c[4]);
    const low = candles.map((c) => c[3]);
    const volume = candles.map((c) => c[5]);
    const tp = candles.map((c) => big(c[2]).plus(big(c[3])).plus(big(c[4])).div(3).toNumber());

    const mid40 = refRolling(close, 40, 40, refMean);
    const std40 = refRolling(close, 40, 40, refSampleStd);
    const lower40 = mid40.map((m, i) => (m === null ? big(0) : m.minus(std40[i]!.times(2))));
    expectClose(frame.columns.lower, lower40);
    expectClose(
      frame.columns.bbdelta,
      mid40.map((m, i) => (m === null ? big(0) : m.minus(lower40[i]!).abs())),
    );
    expectClose(
      frame.columns.closedelta,
      close.map((c, i) =>
        i === 0
          ? null
          : big(c)
              .minus(big(close[i - 1]))
              .abs(),
      ),
    );
    expectClose(
      frame.columns.tail,
      close.map((c, i) => big(c).minus(big(low[i])).abs()),
    );
    const mid20 = refRolling(tp, 20, 1, refMean);
    const std20 = refRolling(tp, 20, 2, refSampleStd);
    expectClose(frame.columns.bb_middleband, mid20);
    expectClose(
      frame.columns.bb_lowerband,
      mid20.map((m, i) => (std20[i] === null ? null : m!.minus(std20[i]!.times(2)))),
    );
    expectClose(frame.columns.ema_slow, refEma(close, 50));
    expectClose(frame.columns.volume_mean_slow, refRolling(volume, 30, 30, refMean));
    // The 40-band exists from its 40th candle; before that it is 0, as nan_to_num makes it.
    expect(frame.columns.lower[39]).not.toBe(0);
    expect(frame.columns.lower[38]).toBe(0);
  });
});

/**
 * A fixed series: 60 candles alternating between closes 99 and 101 (high = close + 0.5,
 * low = close - 0.5, volume 1000), then:
 *  - row 60: close 95 with low 95 (no tail), a 6-point drop below the 40-band (≈ 97.97):
 *    BinHV45 enters (bbdelta ≈ 2.03 > 0.76, closedelta 6 > 1.66, tail 0, 95 < lower, 95 ≤ 101).
 *  - rows 61..79: the alternation resumes at 99/101; closes back above the 20-band middle exit.
 *  - row 80: close 93 with a long wick (low 87), from 99: the tail 6 is more than a quarter of
 *    bbdelta (≈ 3.35), so BinHV45 does not fire; ClucMay72018 does: 93 < EMA50 (≈ 100) and the typical
 *    price 91.17 pulls the 20-band's lower edge to ≈ 95.17, so 93 < 0.985 × 95.17 ≈ 93.74; volume normal.
 *  - row 100: the same drop as row 80 but with volume 100 000 (over 20 × the mean): nothing enters.
 */
function fixedSeries(): Candle[] {
  const out: Candle[] = [];
  const flat = (i: number) => (i % 2 === 0 ? 99 : 101);
  for (let i = 0; i < 120; i++) {
    let close = flat(i);
    let low = close - 0.5;
    let volume = 1000;
    if (i === 60) [close, low] = [95, 95];
    if (i === 80 || i === 100) [close, low] = [93, 87];
    if (i === 100) volume = 100_000;
    out.push(candle(i, i > 0 ? out[i - 1][4] : close, close + 0.5, low, close, volume));
  }
  return out;
}

describe('CombinedBinHAndCluc signals on a fixed series', () => {
  const frame = analyze(new CombinedBinHAndCluc(), fixedSeries(), meta);
  const rows = (name: string) => frame.columns[name].flatMap((v, i) => (v === 1 ? [i] : []));

  it('enters on the BinHV45 dip (row 60) and the ClucMay72018 dip (row 80), not on the high-volume dip (row 100)', () => {
    expect(rows('enter_long')).toEqual([60, 80]);
    // Which rule fired, from the columns: row 60 passes the BinHV45 tail test, row 80 fails it.
    const c = frame.columns;
    expect(c.tail[60]!).toBeLessThan(c.bbdelta[60]! * 0.25);
    expect(c.tail[80]!).toBeGreaterThan(c.bbdelta[80]! * 0.25);
    expect(frame.close[80]).toBeLessThan(0.985 * c.bb_lowerband[80]!);
    // The hand figures above (Python's statistics.stdev on the same 20 typical prices / 40 closes).
    expect(c.bb_lowerband[80]).toBeCloseTo(95.16075037715964, 9);
    expect(c.bbdelta[80]).toBeCloseTo(3.351233986275687, 9); // the window 41..80 still holds row 60's 95
    expect(frame.close[80]).toBeLessThan(c.ema_slow[80]!);
    expect(frame.close[100]).toBeLessThan(0.985 * c.bb_lowerband[100]!);
    expect(frame.volume[100]).toBeGreaterThan(c.volume_mean_slow[99]! * 20);
    expect(frame.tags.enter_tag.every((t) => t === null)).toBe(true);
  });

  it('exits wherever the close is above the 20-band middle on the typical price', () => {
    const mid = frame.columns.bb_middleband;
    const expected = frame.close.flatMap((c, i) => (mid[i] !== null && c > mid[i]! ? [i] : []));
    expect(rows('exit_long')).toEqual(expected);
    // In the flat part that is every 101 close (odd rows): row 1's middle is (99 + 101)/2 = 100.
    expect(rows('exit_long').filter((i) => i < 60)).toEqual(Array.from({ length: 30 }, (_, k) => 2 * k + 1));
    expect(rows('exit_short')).toEqual([]);
    expect(rows('enter_short')).toEqual([]);
  });

  it("keeps freqtrade's settings of the published strategy", () => {
    const s = new CombinedBinHAndCluc();
    expect(s).toMatchObject({
      timeframe: '5m',
      stoploss: -0.05,
      minimal_roi: { '0': 0.05 },
      use_exit_signal: true,
      exit_profit_only: true,
      ignore_roi_if_entry_signal: false,
      startup_candle_count: 0,
    });
  });
});
