// Candles of the offline market. The 1m candle is defined from the price path (open = p(t),
// close = p(t + 1m), high/low also over two intra-minute samples); every larger candle is the
// aggregation of its 1m candles, so all timeframes agree exactly.

import type { Candle } from '../port.ts';
import { timeframeToMs } from '../port.ts';
import { DAY, GRID, MINUTE, type PricePath } from './price-path.ts';

export const OFFLINE_TIMEFRAMES: readonly string[] = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '1w',
];

const WEEK = 7 * DAY;
/** The Unix epoch was a Thursday; weekly candles open on Monday, as on most exchanges. */
const WEEK_OFFSET = 4 * DAY;
/** Grid samples per minute: open, +20 s, +40 s (the close is the next minute's open). */
const SAMPLES_PER_MINUTE = MINUTE / GRID;

export function offlineTimeframeMs(timeframe: string): number | undefined {
  return OFFLINE_TIMEFRAMES.includes(timeframe) ? timeframeToMs(timeframe) : undefined;
}

/** Open time of the candle of length `tfMs` containing `t`. */
export function candleStart(t: number, tfMs: number): number {
  const offset = tfMs === WEEK ? WEEK_OFFSET : 0;
  return Math.floor((t - offset) / tfMs) * tfMs + offset;
}

/**
 * The candle opening at `start` (aligned) of length `tfMs`, aggregated from its 1m candles.
 * When `now` falls inside it, it is the still-forming candle: it ends at `now` and closes at p(now).
 */
export function buildCandle(path: PricePath, start: number, tfMs: number, now: number): Candle {
  const end = Math.min(start + tfMs, now);
  const fullMinutes = Math.max(0, Math.floor((end - start) / MINUTE));
  const count = fullMinutes * SAMPLES_PER_MINUTE + 1;
  const samples = path.gridPrices(start, count);
  const open = samples[0];
  let high = open;
  let low = open;
  for (let i = 1; i < count; i++) {
    const p = samples[i];
    if (p > high) high = p;
    if (p < low) low = p;
  }
  let close = samples[count - 1];
  let volume = 0;
  for (let m = 0; m < fullMinutes; m++) volume += path.minuteVolume(start + m * MINUTE);
  const partial = start + fullMinutes * MINUTE;
  if (partial < end) {
    // The minute in progress: samples already reached, then the current price.
    for (let t = partial + GRID; t < now; t += GRID) {
      const p = path.price(t);
      if (p > high) high = p;
      if (p < low) low = p;
    }
    close = path.price(now);
    if (close > high) high = close;
    if (close < low) low = close;
    volume += path.partialMinuteVolume(partial, now - partial);
  }
  return [start, open, high, low, close, volume];
}
