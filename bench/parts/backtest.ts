// Backtesting: 1 year of 5m candles × 10 pairs (about 1.05 M candles) with MaCrossStrategy, from a
// freqtrade data directory in feather (generated once, cached under bench/.cache), run by
// servers/backtest-runner.ts in a child process: wall time including data loading, and peak RSS.

import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Candle } from '../../src/exchange/port.ts';
import { pairDataFile, writePairData } from '../../src/hosts/node/backtest/data-dir.ts';
import type { BenchContext } from '../lib/context.ts';
import { CACHE_DIR } from '../seed.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PAIRS = ['BTC', 'ETH', 'SOL', 'XRP', 'ADA', 'DOGE', 'DOT', 'LTC', 'LINK', 'AVAX'].map((b) => `${b}/USDT`);
const CANDLES = 365 * 288;
const START = Date.UTC(2024, 0, 1);

export interface BacktestBenchResult {
  pairs: number;
  candles: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  trades: number;
  stepStartMs: Record<string, number>;
}

/** A seeded random walk per pair (0.4 % steps, wicks of up to 0.2 %). */
function walk(seed: number): Candle[] {
  let s = seed;
  let p = 100 + seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const out: Candle[] = new Array(CANDLES);
  for (let i = 0; i < CANDLES; i++) {
    const o = p;
    p *= 1 + (rnd() - 0.5) * 0.008;
    out[i] = [
      START + i * 300_000,
      o,
      Math.max(o, p) * (1 + rnd() * 0.002),
      Math.min(o, p) * (1 - rnd() * 0.002),
      p,
      1 + rnd() * 100,
    ];
  }
  return out;
}

export function backtestDatadir(): string {
  const dir = join(CACHE_DIR, 'backtest-data-v1', 'binance');
  PAIRS.forEach((pair, k) => {
    if (!existsSync(pairDataFile(dir, pair, '5m', 'spot', 'feather')))
      writePairData(dir, pair, '5m', 'spot', walk(k + 1), 'feather');
  });
  return dir;
}

export async function runBacktestBench(ctx: BenchContext): Promise<BacktestBenchResult> {
  const datadir = backtestDatadir();
  ctx.log(`backtest: ${PAIRS.length} pairs × ${CANDLES} 5m candles in ${datadir}`);
  const child = fork(join(HERE, '..', 'servers', 'backtest-runner.ts'), [datadir, ...PAIRS], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const raw = await new Promise<Omit<BacktestBenchResult, 'candles'>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Omit<BacktestBenchResult, 'candles'>));
    child.once('exit', (code) => reject(new Error(`backtest runner exited (${code}) without a result`)));
  });
  child.kill();
  return { ...raw, candles: PAIRS.length * CANDLES };
}
