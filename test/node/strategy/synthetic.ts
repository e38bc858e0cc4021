// Deterministic synthetic candles for strategy tests: a slow sine wave on a gentle trend,
// with a faster ripple so candles are not perfectly smooth.

import type { Candle } from '../../../src/exchange/port.ts';

export const FIVE_MINUTES = 5 * 60_000;
export const START = Date.UTC(2026, 0, 1);

export function syntheticCandles(count = 600, { period = 60, amplitude = 10, trend = 0.01 } = {}): Candle[] {
  const candles: Candle[] = [];
  let previousClose = 100;
  for (let i = 0; i < count; i++) {
    const close = 100 + amplitude * Math.sin((2 * Math.PI * i) / period) + trend * i + 0.4 * Math.sin(i * 1.7);
    const open = previousClose;
    const high = Math.max(open, close) + 0.3 + 0.2 * Math.abs(Math.sin(i * 0.9));
    const low = Math.min(open, close) - 0.3 - 0.2 * Math.abs(Math.cos(i * 1.3));
    const volume = 1000 + 500 * Math.abs(Math.sin(i * 0.37));
    candles.push([START + i * FIVE_MINUTES, open, high, low, close, volume]);
    previousClose = close;
  }
  return candles;
}
