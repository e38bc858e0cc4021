// Backtesting on Node runs in a worker thread: the main thread's event loop keeps turning during
// a run, the result equals an in-process run, and an abort stops it between candles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { writePairData } from '../../../src/hosts/node/backtest/data-dir.ts';
import { type BacktestJob, runBacktestJob } from '../../../src/hosts/node/backtest/job.ts';
import { runBacktestInWorker } from '../../../src/hosts/node/backtest/worker.ts';
import { walk } from './scripted.ts';

const root = mkdtempSync(join(tmpdir(), 'tickhub-btw-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const datadir = join(root, 'data');
writePairData(datadir, 'BTC/USDT', '5m', 'spot', walk(20_000, 5), 'json');
writePairData(datadir, 'ETH/USDT', '5m', 'spot', walk(20_000, 7), 'json');

function job(): BacktestJob {
  const config = configSchema.parse({
    user_data_dir: join(root, 'ud'),
    stake_amount: 100,
    max_open_trades: 2,
    exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT'] },
  });
  return { config, strategies: ['MaCrossStrategy'], overrides: { fee: 0.001 }, datadir, export: 'none' };
}

describe('backtest worker thread', () => {
  it('runs off the main thread: timers keep firing, progress arrives, the result matches an in-process run', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const steps = new Set<string>();
    const started = Date.now();
    const inWorker = await runBacktestInWorker(job(), { onProgress: (p) => steps.add(p.step) });
    const elapsed = Date.now() - started;
    clearInterval(timer);
    // At least one tick per 50 ms of run time: the main thread was never blocked for long.
    expect(ticks).toBeGreaterThan(elapsed / 50);
    expect([...steps]).toEqual(expect.arrayContaining(['startup', 'dataload', 'analyze', 'backtest']));
    const inProcess = await runBacktestJob(job());
    const strip = (r: typeof inProcess.result) =>
      JSON.stringify(r.strategy.MaCrossStrategy.trades) + JSON.stringify(r.strategy_comparison);
    expect(strip(inWorker.result)).toBe(strip(inProcess.result));
    expect(inWorker.stored).toBeNull();
  }, 120_000);

  it('an abort stops the run with freqtrade’s "Stop requested"', async () => {
    const controller = new AbortController();
    const run = runBacktestInWorker(job(), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 'backtest' && p.progress > 0.01) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ message: 'Stop requested', aborted: true });
  }, 120_000);
});
