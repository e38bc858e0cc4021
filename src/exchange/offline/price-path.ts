// The price of one asset as a smooth, deterministic function of wall-clock time:
//   p(t) = basePrice × exp(Σ a_k · sin(2π t / P_k + φ_k))
// with periods, amplitudes and phases drawn from a seeded PRNG, and per-minute volumes from a
// stateless hash. Everything is Math-only, so Node and workerd agree bit for bit.

import { stepDecimals } from '../../domain/precision.ts';
import type { AssetSpec } from './pairs.ts';
import { hashString, hashUnit, mulberry32 } from './prng.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const TWO_PI = 2 * Math.PI;

/** Main components: periods spread log-uniformly from 20 minutes to 7 days. */
const MAIN_COMPONENTS = 10;
const MIN_PERIOD = 20 * MINUTE;
const MAX_PERIOD = 7 * DAY;
/** Log-amplitude of a one-day component for volatility 1 (≈ a few % per day). */
const DAILY_AMPLITUDE = 0.008;
/** Short wiggles (3–15 min) so minute candles are not perfectly smooth. */
const NOISE_COMPONENTS = 3;
const NOISE_AMPLITUDE = 0.0004;

/**
 * Prices on the 20 s grid (every candle's open/close and intra-minute samples) come from a sine
 * recurrence re-anchored with exact sin/cos every hour: several times faster than calling Math.sin
 * per sample, and still a pure function of t (the value at t is always reached the same way).
 */
export const GRID = 20_000;
const ANCHOR = 3_600_000;

/** Volumes are multiples of 1/1024: sums of them are exact in any order, so aggregations agree. */
const VOLUME_RESOLUTION = 1024;

const MINUTES_PER_DAY = 1440;
/** Busier during part of the UTC day, quieter in the rest: a factor per minute of the day. */
const SEASONAL = Float64Array.from(
  { length: MINUTES_PER_DAY },
  (_, i) => 1 + 0.4 * Math.sin((TWO_PI * i) / MINUTES_PER_DAY),
);

export class PricePath {
  readonly asset: AssetSpec;
  private readonly periods: number[] = [];
  /** 2π / period, precomputed for the hot loop. */
  private readonly angular: number[] = [];
  private readonly tickScale: number;
  private readonly tickUnits: number;
  private readonly amplitudes: number[] = [];
  private readonly phases: number[] = [];
  private readonly volumeKey: number;
  private readonly stepCos: number[] = [];
  private readonly stepSin: number[] = [];
  private sinState = new Float64Array(0);
  private cosState = new Float64Array(0);
  private buffer = new Float64Array(64);
  /** Grid time the (sin, cos) state currently describes; NaN when unset. */
  private stateAt = Number.NaN;

  constructor(asset: AssetSpec, seed: number) {
    this.asset = asset;
    const rand = mulberry32((seed ^ hashString(asset.base)) >>> 0);
    const ratio = MAX_PERIOD / MIN_PERIOD;
    for (let k = 0; k < MAIN_COMPONENTS; k++) {
      // Integer-millisecond periods keep `t % P` exact.
      const period = Math.round(MIN_PERIOD * ratio ** ((k + rand()) / MAIN_COMPONENTS));
      this.periods.push(period);
      this.amplitudes.push(DAILY_AMPLITUDE * asset.volatility * Math.sqrt(period / DAY) * (0.6 + 0.8 * rand()));
      this.phases.push(TWO_PI * rand());
    }
    for (let k = 0; k < NOISE_COMPONENTS; k++) {
      this.periods.push(Math.round((3 + 12 * rand()) * MINUTE));
      this.amplitudes.push(NOISE_AMPLITUDE * asset.volatility * (0.5 + rand()));
      this.phases.push(TWO_PI * rand());
    }
    for (const period of this.periods) {
      const w = TWO_PI / period;
      this.angular.push(w);
      this.stepCos.push(Math.cos(GRID * w));
      this.stepSin.push(Math.sin(GRID * w));
    }
    this.sinState = new Float64Array(this.periods.length);
    this.cosState = new Float64Array(this.periods.length);
    this.volumeKey = (seed ^ hashString(`volume:${asset.base}`)) >>> 0;
    // Same rounding as priceToPrecision, inlined: tick = tickUnits / tickScale exactly.
    this.tickScale = 10 ** stepDecimals(asset.priceTick);
    this.tickUnits = Math.round(asset.priceTick * this.tickScale);
  }

