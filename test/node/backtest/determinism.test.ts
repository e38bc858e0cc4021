// Same inputs, same result: two runs over the same candles give byte-identical result objects,
// and signals never come from a candle that has not closed yet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/run.ts';
import type { Candle } from '../../../src/exchange/port.ts';
import { MaCrossStrategy } from '../../../src/strategy/builtin/MaCrossStrategy.ts';
import { btConfig, M5, T0 } from './scripted.ts';

function walk(n: number, seed: number): Candle[] {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  let p = 100;
  const out: Candle[] = [];
  for (let i = 0; i < n; i++) {
    const o = p;
    p = p * (1 + (rnd() - 0.5) * 0.02);
    out.push([T0 + i * M5, o, Math.max(o, p) * (1 + rnd() * 0.005), Math.min(o, p) * (1 - rnd() * 0.005), p, 10]);
  }
  return out;
}

async function runOnce(candles: Candle[]) {
  const config = btConfig({ max_open_trades: 2, exchange: { pair_whitelist: ['ETH/USDT', 'BTC/USDT'] } });
  return runBacktest(config, {
    strategies: [new MaCrossStrategy()],
    loadCandles: (pair) =>
      pair === 'ETH/USDT'
        ? candles
        : candles.map((c) => [c[0], c[1] * 2, c[2] * 2, c[3] * 2, c[4] * 2, c[5]] as Candle),
    fee: 0.001,
    now: () => T0,
  });
}

describe('backtest determinism', () => {
  it('two runs over the same data give the same result, to the byte', async () => {
    const candles = walk(3000, 7);
    const a = JSON.stringify(await runOnce(candles));
    const b = JSON.stringify(await runOnce(candles));
    expect((JSON.parse(a).strategy.MaCrossStrategy.total_trades as number) > 10).toBe(true);
    expect(a).toBe(b);
  });

  it('no lookahead: changing candles after a time changes no trade opened before it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 300, max: 1400 }), async (seed, cut) => {
        const base = walk(1500, seed);
        const changed = base.map((c, i) =>
          i > cut ? ([c[0], c[1] * 1.3, c[2] * 1.3, c[3] * 1.3, c[4] * 1.3, c[5]] as Candle) : c,
        );
        const closedBeforeCut = (r: Awaited<ReturnType<typeof runOnce>>) =>
          (r.strategy.MaCrossStrategy.trades as { open_timestamp: number; close_timestamp: number }[])
            .filter((t) => t.close_timestamp < base[cut][0])
            .map((t) => JSON.stringify(t));
        expect(closedBeforeCut(await runOnce(changed))).toEqual(closedBeforeCut(await runOnce(base)));
      }),
      { numRuns: 15 },
    );
  });
});