  /** Price at time `t` (ms, t ≥ 0), rounded to the price tick. */
  price(t: number): number {
    if (t % GRID === 0) return this.gridPrices(t, 1)[0];
    const { periods, angular, amplitudes, phases } = this;
    let x = 0;
    for (let k = 0; k < periods.length; k++) {
      x += amplitudes[k] * Math.sin((t % periods[k]) * angular[k] + phases[k]);
    }
    return this.toTick(x);
  }

  /**
   * Prices at start, start + 20 s, … (`count` values; `start` on the 20 s grid), in the first
   * `count` slots of an internal buffer that stays valid until the next call.
   */
  gridPrices(start: number, count: number): Float64Array {
    if (this.buffer.length < count) this.buffer = new Float64Array(Math.max(count, this.buffer.length * 2));
    const out = this.buffer;
    const { amplitudes, sinState, cosState, stepCos, stepSin } = this;
    const n = amplitudes.length;
    const scale = this.asset.basePrice * this.tickScale;
    const units = this.tickUnits;
    const tickScale = this.tickScale;
    let sinceAnchor = start % ANCHOR;
    const anchor = start - sinceAnchor;
    // Continue from the current state when it lies earlier in the same anchor hour (consecutive
    // candles); the rotation sequence from the anchor is the same either way.
    let from = this.stateAt;
    if (!(from <= start && from >= anchor)) {
      this.anchorAt(anchor);
      from = anchor;
    }
    for (let j = (start - from) / GRID; j > 0; j--) this.rotate();
    for (let i = 0; i < count; i++) {
      let x = 0;
      if (i > 0) {
        sinceAnchor += GRID;
        if (sinceAnchor === ANCHOR) {
          sinceAnchor = 0;
          this.anchorAt(start + i * GRID);
          for (let k = 0; k < n; k++) x += amplitudes[k] * sinState[k];
        } else {
          for (let k = 0; k < n; k++) {
            const s = sinState[k];
            const c = cosState[k];
            const sNext = s * stepCos[k] + c * stepSin[k];
            cosState[k] = c * stepCos[k] - s * stepSin[k];
            sinState[k] = sNext;
            x += amplitudes[k] * sNext;
          }
        }
      } else {
        for (let k = 0; k < n; k++) x += amplitudes[k] * sinState[k];
      }
      out[i] = (Math.round((scale * Math.exp(x)) / units) * units) / tickScale;
    }
    this.stateAt = start + (count - 1) * GRID;
    return out;
  }

  private anchorAt(anchor: number): void {
    const { periods, angular, phases, sinState, cosState } = this;
    for (let k = 0; k < periods.length; k++) {
      const theta = (anchor % periods[k]) * angular[k] + phases[k];
      sinState[k] = Math.sin(theta);
      cosState[k] = Math.cos(theta);
    }
  }

  /** Advances every component by one grid step: angle addition on (sin, cos). */
  private rotate(): void {
    const { stepCos, stepSin, sinState, cosState } = this;
    for (let k = 0; k < sinState.length; k++) {
      const s = sinState[k];
      const c = cosState[k];
      sinState[k] = s * stepCos[k] + c * stepSin[k];
      cosState[k] = c * stepCos[k] - s * stepSin[k];
    }
  }

  /** Same arithmetic as the grid loop in gridPrices. */
  private toTick(x: number): number {
    const scale = this.asset.basePrice * this.tickScale;
    return (Math.round((scale * Math.exp(x)) / this.tickUnits) * this.tickUnits) / this.tickScale;
  }

  /** Base-currency volume traded in the minute starting at `minuteStart` (ms, minute-aligned). */
  minuteVolume(minuteStart: number): number {
    const minute = minuteStart / MINUTE;
    const seasonal = SEASONAL[minute % MINUTES_PER_DAY];
    const noise = 0.3 + 1.4 * hashUnit(this.volumeKey, minute);
    const v = this.asset.volumePerMinute * seasonal * noise;
    return Math.round(v * VOLUME_RESOLUTION) / VOLUME_RESOLUTION;
  }

  /** Volume of the first `elapsed` ms of a minute (pro rata), still a multiple of 1/1024. */
  partialMinuteVolume(minuteStart: number, elapsed: number): number {
    const v = (this.minuteVolume(minuteStart) * elapsed) / MINUTE;
    return Math.round(v * VOLUME_RESOLUTION) / VOLUME_RESOLUTION;
  }
}

export { DAY, MINUTE };
